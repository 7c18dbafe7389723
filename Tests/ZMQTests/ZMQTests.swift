import Synchronization
import Testing
import YimenZMQ

@Suite("libzmq binding", .timeLimit(.minutes(1)))
struct ZMQTests {
  @Test("a DEALER and a ROUTER exchange multipart messages on 127.0.0.1, with the peer address")
  func dealerRouter() throws {
    let context = try ZMQContext()
    defer { context.terminate() }
    let router = try ZMQSocket(context: context, type: .router)
    defer { router.close() }
    try router.setRouterMandatory(true)
    try router.bind("tcp://127.0.0.1:*")
    let endpoint = try router.lastEndpoint()
    #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
    let dealer = try ZMQSocket(context: context, type: .dealer)
    defer { dealer.close() }
    try dealer.setRoutingID([0x42])
    try dealer.connect(endpoint)
    #expect(try dealer.send([[1], [], [2, 3]]))
    #expect(try router.waitReadable(timeout: .seconds(5)))
    let message = try #require(try router.receive(peerAddress: true))
    #expect(message.frames == [[0x42], [1], [], [2, 3]])
    #expect(message.peerAddress == "127.0.0.1")
    #expect(try router.send([[0x42], [9]]))
    #expect(try dealer.waitReadable(timeout: .seconds(5)))
    #expect(try dealer.receive()?.frames == [[9]])
    #expect(try dealer.receive() == nil, "nothing more waiting")
  }

  @Test("errors keep the operation and errno")
  func errors() throws {
    let context = try ZMQContext()
    defer { context.terminate() }
    let socket = try ZMQSocket(context: context, type: .router)
    defer { socket.close() }
    let error = #expect(throws: ZMQError.self) { try socket.bind("nonsense://x") }
    #expect(error?.operation == "zmq_bind(nonsense://x)")
    #expect(error?.errno != 0)
    #expect(error?.description.contains("zmq_bind") == true)
  }

  @Test("ROUTER_MANDATORY turns a send to an unknown peer into EHOSTUNREACH")
  func routerMandatory() throws {
    let context = try ZMQContext()
    defer { context.terminate() }
    let router = try ZMQSocket(context: context, type: .router)
    defer { router.close() }
    try router.setRouterMandatory(true)
    let error = #expect(throws: ZMQError.self) { try router.send([[0x99], [1]]) }
    #expect(error?.hostUnreachable == true)
  }

  @Test("the loop runs submitted work in order on its thread, fires timers, reads sockets, and stops")
  func loop() async throws {
    let context = try ZMQContext()
    let loop = try ZMQLoop(name: "test")
    loop.start()
    let order = Mutex<[Int]>([])
    for index in 0..<100 { loop.execute { order.withLock { $0.append(index) } } }
    let fired = try await loop.run { () -> Int in
      order.withLock { $0.count }
    }
    #expect(fired == 100)
    #expect(order.withLock { $0 } == Array(0..<100))

    // A timer fires, and a registered socket's handler reads what arrives.
    let (events, continuation) = AsyncStream.makeStream(of: String.self)
    let endpoint = try await loop.run { () -> String in
      let router = try ZMQSocket(context: context, type: .router)
      try router.bind("tcp://127.0.0.1:*")
      loop.register(router) {
        while let message = try? router.receive() { continuation.yield("message \(message.frames.count)") }
      }
      var ticks = 0
      loop.addTimer(every: .milliseconds(10)) {
        ticks += 1
        if ticks == 2 { continuation.yield("timer") }
      }
      return try router.lastEndpoint()
    }
    let dealer = try ZMQSocket(context: context, type: .dealer)
    try dealer.connect(endpoint)
    _ = try dealer.send([[1], [2]])
    var seen: Set<String> = []
    for await event in events {
      seen.insert(event)
      if seen.count == 2 { break }
    }
    #expect(seen == ["message 3", "timer"])
    dealer.close()
    loop.stop()
    await loop.waitUntilStopped()
    context.terminate()  // returns: the loop closed its sockets
  }
}
