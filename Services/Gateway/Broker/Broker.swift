import DequeModule
import GRPCCore
import SwiftProtobuf
package import YimenProtos
package import YimenTransport

/// The gateway's routing core: a single-threaded state machine that takes decoded input from the
/// front (clients) and back (instances) sockets and the clock, and produces messages to send.
///
/// It holds no sockets, so tests drive it directly. The ``Gateway`` runs it on its loop thread.
/// What it guarantees: every call it accepts ends with exactly one status to its client —
/// the instance's, or one of its own (UNAVAILABLE, UNIMPLEMENTED, DEADLINE_EXCEEDED,
/// RESOURCE_EXHAUSTED, INVALID_ARGUMENT) — unless the client cancels it first.
package struct Broker {
  /// Settings of the broker.
  package struct Configuration: Sendable {
    /// This gateway process's id, sent in heartbeat replies so clients notice a restart.
    package var gatewayID: String
    /// Calls that may wait for a free instance, per service.
    package var queueLimit: Int
    /// A client that heartbeats and then falls silent this long is gone: its calls are cancelled.
    package var clientSilenceLimit: Duration

    package init(gatewayID: String, queueLimit: Int = 1_000, clientSilenceLimit: Duration = .seconds(10)) {
      self.gatewayID = gatewayID
      self.queueLimit = queueLimit
      self.clientSilenceLimit = clientSilenceLimit
    }
  }

  /// A message to send, to a client or an instance, by ROUTER identity.
  package enum Output: Equatable, Sendable {
    case client(identity: [UInt8], frames: [[UInt8]])
    case worker(identity: [UInt8], frames: [[UInt8]])
  }

  struct ClientKey: Hashable {
    var identity: [UInt8]
    var callID: UInt64
  }

  struct Call {
    var ref: UInt64
    var client: ClientKey
    var service: String
    var method: String
    var path: String
    var headers: Yimen_Wire_V1_RequestHeaders
    var deadline: ContinuousClock.Instant?
    var worker: [UInt8]?
    var buffered: [[UInt8]]
    var received: ContinuousClock.Instant
  }

  struct Worker {
    var identity: [UInt8]
    var instanceID: String
    var address: String
    var version: String
    var services: [String]
    var methods: [String: Set<String>]
    var capacity: Int
    var heartbeat: Duration
    var lastHeard: ContinuousClock.Instant
    var lastSent: ContinuousClock.Instant
    var joined: ContinuousClock.Instant
    var calls: Set<UInt64> = []
    var draining = false
  }

  struct Service {
    var workers: [[UInt8]] = []
    var queue: Deque<UInt64> = []
  }

  /// Names under which only the gateway's own instance may register.
  package static let reservedServices: Set<String> = ["grpc.health.v1.Health", "yimen.gateway.v1.Registry"]

  package let configuration: Configuration
  private(set) var calls: [UInt64: Call] = [:]
  private var byClient: [ClientKey: UInt64] = [:]
  private(set) var workers: [[UInt8]: Worker] = [:]
  private(set) var services: [String: Service] = [:]
  /// Call refs start at a random point, so that a restarted gateway's refs do not meet the
  /// refs of calls an instance is still finishing from before.
  private var nextRef = UInt64.random(in: 1...(UInt64.max / 2))
  /// Clients that heartbeat (and so can be noticed when they vanish): when each was last heard.
  private var heartbeatingClients: [[UInt8]: ContinuousClock.Instant] = [:]
  private var outbox: [Output] = []
  private(set) var accepting = true
  package private(set) var counters = Yimen_Gateway_V1_GatewayCounters()
  package private(set) var stats: [String: MethodStatistics] = [:]
  /// Set whenever the set of serving services may have changed; cleared by the driver.
  package var directoryChanged = false
  let started: ContinuousClock.Instant

  package init(configuration: Configuration, now: ContinuousClock.Instant = .now) {
    self.configuration = configuration
    self.started = now
  }

  /// Calls accepted and not yet ended.
  package var openCalls: Int { self.calls.count }

  /// Takes the messages produced so far.
  package mutating func takeOutput() -> [Output] {
    defer { self.outbox.removeAll(keepingCapacity: true) }
    return self.outbox
  }

  // MARK: Clients

  /// A message from a client on the front socket.
  package mutating func clientMessage(identity: [UInt8], frames: ArraySlice<[UInt8]>, now: ContinuousClock.Instant) {
    if self.heartbeatingClients[identity] != nil { self.heartbeatingClients[identity] = now }
    let envelope: Wire.Envelope
    do {
      envelope = try Wire.decode(frames, tag: Wire.clientTag)
    } catch {
      self.counters.malformedFrames += 1
      if let id = error.callID {
        let key = ClientKey(identity: identity, callID: id)
        if let ref = self.byClient[key] {
          self.abandon(ref, tellWorker: true, now: now)
        }
        self.replyStatus(to: key, code: 3, message: "Malformed call message: \(error.reason).")
      }
      return
    }
    switch envelope {
    case .call(let id, let parts):
      self.clientCall(key: ClientKey(identity: identity, callID: id), parts: parts, now: now)
    case .cancel(let id):
      if let ref = self.byClient[ClientKey(identity: identity, callID: id)] {
        self.record(ref, code: 1, now: now)
        self.abandon(ref, tellWorker: true, now: now)
      }
    case .heartbeat:
      self.heartbeatingClients[identity] = now
      self.outbox.append(
        .client(
          identity: identity,
          frames: Wire.command(tag: Wire.clientTag, .heartbeat, payload: Array(self.configuration.gatewayID.utf8))
        )
      )
    case .ready, .disconnect, .draining:
      self.counters.malformedFrames += 1
    }
  }

  private mutating func clientCall(key: ClientKey, parts: ArraySlice<[UInt8]>, now: ContinuousClock.Instant) {
    let startsCall = parts.first?.first == Wire.PartKind.headers.rawValue
    if let ref = self.byClient[key] {
      if startsCall {
        self.end(
          ref,
          code: 3,
          message: "Call id \(key.callID) is already open; a call id may not be reused before its call ends.",
          now: now,
          tellWorker: true
        )
        return
      }
      guard let call = self.calls[ref] else { return }
      if let worker = call.worker {
        self.outbox.append(.worker(identity: worker, frames: Wire.call(tag: Wire.workerTag, id: ref, parts: parts)))
      } else {
        self.calls[ref]!.buffered.append(contentsOf: parts)
      }
      return
    }
    guard startsCall, let headersPart = parts.first else {
      // Parts of a call that has ended (or never began): nothing to forward to.
      self.replyStatus(
        to: key,
        code: 3,
        message: "Call \(key.callID) is not open; a call must start with request headers."
      )
      return
    }
    let headers: Yimen_Wire_V1_RequestHeaders
    do {
      headers = try Wire.requestHeaders(headersPart)
    } catch {
      self.counters.malformedFrames += 1
      self.replyStatus(to: key, code: 3, message: error.reason + ".")
      return
    }
    guard let (service, method) = Self.split(path: headers.method) else {
      self.replyStatus(
        to: key,
        code: 12,
        message: "Method path '\(headers.method)' is not of the form /package.Service/Method."
      )
      return
    }
    self.counters.calls += 1
    guard self.accepting else {
      self.replyStatus(to: key, code: 14, message: "The gateway is shutting down; retry shortly.")
      return
    }
    var live = false
    var known = false
    for identity in self.services[service]?.workers ?? [] {
      guard let worker = self.workers[identity], !worker.draining else { continue }
      live = true
      if worker.methods[service]?.contains(method) ?? false {
        known = true
        break
      }
    }
    guard live else {
      self.counters.noInstance += 1
      self.recordRejected(path: self.services[service] == nil ? Self.unknownPath : headers.method, now: now)
      self.replyStatus(to: key, code: 14, message: "No instance of service '\(service)' is available.")
      return
    }
    guard known else {
      self.recordRejected(path: Self.unknownPath, now: now)
      self.replyStatus(to: key, code: 12, message: "Method '\(method)' is not implemented by service '\(service)'.")
      return
    }
    let ref = self.nextRef
    self.nextRef &+= 1
    let deadline = headers.timeoutMicros > 0 ? now + .microseconds(headers.timeoutMicros) : nil
    var call = Call(
      ref: ref,
      client: key,
      service: service,
      method: method,
      path: headers.method,
      headers: headers,
      deadline: deadline,
      worker: nil,
      buffered: [],
      received: now
    )
    if let worker = self.leastLoaded(service, method: method) {
      call.worker = worker
      self.workers[worker]!.calls.insert(ref)
      self.calls[ref] = call
      self.byClient[key] = ref
      self.outbox.append(.worker(identity: worker, frames: Wire.call(tag: Wire.workerTag, id: ref, parts: parts)))
      return
    }
    guard self.services[service]!.queue.count < self.configuration.queueLimit else {
      self.counters.queueFull += 1
      self.recordRejected(path: headers.method, now: now)
      self.replyStatus(
        to: key,
        code: 8,
        message: "Service '\(service)' is busy: \(self.configuration.queueLimit) calls are already waiting."
      )
      return
    }
    call.buffered = Array(parts.dropFirst())
    self.calls[ref] = call
    self.byClient[key] = ref
    self.services[service]!.queue.append(ref)
  }

  /// Splits "/package.Service/Method".
  static func split(path: String) -> (service: String, method: String)? {
    MethodDescriptor(wirePath: path).map { ($0.service.fullyQualifiedService, $0.method) }
  }

  /// Statistics key for calls to services or methods nobody announced (so that random paths
  /// cannot grow the statistics without bound).
  static let unknownPath = "(unknown service or method)"

  /// The live instance with room and the fewest calls among those that serve `method`.
  private func leastLoaded(_ service: String, method: String) -> [UInt8]? {
    var best: (identity: [UInt8], load: Int)? = nil
    for identity in self.services[service]?.workers ?? [] {
      guard let worker = self.workers[identity], !worker.draining, worker.calls.count < worker.capacity,
        worker.methods[service]?.contains(method) ?? false
      else {
        continue
      }
      if best == nil || worker.calls.count < best!.load {
        best = (identity, worker.calls.count)
      }
    }
    return best?.identity
  }

  /// Hands queued calls of a service to instances with room.
  private mutating func dispatchQueued(_ service: String, now: ContinuousClock.Instant) {
    while let ref = self.services[service]?.queue.first {
      guard var call = self.calls[ref] else {
        self.services[service]!.queue.removeFirst()
        continue
      }
      guard let worker = self.leastLoaded(service, method: call.method) else { return }
      self.services[service]!.queue.removeFirst()
      var headers = call.headers
      if let deadline = call.deadline {
        let remaining = now.duration(to: deadline)
        let (seconds, attoseconds) = remaining.components
        headers.timeoutMicros = UInt64(Swift.max(1, seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
      }
      call.worker = worker
      let parts = [Wire.part(.headers, message: headers)] + call.buffered
      call.buffered = []
      self.calls[ref] = call
      self.workers[worker]!.calls.insert(ref)
      self.outbox.append(.worker(identity: worker, frames: Wire.call(tag: Wire.workerTag, id: ref, parts: parts)))
    }
  }

  // MARK: Instances

  /// A message from an instance on the back socket.
  ///
  /// - Parameter address: the connection's peer address; nil for the gateway's own in-process
  ///   instance, the only one allowed to serve the reserved services.
  package mutating func workerMessage(
    identity: [UInt8],
    frames: ArraySlice<[UInt8]>,
    address: String?,
    now: ContinuousClock.Instant
  ) {
    let envelope: Wire.Envelope
    do {
      envelope = try Wire.decode(frames, tag: Wire.workerTag)
    } catch {
      self.counters.malformedFrames += 1
      // A broken answer to an open call: the caller hears of it now, not at its deadline.
      if let ref = error.callID, self.calls[ref]?.worker == identity {
        self.end(
          ref,
          code: 13,
          message: "The instance sent a malformed answer: \(error.reason).",
          now: now,
          tellWorker: true
        )
      }
      return
    }
    if case .ready(let ready) = envelope {
      self.register(identity: identity, ready: ready, address: address, now: now)
      return
    }
    guard self.workers[identity] != nil else {
      // Unknown (e.g. registered with a gateway that has since restarted): ask it to register again.
      if case .disconnect = envelope { return }
      self.outbox.append(.worker(identity: identity, frames: Wire.command(tag: Wire.workerTag, .disconnect)))
      return
    }
    self.workers[identity]!.lastHeard = now
    switch envelope {
    case .call(let ref, let parts):
      self.workerCall(identity: identity, ref: ref, parts: parts, now: now)
    case .heartbeat:
      return
    case .draining:
      self.workers[identity]!.draining = true
      self.directoryChanged = true
      // Calls waiting for a service that now has no instance taking calls would wait in vain.
      for service in self.workers[identity]!.services where self.liveInstances[service] == 0 {
        while let ref = self.services[service]?.queue.popFirst() {
          self.end(
            ref,
            code: 14,
            message: "No instance of service '\(service)' is available.",
            now: now,
            tellWorker: false
          )
        }
      }
    case .disconnect:
      self.removeWorker(identity, reason: "The instance left while holding the call.", now: now)
    case .cancel, .ready:
      self.counters.malformedFrames += 1
    }
  }

  private mutating func register(
    identity: [UInt8],
    ready: Yimen_Wire_V1_Ready,
    address: String?,
    now: ContinuousClock.Instant
  ) {
    if self.workers[identity] != nil {
      self.removeWorker(identity, reason: "The instance registered again while holding the call.", now: now)
    }
    let names = ready.services.map(\.name)
    let reserved = names.contains { Self.reservedServices.contains($0) }
    guard !names.isEmpty, !names.contains(where: { $0.isEmpty }), !reserved || address == nil else {
      self.counters.malformedFrames += 1
      self.outbox.append(.worker(identity: identity, frames: Wire.command(tag: Wire.workerTag, .disconnect)))
      return
    }
    let interval = Duration.milliseconds(ready.heartbeatIntervalMs == 0 ? 1_000 : Int64(ready.heartbeatIntervalMs))
    var methods: [String: Set<String>] = [:]
    for service in ready.services { methods[service.name, default: []].formUnion(service.methods) }
    self.workers[identity] = Worker(
      identity: identity,
      instanceID: ready.instanceID.isEmpty
        ? "instance-\(identity.map { String($0, radix: 16) }.joined())" : ready.instanceID,
      address: address ?? "in-process",
      version: ready.version,
      services: Array(methods.keys),
      methods: methods,
      capacity: Swift.max(1, Int(ready.capacity)),
      heartbeat: interval,
      lastHeard: now,
      lastSent: now,
      joined: now
    )
    for name in methods.keys {
      self.services[name, default: Service()].workers.append(identity)
      self.dispatchQueued(name, now: now)
    }
    self.directoryChanged = true
  }

  private mutating func workerCall(
    identity: [UInt8],
    ref: UInt64,
    parts: ArraySlice<[UInt8]>,
    now: ContinuousClock.Instant
  ) {
    guard let call = self.calls[ref], call.worker == identity else { return }  // late: already ended
    guard let statusIndex = parts.firstIndex(where: { $0.first == Wire.PartKind.status.rawValue }) else {
      self.outbox.append(
        .client(
          identity: call.client.identity,
          frames: Wire.call(tag: Wire.clientTag, id: call.client.callID, parts: parts)
        )
      )
      return
    }
    // The status ends the call; anything after it is not part of the call.
    var parts = parts[...statusIndex]
    var code = Self.statusCode(parts[statusIndex])
    if code != 0, let deadline = call.deadline, deadline <= now {
      // The instance gave up because the deadline passed (its own timer raced the gateway's):
      // the caller learns what happened, as gRPC reports it.
      code = 4
      self.counters.deadlineExceeded += 1
      parts =
        parts.dropLast() + [
          Wire.statusPart(
            code: 4,
            message: "Deadline exceeded while the instance worked on it (service '\(call.service)')."
          )
        ]
    }
    self.outbox.append(
      .client(
        identity: call.client.identity,
        frames: Wire.call(tag: Wire.clientTag, id: call.client.callID, parts: parts)
      )
    )
    self.record(ref, code: code, now: now)
    self.forget(ref)
    for service in self.workers[identity]?.services ?? [] {
      self.dispatchQueued(service, now: now)
    }
  }

  /// The code of a status part; a status that cannot be read counts as UNKNOWN (2).
  static func statusCode(_ part: [UInt8]) -> Int {
    guard let status = try? Yimen_Wire_V1_Status(serializedBytes: part.dropFirst()) else { return 2 }
    return Int(status.code)
  }

  /// Removes an instance; its open calls end with UNAVAILABLE (a retry reaches another instance).
  private mutating func removeWorker(_ identity: [UInt8], reason: String, now: ContinuousClock.Instant) {
    guard let worker = self.workers.removeValue(forKey: identity) else { return }
    self.counters.instancesLost += 1
    for ref in worker.calls {
      self.end(ref, code: 14, message: reason + " (instance \(worker.instanceID))", now: now, tellWorker: false)
    }
    for name in worker.services {
      self.services[name]?.workers.removeAll { $0 == identity }
      if self.services[name]?.workers.isEmpty ?? false {
        while let ref = self.services[name]!.queue.popFirst() {
          self.end(
            ref,
            code: 14,
            message: "No instance of service '\(name)' is available.",
            now: now,
            tellWorker: false
          )
        }
      }
    }
    self.directoryChanged = true
  }

  /// A message to an instance could not be delivered: the instance is gone.
  package mutating func workerUnreachable(_ identity: [UInt8], now: ContinuousClock.Instant) {
    self.counters.undeliverable += 1
    self.removeWorker(identity, reason: "The instance could not be reached.", now: now)
  }

  /// A message to an instance found it at its high-water mark: the instance is alive but
  /// swamped. The call that message belonged to ends UNAVAILABLE (a retry may find another
  /// instance), and the instance is told to drop what it has of it.
  package mutating func workerBusy(identity: [UInt8], frames: [[UInt8]], now: ContinuousClock.Instant) {
    self.counters.undeliverable += 1
    guard frames.count >= 3, frames[1] == [Wire.Command.call.rawValue], let ref = Wire.decodeID(frames[2]),
      self.calls[ref]?.worker == identity
    else { return }
    self.end(
      ref,
      code: 14,
      message: "The instance could not take the call's messages: it is overloaded.",
      now: now,
      tellWorker: true
    )
  }

  /// A message to a client could not be delivered (the client is gone, or at its high-water
  /// mark). A call whose part was lost must not go on with a hole in it: it ends now — CANCEL to
  /// the instance, ABORTED to the client if that can still reach it.
  package mutating func clientUndeliverable(identity: [UInt8], frames: [[UInt8]], now: ContinuousClock.Instant) {
    self.counters.undeliverable += 1
    guard frames.count >= 3, frames[1] == [Wire.Command.call.rawValue], let id = Wire.decodeID(frames[2]),
      self.byClient[ClientKey(identity: identity, callID: id)] != nil
    else { return }
    let ref = self.byClient[ClientKey(identity: identity, callID: id)]!
    self.end(
      ref,
      code: 10,
      message: "Part of the answer could not be delivered: the client did not keep up.",
      now: now,
      tellWorker: true
    )
  }

  // MARK: Time

  /// Expires deadlines and dead instances, and sends heartbeats that are due.
  package mutating func tick(now: ContinuousClock.Instant) {
    for (identity, lastHeard) in self.heartbeatingClients
    where lastHeard.duration(to: now) > self.configuration.clientSilenceLimit {
      // A client that heartbeats while it has calls open has gone: nobody waits for its answers.
      self.heartbeatingClients[identity] = nil
      for (ref, call) in self.calls where call.client.identity == identity {
        self.record(ref, code: 1, now: now)
        self.abandon(ref, tellWorker: true, now: now)
      }
    }
    for (identity, worker) in self.workers {
      if worker.lastHeard.duration(to: now) > worker.heartbeat * 3 {
        self.removeWorker(identity, reason: "The instance stopped answering heartbeats.", now: now)
      } else if worker.lastSent.duration(to: now) >= worker.heartbeat {
        self.workers[identity]!.lastSent = now
        self.outbox.append(.worker(identity: identity, frames: Wire.command(tag: Wire.workerTag, .heartbeat)))
      }
    }
    for (ref, call) in self.calls {
      guard let deadline = call.deadline, deadline <= now else { continue }
      self.counters.deadlineExceeded += 1
      let place = call.worker == nil ? "waiting for a free instance" : "while the instance worked on it"
      self.end(
        ref,
        code: 4,
        message: "Deadline exceeded \(place) (service '\(call.service)').",
        now: now,
        tellWorker: true
      )
    }
  }

  // MARK: Shutdown

  /// Stops accepting calls: new ones get UNAVAILABLE; open ones go on.
  package mutating func beginShutdown() {
    self.accepting = false
  }

  /// Tells every instance to reconnect (they will register with the next gateway) and forgets them.
  package mutating func disconnectAll(now: ContinuousClock.Instant) {
    for identity in self.workers.keys {
      self.outbox.append(.worker(identity: identity, frames: Wire.command(tag: Wire.workerTag, .disconnect)))
      self.removeWorker(identity, reason: "The gateway stopped.", now: now)
    }
  }

  // MARK: Ending calls

  /// Ends a call with a status from the gateway.
  private mutating func end(_ ref: UInt64, code: Int, message: String, now: ContinuousClock.Instant, tellWorker: Bool) {
    guard let call = self.calls[ref] else { return }
    self.replyStatus(to: call.client, code: code, message: message)
    self.record(ref, code: code, now: now)
    self.abandon(ref, tellWorker: tellWorker, now: now)
  }

  /// Forgets a call and, if an instance holds it, tells it to stop.
  private mutating func abandon(_ ref: UInt64, tellWorker: Bool, now: ContinuousClock.Instant) {
    guard let call = self.calls[ref] else { return }
    if tellWorker, let worker = call.worker, self.workers[worker] != nil {
      self.outbox.append(.worker(identity: worker, frames: Wire.cancel(tag: Wire.workerTag, id: ref)))
    }
    if call.worker == nil {
      self.services[call.service]?.queue.removeAll { $0 == ref }
    }
    self.forget(ref)
    if let worker = call.worker, let services = self.workers[worker]?.services {
      for service in services { self.dispatchQueued(service, now: now) }
    }
  }

  private mutating func forget(_ ref: UInt64) {
    guard let call = self.calls.removeValue(forKey: ref) else { return }
    self.byClient[call.client] = nil
    if let worker = call.worker {
      self.workers[worker]?.calls.remove(ref)
    }
  }

  private mutating func replyStatus(to key: ClientKey, code: Int, message: String) {
    self.outbox.append(
      .client(
        identity: key.identity,
        frames: Wire.call(tag: Wire.clientTag, id: key.callID, parts: [Wire.statusPart(code: code, message: message)])
      )
    )
  }

  // MARK: Statistics

  private mutating func record(_ ref: UInt64, code: Int, now: ContinuousClock.Instant) {
    guard let call = self.calls[ref] else { return }
    self.stats[call.path, default: MethodStatistics()].record(
      latency: call.received.duration(to: now),
      failed: code != 0
    )
  }

  private mutating func recordRejected(path: String, now: ContinuousClock.Instant) {
    self.stats[path, default: MethodStatistics()].record(latency: .zero, failed: true)
  }
}
