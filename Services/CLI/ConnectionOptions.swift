import ArgumentParser
import Foundation
import GRPCCore
import YimenRuntime
import YimenTransport

/// The client transport the CLI uses.
typealias ZMQClient = ZMQClientTransport

/// Options every command that talks to the gateway takes.
struct ConnectionOptions: ParsableArguments {
  @Option(help: "The gateway's front endpoint (default: $YIMEN_GATEWAY or tcp://127.0.0.1:5555).")
  var gateway: String?

  @Option(help: "Give up after this many seconds (DEADLINE_EXCEEDED).")
  var timeout: Double = 10

  @Flag(help: "Print JSON for scripts instead of tables.")
  var json = false

  @Option(
    name: .customLong("as"),
    help: "Call as this principal: id=…;role=public|staff|management|supervisor|integrator|service[;department=…]."
  )
  var principal: String?

  func validate() throws {
    guard self.timeout > 0, self.timeout <= 86_400 else {
      throw ValidationError("--timeout must be between 0 and 86400 seconds.")
    }
    if let principal, Principal(parsing: principal) == nil {
      throw ValidationError("--as '\(principal)' is not of the form id=…;role=…[;department=…].")
    }
  }

  var endpoint: String { YimenEnvironment.gateway(self.gateway) }

  /// Call options with the deadline.
  var callOptions: CallOptions {
    var options = CallOptions.defaults
    options.timeout = .milliseconds(Int64(self.timeout * 1_000))
    return options
  }

  /// Request metadata with the principal, if one was given.
  var metadata: Metadata {
    var metadata = Metadata()
    if let principal { metadata.addString(principal, forKey: Principal.metadataKey) }
    return metadata
  }

  /// Runs `body` with a client connected to the gateway.
  func withClient<T: Sendable>(_ body: @Sendable (GRPCClient<ZMQClientTransport>) async throws -> T) async throws -> T {
    let transport = try ZMQClientTransport(
      configuration: .init(endpoint: self.endpoint, serviceConfig: .retryingUnavailable)
    )
    return try await withGRPCClient(transport: transport) { client in
      try await body(client)
    }
  }

  /// Runs `body` with the client of one service — `wrap` makes it, e.g.
  /// `Yimen_Cases_V1_Cases.Client.init(wrapping:)` — and reports a failed call as `error: CODE: message`,
  /// exiting with 64 + the status code.
  func withService<Service>(
    _ wrap: @escaping @Sendable (GRPCClient<ZMQClient>) -> Service,
    _ body: @escaping @Sendable (Service) async throws -> Void
  ) async throws {
    try await reportingFailures(json: self.json) {
      try await self.withClient { client in try await body(wrap(client)) }
    }
  }

  /// Calls a method with serialized requests, handing each serialized response to `onMessage`.
  func invoke(path: String, requests: [[UInt8]], onMessage: @escaping @Sendable ([UInt8]) throws -> Void) async throws {
    guard let descriptor = MethodDescriptor(wirePath: path.hasPrefix("/") ? path : "/" + path) else {
      throw ValidationError("'\(path)' is not of the form package.Service/Method.")
    }
    let metadata = self.metadata
    let options = self.callOptions
    try await self.withClient { client in
      let request = StreamingClientRequest<[UInt8]>(metadata: metadata) { writer in
        try await writer.write(contentsOf: requests)
      }
      try await client.bidirectionalStreaming(
        request: request,
        descriptor: descriptor,
        serializer: RawSerializer(),
        deserializer: RawDeserializer(),
        options: options
      ) { response in
        for try await message in response.messages {
          try onMessage(message)
        }
      }
    }
  }
}

/// Exit codes and messages for failed calls: like grpcurl, 64 + the gRPC status code.
enum CallFailure {
  static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// The status code's name, e.g. "FAILED_PRECONDITION".
  static func name(_ code: RPCError.Code) -> String {
    let value = Status.Code(code).rawValue
    return value < self.names.count ? self.names[value] : "CODE_\(value)"
  }

  /// Prints `error: CODE: message` to standard error and returns the exit code.
  static func report(_ error: RPCError, json: Bool) -> ExitCode {
    let code = Status.Code(error.code).rawValue
    let name = self.name(error.code)
    if json {
      let object: [String: Any] = ["code": code, "name": name, "message": error.message]
      if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
        FileHandle.standardError.write(data + Data("\n".utf8))
      }
    } else {
      FileHandle.standardError.write(Data("error: \(name): \(error.message)\n".utf8))
    }
    return ExitCode(Int32(64 + code))
  }
}
