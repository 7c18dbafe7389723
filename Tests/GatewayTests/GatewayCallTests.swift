import EchoService
import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenGateway
import YimenProtos
import YimenTransport

@Suite("Calls through the gateway (in-process, real ZeroMQ sockets)", .timeLimit(.minutes(1)))
struct GatewayCallTests {
  @Test("unary call with metadata and payload")
  func unary() async throws {
    try await InProcessSystem.run { system, _ in
      let response = try await system.echo.get(
        request: .init(
          message: .with {
            $0.text = "一门"; $0.payload = Data(repeating: 7, count: 100)
          },
          metadata: ["x-trace": "abc"]
        )
      )
      #expect(response.text == "一门")
      #expect(response.payload.count == 100)
      #expect(response.instance == "echo-1")
    }
  }

  @Test("server streaming returns one message per word, in order")
  func serverStreaming() async throws {
    try await InProcessSystem.run { system, _ in
      let words = try await system.echo.expand(.with { $0.text = "one door for all" }) { response in
        var words: [String] = []
        for try await message in response.messages { words.append(message.text) }
        return words
      }
      #expect(words == ["one", "door", "for", "all"])
    }
  }

  @Test("client streaming joins every request")
  func clientStreaming() async throws {
    try await InProcessSystem.run { system, _ in
      let response = try await system.echo.collect(
        request: .init { writer in
          for text in ["a", "b", "c"] { try await writer.write(.with { $0.text = text }) }
        }
      )
      #expect(response.text == "a b c")
    }
  }

  @Test("a request producer that throws ends the call at once, with its error")
  func producerFails() async throws {
    try await InProcessSystem.run { system, _ in
      let started = ContinuousClock.now
      let error = await #expect(throws: RPCError.self) {
        try await system.echo.collect(
          request: .init { writer in
            try await writer.write(.with { $0.text = "a" })
            throw RPCError(code: .aborted, message: "the producer gave up")
          }
        )
      }
      #expect(error?.code == .aborted)
      #expect(started.duration(to: .now) < .seconds(2))
      try await waitUntil { try await system.gateway.withBroker { $0.openCalls } == 0 }
    }
  }

  @Test("bidirectional streaming answers each request as it arrives")
  func bidirectional() async throws {
    try await InProcessSystem.run { system, _ in
      let (requests, continuation) = AsyncStream.makeStream(of: String.self)
      let answers = try await system.echo.update(
        request: .init { writer in
          for await text in requests { try await writer.write(.with { $0.text = text }) }
        }
      ) { response in
        var answers: [String] = []
        continuation.yield("first")
        for try await message in response.messages {
          answers.append(message.text)
          if answers.count == 1 { continuation.yield("second") } else { continuation.finish() }
        }
        return answers
      }
      #expect(answers == ["first", "second"])
    }
  }

  @Test("a service's error status and message pass through unchanged", arguments: [3, 5, 7, 9, 13, 16])
  func errorStatus(code: Int) async throws {
    try await InProcessSystem.run { system, _ in
      let error = await #expect(throws: RPCError.self) {
        try await system.echo.get(.with { $0.failCode = Int32(code) })
      }
      #expect(error?.code.rawValue == code)
      #expect(error?.message == "failing as asked (\(code))")
    }
  }

  @Test("a deadline passing while the instance works ends the call with DEADLINE_EXCEEDED")
  func deadlineWhileHeld() async throws {
    try await InProcessSystem.run { system, _ in
      var options = CallOptions.defaults
      options.timeout = .milliseconds(200)
      let started = ContinuousClock.now
      let error = await #expect(throws: RPCError.self) {
        try await system.echo.get(.with { $0.delayMs = 5_000 }, options: options)
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(started.duration(to: .now) < .seconds(3))
    }
  }

  @Test("a deadline passing while the call waits in the queue is enforced by the gateway")
  func deadlineWhileQueued() async throws {
    try await InProcessSystem.run(capacity: 1) { system, _ in
      let holder = Task { try await system.echo.get(.with { $0.delayMs = 600 }) }
      try await waitUntil { try await system.gateway.withBroker { $0.openCalls } == 1 }
      // A raw call with a 150 ms timeout waits behind it: only the gateway can answer it in time.
      let raw = try RawClient(endpoint: system.endpoints.frontend)
      defer { raw.close() }
      var headers = Yimen_Wire_V1_RequestHeaders()
      headers.method = "/yimen.echo.v1.Echo/Get"
      headers.timeoutMicros = 150_000
      try raw.send(
        Wire.call(
          tag: Wire.clientTag,
          id: 42,
          parts: [
            Wire.part(.headers, message: headers), Wire.part(.message, message: Yimen_Echo_V1_EchoRequest()),
            Wire.part(.end),
          ]
        )
      )
      let status = try raw.receiveStatus(callID: 42, within: .seconds(3))
      #expect(status.code == 4)
      #expect(status.message.contains("waiting for a free instance"))
      _ = try await holder.value
    }
  }

  @Test("a service with no instance fails at once with UNAVAILABLE")
  func noInstance() async throws {
    try await InProcessSystem.run(instances: 0) { system, _ in
      let started = ContinuousClock.now
      let error = await #expect(throws: RPCError.self) {
        try await system.echo.get(.with { $0.text = "anyone?" })
      }
      #expect(error?.code == .unavailable)
      #expect(error?.message.contains("yimen.echo.v1.Echo") == true)
      #expect(started.duration(to: .now) < .seconds(1))
    }
  }

  @Test("an unknown method of a known service is UNIMPLEMENTED")
  func unknownMethod() async throws {
    try await InProcessSystem.run { system, _ in
      let descriptor = MethodDescriptor(fullyQualifiedService: "yimen.echo.v1.Echo", method: "Shout")
      let error = await #expect(throws: RPCError.self) {
        try await system.client.unary(
          request: ClientRequest(message: Yimen_Echo_V1_EchoRequest()),
          descriptor: descriptor,
          serializer: ProtobufSerializer<Yimen_Echo_V1_EchoRequest>(),
          deserializer: ProtobufDeserializer<Yimen_Echo_V1_EchoResponse>(),
          options: .defaults
        ) { try $0.message }
      }
      #expect(error?.code == .unimplemented)
      #expect(error?.message.contains("Shout") == true)
    }
  }

  @Test("a full wait queue answers RESOURCE_EXHAUSTED and the queued call still completes")
  func queueFull() async throws {
    try await InProcessSystem.run(capacity: 1, queueLimit: 1) { system, _ in
      try await withThrowingTaskGroup(of: String.self) { group in
        // Occupies the only slot, then the only queue place.
        group.addTask {
          try await system.echo.get(
            .with {
              $0.text = "held"; $0.delayMs = 400
            }
          ).text
        }
        try await waitUntil { try await system.gateway.withBroker { $0.openCalls } == 1 }
        group.addTask { try await system.echo.get(.with { $0.text = "queued" }).text }
        try await waitUntil { try await system.gateway.withBroker { $0.openCalls } == 2 }
        let error = await #expect(throws: RPCError.self) {
          try await system.echo.get(.with { $0.text = "refused" })
        }
        #expect(error?.code == .resourceExhausted)
        var answered: Set<String> = []
        for try await text in group { answered.insert(text) }
        #expect(answered == ["held", "queued"])
      }
    }
  }

  @Test("calls spread over instances: the least loaded one gets the next call")
  func leastLoaded() async throws {
    try await InProcessSystem.run(instances: 2) { system, _ in
      let instances = try await withThrowingTaskGroup(of: String.self) { group in
        for _ in 0..<2 { group.addTask { try await system.echo.get(.with { $0.delayMs = 300 }).instance } }
        var seen: Set<String> = []
        for try await instance in group { seen.insert(instance) }
        return seen
      }
      #expect(instances == ["echo-1", "echo-2"])
    }
  }

  @Test("health and registry are served by the gateway")
  func healthAndRegistry() async throws {
    try await InProcessSystem.run(instances: 2) { system, _ in
      let health = Grpc_Health_V1_Health.Client(wrapping: system.client)
      #expect(try await health.check(.with { $0.service = "yimen.echo.v1.Echo" }).status == .serving)
      #expect(try await health.check(.with { $0.service = "" }).status == .serving)
      let unknown = await #expect(throws: RPCError.self) { try await health.check(.with { $0.service = "no.Such" }) }
      #expect(unknown?.code == .notFound)
      let registry = Yimen_Gateway_V1_Registry.Client(wrapping: system.client)
      _ = try await system.echo.get(.with { $0.text = "count me" })
      let services = try await registry.listServices(.with { $0.service = "yimen.echo.v1.Echo" })
      #expect(services.services.first?.methods == ["Collect", "Expand", "Get", "Update"])
      #expect(services.services.first?.instances.map(\.id).sorted() == ["echo-1", "echo-2"])
      let stats = try await registry.getStats(.with { $0.service = "yimen.echo.v1.Echo" })
      #expect(stats.methods.first { $0.method == "/yimen.echo.v1.Echo/Get" }?.calls == 1)
    }
  }

  @Test("Health.Watch reports NOT_SERVING when the last instance leaves, then SERVING again")
  func healthWatch() async throws {
    try await InProcessSystem.run(instances: 0) { system, _ in
      let health = Grpc_Health_V1_Health.Client(wrapping: system.client)
      let backend = system.endpoints.backend
      let statuses = try await health.watch(.with { $0.service = "yimen.echo.v1.Echo" }) { response in
        var statuses: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
        var server: GRPCServer<ZMQServerTransport>? = nil
        for try await message in response.messages {
          statuses.append(message.status)
          switch statuses.count {
          case 1, 3:
            server = try InProcessSystem.startDetached("echo-w", backend: backend)
          case 2:
            server?.beginGracefulShutdown()
          default:
            server?.beginGracefulShutdown()
            return statuses
          }
        }
        return statuses
      }
      #expect(statuses == [.serviceUnknown, .serving, .notServing, .serving])
    }
  }
}

@Suite("Gateway shutdown (in-process)", .timeLimit(.minutes(1)))
struct GatewayShutdownTests {
  @Test("at shutdown, health watchers are told NOT_SERVING before their stream ends")
  func watchersSeeNotServing() async throws {
    try await InProcessSystem.run { system, _ in
      let health = Grpc_Health_V1_Health.Client(wrapping: system.client)
      let (firstSeen, seen) = AsyncStream.makeStream(of: Void.self)
      let watch = Task {
        try await health.watch(.with { $0.service = "" }) { response in
          var statuses: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
          for try await message in response.messages {
            statuses.append(message.status)
            seen.yield()
          }
          return statuses
        }
      }
      for await _ in firstSeen { break }
      system.gateway.requestShutdown()
      let statuses = try await watch.value
      #expect(statuses == [.serving, .notServing])
    }
  }
}

/// Polls a condition on the gateway's state until it holds (bounded: fails after 5 s).
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
  let deadline = ContinuousClock.now + .seconds(5)
  while try await !condition() {
    guard ContinuousClock.now < deadline else {
      Issue.record("condition not reached within 5 s")
      return
    }
    await Task.yield()
    try await Task.sleep(for: .milliseconds(5))
  }
}
