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
}
