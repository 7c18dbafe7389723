import Foundation
import GRPCCore
import GRPCInProcessTransport
import GRPCNIOTransportHTTP2
import YimenProtos
import YimenTransport

struct Options: Sendable {
  var settings = LoadSettings(warmup: .seconds(1), duration: .seconds(5))
  var concurrency = 64
  var payload = 100
  var target = ""
  var label = ""
  var rate: Double? = nil
  var maxInFlight = 4096
  var tick = Duration.milliseconds(1)
  var portFile = ""
  var maxSeconds = 900.0
  var instances = 1
  var waitSeconds = 30.0
  /// `wait`: the service whose instances to count.
  var service = "yimen.echo.v1.Echo"
  /// `matters`: which call (see MattersCall), and SearchMatters's query and page size;
  /// `cases`: which call (see CasesCall).
  var call = "search"
  var query = "许可"
  var pageSize = 20
}

/// Runs `body` with a client, then shuts the client down; `body` gets the Echo client.
func withEchoClient<Transport: ClientTransport>(
  _ transport: Transport,
  _ body: (Yimen_Echo_V1_Echo.Client<Transport>) async throws -> BenchResult
) async throws -> BenchResult {
  try await withGRPCClient(transport: transport) { client in
    try await body(Yimen_Echo_V1_Echo.Client(wrapping: client))
  }
}

/// Runs the load the options ask for: closed loop with `concurrency` callers, or open loop at `rate`.
func drive(_ options: Options, label: String, call: @escaping @Sendable () async throws -> Void) async -> BenchResult {
  if let rate = options.rate {
    return await openLoop(
      label: label,
      rate: rate,
      maxInFlight: options.maxInFlight,
      tick: options.tick,
      settings: options.settings,
      call: call
    )
  }
  return await closedLoop(label: label, concurrency: options.concurrency, settings: options.settings, call: call)
}

// (b) GRPCCore's in-process transport: client and server in this process, no bytes on a socket.
func runInProcess(_ options: Options) async throws -> BenchResult {
  let transport = InProcessTransport()
  let request = benchRequest(size: options.payload)
  return try await withGRPCServer(transport: transport.server, services: [BenchEchoService(instance: "in-process")]) {
    _ in
    try await withEchoClient(transport.client) { echo in
      await drive(
        options,
        label: options.label.isEmpty ? "inprocess" : options.label,
        call: echoCall(echo, request: request)
      )
    }
  }
}

// (c) server side: grpc-swift's HTTP/2 transport on 127.0.0.1, plaintext, in its own process.
func serveHTTP2(_ options: Options) async throws {
  let transport = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
  try await withGRPCServer(transport: transport, services: [BenchEchoService(instance: "http2-\(getpid())")]) { _ in
    let address = try await transport.listeningAddress
    guard let port = address.ipv4?.port else { throw BenchError("no IPv4 listening address: \(address)") }
    try "\(port)\n".write(toFile: options.portFile, atomically: true, encoding: .utf8)
    // Serve until killed (bench/run stops it by pid), and never longer than --max-seconds.
    try await Task.sleep(for: .seconds(options.maxSeconds))
  }
}

// (c) client side.
func runHTTP2(_ options: Options) async throws -> BenchResult {
  let parts = options.target.split(separator: ":")
  guard parts.count == 2, let port = Int(parts[1]) else { throw BenchError("--target must be HOST:PORT for http2") }
  let transport = try HTTP2ClientTransport.Posix(
    target: .ipv4(host: String(parts[0]), port: port),
    transportSecurity: .plaintext
  )
  let request = benchRequest(size: options.payload)
  return try await withEchoClient(transport) { echo in
    await drive(options, label: options.label.isEmpty ? "http2" : options.label, call: echoCall(echo, request: request))
  }
}

// (d) Yimen: ZMQClientTransport to the real yimen-gateway, which routes to yimen-echo processes.
func runYimen(_ options: Options) async throws -> BenchResult {
  let transport = try ZMQClientTransport(configuration: .init(endpoint: options.target))
  let request = benchRequest(size: options.payload)
  return try await withEchoClient(transport) { echo in
    await drive(options, label: options.label.isEmpty ? "yimen" : options.label, call: echoCall(echo, request: request))
  }
}

/// Waits until the gateway lists exactly `instances` instances of `service` and a call to it succeeds
/// (Echo/Get for yimen.echo.v1.Echo, SearchMatters for yimen.matters.v1.Matters, GetWindow of a window of the
/// demo hall for yimen.staffing.v1.Staffing; for other services the listing alone).
func waitForInstances(_ options: Options) async throws {
  let transport = try ZMQClientTransport(configuration: .init(endpoint: options.target))
  try await withGRPCClient(transport: transport) { client in
    let registry = Yimen_Gateway_V1_Registry.Client(wrapping: client)
    let echo = Yimen_Echo_V1_Echo.Client(wrapping: client)
    let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
    let staffing = Yimen_Staffing_V1_Staffing.Client(wrapping: client)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(options.waitSeconds)
    var last = "no answer"
    var options2 = CallOptions.defaults
    options2.timeout = .seconds(1)
    while clock.now < deadline {
      do {
        var request = Yimen_Gateway_V1_ListServicesRequest()
        request.service = options.service
        let listed = try await registry.listServices(request, options: options2)
        let count = listed.services.first { $0.name == options.service }?.instances.count ?? 0
        last = "\(count) instance(s) registered"
        if count == options.instances {
          switch options.service {
          case "yimen.echo.v1.Echo":
            _ = try await echo.get(benchRequest(size: options.payload), options: options2)
          case "yimen.matters.v1.Matters":
            var search = Yimen_Matters_V1_SearchMattersRequest()
            search.pageSize = 1
            _ = try await matters.searchMatters(search, options: options2)
          case "yimen.staffing.v1.Staffing":
            _ = try await staffing.getWindow(
              .with { $0.id = CasesWorkload.window },
              metadata: ["yimen-principal": .string(CasesWorkload.servicePrincipal)],
              options: options2
            )
          default:
            break
          }
          return
        }
      } catch {
        last = "\(error)"
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw BenchError(
      "gateway at \(options.target) did not list \(options.instances) instance(s) of \(options.service) "
        + "within \(options.waitSeconds) s: \(last)"
    )
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
