public import CZeroMQ

#if canImport(Glibc)
  import Glibc
#endif

/// The kinds of ZeroMQ socket Yimen uses.
package enum ZMQSocketType: Sendable {
  case router, dealer, pair, req, rep

  var rawValue: Int32 {
    switch self {
    case .router: ZMQ_ROUTER
    case .dealer: ZMQ_DEALER
    case .pair: ZMQ_PAIR
    case .req: ZMQ_REQ
    case .rep: ZMQ_REP
    }
  }
}

/// A multipart message as received: its frames and, for the first frame, the peer's address.
package struct ZMQMessage: Sendable {
  package var frames: [[UInt8]]
  /// The "Peer-Address" property of the connection it came in on (TCP peers only), if any.
  package var peerAddress: String?

  package init(frames: [[UInt8]], peerAddress: String? = nil) {
    self.frames = frames
    self.peerAddress = peerAddress
  }
}

/// A libzmq socket.
///
/// Thread confinement: libzmq sockets are not thread-safe. A socket is created, used and closed
/// on one thread — in Yimen, the thread of the ``ZMQLoop`` that owns it. The type is
/// `@unchecked Sendable` only so that it can be captured by closures that the loop runs on that
/// thread; nothing else may touch it.
package final class ZMQSocket: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer
  private var closed = false

  /// Creates a socket with LINGER 0, so that closing it and terminating its context never block.
  package init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
    guard let handle = zmq_socket(context.handle, type.rawValue) else {
      throw ZMQError.last("zmq_socket")
    }
    self.handle = handle
    try self.setOption(ZMQ_LINGER, 0)
  }

  deinit {
    self.close()
  }

  /// Closes the socket; pending outbound messages are dropped (LINGER 0). Safe to call twice.
  package func close() {
    guard !self.closed else { return }
    self.closed = true
    zmq_close(self.handle)
  }

  // MARK: Options

  /// Sets an integer socket option.
  package func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
    var value = value
    if zmq_setsockopt(self.handle, option, &value, MemoryLayout<Int32>.size) != 0 {
      throw ZMQError.last("zmq_setsockopt(\(option))")
    }
  }

  /// Sets a binary socket option (identities, CURVE keys).
  package func setOption(_ option: Int32, bytes: [UInt8]) throws(ZMQError) {
    let rc = bytes.withUnsafeBytes { zmq_setsockopt(self.handle, option, $0.baseAddress, $0.count) }
    if rc != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
  }

  /// Reads an integer socket option.
  package func option(_ option: Int32) throws(ZMQError) -> Int32 {
    var value: Int32 = 0
    var size = MemoryLayout<Int32>.size
    if zmq_getsockopt(self.handle, option, &value, &size) != 0 {
      throw ZMQError.last("zmq_getsockopt(\(option))")
    }
    return value
  }

  /// Sends-side and receive-side high-water marks, in messages (libzmq's default is 1000).
  package func setHighWaterMarks(send: Int32, receive: Int32) throws(ZMQError) {
    try self.setOption(ZMQ_SNDHWM, send)
    try self.setOption(ZMQ_RCVHWM, receive)
  }

  /// On a ROUTER: fail sends to unknown or blocked peers (EHOSTUNREACH/EAGAIN) instead of dropping them.
  package func setRouterMandatory(_ on: Bool) throws(ZMQError) {
    try self.setOption(ZMQ_ROUTER_MANDATORY, on ? 1 : 0)
  }

  /// The identity this socket presents to a ROUTER peer.
  package func setRoutingID(_ id: [UInt8]) throws(ZMQError) {
    try self.setOption(ZMQ_ROUTING_ID, bytes: id)
  }

  /// ZMTP heartbeats: PING every `interval` ms; the connection drops after `timeout` ms without traffic.
  package func setTransportHeartbeat(intervalMS: Int32, timeoutMS: Int32) throws(ZMQError) {
    try self.setOption(ZMQ_HEARTBEAT_IVL, intervalMS)
    try self.setOption(ZMQ_HEARTBEAT_TIMEOUT, timeoutMS)
    try self.setOption(ZMQ_HEARTBEAT_TTL, timeoutMS)
  }

  /// Makes this socket a CURVE server with the given 32-byte secret key.
  package func setCurveServer(secretKey: [UInt8]) throws(ZMQError) {
    try self.setOption(ZMQ_CURVE_SERVER, 1)
    try self.setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey)
  }

  /// Makes this socket a CURVE client of a server with the given public key.
  package func setCurveClient(serverKey: [UInt8], publicKey: [UInt8], secretKey: [UInt8]) throws(ZMQError) {
    try self.setOption(ZMQ_CURVE_SERVERKEY, bytes: serverKey)
    try self.setOption(ZMQ_CURVE_PUBLICKEY, bytes: publicKey)
    try self.setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey)
  }

  /// The endpoint the socket last bound to, with the real port when bound to `:*`.
  package func lastEndpoint() throws(ZMQError) -> String {
    var buffer = [CChar](repeating: 0, count: 1024)
    var size = buffer.count
    if zmq_getsockopt(self.handle, ZMQ_LAST_ENDPOINT, &buffer, &size) != 0 {
      throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
    }
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The native poll events of the socket (`ZMQ_POLLIN`, `ZMQ_POLLOUT`).
  package func events() throws(ZMQError) -> Int32 {
    try self.option(ZMQ_EVENTS)
  }

  // MARK: Connections

  /// Binds to an endpoint such as `tcp://127.0.0.1:5555` or `inproc://name`.
  package func bind(_ endpoint: String) throws(ZMQError) {
    if zmq_bind(self.handle, endpoint) != 0 { throw ZMQError.last("zmq_bind(\(endpoint))") }
  }

  /// Connects to an endpoint; libzmq reconnects by itself when the peer goes away.
  package func connect(_ endpoint: String) throws(ZMQError) {
    if zmq_connect(self.handle, endpoint) != 0 { throw ZMQError.last("zmq_connect(\(endpoint))") }
  }

  /// Stops listening on an endpoint bound before.
  package func unbind(_ endpoint: String) throws(ZMQError) {
    if zmq_unbind(self.handle, endpoint) != 0 { throw ZMQError.last("zmq_unbind(\(endpoint))") }
  }

  // MARK: Messages

  /// Blocks until a message can be read or the timeout passes; true when one can be read.
  /// For simple synchronous clients (examples, tests); loop-driven code uses ``ZMQLoop``.
  package func waitReadable(timeout: Duration) throws(ZMQError) -> Bool {
    let (seconds, attoseconds) = timeout.components
    let milliseconds = Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    var item = zmq_pollitem_t(socket: self.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
    let count = zmq_poll(&item, 1, milliseconds)
    if count < 0 { throw ZMQError.last("zmq_poll") }
    return count > 0
  }

  /// Sends a multipart message without blocking.
  ///
  /// - Returns: false when the message could not be queued because the peer is at its high-water
  ///   mark (EAGAIN); nothing of it was sent then.
  /// - Throws: ``ZMQError`` for anything else, e.g. EHOSTUNREACH on a ROUTER with ROUTER_MANDATORY.
  @discardableResult
  package func send(_ frames: [[UInt8]]) throws(ZMQError) -> Bool {
    precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
    let last = frames.count - 1
    for (index, frame) in frames.enumerated() {
      let flags = ZMQ_DONTWAIT | (index == last ? 0 : ZMQ_SNDMORE)
      var rc: Int32
      repeat {
        rc = frame.withUnsafeBytes { zmq_send(self.handle, $0.baseAddress, $0.count, flags) }
      } while rc < 0 && zmq_errno() == EINTR
      if rc < 0 {
        let error = ZMQError.last("zmq_send")
        // libzmq sends multipart messages atomically: a failure on the first frame means nothing
        // left; later frames cannot fail with EAGAIN once the first was accepted.
        if index == 0 && error.wouldBlock { return false }
        throw error
      }
    }
    return true
  }

  /// Receives one multipart message without blocking; nil when none is waiting.
  ///
  /// - Parameter peerAddress: also read the connection's "Peer-Address" property.
  package func receive(peerAddress wantAddress: Bool = false) throws(ZMQError) -> ZMQMessage? {
    var frames: [[UInt8]] = []
    var address: String? = nil
    var message = zmq_msg_t()
    zmq_msg_init(&message)
    defer { zmq_msg_close(&message) }
    while true {
      var rc: Int32
      repeat {
        rc = zmq_msg_recv(&message, self.handle, frames.isEmpty ? ZMQ_DONTWAIT : 0)
      } while rc < 0 && zmq_errno() == EINTR
      if rc < 0 {
        let error = ZMQError.last("zmq_msg_recv")
        if frames.isEmpty && error.wouldBlock { return nil }
        throw error
      }
      let size = zmq_msg_size(&message)
      if size == 0 {
        frames.append([])
      } else {
        let data = zmq_msg_data(&message)!
        frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
      }
      if wantAddress && address == nil, let value = zmq_msg_gets(&message, "Peer-Address") {
        address = String(cString: value)
      }
      if zmq_msg_more(&message) == 0 { break }
    }
    return ZMQMessage(frames: frames, peerAddress: address)
  }
}
