import ArgumentParser
import Logging
import ServiceLifecycle
import UnixSignals
import YimenGateway
import YimenRuntime

/// `yimen-gateway`: the one address clients need; routes calls to service instances.
@main
struct GatewayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-gateway",
    abstract: "The Yimen gateway: routes calls from clients to service instances over ZeroMQ.",
    discussion: """
      Clients connect to the front endpoint, service instances to the back endpoint. The gateway
      answers grpc.health.v1.Health and yimen.gateway.v1.Registry itself. SIGTERM or SIGINT stop
      it gracefully: new calls are refused, open calls get the grace period to finish.

      Environment: YIMEN_GATEWAY (front), YIMEN_GATEWAY_BACKEND (back), YIMEN_LOG_LEVEL.
      """
  )

  @Option(help: "Front endpoint for clients (default: $YIMEN_GATEWAY or tcp://127.0.0.1:5555).")
  var frontend: String?

  @Option(help: "Back endpoint for service instances (default: $YIMEN_GATEWAY_BACKEND or tcp://127.0.0.1:5556).")
  var backend: String?

  @Option(name: .customLong("queue-limit"), help: "Calls that may wait for a free instance, per service.")
  var queueLimit: Int = 1_000

  @Option(name: .customLong("grace-ms"), help: "How long open calls may take to finish after SIGTERM, in milliseconds.")
  var graceMilliseconds: Int = 10_000

  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel: String?

  func validate() throws {
    guard self.queueLimit >= 0 else { throw ValidationError("--queue-limit must not be negative.") }
    guard self.graceMilliseconds >= 0 else { throw ValidationError("--grace-ms must not be negative.") }
  }

  func run() async throws {
    LoggingSystem.bootstrapYimen(level: self.logLevel)
    let logger = Logger(label: "yimen.gateway")
    let gateway = try Gateway(
      configuration: .init(
        frontend: YimenEnvironment.gateway(self.frontend),
        backend: YimenEnvironment.backend(self.backend),
        queueLimit: self.queueLimit,
        shutdownGrace: .milliseconds(self.graceMilliseconds)
      ),
      logger: logger
    )
    let group = ServiceGroup(
      services: [GatewayService(gateway: gateway)],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger
    )
    try await group.run()
  }
}

/// The gateway as a swift-service-lifecycle `Service`.
struct GatewayService: Service {
  let gateway: Gateway

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.gateway.run()
    } onGracefulShutdown: {
      self.gateway.requestShutdown()
    }
  }
}
