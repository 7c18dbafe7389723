package import Logging
package import ServiceLifecycle

/// A job run every so often beside a service's server (a deadline check, an overdue sweep), as a
/// swift-service-lifecycle `Service`: it stops at graceful shutdown. A failed run is logged and the
/// next one comes at the usual time.
package struct PeriodicTask: Service {
  let name: String
  let interval: Duration
  let logger: Logger
  let body: @Sendable () async throws -> Void

  package init(
    name: String,
    every interval: Duration,
    logger: Logger,
    _ body: @escaping @Sendable () async throws -> Void
  ) {
    self.name = name
    self.interval = interval
    self.logger = logger
    self.body = body
  }

  package func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      do {
        try await self.body()
      } catch {
        self.logger.warning("\(self.name) failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return
      }
    }
  }
}
