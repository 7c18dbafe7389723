package import GRPCCore

/// How one Yimen service reads from another through the gateway: as the principal
/// `id=<service>;role=service`, with a time limit, where NOT_FOUND means "there is none" and any
/// other failure means the other service cannot answer now.
package struct ServiceLookup: Sendable {
  /// The metadata naming the calling service.
  package let metadata: Metadata
  /// The options of each call: a deadline, so that a stalled service cannot hold a request.
  package let options: CallOptions

  /// Lookups made by the service `name`, each bounded by `timeout`.
  package init(as name: String, timeout: Duration = .seconds(5)) {
    self.metadata = [Principal.metadataKey: .string(Principal(id: name, role: .service).description)]
    var options = CallOptions.defaults
    options.timeout = timeout
    self.options = options
  }

  /// The answer of `call`, nil for NOT_FOUND.
  ///
  /// - Throws: UNAVAILABLE naming `what` for any other failure: the change that needed it cannot
  ///   go ahead now, and nothing was written.
  package func fetch<T: Sendable>(
    _ what: String,
    _ call: (Metadata, CallOptions) async throws -> T
  ) async throws -> T? {
    do {
      return try await call(self.metadata, self.options)
    } catch let error as RPCError where error.code == .notFound {
      return nil
    } catch let error as RPCError {
      throw RPCError(code: .unavailable, message: "Cannot read \(what): \(error.code): \(error.message)")
    }
  }
}
