package import GRPCCore
import SwiftProtobuf
package import YimenProtos

/// `grpc.health.v1.Health`, answered by the gateway: a service is SERVING while it has a live
/// instance; "" names the gateway itself, which is SERVING while it accepts calls. Once the
/// gateway begins to shut down everything reads NOT_SERVING, and watches get that before they end.
package struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  /// The service's name, as registered.
  package static let name = "grpc.health.v1.Health"

  let directory: ServiceDirectory

  package init(directory: ServiceDirectory) {
    self.directory = directory
  }

  package func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws
    -> Grpc_Health_V1_HealthCheckResponse
  {
    guard let status = self.status(of: request.service) else {
      throw RPCError(
        code: .notFound,
        message: "Unknown service '\(request.service)': no instance of it has ever registered."
      )
    }
    return .with { $0.status = status }
  }

  package func list(request: Grpc_Health_V1_HealthListRequest, context: ServerContext) async throws
    -> Grpc_Health_V1_HealthListResponse
  {
    var response = Grpc_Health_V1_HealthListResponse()
    for name in self.directory.instances.keys + [""] {
      response.statuses[name] = .with { $0.status = self.status(of: name) ?? .unknown }
    }
    return response
  }

  package func watch(
    request: Grpc_Health_V1_HealthCheckRequest,
    response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    var last: Grpc_Health_V1_HealthCheckResponse.ServingStatus? = nil
    for await _ in self.directory.changes() {
      let status = self.status(of: request.service) ?? .serviceUnknown
      if status != last {
        try await response.write(.with { $0.status = status })
        last = status
      }
    }
  }

  private func status(of service: String) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus? {
    if self.directory.isShuttingDown {
      return service.isEmpty || self.directory.instances(of: service) != nil ? .notServing : nil
    }
    if service.isEmpty { return .serving }
    return self.directory.instances(of: service).map { $0 > 0 ? .serving : .notServing }
  }
}

/// `yimen.gateway.v1.Registry`, answered from the broker's state on its loop thread.
package struct RegistryService: Yimen_Gateway_V1_Registry.SimpleServiceProtocol {
  let gateway: Gateway

  package func listServices(request: Yimen_Gateway_V1_ListServicesRequest, context: ServerContext) async throws
    -> Yimen_Gateway_V1_ListServicesResponse
  {
    let response = try await self.gateway.withBroker { broker in broker.listServices(filter: request.service, now: .now)
    }
    if !request.service.isEmpty && response.services.isEmpty {
      throw RPCError(code: .notFound, message: "Unknown service '\(request.service)'.")
    }
    return response
  }

  package func getStats(request: Yimen_Gateway_V1_GetStatsRequest, context: ServerContext) async throws
    -> Yimen_Gateway_V1_GetStatsResponse
  {
    try await self.gateway.withBroker { broker in broker.statistics(filter: request.service) }
  }
}
