import ArgumentParser
import GRPCCore
import Logging
import YimenProtos
import YimenRuntime
import Foundation

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
    try await ServiceRunner.run(name: "echo", services: [EchoService(instance: instance)], options: options, logger: logger)
  }
}

/// Every RPC kind, with knobs to delay and to fail.
struct EchoService: Yimen_Echo_V1_Echo.SimpleServiceProtocol {
  let instance: String

  private func answer(_ request: Yimen_Echo_V1_EchoRequest, text: String? = nil) async throws -> Yimen_Echo_V1_EchoResponse {
    if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(request.delayMs)) }
    if request.failCode != 0 {
      let code = RPCError.Code(Status.Code(rawValue: Int(request.failCode)) ?? .unknown) ?? .unknown
      throw RPCError(code: code, message: "failing as asked (\(request.failCode))")
    }
    var response = Yimen_Echo_V1_EchoResponse()
    response.text = text ?? request.text
    response.instance = self.instance
    response.payload = request.payload
    return response
  }

  func get(request: Yimen_Echo_V1_EchoRequest, context: ServerContext) async throws -> Yimen_Echo_V1_EchoResponse {
    try await self.answer(request)
  }

  func expand(request: Yimen_Echo_V1_EchoRequest, response: RPCWriter<Yimen_Echo_V1_EchoResponse>, context: ServerContext) async throws {
    for word in request.text.split(separator: " ") {
      try await response.write(try await self.answer(request, text: String(word)))
    }
  }

  func collect(request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>, context: ServerContext) async throws -> Yimen_Echo_V1_EchoResponse {
    var texts: [String] = []
    var last = Yimen_Echo_V1_EchoRequest()
    for try await message in request {
      texts.append(message.text)
      last = message
    }
    return try await self.answer(last, text: texts.joined(separator: " "))
  }

  func update(request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>, response: RPCWriter<Yimen_Echo_V1_EchoResponse>, context: ServerContext) async throws {
    for try await message in request {
      try await response.write(try await self.answer(message))
    }
  }
}
