import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import YimenProtos
import YimenTransport
import YimenZMQ

#if canImport(Glibc)
  import Glibc
#endif

/// Retry on UNAVAILABLE: safe because the gateway answers it only when the call can be re-sent.
let retryingConfig = ServiceConfig(
  methodConfig: [
    MethodConfig(
      names: [.init(service: "yimen.echo.v1.Echo")],
      executionPolicy: .retry(
        RetryPolicy(
          maxAttempts: 5,
          initialBackoff: .milliseconds(20),
          maxBackoff: .milliseconds(200),
          backoffMultiplier: 2,
          retryableStatusCodes: [.unavailable]
        )
      )
    )
  ]
)

@Suite("End to end: real processes on 127.0.0.1", .serialized, .timeLimit(.minutes(2)))
struct EndToEndTests {
  @Test("two instances serve unary and streaming calls through the gateway")
  func basicCalls() async throws {
    let system = try await System.withEcho("echo-a", "echo-b")
    try await system.withClient { client in
      let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
      let seen = try await withThrowingTaskGroup(of: String.self) { group in
        for index in 0..<20 {
          group.addTask {
            try await echo.get(
              .with {
                $0.text = "\(index)"; $0.delayMs = 20
              }
            ).instance
          }
        }
        var seen: Set<String> = []
        for try await instance in group { seen.insert(instance) }
        return seen
      }
      #expect(seen == ["echo-a", "echo-b"])
      let words = try await echo.expand(.with { $0.text = "政务 服务 中心" }) { response in
        try await response.messages.reduce(into: [String]()) { $0.append($1.text) }
      }
      #expect(words == ["政务", "服务", "中心"])
    }
  }

  @Test("an instance killed with SIGKILL under load: its calls end UNAVAILABLE, retries reach the other, none hang")
  func killInstanceUnderLoad() async throws {
    let system = try await System.withEcho("echo-a", "echo-b")

    // Without retries: calls held by the killed instance end UNAVAILABLE long before they would have answered.
    try await system.withClient { client in
      let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
      let outcomes = try await withThrowingTaskGroup(of: (String, Duration).self) { group in
        for _ in 0..<8 {
          group.addTask {
            let started = ContinuousClock.now
            do {
              return (
                try await echo.get(.with { $0.delayMs = 3_000 }, options: .timeout(.seconds(20))).instance,
                started.duration(to: .now)
              )
            } catch let error as RPCError {
              return ("\(error.code)", started.duration(to: .now))
            }
          }
        }
        // Both instances hold calls; then one dies.
        try await waitUntilHeld(system, count: 8)
        system.signal("echo-a", SIGKILL)
        var outcomes: [(String, Duration)] = []
        for try await outcome in group { outcomes.append(outcome) }
        return outcomes
      }
      let unavailable = outcomes.filter { $0.0 == "\(RPCError.Code.unavailable)" }
      #expect(unavailable.count == 4, "the killed instance held 4 calls: \(outcomes)")
      #expect(unavailable.allSatisfy { $0.1 < .seconds(2) }, "they failed fast: \(unavailable)")
      #expect(outcomes.filter { $0.0 == "echo-b" }.count == 4)
    }

    // With GRPCCore's retry policy: every call of a load run succeeds while an instance dies.
    try await system.startEcho("echo-c")
    try await system.waitForInstances(2)
    try await system.withClient(serviceConfig: retryingConfig) { client in
      let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
      let instances = try await withThrowingTaskGroup(of: String.self) { group in
        for index in 0..<300 {
          group.addTask {
            try await echo.get(
              .with {
                $0.text = "\(index)"; $0.delayMs = 10
              },
              options: .timeout(.seconds(20))
            ).instance
          }
          if index == 100 { system.signal("echo-b", SIGKILL) }
          if index % 16 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        var instances: [String] = []
        for try await instance in group { instances.append(instance) }
        return instances
      }
      #expect(instances.count == 300)
      #expect(Set(instances).contains("echo-c"))
    }
  }

  @Test(
    "the gateway restarts (stopped or killed): instances register again by themselves",
    arguments: [SIGTERM, SIGKILL]
  )
  func gatewayRestart(signal: Int32) async throws {
    let system = try await System.withEcho("echo-a")
    system.signal("gateway", signal)
    let status = await system.waitForExit("gateway")
    if signal == SIGTERM { #expect(status == 0, "SIGTERM stops the gateway cleanly") }
    try await system.startGateway(name: "gateway-2")
    try await system.waitForInstances(1)
    let response = try await system.withClient { client in
      try await Yimen_Echo_V1_Echo.Client(wrapping: client).get(
        .with { $0.text = "again" },
        options: .timeout(.seconds(5))
      )
    }
    #expect(response.text == "again")
    #expect(response.instance == "echo-a")
  }

  @Test(
    "SIGTERM on the gateway or on an instance lets an open call finish (grace period, drain), then it exits 0",
    arguments: ["gateway", "echo-a"]
  )
  func gracefulShutdown(process: String) async throws {
    let system = try await System.withEcho("echo-a")
    try await system.withClient { client in
      let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
      let open = Task {
        try await echo.get(
          .with {
            $0.text = "finishing"; $0.delayMs = 500
          },
          options: .timeout(.seconds(10))
        )
      }
      try await waitUntilHeld(system, count: 1)
      system.signal(process, SIGTERM)
      #expect(try await open.value.text == "finishing")
    }
    #expect(await system.waitForExit(process) == 0)
  }

  @Test("queue full: RESOURCE_EXHAUSTED from real processes")
  func queueFull() async throws {
    let system = try System()
    try await system.startGateway(extra: ["--queue-limit", "1"])
    try await system.startEcho("echo-a", capacity: 1)
    try await system.waitForInstances(1)
    try await system.withClient { client in
      let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
      let held = Task { try await echo.get(.with { $0.delayMs = 500 }, options: .timeout(.seconds(10))) }
      try await waitUntilHeld(system, count: 1)
      let queued = Task { try await echo.get(.with { $0.text = "queued" }, options: .timeout(.seconds(10))) }
      try await waitUntilQueued(system, count: 1)
      let error = await #expect(throws: RPCError.self) { try await echo.get(.with { $0.text = "refused" }) }
      #expect(error?.code == .resourceExhausted)
      _ = try await held.value
      #expect(try await queued.value.text == "queued")
    }
  }

  @Test("10,000 random and truncated frames at both gateway sockets leave it serving")
  func hostileFrames() async throws {
    let system = try await System.withEcho("echo-a")
    let context = try ZMQContext()
    var generator = SystemRandomNumberGenerator()
    for endpoint in [system.frontend, system.backend] {
      let socket = try ZMQSocket(context: context, type: .dealer)
      try socket.connect(endpoint)
      let valid = Wire.call(
        tag: endpoint == system.frontend ? Wire.clientTag : Wire.workerTag,
        id: 1,
        parts: [Wire.part(.headers, [0x0a, 0x03, 0x2f, 0x61, 0x2f])]
      )
      for index in 0..<5_000 {
        var frames: [[UInt8]]
        switch index % 3 {
        case 0:  // random bytes
          frames = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
          }
        case 1:  // a valid message cut short
          frames = Array(valid.prefix(Int.random(in: 1...valid.count, using: &generator)))
          if let last = frames.indices.last {
            frames[last] = Array(frames[last].prefix(Int.random(in: 0...frames[last].count, using: &generator)))
          }
        default:  // a right tag with garbage after it
          frames =
            [valid[0]]
            + (0..<Int.random(in: 1...4, using: &generator)).map { _ in
              (0..<Int.random(in: 0...9, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
        }
        _ = try socket.send(frames)
      }
      socket.close()
    }
    context.terminate()
    #expect(system.isRunning("gateway"))
    try await system.waitForInstances(1)
    try await system.withClient { client in
      let response = try await Yimen_Echo_V1_Echo.Client(wrapping: client).get(
        .with { $0.text = "still here" },
        options: .timeout(.seconds(5))
      )
      #expect(response.text == "still here")
      let stats = try await Yimen_Gateway_V1_Registry.Client(wrapping: client).getStats(.init())
      #expect(stats.counters.malformedFrames > 1_000)
    }
  }

  @Test("the CLI: list, call, health and stats, JSON output and exit codes")
  func cli() async throws {
    let system = try await System.withEcho("echo-a")

    let list = try await system.cli(["list"])
    #expect(list.status == 0)
    #expect(list.out.contains("yimen.echo.v1.Echo"))

    let call = try await system.cli(["call", "yimen.echo.v1.Echo/Get", "--data", #"{"text": "一门"}"#, "--json"])
    #expect(call.status == 0)
    #expect(call.out.contains(#""text":"一门""#))

    let streamed = try await system.cli(
      ["call", "yimen.echo.v1.Echo/Collect"],
      stdin: #"[{"text": "a"}, {"text": "b"}]"#
    )
    #expect(streamed.status == 0, "\(streamed.err)")
    #expect(streamed.out.contains("a b"))

    let failed = try await system.cli(["call", "yimen.echo.v1.Echo/Get", "--data", #"{"failCode": 7}"#])
    #expect(failed.status == 64 + 7)
    #expect(failed.err.contains("error: PERMISSION_DENIED: failing as asked (7)"))

    let badJSON = try await system.cli(["call", "yimen.echo.v1.Echo/Get", "--data", #"{"nope": 1}"#])
    #expect(badJSON.status != 0)
    #expect(badJSON.err.contains("not a valid yimen.echo.v1.EchoRequest"))

    let timeout = try await system.cli([
      "call", "yimen.echo.v1.Echo/Get", "--timeout", "0.2", "--data", #"{"delayMs": 3000}"#,
    ])
    #expect(timeout.status == 64 + 4)

    let health = try await system.cli(["health", "yimen.echo.v1.Echo"])
    #expect(health.status == 0)
    #expect(health.out.contains("SERVING"))

    let unknown = try await system.cli(["health", "no.Such"])
    #expect(unknown.status == 64 + 5)

    let stats = try await system.cli(["stats", "--json"])
    #expect(stats.status == 0)
    #expect(stats.out.contains("/yimen.echo.v1.Echo/Get"))

    let badPrincipal = try await system.cli(["list", "--as", "nobody"])
    #expect(badPrincipal.status != 0)
    #expect(badPrincipal.err.contains("--as"))

    system.signal("echo-a", SIGKILL)
    _ = await system.waitForExit("echo-a")
    try await system.waitForInstances(0)
    let none = try await system.cli(["call", "yimen.echo.v1.Echo/Get", "--data", "{}"])
    #expect(none.status == 64 + 14)
    #expect(none.err.contains("UNAVAILABLE"))
  }
}

@Suite("yimen up", .serialized, .timeLimit(.minutes(1)))
struct UpTests {
  @Test("yimen up starts the gateway, writes logs, serves, and stops everything on Ctrl-C")
  func up() async throws {
    let system = try System()
    let data = system.logs.appendingPathComponent("data")
    try await system.start(
      "up",
      executable: "yimen",
      arguments: ["up", "--data", data.path],
      readyLine: "Press Ctrl-C"
    )
    let health = try await system.cli(["health"])
    #expect(health.status == 0, "\(health.err)")
    #expect(health.out.contains("(gateway)"))
    #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("logs/yimen-gateway-1.log").path))
    system.signal("up", SIGINT)
    #expect(await system.waitForExit("up") == 0)
    #expect(system.logText("up").contains("stopped"))
    let after = try await system.cli(["health", "--timeout", "0.5"])
    #expect(after.status != 0, "the gateway is gone")
  }

  @Test("yimen up refuses bad replica counts with a clear message")
  func badReplicas() async throws {
    let system = try System()
    let result = try await system.cli(["up", "--replicas", "yimen-cases=0"])
    #expect(result.status != 0)
    #expect(result.err.contains("--replicas"))
  }
}

/// Waits (bounded) until the echo instances hold `count` calls in all.
func waitUntilHeld(_ system: System, count: Int) async throws {
  try await waitForRegistry(system) { info in info.instances.reduce(0) { $0 + Int($1.inFlight) } >= count }
}

/// Waits (bounded) until `count` calls wait in the echo service's queue.
func waitUntilQueued(_ system: System, count: Int) async throws {
  try await waitForRegistry(system) { info in info.queued >= count }
}

private func waitForRegistry(_ system: System, _ condition: @escaping @Sendable (Yimen_Gateway_V1_ServiceInfo) -> Bool)
  async throws
{
  let deadline = ContinuousClock.now + .seconds(10)
  try await system.withClient { client in
    let registry = Yimen_Gateway_V1_Registry.Client(wrapping: client)
    while ContinuousClock.now < deadline {
      let services = try await registry.listServices(.with { $0.service = "yimen.echo.v1.Echo" })
      if let info = services.services.first, condition(info) { return }
      try await Task.sleep(for: .milliseconds(10))
    }
    throw SystemError.notReady("registry condition not met within 10 s")
  }
}

@Suite("The C integrator example", .serialized, .timeLimit(.minutes(2)))
struct CClientTests {
  /// Builds examples/c into a temporary directory; returns the client's path.
  static func build(into directory: URL) async throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let make = Process()
    make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
    make.arguments = ["-s", "-C", root.appendingPathComponent("examples/c").path, "BUILD=\(directory.path)"]
    try make.run()
    make.waitUntilExit()
    try #require(make.terminationStatus == 0, "make -C examples/c failed")
    return directory.appendingPathComponent("yimen_health_client").path
  }

  @Test("the C client checks health, follows a watch as an instance dies, and reports an error status")
  func cClient() async throws {
    let system = try await System.withEcho("echo-a")
    let client = try await Self.build(into: system.logs.appendingPathComponent("c-build"))

    let serving = try await system.runAbsolute(client, ["--gateway", system.frontend, "check", "yimen.echo.v1.Echo"])
    #expect(serving.status == 0)
    #expect(serving.out.contains("SERVING"))

    let unknown = try await system.runAbsolute(client, ["--gateway", system.frontend, "check", "no.Such"])
    #expect(unknown.status == 64 + 5)
    #expect(unknown.err.contains("NOT_FOUND"))

    try await system.startAbsolute(
      "c-watch",
      client,
      ["--gateway", system.frontend, "--timeout-ms", "0", "watch", "yimen.echo.v1.Echo", "--count", "2"],
      readyLine: "SERVING"
    )
    system.signal("echo-a", SIGKILL)
    #expect(await system.waitForExit("c-watch") == 0)
    #expect(system.logText("c-watch").contains("NOT_SERVING"))
  }
}
