import ArgumentParser
import EchoService
import Foundation
import Logging
import YimenRuntime

/// `yimen-echo`: the echo service, for end-to-end tests, benchmarks and integrator examples.
@main
struct EchoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-echo",
    abstract: "Serves yimen.echo.v1.Echo through the gateway (tests and benchmarks)."
  )

  @OptionGroup var options: ServiceOptions

  func run() async throws {
    LoggingSystem.bootstrapYimen(level: self.options.logLevel)
    let logger = Logger(label: "yimen.echo")
    let instance = self.options.instanceID ?? "echo-\(getpid())"
    var options = self.options
    options.instanceID = instance
    try await ServiceRunner.run(
      name: "echo",
      services: [EchoService(instance: instance)],
      options: options,
      logger: logger
    )
  }
}
