package import GRPCCore
import SwiftProtobuf
import Synchronization
import YimenProtos
package import YimenZMQ

/// A GRPCCore client transport that sends calls to the Yimen gateway over a ZeroMQ DEALER socket.
///
/// All calls of one transport share one socket and one loop thread; calls are told apart by a
/// call id. Deadlines travel as the remaining time, so the gateway and the service enforce the
/// same one. While calls are open the transport heartbeats the gateway; when the gateway falls
/// silent for three intervals, or answers with another instance id (it restarted), the open
/// calls fail with UNAVAILABLE, which GRPCCore's retry policy may retry.
package final class ZMQClientTransport: ClientTransport {
  package typealias Bytes = [UInt8]

  /// Settings of a client transport.
  package struct Configuration: Sendable {
    /// The gateway's front endpoint, e.g. `tcp://127.0.0.1:5555`.
    package var endpoint: String
    /// Method configuration, including retry policies and throttling.
    package var serviceConfig: ServiceConfig
    /// How often to heartbeat the gateway while calls are open.
    package var heartbeatInterval: Duration
    /// A context to share (needed for `inproc://` endpoints); a private one otherwise.
    package var context: ZMQContext?

    package init(
      endpoint: String,
      serviceConfig: ServiceConfig = ServiceConfig(),
      heartbeatInterval: Duration = .seconds(1),
      context: ZMQContext? = nil
    ) {
      self.endpoint = endpoint
      self.serviceConfig = serviceConfig
      self.heartbeatInterval = heartbeatInterval
      self.context = context
    }
  }

  private struct State {
    var nextID: UInt64 = 1
    var open: [UInt64: PartStream<RPCResponsePart<Bytes>>] = [:]
    var closing = false
    var closed = false
    var waitingForClose: [CheckedContinuation<Void, Never>] = []
    var lastHeard = ContinuousClock.now
    var gatewayID: [UInt8]?
  }

  package let retryThrottle: RetryThrottle?
  private let configuration: Configuration
  private let connection: DealerConnection
  private let state = Mutex(State())
  private let opened = Mutex<Task<Void, any Error>?>(nil)

  /// Creates the transport; its socket connects on the first call or on ``connect()``.
  package init(configuration: Configuration) throws {
    self.configuration = configuration
    self.retryThrottle = configuration.serviceConfig.retryThrottling.map { RetryThrottle(policy: $0) }
    self.connection = try DealerConnection(
      endpoint: configuration.endpoint,
      tag: Wire.clientTag,
      name: "yimen-client",
      context: configuration.context
    )
  }

  /// Opens the socket once; every caller awaits the same opening.
  private func ensureOpen() async throws {
    let task = self.opened.withLock { task -> Task<Void, any Error> in
      if let task { return task }
      let new = Task {
        try await self.connection.open(
          onMessage: { [weak self] frames in self?.received(frames) },
          onUndeliverable: { [weak self] id in self?.undeliverable(id) }
        )
        try await self.connection.loop.run {
          self.connection.loop.addTimer(every: self.configuration.heartbeatInterval) { [weak self] in
            self?.heartbeat()
          }
        }
      }
      task = new
      return new
    }
    try await task.value
  }

  /// Opens the socket and returns when the transport has shut down and its last call ended.
  package func connect() async throws {
    try await self.ensureOpen()
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let done = self.state.withLock { state -> Bool in
          if state.closed { return true }
          state.waitingForClose.append(continuation)
          return false
        }
        if done { continuation.resume() }
      }
    } onCancel: {
      self.closeNow()
    }
    await self.connection.close()
  }

  /// Closes at once (the task running ``connect()`` was cancelled): open calls fail with CANCELLED.
  private func closeNow() {
    let (calls, waiters) = self.state.withLock { state in
      state.closing = true
      state.closed = true
      defer {
        state.open.removeAll()
        state.waitingForClose.removeAll()
      }
      return (Array(state.open.values), state.waitingForClose)
    }
    for call in calls { call.finish(throwing: RPCError(code: .cancelled, message: "The client transport was closed.")) }
    for waiter in waiters { waiter.resume() }
  }

  /// Refuses new calls; the transport closes when the open ones end.
  package func beginGracefulShutdown() {
    let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.closing = true
      guard state.open.isEmpty, !state.closed else { return [] }
      state.closed = true
      defer { state.waitingForClose.removeAll() }
      return state.waitingForClose
    }
    for waiter in waiters { waiter.resume() }
  }

  package func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? {
    let configs = self.configuration.serviceConfig.methodConfig
    func matching(service: String, method: String) -> MethodConfig? {
      configs.first { config in config.names.contains { $0.service == service && $0.method == method } }
    }
    return matching(service: descriptor.service.fullyQualifiedService, method: descriptor.method)
      ?? matching(service: descriptor.service.fullyQualifiedService, method: "")
      ?? matching(service: "", method: "")
  }

  package func withStream<T: Sendable>(
    descriptor: MethodDescriptor,
    options: CallOptions,
    _ closure: (RPCStream<Inbound, Outbound>, ClientContext) async throws -> T
  ) async throws -> T {
    try await self.ensureOpen()
    let response = PartStream<RPCResponsePart<Bytes>>()
    let id: UInt64 = try self.state.withLock { state in
      guard !state.closing else {
        throw RPCError(code: .unavailable, message: "The client transport is shutting down.")
      }
      let id = state.nextID
      state.nextID &+= 1
      if state.open.isEmpty {
        // After an idle spell the gateway may have restarted: the next heartbeat answer names the
        // gateway that receives this call, not a restart that happened while nothing was open.
        state.lastHeard = .now
        state.gatewayID = nil
      }
      state.open[id] = response
      return id
    }
    let writer = RequestWriter(connection: self.connection, callID: id, path: descriptor.wirePath) {
      [weak self] error in
      self?.abort(id, because: error)
    }
    let stream = RPCStream(
      descriptor: descriptor,
      inbound: RPCAsyncSequence(wrapping: response),
      outbound: RPCWriter.Closable(wrapping: writer)
    )
    let context = ClientContext(descriptor: descriptor, remotePeer: self.configuration.endpoint, localPeer: "zmq")
    defer { self.endCall(id) }
    return try await closure(stream, context)
  }

  /// Forgets a call; if it had not ended, tells the gateway to cancel it.
  private func endCall(_ id: UInt64) {
    let (wasOpen, waiters) = self.state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
      let continuation = state.open.removeValue(forKey: id)
      continuation?.finish(throwing: RPCError(code: .cancelled, message: "The call was cancelled."))
      var waiters: [CheckedContinuation<Void, Never>] = []
      if state.closing, state.open.isEmpty, !state.closed {
        state.closed = true
        waiters = state.waitingForClose
        state.waitingForClose.removeAll()
      }
      return (continuation != nil, waiters)
    }
    if wasOpen {
      self.connection.send(frames: Wire.cancel(tag: Wire.clientTag, id: id))
    }
    for waiter in waiters { waiter.resume() }
  }

  // MARK: Loop thread

  private func received(_ frames: [[UInt8]]) {
    let envelope: Wire.Envelope
    do {
      envelope = try Wire.decode(frames, tag: Wire.clientTag)
    } catch {
      // A broken answer to an open call fails it now; anything else cannot be answered.
      if let id = error.callID, let continuation = self.state.withLock({ $0.open.removeValue(forKey: id) }) {
        self.connection.sendOnLoop(Wire.cancel(tag: Wire.clientTag, id: id))
        continuation.yield(
          .status(Status(code: .internalError, message: "Malformed answer from the gateway: \(error.reason)."), [:])
        )
        continuation.finish()
      }
      return
    }
    self.state.withLock { $0.lastHeard = .now }
    switch envelope {
    case .call(let id, let parts):
      self.deliver(id: id, parts: parts)
    case .heartbeat(let payload):
      guard let payload else { return }
      let lost = self.state.withLock { state -> [PartStream<RPCResponsePart<Bytes>>] in
        defer { state.gatewayID = payload }
        guard let known = state.gatewayID, known != payload else { return [] }
        // The gateway restarted: it knows nothing of the calls open before.
        defer { state.open.removeAll() }
        return Array(state.open.values)
      }
      Self.fail(lost, message: "The gateway restarted while the call was open.")
    case .cancel, .ready, .disconnect, .draining:
      return
    }
  }

  private func deliver(id: UInt64, parts: ArraySlice<[UInt8]>) {
    guard let continuation = self.state.withLock({ $0.open[id] }) else { return }
    for part in parts {
      let body = part.dropFirst()
      switch Wire.PartKind(rawValue: part[0]) {
      case .headers:
        let headers = (try? Yimen_Wire_V1_ResponseHeaders(serializedBytes: Array(body))) ?? .init()
        continuation.yield(.metadata(Metadata(wireEntries: headers.metadata)))
      case .message:
        continuation.yield(.message(Array(body)))
      case .status:
        let wire =
          (try? Yimen_Wire_V1_Status(serializedBytes: Array(body)))
          ?? {
            var status = Yimen_Wire_V1_Status(); status.code = 13;
            status.message = "Undecodable status from the gateway."; return status
          }()
        continuation.yield(.status(Status(wire: wire), Metadata(wireEntries: wire.trailers)))
        continuation.finish()
        self.state.withLock { _ = $0.open.removeValue(forKey: id) }
        return
      case .end, nil:
        continue
      }
    }
  }

  /// Parts of a call could not be sent: the call fails rather than wait for an answer, and the
  /// gateway is told to drop what did arrive.
  private func undeliverable(_ id: UInt64) {
    guard let continuation = self.state.withLock({ $0.open.removeValue(forKey: id) }) else { return }
    self.connection.sendOnLoop(Wire.cancel(tag: Wire.clientTag, id: id))
    Self.fail([continuation], message: "The call could not be sent: too many messages are waiting for the gateway.")
  }

  /// The request stream failed on this side (its producer threw): cancel the call at the gateway
  /// and end the response stream with the error, so that nobody waits for an answer.
  private func abort(_ id: UInt64, because error: any Error) {
    guard let continuation = self.state.withLock({ $0.open.removeValue(forKey: id) }) else { return }
    self.connection.send(frames: Wire.cancel(tag: Wire.clientTag, id: id))
    let status =
      (error as? RPCError).map { Status(code: Status.Code($0.code), message: $0.message) }
      ?? Status(code: .cancelled, message: "The request stream failed: \(error)")
    continuation.yield(.status(status, [:]))
    continuation.finish()
  }

  private func heartbeat() {
    let interval = self.configuration.heartbeatInterval
    let (send, lost) = self.state.withLock {
      state -> (Bool, [PartStream<RPCResponsePart<Bytes>>]) in
      guard !state.open.isEmpty else { return (false, []) }
      if state.lastHeard.duration(to: .now) > interval * 3 {
        defer { state.open.removeAll() }
        return (false, Array(state.open.values))
      }
      return (true, [])
    }
    if send { self.connection.sendOnLoop(Wire.command(tag: Wire.clientTag, .heartbeat)) }
    if !lost.isEmpty {
      // What waits in the old socket's queue belongs to calls that are now failed: a new socket
      // drops it, so a gateway that comes back does not run calls nobody waits for.
      try? self.connection.reconnectOnLoop()
    }
    Self.fail(lost, message: "The gateway at \(self.configuration.endpoint) did not answer for 3 heartbeat intervals.")
  }

  private static func fail(
    _ calls: [PartStream<RPCResponsePart<Bytes>>],
    message: String
  ) {
    for continuation in calls {
      continuation.yield(.status(Status(code: .unavailable, message: message), [:]))
      continuation.finish()
    }
  }
}

/// Writes request parts of one call to the connection's outbox.
private struct RequestWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCRequestPart<[UInt8]>

  let connection: DealerConnection
  let callID: UInt64
  let path: String
  let onAbort: @Sendable (any Error) -> Void

  func write(_ element: Element) async throws {
    self.connection.send(callID: self.callID, part: self.encode(element))
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      self.connection.send(callID: self.callID, part: self.encode(element))
    }
  }

  func finish() async {
    self.connection.send(callID: self.callID, part: Wire.part(.end))
  }

  func finish(throwing error: any Error) async {
    self.onAbort(error)
  }

  private func encode(_ element: Element) -> [UInt8] {
    switch element {
    case .metadata(let metadata):
      var headers = Yimen_Wire_V1_RequestHeaders()
      headers.method = self.path
      headers.timeoutMicros = metadata.timeoutMicros ?? 0
      headers.metadata = metadata.wireEntries
      return Wire.part(.headers, message: headers)
    case .message(let bytes):
      return Wire.part(.message, bytes)
    }
  }
}
