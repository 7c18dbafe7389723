import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

/// `yimen`: the command-line client of a Yimen system.
@main
struct Yimen: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen",
    abstract: "Drive a Yimen government service centre system from the command line.",
    discussion: """
      Every command talks to the gateway at --gateway (default: $YIMEN_GATEWAY or
      tcp://127.0.0.1:5555). Failed calls print `error: CODE: message` and exit with 64 + the
      gRPC status code (e.g. 78 for UNAVAILABLE).
      """,
    subcommands: [
      Up.self, MattersCommand.self, WindowsCommand.self, StaffCommand.self, CaseCommand.self, CalendarCommand.self,
      DemoCommand.self, List.self, Describe.self, Call.self, Health.self, Stats.self,
    ]
  )
}

/// Runs a command body, turning RPC errors into `error: CODE: message` and exit 64 + code.
func reportingFailures(json: Bool, _ body: () async throws -> Void) async throws {
  do {
    try await body()
  } catch let error as RPCError {
    throw CallFailure.report(error, json: json)
  }
}

/// Writes a line to standard output at once (unbuffered), so progress reaches a pipe or log as it happens.
func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Prints rows as a table with aligned columns.
func printTable(_ header: [String], _ rows: [[String]]) {
  print(tableText(header, rows))
}

/// Rows as a table with aligned columns, one line per row; Chinese characters count as two columns.
/// Lines carry no trailing spaces, even when their last cells are empty.
func tableText(_ header: [String], _ rows: [[String]]) -> String {
  let all = [header] + rows
  var widths = header.map { _ in 0 }
  for row in all {
    for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) }
  }
  return all.map { row in
    var line = row.enumerated().map { index, cell in
      index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
    }
    .joined(separator: "  ")
    while line.last == " " { line.removeLast() }
    return line
  }
  .joined(separator: "\n")
}

/// A value, or "-" when there is none.
func orDash(_ text: String) -> String { text.isEmpty ? "-" : text }

/// Every line of a text indented by two spaces.
func indented(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
}

/// The columns a string takes in a terminal: East Asian wide characters take two.
func displayWidth(_ text: String) -> Int {
  text.unicodeScalars.reduce(0) { width, scalar in
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      width + 2
    default:
      width + 1
    }
  }
}

/// One message's JSON (swift-protobuf's canonical mapping).
func jsonText(_ message: some SwiftProtobuf.Message, pretty: Bool = false) throws -> String {
  var options = JSONEncodingOptions()
  options.alwaysPrintEnumsAsInts = false
  let compact = try message.jsonString(options: options)
  guard pretty, let data = compact.data(using: .utf8),
    let object = try? JSONSerialization.jsonObject(with: data),
    let prettyData = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
  else { return compact }
  return String(decoding: prettyData, as: UTF8.self)
}

extension Yimen {
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the services that have live instances.",
      discussion: "Example: yimen list"
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      try await reportingFailures(json: self.connection.json) {
        let response: Yimen_Gateway_V1_ListServicesResponse = try await self.connection.withClient { client in
          try await Yimen_Gateway_V1_Registry.Client(wrapping: client).listServices(
            request: .init(message: .init(), metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
        }
        if self.connection.json {
          print(try jsonText(response))
          return
        }
        printTable(
          ["SERVICE", "INSTANCES", "METHODS", "QUEUED"],
          response.services.map { [$0.name, "\($0.instances.count)", "\($0.methods.count)", "\($0.queued)"] }
        )
      }
    }
  }

  struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a service's methods, their message types and its live instances.",
      discussion: "Example: yimen describe grpc.health.v1.Health"
    )

    @Argument(help: "A fully qualified service name, e.g. yimen.echo.v1.Echo.")
    var service: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      try await reportingFailures(json: self.connection.json) {
        let response: Yimen_Gateway_V1_ListServicesResponse = try await self.connection.withClient { client in
          try await Yimen_Gateway_V1_Registry.Client(wrapping: client).listServices(
            request: .init(message: .with { $0.service = self.service }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
        }
        guard let info = response.services.first else { return }
        if self.connection.json {
          print(try jsonText(info))
          return
        }
        print("service \(info.name)")
        print("")
        var rows: [[String]] = []
        for method in info.methods {
          if let entry = MethodCatalog.entry(for: "/\(info.name)/\(method)") {
            rows.append([method, entry.kind, entry.input.protoMessageName, entry.output.protoMessageName])
          } else {
            rows.append([method, "?", "?", "?"])
          }
        }
        printTable(["METHOD", "KIND", "REQUEST", "RESPONSE"], rows)
        print("")
        printTable(
          ["INSTANCE", "ADDRESS", "UPTIME", "IN FLIGHT", "CAPACITY", "VERSION"],
          info.instances.map {
            [$0.id, $0.address, "\($0.uptimeMs / 1000)s", "\($0.inFlight)", "\($0.capacity)", $0.version]
          }
        )
      }
    }
  }

  struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Call a method with JSON in and JSON out.",
      discussion: """
        The request is a JSON object (protobuf's JSON mapping), from --data or standard input.
        For client- and bidirectional-streaming methods give a JSON array of objects: one
        message each. Responses print one JSON object per line.

        Examples:
          yimen call grpc.health.v1.Health/Check --data '{"service": ""}'
          echo '{"text": "one door"}' | yimen call yimen.echo.v1.Echo/Expand
          yimen call yimen.echo.v1.Echo/Collect --data '[{"text": "a"}, {"text": "b"}]'
        """
    )

    @Argument(help: "The method: package.Service/Method.")
    var method: String

    @Option(help: "The request as JSON (default: read standard input).")
    var data: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      guard let entry = MethodCatalog.entry(for: self.method) else {
        throw ValidationError(
          "Unknown method '\(self.method)'. `yimen list` and `yimen describe SERVICE` show what is served."
        )
      }
      let text = self.data ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
      let requests = try Self.parse(text, as: entry)
      let json = self.connection.json
      try await reportingFailures(json: json) {
        try await self.connection.invoke(path: entry.path, requests: requests) { bytes in
          let message = try entry.output.init(serializedBytes: bytes)
          print(try jsonText(message, pretty: !json && !entry.serverStreams))
        }
      }
    }

    /// Parses the JSON request text into serialized messages.
    static func parse(_ text: String, as entry: MethodCatalog.Entry) throws -> [[UInt8]] {
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.isEmpty else { throw ValidationError("No request: give --data JSON or JSON on standard input.") }
      var objects: [String] = [trimmed]
      if trimmed.hasPrefix("[") {
        guard entry.clientStreams else {
          throw ValidationError("\(entry.path) is \(entry.kind): it takes one JSON object, not an array.")
        }
        guard let array = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [Any] else {
          throw ValidationError("The request is not a valid JSON array.")
        }
        objects = try array.map { element in
          String(decoding: try JSONSerialization.data(withJSONObject: element), as: UTF8.self)
        }
      }
      return try objects.enumerated().map { index, object in
        do {
          return try entry.input.init(jsonString: object).serializedBytes()
        } catch {
          throw ValidationError("Request \(index + 1) is not a valid \(entry.input.protoMessageName): \(error)")
        }
      }
    }
  }

  struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show whether services are serving (all, or one); exits 1 when one is not (a probe).",
      discussion: "Examples: yimen health; yimen health yimen.echo.v1.Echo"
    )

    @Argument(help: "A fully qualified service name; all services when omitted.")
    var service: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      try await reportingFailures(json: self.connection.json) {
        if let service = self.service {
          let response: Grpc_Health_V1_HealthCheckResponse = try await self.connection.withClient { client in
            try await Grpc_Health_V1_Health.Client(wrapping: client).check(
              request: .init(message: .with { $0.service = service }, metadata: self.connection.metadata),
              options: self.connection.callOptions
            )
          }
          if self.connection.json {
            print(try jsonText(response))
          } else {
            print("\(service)  \(response.status.name)")
          }
          if response.status != .serving { throw ExitCode(1) }
          return
        }
        let response: Grpc_Health_V1_HealthListResponse = try await self.connection.withClient { client in
          try await Grpc_Health_V1_Health.Client(wrapping: client).list(
            request: .init(message: .init(), metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
        }
        if self.connection.json {
          print(try jsonText(response))
          return
        }
        printTable(
          ["SERVICE", "STATUS"],
          response.statuses.keys.sorted().map { [$0.isEmpty ? "(gateway)" : $0, response.statuses[$0]!.status.name] }
        )
        // A probe: exit 1 when a known service has no instance serving.
        if response.statuses.values.contains(where: { $0.status != .serving }) { throw ExitCode(1) }
      }
    }
  }

  struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show per-method call counts, errors and latency, and the gateway's counters.",
      discussion: "Example: yimen stats yimen.echo.v1.Echo"
    )

    @Argument(help: "Only this service's methods.")
    var service: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
      try await reportingFailures(json: self.connection.json) {
        let response: Yimen_Gateway_V1_GetStatsResponse = try await self.connection.withClient { client in
          try await Yimen_Gateway_V1_Registry.Client(wrapping: client).getStats(
            request: .init(message: .with { $0.service = self.service ?? "" }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
        }
        if self.connection.json {
          print(try jsonText(response))
          return
        }
        printTable(
          ["METHOD", "CALLS", "ERRORS", "P50 MS", "P99 MS"],
          response.methods.map {
            [
              $0.method, "\($0.calls)", "\($0.errors)", String(format: "%.2f", $0.p50Ms),
              String(format: "%.2f", $0.p99Ms),
            ]
          }
        )
        let counters = response.counters
        print("")
        print(
          "gateway: \(counters.calls) calls, \(counters.noInstance) without instance, \(counters.deadlineExceeded) past deadline, \(counters.queueFull) refused (queue full), \(counters.instancesLost) instances lost, \(counters.malformedFrames) malformed frames, \(counters.undeliverable) undeliverable"
        )
      }
    }
  }
}

extension Grpc_Health_V1_HealthCheckResponse.ServingStatus {
  var name: String {
    switch self {
    case .unknown: "UNKNOWN"
    case .serving: "SERVING"
    case .notServing: "NOT_SERVING"
    case .serviceUnknown: "SERVICE_UNKNOWN"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }
}
