import CZeroMQ
import GRPCCore
package import Logging
import Synchronization
import YimenProtos
import YimenTransport
package import YimenZMQ

/// The gateway process's engine: two ROUTER sockets on one loop thread driving a ``Broker``,
/// and an in-process instance that serves the health and registry services.
///
/// Threading: the broker and both sockets live on the loop thread; ``withBroker(_:)`` runs a
/// read of the broker there for other threads.
package final class Gateway: Sendable {
  /// Settings of the gateway.
  package struct Configuration: Sendable {
    /// Where clients connect, e.g. `tcp://127.0.0.1:5555`.
    package var frontend: String
    /// Where service instances connect, e.g. `tcp://127.0.0.1:5556`.
    package var backend: String
    /// Calls that may wait for a free instance, per service.
    package var queueLimit: Int
    /// How long open calls may take to finish once shutdown begins.
    package var shutdownGrace: Duration

    package init(frontend: String, backend: String, queueLimit: Int = 1_000, shutdownGrace: Duration = .seconds(10)) {
      self.frontend = frontend
      self.backend = backend
      self.queueLimit = queueLimit
      self.shutdownGrace = shutdownGrace
    }
  }

  /// Loop-thread state. `@unchecked`: touched only on the loop thread.
  private final class LoopState: @unchecked Sendable {
    var broker: Broker
    var front: ZMQSocket?
    var back: ZMQSocket?
    /// Malformed frames and undeliverable messages already logged, and when, so that a flood
    /// of bad input makes one warning a second rather than one per frame.
    var reported: (malformed: UInt64, undeliverable: UInt64, at: ContinuousClock.Instant) = (0, 0, .now)
    init(broker: Broker) { self.broker = broker }
  }

  package let configuration: Configuration
  package let id: String
  private let logger: Logger
  private let context: ZMQContext
  private let loop: ZMQLoop
  private let loopState: LoopState
  /// Live instances per service; the health service reads and watches it.
  package let directory = ServiceDirectory()
  private let internalEndpoint: String
  private let shutdownRequested = Mutex<[CheckedContinuation<Void, Never>]?>([])
  private let bound = Mutex<(endpoints: Endpoints?, waiters: [CheckedContinuation<Endpoints, Never>])>((nil, []))

  /// The endpoints the gateway listens on, with real ports where `:*` was asked for.
  package struct Endpoints: Sendable, Hashable {
    package var frontend: String
    package var backend: String
  }

  package init(configuration: Configuration, logger: Logger) throws {
    self.configuration = configuration
    self.logger = logger
    self.id = "gateway-" + String(UInt32.random(in: .min ... .max), radix: 16)
    self.context = try ZMQContext()
    self.loop = try ZMQLoop(name: "yimen-gateway")
    self.loopState = LoopState(
      broker: Broker(configuration: .init(gatewayID: self.id, queueLimit: configuration.queueLimit))
    )
    self.internalEndpoint = "inproc://yimen-gateway-internal-\(self.id)"
  }

  /// Runs a read (or change) of the broker on the loop thread.
  package func withBroker<T: Sendable>(_ body: @escaping @Sendable (inout Broker) -> T) async throws -> T {
    try await self.loop.run { body(&self.loopState.broker) }
  }

  /// Binds the sockets and serves until ``requestShutdown()``; then drains and returns.
  package func run() async throws {
    self.loop.start()
    let endpoints = try await self.loop.run { try self.bind() }
    let transport = try ZMQServerTransport(
      configuration: .init(
        endpoint: self.internalEndpoint,
        instanceID: self.id,
        capacity: 10_000,
        version: "1",
        context: self.context
      )
    )
    let server = GRPCServer(
      transport: transport,
      services: [HealthService(directory: self.directory), RegistryService(gateway: self)]
    )
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      // Listening means answering: wait until the built-in services have registered.
      for await _ in self.directory.changes() where self.directory.instances(of: HealthService.name) ?? 0 > 0 {
        break
      }
      self.announce(endpoints)
      await self.waitForShutdownRequest()
      self.logger.info("gateway shutting down", metadata: ["gateway.grace": "\(self.configuration.shutdownGrace)"])
      try await self.drain()
      server.beginGracefulShutdown()
    }
    try await self.loop.run {
      self.loopState.broker.disconnectAll(now: .now)
      self.flush()
      // Let the last statuses and DISCONNECTs leave before the sockets close (at most a second).
      try? self.loopState.front?.setOption(ZMQ_LINGER, 1_000)
      try? self.loopState.back?.setOption(ZMQ_LINGER, 1_000)
    }
    self.loop.stop()
    await self.loop.waitUntilStopped()
    self.context.terminate()
    self.logger.info("gateway stopped")
  }

  /// Logs that the gateway listens and wakes ``listening()`` callers.
  private func announce(_ endpoints: Endpoints) {
    self.logger.info(
      "gateway listening",
      metadata: [
        "zmq.frontend": "\(endpoints.frontend)", "zmq.backend": "\(endpoints.backend)", "gateway.id": "\(self.id)",
      ]
    )
    let waiters = self.bound.withLock { bound in
      bound.endpoints = endpoints
      defer { bound.waiters.removeAll() }
      return bound.waiters
    }
    for waiter in waiters { waiter.resume(returning: endpoints) }
  }

  /// Waits until ``run()`` has bound its sockets and its built-in services answer; returns the endpoints.
  package func listening() async -> Endpoints {
    await withCheckedContinuation { continuation in
      let endpoints = self.bound.withLock { bound -> Endpoints? in
        if bound.endpoints == nil { bound.waiters.append(continuation) }
        return bound.endpoints
      }
      if let endpoints { continuation.resume(returning: endpoints) }
    }
  }

  /// Asks ``run()`` to stop accepting calls, drain and return. Callable from any thread.
  package func requestShutdown() {
    let waiters = self.shutdownRequested.withLock { waiters -> [CheckedContinuation<Void, Never>] in
      defer { waiters = nil }
      return waiters ?? []
    }
    for waiter in waiters { waiter.resume() }
  }

  private func waitForShutdownRequest() async {
    await withCheckedContinuation { continuation in
      let already = self.shutdownRequested.withLock { waiters -> Bool in
        guard waiters != nil else { return true }
        waiters!.append(continuation)
        return false
      }
      if already { continuation.resume() }
    }
  }

  /// Refuses new calls, ends health watches, and waits for open calls within the grace period.
  private func drain() async throws {
    try await self.loop.run { self.loopState.broker.beginShutdown() }
    self.directory.beginShutdown()  // watchers get NOT_SERVING, buffered before their streams end
    self.directory.close()
    let deadline = ContinuousClock.now + self.configuration.shutdownGrace
    while ContinuousClock.now < deadline {
      let open = try await self.loop.run { self.loopState.broker.openCalls }
      if open == 0 { return }
      try await Task.sleep(for: .milliseconds(20))
    }
    self.logger.warning("shutdown grace period over; open calls are cut off")
  }

  // MARK: Loop thread

  private func bind() throws -> Endpoints {
    let front = try ZMQSocket(context: self.context, type: .router)
    try front.setRouterMandatory(true)
    try front.setHighWaterMarks(send: 100_000, receive: 100_000)
    try front.bind(self.configuration.frontend)
    let back = try ZMQSocket(context: self.context, type: .router)
    try back.setRouterMandatory(true)
    try back.setHighWaterMarks(send: 100_000, receive: 100_000)
    try back.bind(self.configuration.backend)
    let endpoints = Endpoints(frontend: try front.lastEndpoint(), backend: try back.lastEndpoint())
    try back.bind(self.internalEndpoint)
    self.loopState.front = front
    self.loopState.back = back
    self.loop.register(front) { [unowned self] in self.readFront() }
    self.loop.register(back) { [unowned self] in self.readBack() }
    self.loop.addTimer(every: .milliseconds(10)) { [unowned self] in
      self.loopState.broker.tick(now: .now)
      self.flush()
      self.reportBadTraffic()
    }
    return endpoints
  }

  private func readFront() {
    guard let front = self.loopState.front else { return }
    for _ in 0..<512 {
      guard let message = try? front.receive() else { break }
      guard message.frames.count >= 1 else { continue }
      self.loopState.broker.clientMessage(identity: message.frames[0], frames: message.frames.dropFirst(), now: .now)
    }
    self.flush()
  }

  private func readBack() {
    guard let back = self.loopState.back else { return }
    for _ in 0..<512 {
      guard let message = try? back.receive(peerAddress: true) else { break }
      guard message.frames.count >= 1 else { continue }
      self.loopState.broker.workerMessage(
        identity: message.frames[0],
        frames: message.frames.dropFirst(),
        address: message.peerAddress,
        now: .now
      )
    }
    self.flush()
  }

  /// Sends what the broker produced; reports failed deliveries back to it.
  private func flush() {
    while true {
      let output = self.loopState.broker.takeOutput()
      if output.isEmpty { break }
      for item in output {
        switch item {
        case .client(let identity, let frames):
          if self.deliver(on: self.loopState.front, identity: identity, frames: frames) != .sent {
            self.loopState.broker.clientUndeliverable(identity: identity, frames: frames, now: .now)
          }
        case .worker(let identity, let frames):
          switch self.deliver(on: self.loopState.back, identity: identity, frames: frames) {
          case .sent:
            break
          case .full:
            self.loopState.broker.workerBusy(identity: identity, frames: frames, now: .now)
          case .gone:
            self.logger.warning("instance unreachable", metadata: ["zmq.identity": "\(identity)"])
            self.loopState.broker.workerUnreachable(identity, now: .now)
          }
        }
      }
    }
    if self.loopState.broker.directoryChanged {
      self.loopState.broker.directoryChanged = false
      self.directory.update(self.loopState.broker.liveInstances)
    }
  }

  /// Logs, at most once a second, how many malformed frames and undeliverable messages arrived.
  private func reportBadTraffic() {
    let counters = self.loopState.broker.counters
    let reported = self.loopState.reported
    guard counters.malformedFrames != reported.malformed || counters.undeliverable != reported.undeliverable,
      reported.at.duration(to: .now) >= .seconds(1)
    else { return }
    self.logger.warning(
      "bad traffic",
      metadata: [
        "gateway.malformed_frames": "\(counters.malformedFrames - reported.malformed)",
        "gateway.undeliverable": "\(counters.undeliverable - reported.undeliverable)",
      ]
    )
    self.loopState.reported = (counters.malformedFrames, counters.undeliverable, .now)
  }

  /// What became of a message handed to a ROUTER.
  private enum Delivery {
    case sent
    /// The peer is at its high-water mark (EAGAIN): alive, but not taking more now.
    case full
    /// No such peer (EHOSTUNREACH with ROUTER_MANDATORY), or the socket failed.
    case gone
  }

  private func deliver(on socket: ZMQSocket?, identity: [UInt8], frames: [[UInt8]]) -> Delivery {
    guard let socket else { return .gone }
    do {
      return try socket.send([identity] + frames) ? .sent : .full
    } catch {
      return .gone
    }
  }

}
