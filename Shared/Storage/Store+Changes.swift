package import GRPCCore
package import SwiftProtobuf
package import YimenRuntime

extension Store {
  /// Answers a mutating RPC: runs `body` as the caller named in the request's metadata, once per
  /// (caller, request id) — see `once(method:requestID:caller:request:_:)`.
  package func change<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    _ method: String,
    _ request: ServerRequest<Request>,
    requestID: String,
    _ body: @escaping @Sendable (Principal) async throws -> Response
  ) async throws -> ServerResponse<Response> {
    let principal = try Principal(metadata: request.metadata)
    return ServerResponse(
      message: try await self.once(method: method, requestID: requestID, caller: principal.id, request: request.message)
      {
        _ in try await body(principal)
      }
    )
  }

  /// Answers a mutating RPC that must first ask other services (a lookup, a check): `prepare` runs
  /// outside any transaction and only when the request id has no answer yet, so a retry gets the
  /// first answer even if the other services are away or would now answer otherwise; then `body`
  /// runs once, as in `change(_:_:requestID:_:)`.
  package func change<Request: SwiftProtobuf.Message, Prepared: Sendable, Response: SwiftProtobuf.Message>(
    _ method: String,
    _ request: ServerRequest<Request>,
    requestID: String,
    prepare: (Principal) async throws -> Prepared,
    _ body: @escaping @Sendable (Principal, Prepared) async throws -> Response
  ) async throws -> ServerResponse<Response> {
    let principal = try Principal(metadata: request.metadata)
    if let answered: Response = try await self.answer(
      method: method,
      requestID: requestID,
      caller: principal.id,
      request: request.message
    ) {
      return ServerResponse(message: answered)
    }
    let prepared = try await prepare(principal)
    return try await self.change(method, request, requestID: requestID) { principal in
      try await body(principal, prepared)
    }
  }
}
