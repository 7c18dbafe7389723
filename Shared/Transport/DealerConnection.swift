import CZeroMQ
import Synchronization
package import YimenZMQ

/// A DEALER socket connected to the gateway, owned by its own ``ZMQLoop``, with an outbox that
/// any thread can write to.
///
/// Batching: call parts written while the loop is busy are sent together, and consecutive parts
/// of one call go out as one ZeroMQ message. A unary call written as headers, message and end
/// in quick succession usually costs one message and one loop wake-up.
///
/// Threading: ``send(callID:part:)`` and ``send(frames:)`` may be called from any thread; every
/// other method runs on the loop thread.
package final class DealerConnection: Sendable {
  private enum Outgoing {
    case part(UInt64, [UInt8])
    case frames([[UInt8]])
  }

  /// Loop-thread state. `@unchecked`: touched only on the loop thread.
  private final class LoopState: @unchecked Sendable {
    var socket: ZMQSocket?
    var onMessage: (([[UInt8]]) -> Void)?
    var onUndeliverable: ((UInt64) -> Void)?
  }

  package let loop: ZMQLoop
  package let endpoint: String
  private let tag: [UInt8]
  private let context: ZMQContext
  private let ownsContext: Bool
  private let outbox = Mutex<[Outgoing]>([])
  private let loopState = LoopState()
  private let highWaterMark: Int32

  /// Creates the connection and starts its loop thread; nothing connects until ``open(onMessage:)``.
  ///
  /// - Parameters:
  ///   - context: a shared context (required for `inproc://` endpoints); a private one otherwise.
  package init(endpoint: String, tag: [UInt8], name: String, context: ZMQContext? = nil, highWaterMark: Int32 = 100_000)
    throws(ZMQError)
  {
    self.endpoint = endpoint
    self.tag = tag
    if let context {
      self.context = context
      self.ownsContext = false
    } else {
      self.context = try ZMQContext()
      self.ownsContext = true
    }
    self.highWaterMark = highWaterMark
    self.loop = try ZMQLoop(name: name)
    self.loop.start()
  }

  /// Opens the socket on the loop thread; `onMessage` then runs on the loop thread for each message.
  ///
  /// - Parameter onUndeliverable: runs on the loop thread with the call id of parts that could
  ///   not be queued (the socket is at its high-water mark), so that the call can fail instead
  ///   of waiting for an answer that cannot come.
  package func open(
    onMessage: @escaping @Sendable ([[UInt8]]) -> Void,
    onUndeliverable: @escaping @Sendable (UInt64) -> Void
  ) async throws {
    try await self.loop.run {
      self.loopState.onMessage = onMessage
      self.loopState.onUndeliverable = onUndeliverable
      try self.reconnectOnLoop()
    }
  }

  /// Replaces the socket with a new one (MDP's way back after DISCONNECT or a silent gateway).
  /// Messages queued on the old socket are dropped. Loop thread only.
  package func reconnectOnLoop() throws(ZMQError) {
    if let old = self.loopState.socket {
      self.loop.unregisterAndClose(old)
      self.loopState.socket = nil
    }
    let socket = try ZMQSocket(context: self.context, type: .dealer)
    try socket.setHighWaterMarks(send: self.highWaterMark, receive: self.highWaterMark)
    try socket.setOption(ZMQ_RECONNECT_IVL, 100)
    try socket.setOption(ZMQ_RECONNECT_IVL_MAX, 1000)
    try socket.connect(self.endpoint)
    self.loopState.socket = socket
    self.loop.register(socket) { [weak self] in self?.drainInbound() }
  }

  private func drainInbound() {
    guard let socket = self.loopState.socket, let onMessage = self.loopState.onMessage else { return }
    // Read a bounded batch so that timers and the outbox get their turn under load.
    for _ in 0..<256 {
      guard let message = try? socket.receive() else { return }
      onMessage(message.frames)
      if socket !== self.loopState.socket { return }
    }
  }

  /// Queues one call part; sent in order with everything queued before it. Any thread.
  package func send(callID: UInt64, part: [UInt8]) {
    self.enqueue(.part(callID, part))
  }

  /// Queues a whole message. Any thread.
  package func send(frames: [[UInt8]]) {
    self.enqueue(.frames(frames))
  }

  /// Sends a message now. Loop thread only.
  package func sendOnLoop(_ frames: [[UInt8]]) {
    _ = try? self.loopState.socket?.send(frames)
  }

  private func enqueue(_ item: Outgoing) {
    let first = self.outbox.withLock { outbox -> Bool in
      outbox.append(item)
      return outbox.count == 1
    }
    if first {
      self.loop.execute { self.flush() }
    }
  }

  private func flush() {
    let items = self.outbox.withLock { outbox -> [Outgoing] in
      let items = outbox
      outbox.removeAll(keepingCapacity: true)
      return items
    }
    guard let socket = self.loopState.socket else { return }
    var index = 0
    while index < items.count {
      switch items[index] {
      case .frames(let frames):
        _ = try? socket.send(frames)
        index += 1
      case .part(let id, let first):
        var parts = [first]
        index += 1
        while index < items.count, case .part(let nextID, let part) = items[index], nextID == id {
          parts.append(part)
          index += 1
        }
        let sent = (try? socket.send(Wire.call(tag: self.tag, id: id, parts: parts))) ?? false
        if !sent { self.loopState.onUndeliverable?(id) }
      }
    }
  }

  /// Stops the loop, closing the socket, and terminates a private context.
  package func close() async {
    self.loop.execute {
      self.flush()
      // A graceful close: give the last messages (a final status, DISCONNECT) up to a second to leave.
      try? self.loopState.socket?.setOption(ZMQ_LINGER, 1_000)
    }
    self.loop.stop()
    await self.loop.waitUntilStopped()
    if self.ownsContext { self.context.terminate() }
  }
}
