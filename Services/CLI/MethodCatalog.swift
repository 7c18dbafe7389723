import SwiftProtobuf
import YimenProtos

/// The methods the CLI can encode and decode as JSON: every message compiled into Yimen.
///
/// Add a service's methods here when its proto is added; `yimen describe` and `yimen call`
/// read this table, and the registry tells which of them are live.
struct MethodCatalog {
  struct Entry {
    var path: String
    var input: any SwiftProtobuf.Message.Type
    var output: any SwiftProtobuf.Message.Type
    var clientStreams: Bool
    var serverStreams: Bool

    var kind: String {
      switch (self.clientStreams, self.serverStreams) {
      case (false, false): "unary"
      case (false, true): "server streaming"
      case (true, false): "client streaming"
      case (true, true): "bidirectional streaming"
      }
    }
  }

  static let entries: [Entry] = [
    .init(
      path: "/grpc.health.v1.Health/Check",
      input: Grpc_Health_V1_HealthCheckRequest.self,
      output: Grpc_Health_V1_HealthCheckResponse.self,
      clientStreams: false,
      serverStreams: false
    ),
    .init(
      path: "/grpc.health.v1.Health/List",
      input: Grpc_Health_V1_HealthListRequest.self,
      output: Grpc_Health_V1_HealthListResponse.self,
      clientStreams: false,
      serverStreams: false
    ),
    .init(
      path: "/grpc.health.v1.Health/Watch",
      input: Grpc_Health_V1_HealthCheckRequest.self,
      output: Grpc_Health_V1_HealthCheckResponse.self,
      clientStreams: false,
      serverStreams: true
    ),
    .init(
      path: "/yimen.gateway.v1.Registry/ListServices",
      input: Yimen_Gateway_V1_ListServicesRequest.self,
      output: Yimen_Gateway_V1_ListServicesResponse.self,
      clientStreams: false,
      serverStreams: false
    ),
    .init(
      path: "/yimen.gateway.v1.Registry/GetStats",
      input: Yimen_Gateway_V1_GetStatsRequest.self,
      output: Yimen_Gateway_V1_GetStatsResponse.self,
      clientStreams: false,
      serverStreams: false
    ),
    .init(
      path: "/yimen.echo.v1.Echo/Get",
      input: Yimen_Echo_V1_EchoRequest.self,
      output: Yimen_Echo_V1_EchoResponse.self,
      clientStreams: false,
      serverStreams: false
    ),
    .init(
      path: "/yimen.echo.v1.Echo/Expand",
      input: Yimen_Echo_V1_EchoRequest.self,
      output: Yimen_Echo_V1_EchoResponse.self,
      clientStreams: false,
      serverStreams: true
    ),
    .init(
      path: "/yimen.echo.v1.Echo/Collect",
      input: Yimen_Echo_V1_EchoRequest.self,
      output: Yimen_Echo_V1_EchoResponse.self,
      clientStreams: true,
      serverStreams: false
    ),
    .init(
      path: "/yimen.echo.v1.Echo/Update",
      input: Yimen_Echo_V1_EchoRequest.self,
      output: Yimen_Echo_V1_EchoResponse.self,
      clientStreams: true,
      serverStreams: true
    ),
  ]

  /// The entry for "/pkg.Service/Method" or "pkg.Service/Method".
  static func entry(for path: String) -> Entry? {
    let normalized = path.hasPrefix("/") ? path : "/" + path
    return self.entries.first { $0.path == normalized }
  }

  /// The entries of one service.
  static func entries(ofService service: String) -> [Entry] {
    self.entries.filter { $0.path.hasPrefix("/" + service + "/") }
  }
}
