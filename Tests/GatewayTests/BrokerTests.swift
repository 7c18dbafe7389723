import SwiftProtobuf
import Testing
import YimenGateway
import YimenProtos
import YimenTransport

/// Drives the broker's state machine directly: no sockets, an explicit clock.
@Suite("Broker routing rules")
struct BrokerTests {
  let client: [UInt8] = [0xC1]
  let workerA: [UInt8] = [0xA1]
  let workerB: [UInt8] = [0xB1]
  let start = ContinuousClock.now

  func ready(
    _ service: String = "demo.v1.Demo",
    methods: [String] = ["Get"],
    capacity: UInt32 = 1,
    heartbeatMs: UInt32 = 100
  ) -> [[UInt8]] {
    Wire.ready(
      .with {
        $0.services = [
          .with {
            $0.name = service; $0.methods = methods
          }
        ]
        $0.capacity = capacity
        $0.heartbeatIntervalMs = heartbeatMs
        $0.instanceID = "test"
      }
    )
  }

  func request(_ id: UInt64, method: String = "/demo.v1.Demo/Get", timeoutMicros: UInt64 = 0) -> [[UInt8]] {
    var headers = Yimen_Wire_V1_RequestHeaders()
    headers.method = method
    headers.timeoutMicros = timeoutMicros
    return Wire.call(
      tag: Wire.clientTag,
      id: id,
      parts: [Wire.part(.headers, message: headers), Wire.part(.message, [1, 2, 3]), Wire.part(.end)]
    )
  }

  func broker(queueLimit: Int = 2) -> Broker {
    Broker(configuration: .init(gatewayID: "gw-test", queueLimit: queueLimit), now: self.start)
  }

  /// The statuses sent to clients, by call id.
  func statuses(_ output: [Broker.Output]) -> [UInt64: Yimen_Wire_V1_Status] {
    var statuses: [UInt64: Yimen_Wire_V1_Status] = [:]
    for case .client(_, let frames) in output {
      guard case .call(let id, let parts) = try? Wire.decode(frames, tag: Wire.clientTag),
        let last = parts.last, last.first == Wire.PartKind.status.rawValue,
        let status = try? Yimen_Wire_V1_Status(serializedBytes: Array(last.dropFirst()))
      else { continue }
      statuses[id] = status
    }
    return statuses
  }

  /// The call refs sent to a worker.
  func callsSent(to worker: [UInt8], _ output: [Broker.Output]) -> [UInt64] {
    output.compactMap { item in
      guard case .worker(let identity, let frames) = item, identity == worker,
        case .call(let ref, _) = try? Wire.decode(frames, tag: Wire.workerTag)
      else { return nil }
      return ref
    }
  }

  func commands(to worker: [UInt8], _ output: [Broker.Output]) -> [Wire.Command] {
    output.compactMap { item in
      guard case .worker(let identity, let frames) = item, identity == worker, frames.count >= 2 else { return nil }
      return Wire.Command(rawValue: frames[1][0])
    }
  }

  @Test("a call goes to a registered instance and its answer back to the caller")
  func routesAndAnswers() throws {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "127.0.0.1", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(7)[...], now: self.start)
    let refs = self.callsSent(to: self.workerA, broker.takeOutput())
    #expect(refs.count == 1)
    let answer = Wire.call(
      tag: Wire.workerTag,
      id: refs[0],
      parts: [Wire.part(.message, [9]), Wire.statusPart(code: 0, message: "")]
    )
    broker.workerMessage(identity: self.workerA, frames: answer[...], address: "127.0.0.1", now: self.start)
    let output = broker.takeOutput()
    #expect(self.statuses(output)[7]?.code == 0)
    #expect(broker.openCalls == 0)
  }

  @Test("no instance: UNAVAILABLE at once; unknown method: UNIMPLEMENTED; bad path: UNIMPLEMENTED")
  func immediateErrors() {
    var broker = self.broker()
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "127.0.0.1", now: self.start)
    broker.clientMessage(
      identity: self.client,
      frames: self.request(2, method: "/demo.v1.Demo/Nope")[...],
      now: self.start
    )
    broker.clientMessage(identity: self.client, frames: self.request(3, method: "nonsense")[...], now: self.start)
    let statuses = self.statuses(broker.takeOutput())
    #expect(statuses[1]?.code == 14)
    #expect(statuses[2]?.code == 12)
    #expect(statuses[3]?.code == 12)
    #expect(broker.openCalls == 0)
  }

  @Test("calls beyond capacity wait; beyond the queue limit they get RESOURCE_EXHAUSTED; a freed slot takes the next")
  func queueing() {
    var broker = self.broker(queueLimit: 1)
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready(capacity: 1)[...],
      address: "127.0.0.1",
      now: self.start
    )
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(2)[...], now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(3)[...], now: self.start)
    var output = broker.takeOutput()
    let first = self.callsSent(to: self.workerA, output)
    #expect(first.count == 1)
    #expect(self.statuses(output)[3]?.code == 8)
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.call(tag: Wire.workerTag, id: first[0], parts: [Wire.statusPart(code: 0, message: "")])[...],
      address: "127.0.0.1",
      now: self.start
    )
    output = broker.takeOutput()
    #expect(self.statuses(output)[1]?.code == 0)
    #expect(self.callsSent(to: self.workerA, output).count == 1, "the queued call is dispatched when the slot frees")
  }

  @Test("the least-loaded instance gets the next call")
  func leastLoaded() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready(capacity: 4)[...], address: "a", now: self.start)
    broker.workerMessage(identity: self.workerB, frames: self.ready(capacity: 4)[...], address: "b", now: self.start)
    for id in 1...4 {
      broker.clientMessage(identity: self.client, frames: self.request(UInt64(id))[...], now: self.start)
    }
    let output = broker.takeOutput()
    #expect(self.callsSent(to: self.workerA, output).count == 2)
    #expect(self.callsSent(to: self.workerB, output).count == 2)
  }

  @Test("an instance silent for 3 heartbeats is dropped and its calls end UNAVAILABLE")
  func deadInstance() {
    var broker = self.broker()
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready(heartbeatMs: 100)[...],
      address: "a",
      now: self.start
    )
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    _ = broker.takeOutput()
    broker.tick(now: self.start + .milliseconds(250))
    #expect(self.statuses(broker.takeOutput())[1] == nil, "still within 3 intervals")
    broker.tick(now: self.start + .milliseconds(350))
    let statuses = self.statuses(broker.takeOutput())
    #expect(statuses[1]?.code == 14)
    #expect(broker.liveInstances["demo.v1.Demo"] == 0)
  }

  @Test("heartbeats go to instances every interval")
  func heartbeats() {
    var broker = self.broker()
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready(heartbeatMs: 100)[...],
      address: "a",
      now: self.start
    )
    broker.tick(now: self.start + .milliseconds(50))
    #expect(self.commands(to: self.workerA, broker.takeOutput()).isEmpty)
    broker.tick(now: self.start + .milliseconds(100))
    #expect(self.commands(to: self.workerA, broker.takeOutput()) == [.heartbeat])
  }

  @Test("deadlines: queued and held calls end DEADLINE_EXCEEDED; the holder is told to CANCEL")
  func deadlines() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready(capacity: 1)[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(1, timeoutMicros: 100_000)[...], now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(2, timeoutMicros: 50_000)[...], now: self.start)
    let held = self.callsSent(to: self.workerA, broker.takeOutput())
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.command(tag: Wire.workerTag, .heartbeat)[...],
      address: "a",
      now: self.start + .milliseconds(60)
    )
    broker.tick(now: self.start + .milliseconds(60))
    var output = broker.takeOutput()
    #expect(self.statuses(output)[2]?.code == 4)
    #expect(self.statuses(output)[2]?.message.contains("waiting") == true)
    broker.tick(now: self.start + .milliseconds(110))
    output = broker.takeOutput()
    #expect(self.statuses(output)[1]?.code == 4)
    #expect(self.commands(to: self.workerA, output).contains(.cancel))
    // The instance's late answer is dropped.
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.call(tag: Wire.workerTag, id: held[0], parts: [Wire.statusPart(code: 0, message: "")])[...],
      address: "a",
      now: self.start + .milliseconds(120)
    )
    #expect(broker.takeOutput().isEmpty)
  }

  @Test("a reused call id ends the open call with INVALID_ARGUMENT and cancels it at the instance")
  func duplicateCallID() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready(capacity: 2)[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(5)[...], now: self.start)
    _ = broker.takeOutput()
    broker.clientMessage(identity: self.client, frames: self.request(5)[...], now: self.start)
    let output = broker.takeOutput()
    #expect(self.statuses(output)[5]?.code == 3)
    #expect(self.commands(to: self.workerA, output).contains(.cancel))
    #expect(broker.openCalls == 0)
  }

  @Test("a client's CANCEL reaches the instance holding the call")
  func clientCancel() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(5)[...], now: self.start)
    _ = broker.takeOutput()
    broker.clientMessage(identity: self.client, frames: Wire.cancel(tag: Wire.clientTag, id: 5)[...], now: self.start)
    #expect(self.commands(to: self.workerA, broker.takeOutput()) == [.cancel])
    #expect(broker.openCalls == 0)
  }

  @Test("anything but READY from an unknown instance is answered with DISCONNECT")
  func unknownWorker() {
    var broker = self.broker()
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.command(tag: Wire.workerTag, .heartbeat)[...],
      address: "a",
      now: self.start
    )
    #expect(self.commands(to: self.workerA, broker.takeOutput()) == [.disconnect])
  }

  @Test("reserved services may only be registered by the gateway's own instance")
  func reservedServices() {
    var broker = self.broker()
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready("grpc.health.v1.Health", methods: ["Check"])[...],
      address: "10.0.0.9",
      now: self.start
    )
    #expect(self.commands(to: self.workerA, broker.takeOutput()) == [.disconnect])
    #expect(broker.liveInstances["grpc.health.v1.Health"] == nil)
    broker.workerMessage(
      identity: self.workerB,
      frames: self.ready("grpc.health.v1.Health", methods: ["Check"])[...],
      address: nil,
      now: self.start
    )
    #expect(broker.liveInstances["grpc.health.v1.Health"] == 1)
  }

  @Test("a draining instance gets no new calls but finishes its open ones")
  func draining() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready(capacity: 2)[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    let held = self.callsSent(to: self.workerA, broker.takeOutput())
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.command(tag: Wire.workerTag, .draining)[...],
      address: "a",
      now: self.start
    )
    broker.clientMessage(identity: self.client, frames: self.request(2)[...], now: self.start)
    #expect(self.statuses(broker.takeOutput())[2]?.code == 14)
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.call(tag: Wire.workerTag, id: held[0], parts: [Wire.statusPart(code: 0, message: "")])[...],
      address: "a",
      now: self.start
    )
    #expect(self.statuses(broker.takeOutput())[1]?.code == 0)
  }

  @Test("when the last instance taking calls drains, calls waiting in the queue end UNAVAILABLE")
  func drainingStrandsNothing() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready(capacity: 1)[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(2)[...], now: self.start)
    _ = broker.takeOutput()
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.command(tag: Wire.workerTag, .draining)[...],
      address: "a",
      now: self.start
    )
    #expect(self.statuses(broker.takeOutput())[2]?.code == 14)
    #expect(broker.openCalls == 1, "the held call goes on")
  }

  @Test("calls go only to instances that announced the method (rolling upgrades)")
  func routesByMethod() {
    var broker = self.broker()
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready(methods: ["Get"], capacity: 4)[...],
      address: "a",
      now: self.start
    )
    broker.workerMessage(
      identity: self.workerB,
      frames: self.ready(methods: ["Get", "New"], capacity: 4)[...],
      address: "b",
      now: self.start
    )
    for id in 1...3 {
      broker.clientMessage(
        identity: self.client,
        frames: self.request(UInt64(id), method: "/demo.v1.Demo/New")[...],
        now: self.start
      )
    }
    let output = broker.takeOutput()
    #expect(self.callsSent(to: self.workerA, output).isEmpty)
    #expect(self.callsSent(to: self.workerB, output).count == 3)
  }

  @Test("random method paths do not grow the statistics")
  func boundedStatistics() {
    var broker = self.broker()
    for id in 1...50 {
      broker.clientMessage(
        identity: self.client,
        frames: self.request(UInt64(id), method: "/random\(id).v1.X/Y")[...],
        now: self.start
      )
    }
    #expect(broker.stats.count == 1)
  }

  @Test("shutdown refuses new calls with UNAVAILABLE")
  func shutdown() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "a", now: self.start)
    broker.beginShutdown()
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    #expect(self.statuses(broker.takeOutput())[1]?.code == 14)
    broker.disconnectAll(now: self.start)
    #expect(self.commands(to: self.workerA, broker.takeOutput()) == [.disconnect])
  }

  @Test("malformed client messages are counted; those naming a call id are answered INVALID_ARGUMENT")
  func malformed() {
    var broker = self.broker()
    broker.clientMessage(identity: self.client, frames: [[1, 2, 3]][...], now: self.start)
    broker.clientMessage(
      identity: self.client,
      frames: [Wire.clientTag, [0x01], Wire.encodeID(9), [0x7f]][...],
      now: self.start
    )
    broker.clientMessage(
      identity: self.client,
      frames: [Wire.clientTag, [0x01], Wire.encodeID(10), [0x01, 0xff, 0xff]][...],
      now: self.start
    )
    let output = broker.takeOutput()
    #expect(output.count == 2)
    #expect(self.statuses(output)[9]?.code == 3)
    #expect(self.statuses(output)[10]?.code == 3)
    #expect(broker.counters.malformedFrames == 3)
  }

  @Test("the client heartbeat is answered with the gateway id")
  func clientHeartbeat() {
    var broker = self.broker()
    broker.clientMessage(
      identity: self.client,
      frames: Wire.command(tag: Wire.clientTag, .heartbeat)[...],
      now: self.start
    )
    #expect(
      broker.takeOutput() == [.client(identity: self.client, frames: [Wire.clientTag, [0x03], Array("gw-test".utf8)])]
    )
  }

  @Test("a client that heartbeats and then falls silent is gone: its calls are cancelled at the instance")
  func silentClient() {
    var broker = Broker(configuration: .init(gatewayID: "gw", clientSilenceLimit: .seconds(1)), now: self.start)
    broker.workerMessage(
      identity: self.workerA,
      frames: self.ready(heartbeatMs: 10_000)[...],
      address: "a",
      now: self.start
    )
    broker.clientMessage(
      identity: self.client,
      frames: Wire.command(tag: Wire.clientTag, .heartbeat)[...],
      now: self.start
    )
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    _ = broker.takeOutput()
    broker.tick(now: self.start + .milliseconds(900))
    #expect(broker.openCalls == 1)
    broker.tick(now: self.start + .milliseconds(1_100))
    #expect(broker.openCalls == 0)
    #expect(self.commands(to: self.workerA, broker.takeOutput()).contains(.cancel))
  }

  @Test("a response part that cannot reach the client ends the call: no stream goes on with a hole")
  func undeliverableEndsCall() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(3)[...], now: self.start)
    let ref = self.callsSent(to: self.workerA, broker.takeOutput())[0]
    broker.workerMessage(
      identity: self.workerA,
      frames: Wire.call(tag: Wire.workerTag, id: ref, parts: [Wire.part(.message, [1])])[...],
      address: "a",
      now: self.start
    )
    guard case .client(let identity, let frames) = broker.takeOutput().first else {
      Issue.record("the part was not forwarded")
      return
    }
    broker.clientUndeliverable(identity: identity, frames: frames, now: self.start)
    let output = broker.takeOutput()
    #expect(self.statuses(output)[3]?.code == 10)
    #expect(self.commands(to: self.workerA, output) == [.cancel])
    #expect(broker.openCalls == 0)
    #expect(broker.counters.undeliverable == 1)
  }

  @Test("a call whose message finds the instance at its high-water mark ends UNAVAILABLE; the instance stays")
  func busyWorker() {
    var broker = self.broker()
    broker.workerMessage(identity: self.workerA, frames: self.ready()[...], address: "a", now: self.start)
    broker.clientMessage(identity: self.client, frames: self.request(4)[...], now: self.start)
    guard case .worker(let identity, let frames) = broker.takeOutput().first else {
      Issue.record("the call was not dispatched")
      return
    }
    broker.workerBusy(identity: identity, frames: frames, now: self.start)
    let output = broker.takeOutput()
    #expect(self.statuses(output)[4]?.code == 14)
    #expect(broker.liveInstances["demo.v1.Demo"] == 1)
  }

  @Test("statistics count calls and errors per method")
  func statistics() {
    var broker = self.broker()
    broker.clientMessage(identity: self.client, frames: self.request(1)[...], now: self.start)
    let stats = broker.statistics(filter: "")
    #expect(stats.methods.first?.calls == 1)
    #expect(stats.methods.first?.errors == 1)
    #expect(stats.counters.noInstance == 1)
  }
}
