import Foundation
package import GRPCCore
package import Logging
package import ServiceLifecycle
import UnixSignals
import YimenTransport

/// Runs a service executable: a GRPCServer on the ZeroMQ transport, connected to the gateway,
/// until SIGTERM or SIGINT; then it drains (no new calls, open ones finish) and exits.
package enum ServiceRunner {
  /// Serves `services` as instance of `name` until a shutdown signal.
  ///
  /// - Parameter background: Services that run beside the server (a client of other services, a
  ///   periodic task). They start first and stop last, after the server has drained, so that calls
  ///   still being served can use them.
  package static func run(
    name: String,
    version: String = "0.1.0",
    services: [any RegistrableRPCService],
    options: ServiceOptions,
    logger: Logger,
    background: [any Service] = []
  ) async throws {
    let instanceID = options.instanceID ?? "\(name)-\(ProcessInfo.processInfo.hostName)-\(getpid())"
    let transport = try ZMQServerTransport(
      configuration: .init(
        endpoint: YimenEnvironment.backend(options.backend),
        instanceID: instanceID,
        capacity: options.capacity,
        heartbeatInterval: .milliseconds(options.heartbeatMilliseconds),
        version: version
      )
    )
    let server = GRPCServer(transport: transport, services: services)
    var logger = logger
    logger[metadataKey: "instance.id"] = "\(instanceID)"
    logger.info(
      "serving",
      metadata: [
        "zmq.endpoint": "\(YimenEnvironment.backend(options.backend))", "service.capacity": "\(options.capacity)",
      ]
    )
    let group = ServiceGroup(
      services: background + [GRPCServerService(server: server)],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger
    )
    try await group.run()
    logger.info("stopped")
  }
}

/// A GRPCServer as a swift-service-lifecycle `Service`: graceful shutdown drains it.
package struct GRPCServerService<Transport: ServerTransport>: Service {
  let server: GRPCServer<Transport>

  package init(server: GRPCServer<Transport>) {
    self.server = server
  }

  package func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.server.serve()
    } onGracefulShutdown: {
      self.server.beginGracefulShutdown()
    }
  }
}

/// A GRPCClient as a swift-service-lifecycle `Service`: it runs the client's connections, and
/// graceful shutdown lets calls in flight finish.
package struct GRPCClientService<Transport: ClientTransport>: Service {
  let client: GRPCClient<Transport>

  package init(client: GRPCClient<Transport>) {
    self.client = client
  }

  package func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.client.runConnections()
    } onGracefulShutdown: {
      self.client.beginGracefulShutdown()
    }
  }
}
