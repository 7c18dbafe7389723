import Foundation
package import GRPCCore
import Synchronization
import YimenProtos
package import YimenZMQ

/// A GRPCCore server transport that serves calls routed by the Yimen gateway: a "worker" in
/// Majordomo's terms.
///
/// The transport connects a DEALER socket to the gateway's back endpoint, announces the
/// services and methods the server registered (READY), heartbeats, and turns call parts into
/// RPC streams. When the gateway falls silent for three heartbeat intervals or says DISCONNECT,
/// it cancels the calls in flight and registers again on a new socket, so instances come back
/// by themselves after a gateway restart. Graceful shutdown tells the gateway DRAINING, lets
/// the open calls finish, then says DISCONNECT.
package final class ZMQServerTransport: ServerTransport {
  package typealias Bytes = [UInt8]

  /// Settings of a server transport.
  package struct Configuration: Sendable {
    /// The gateway's back endpoint, e.g. `tcp://127.0.0.1:5556`.
    package var endpoint: String
    /// A name unique to this process, shown by the registry.
    package var instanceID: String
    /// How many calls the gateway may hand this instance at once.
    package var capacity: Int
    /// How often to heartbeat; the gateway declares the instance dead after 3 silent intervals.
    package var heartbeatInterval: Duration
    /// The software version, for operators.
    package var version: String
    /// A context to share (needed for `inproc://` endpoints); a private one otherwise.
    package var context: ZMQContext?

    package init(
      endpoint: String,
      instanceID: String,
      capacity: Int = 64,
      heartbeatInterval: Duration = .seconds(1),
      version: String = "",
      context: ZMQContext? = nil
    ) {
      self.endpoint = endpoint
      self.instanceID = instanceID
      self.capacity = capacity
      self.heartbeatInterval = heartbeatInterval
      self.version = version
      self.context = context
    }
  }

  private typealias RequestContinuation = PartStream<RPCRequestPart<Bytes>>

  private struct OpenCall {
    var requests: RequestContinuation
    var handle: ServerContext.RPCCancellationHandle?
    var cancelled = false
  }

  private struct State {
    var methods: [MethodDescriptor] = []
    var calls: [UInt64: OpenCall] = [:]
    var lastHeard = ContinuousClock.now
    var draining = false
  }

  private typealias NewStream = (id: UInt64, stream: RPCStream<Inbound, Outbound>)

  private let configuration: Configuration
  private let connection: DealerConnection
  private let state = Mutex(State())
  private let newStreams: AsyncStream<NewStream>
  private let newStreamsContinuation: AsyncStream<NewStream>.Continuation

  package init(configuration: Configuration) throws {
    self.configuration = configuration
    self.connection = try DealerConnection(
      endpoint: configuration.endpoint,
      tag: Wire.workerTag,
      name: "yimen-worker",
      context: configuration.context
    )
    (self.newStreams, self.newStreamsContinuation) = AsyncStream.makeStream()
  }

  package func configure(context: GRPCServerContext) {
    self.state.withLock { $0.methods = context.methods }
  }

  /// The READY message announcing this instance.
  private var ready: Yimen_Wire_V1_Ready {
    let methods = self.state.withLock { $0.methods }
    var byService: [String: [String]] = [:]
    for method in methods {
      byService[method.service.fullyQualifiedService, default: []].append(method.method)
    }
    var ready = Yimen_Wire_V1_Ready()
    ready.services = byService.keys.sorted().map { name in
      var service = Yimen_Wire_V1_ServiceMethods()
      service.name = name
      service.methods = byService[name]!.sorted()
      return service
    }
    ready.capacity = UInt32(clamping: self.configuration.capacity)
    let (seconds, attoseconds) = self.configuration.heartbeatInterval.components
    ready.heartbeatIntervalMs = UInt32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    ready.instanceID = self.configuration.instanceID
    ready.version = self.configuration.version
    return ready
  }

  package func listen(
    streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
  ) async throws {
    try await self.connection.open(
      onMessage: { [weak self] frames in self?.received(frames) },
      onUndeliverable: { [weak self] id in self?.cancel(id) }
    )
    try await self.connection.loop.run {
      self.connection.sendOnLoop(Wire.ready(self.ready))
      self.connection.loop.addTimer(every: self.configuration.heartbeatInterval) { [weak self] in
        self?.heartbeat()
      }
    }
    let peer = self.configuration.endpoint
    await withDiscardingTaskGroup { group in
      for await (id, stream) in self.newStreams {
        group.addTask {
          await withServerContextRPCCancellationHandle { handle in
            let cancelled = self.state.withLock { state -> Bool in
              state.calls[id]?.handle = handle
              return state.calls[id]?.cancelled ?? true
            }
            if cancelled { handle.cancel() }
            let context = ServerContext(
              descriptor: stream.descriptor,
              remotePeer: peer,
              localPeer: self.configuration.instanceID,
              cancellation: handle
            )
            await streamHandler(stream, context)
          }
          self.finishCall(id)
        }
      }
    }
    self.connection.send(frames: Wire.command(tag: Wire.workerTag, .disconnect))
    await self.connection.close()
  }

  package func beginGracefulShutdown() {
    let first = self.state.withLock { state -> Bool in
      defer { state.draining = true }
      return !state.draining
    }
    guard first else { return }
    self.connection.send(frames: Wire.command(tag: Wire.workerTag, .draining))
    self.newStreamsContinuation.finish()
  }

  private func finishCall(_ id: UInt64) {
    self.state.withLock { state in
      state.calls.removeValue(forKey: id)?.requests.finish()
    }
  }

  // MARK: Loop thread

  private func received(_ frames: [[UInt8]]) {
    guard let envelope = try? Wire.decode(frames, tag: Wire.workerTag) else { return }
    self.state.withLock { $0.lastHeard = .now }
    switch envelope {
    case .call(let id, let parts):
      self.deliver(id: id, parts: parts)
    case .cancel(let id):
      self.cancel(id)
    case .disconnect:
      self.reregister()
    case .heartbeat, .ready, .draining:
      return
    }
  }

  private func deliver(id: UInt64, parts: ArraySlice<[UInt8]>) {
    var parts = parts[...]
    var continuation = self.state.withLock { $0.calls[id]?.requests }
    if continuation == nil {
      // A new call must start with its headers.
      guard let first = parts.first, first[0] == Wire.PartKind.headers.rawValue,
        let headers = try? Wire.requestHeaders(first),
        let descriptor = MethodDescriptor(wirePath: headers.method)
      else {
        self.connection.sendOnLoop(
          Wire.call(
            tag: Wire.workerTag,
            id: id,
            parts: [Wire.statusPart(code: 3, message: "A call must start with valid request headers.")]
          )
        )
        return
      }
      parts = parts.dropFirst()
      let requests = PartStream<RPCRequestPart<Bytes>>()
      var metadata = Metadata(wireEntries: headers.metadata)
      if headers.timeoutMicros > 0 { metadata.setTimeout(micros: headers.timeoutMicros) }
      requests.yield(.metadata(metadata))
      let accepted = self.state.withLock { state -> Bool in
        guard !state.draining else { return false }
        state.calls[id] = OpenCall(requests: requests)
        return true
      }
      guard accepted else {
        self.connection.sendOnLoop(
          Wire.call(
            tag: Wire.workerTag,
            id: id,
            parts: [Wire.statusPart(code: 14, message: "The instance is shutting down.")]
          )
        )
        return
      }
      let writer = ResponseWriter(connection: self.connection, callID: id)
      let stream = RPCStream(
        descriptor: descriptor,
        inbound: RPCAsyncSequence(wrapping: requests),
        outbound: RPCWriter.Closable(wrapping: writer)
      )
      if case .terminated = self.newStreamsContinuation.yield((id, stream)) {
        // Shutdown began between accepting and handing over: answer rather than strand the call.
        self.state.withLock { _ = $0.calls.removeValue(forKey: id) }
        self.connection.sendOnLoop(
          Wire.call(
            tag: Wire.workerTag,
            id: id,
            parts: [Wire.statusPart(code: 14, message: "The instance is shutting down.")]
          )
        )
        return
      }
      continuation = requests
    }
    guard let continuation else { return }
    for part in parts {
      switch Wire.PartKind(rawValue: part[0]) {
      case .message: continuation.yield(.message(Array(part.dropFirst())))
      case .end: continuation.finish()
      case .headers, .status, nil: continue
      }
    }
  }

  private func cancel(_ id: UInt64) {
    let handle = self.state.withLock { state -> ServerContext.RPCCancellationHandle? in
      guard var call = state.calls[id] else { return nil }
      call.cancelled = true
      call.requests.finish(throwing: RPCError(code: .cancelled, message: "The caller cancelled the call."))
      state.calls[id] = call
      return call.handle
    }
    handle?.cancel()
  }

  private func heartbeat() {
    let silent = self.state.withLock { $0.lastHeard.duration(to: .now) > self.configuration.heartbeatInterval * 3 }
    if silent {
      self.reregister()
    } else {
      self.connection.sendOnLoop(Wire.command(tag: Wire.workerTag, .heartbeat))
    }
  }

  /// Drops the calls in flight (the gateway that routed them is gone) and registers again.
  private func reregister() {
    let handles = self.state.withLock { state -> [ServerContext.RPCCancellationHandle] in
      state.lastHeard = .now
      var handles: [ServerContext.RPCCancellationHandle] = []
      for (id, var call) in state.calls where !call.cancelled {
        call.cancelled = true
        call.requests.finish(throwing: RPCError(code: .unavailable, message: "Lost the gateway."))
        state.calls[id] = call
        if let handle = call.handle { handles.append(handle) }
      }
      return handles
    }
    for handle in handles { handle.cancel() }
    do {
      try self.connection.reconnectOnLoop()
      let draining = self.state.withLock { $0.draining }
      if !draining { self.connection.sendOnLoop(Wire.ready(self.ready)) }
    } catch {
      // The endpoint was valid when first opened; a failure here leaves the next heartbeat to retry.
    }
  }
}

/// Writes response parts of one call to the connection's outbox.
private struct ResponseWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCResponsePart<[UInt8]>

  let connection: DealerConnection
  let callID: UInt64

  func write(_ element: Element) async throws {
    self.connection.send(callID: self.callID, part: Self.encode(element))
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      self.connection.send(callID: self.callID, part: Self.encode(element))
    }
  }

  func finish() async {}

  func finish(throwing error: any Error) async {
    let status =
      (error as? RPCError).map { Status(code: Status.Code($0.code), message: $0.message) }
      ?? Status(code: .unknown, message: "The call failed: \(error)")
    self.connection.send(callID: self.callID, part: Self.encode(.status(status, [:])))
  }

  private static func encode(_ element: Element) -> [UInt8] {
    switch element {
    case .metadata(let metadata):
      var headers = Yimen_Wire_V1_ResponseHeaders()
      headers.metadata = metadata.wireEntries
      return Wire.part(.headers, message: headers)
    case .message(let bytes):
      return Wire.part(.message, bytes)
    case .status(let status, let trailers):
      return Wire.statusPart(code: status.code.rawValue, message: status.message, trailers: trailers.wireEntries)
    }
  }
}
