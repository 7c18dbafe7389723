import EchoService
import GRPCCore
import Logging
import YimenGateway
import YimenProtos
import YimenTransport

/// A gateway and echo instances in this process, on real ZeroMQ TCP sockets on 127.0.0.1.
struct InProcessSystem {
  let gateway: Gateway
  let endpoints: Gateway.Endpoints
  let client: GRPCClient<ZMQClientTransport>

  var echo: Yimen_Echo_V1_Echo.Client<ZMQClientTransport> { .init(wrapping: self.client) }

  /// Waits (on the gateway's directory events) until `service` has `count` live instances.
  func waitForInstances(_ count: Int, of service: String = "yimen.echo.v1.Echo") async {
    for await _ in self.gateway.directory.changes() {
      if self.gateway.directory.instances(of: service) ?? 0 == count { return }
    }
  }

  /// Starts an echo instance connected to the gateway; it serves until the returned server stops.
  static func startInstance(
    _ name: String,
    backend: String,
    capacity: Int = 64,
    heartbeat: Duration = .milliseconds(100),
    in group: inout ThrowingDiscardingTaskGroup<any Error>
  ) throws -> GRPCServer<ZMQServerTransport> {
    let transport = try ZMQServerTransport(
      configuration: .init(endpoint: backend, instanceID: name, capacity: capacity, heartbeatInterval: heartbeat)
    )
    let server = GRPCServer(transport: transport, services: [EchoService(instance: name)])
    group.addTask { try await server.serve() }
    return server
  }

  /// Starts an echo instance outside any task group (for tests that start and stop instances
  /// while a call is open); stop it with `beginGracefulShutdown()`.
  static func startDetached(_ name: String, backend: String) throws -> GRPCServer<ZMQServerTransport> {
    let transport = try ZMQServerTransport(
      configuration: .init(endpoint: backend, instanceID: name, heartbeatInterval: .milliseconds(100))
    )
    let server = GRPCServer(transport: transport, services: [EchoService(instance: name)])
    Task { try await server.serve() }
    return server
  }

  /// Runs `body` against a gateway with `instances` echo instances, then stops everything.
  static func run(
    instances: Int = 1,
    capacity: Int = 64,
    queueLimit: Int = 1_000,
    serviceConfig: ServiceConfig = ServiceConfig(),
    _ body: @Sendable (InProcessSystem, inout ThrowingDiscardingTaskGroup<any Error>) async throws -> Void
  ) async throws {
    var logger = Logger(label: "test.gateway")
    logger.logLevel = .critical
    let gateway = try Gateway(
      configuration: .init(
        frontend: "tcp://127.0.0.1:*",
        backend: "tcp://127.0.0.1:*",
        queueLimit: queueLimit,
        shutdownGrace: .seconds(2)
      ),
      logger: logger
    )
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await gateway.run() }
      let endpoints = await gateway.listening()
      var servers: [GRPCServer<ZMQServerTransport>] = []
      for index in 0..<instances {
        servers.append(
          try startInstance("echo-\(index + 1)", backend: endpoints.backend, capacity: capacity, in: &group)
        )
      }
      let transport = try ZMQClientTransport(
        configuration: .init(endpoint: endpoints.frontend, serviceConfig: serviceConfig)
      )
      let client = GRPCClient(transport: transport)
      group.addTask { try await client.runConnections() }
      let system = InProcessSystem(gateway: gateway, endpoints: endpoints, client: client)
      if instances > 0 { await system.waitForInstances(instances) }
      do {
        try await body(system, &group)
      } catch {
        client.beginGracefulShutdown()
        for server in servers { server.beginGracefulShutdown() }
        gateway.requestShutdown()
        throw error
      }
      client.beginGracefulShutdown()
      for server in servers { server.beginGracefulShutdown() }
      gateway.requestShutdown()
    }
  }
}
