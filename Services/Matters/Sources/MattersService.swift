package import GRPCCore
import SwiftProtobuf
package import YimenProtos
import YimenRuntime
import YimenStorage

/// `yimen.matters.v1.Matters`: decodes the caller, runs the mutation once per request id,
/// and calls the catalogue.
package struct MattersService: Yimen_Matters_V1_Matters.ServiceProtocol {
  let catalog: MattersCatalog

  package init(catalog: MattersCatalog) {
    self.catalog = catalog
  }

  private typealias Request<T> = ServerRequest<T>

  package func searchMatters(request: ServerRequest<Yimen_Matters_V1_SearchMattersRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Matters_V1_SearchMattersResponse>
  {
    ServerResponse(
      message: try await self.catalog.search(request.message, as: try Principal(metadata: request.metadata))
    )
  }

  package func getMatter(request: ServerRequest<Yimen_Matters_V1_GetMatterRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Matters_V1_MatterDetail>
  {
    ServerResponse(
      message: try await self.catalog.detail(code: request.message.code, as: try Principal(metadata: request.metadata))
    )
  }

  package func createMatter(request: ServerRequest<Yimen_Matters_V1_CreateMatterRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Matters_V1_Matter>
  {
    try await self.catalog.store.change("CreateMatter", request, requestID: request.message.requestID) { principal in
      try await self.catalog.create(request.message.matter, as: principal)
    }
  }

  package func updateMatter(request: ServerRequest<Yimen_Matters_V1_UpdateMatterRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Matters_V1_Matter>
  {
    try await self.catalog.store.change("UpdateMatter", request, requestID: request.message.requestID) { principal in
      try await self.catalog.update(request.message.matter, as: principal)
    }
  }

  package func saveDraft(request: ServerRequest<Yimen_Matters_V1_SaveDraftRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Matters_V1_DocumentVersion>
  {
    try await self.catalog.store.change("SaveDraft", request, requestID: request.message.requestID) { principal in
      try await self.catalog.saveDraft(request.message, as: principal)
    }
  }

  package func publish(request: ServerRequest<Yimen_Matters_V1_PublishRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Matters_V1_DocumentVersion>
  {
    try await self.catalog.store.change("Publish", request, requestID: request.message.requestID) { principal in
      try await self.catalog.publish(code: request.message.matterCode, kind: request.message.kind, as: principal)
    }
  }

  package func getDocument(request: ServerRequest<Yimen_Matters_V1_GetDocumentRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Matters_V1_DocumentVersion>
  {
    let message = request.message
    return ServerResponse(
      message: try await self.catalog.document(
        code: message.matterCode,
        kind: message.kind,
        version: message.version,
        as: try Principal(metadata: request.metadata)
      )
    )
  }

  package func listVersions(request: ServerRequest<Yimen_Matters_V1_ListVersionsRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Matters_V1_ListVersionsResponse>
  {
    var response = Yimen_Matters_V1_ListVersionsResponse()
    response.versions = try await self.catalog.versions(
      code: request.message.matterCode,
      kind: request.message.kind,
      as: try Principal(metadata: request.metadata)
    )
    return ServerResponse(message: response)
  }

  package func recordGuideChange(
    request: ServerRequest<Yimen_Matters_V1_RecordGuideChangeRequest>,
    context: ServerContext
  )
    async throws -> ServerResponse<Yimen_Matters_V1_GuideChange>
  {
    try await self.catalog.store.change("RecordGuideChange", request, requestID: request.message.requestID) {
      principal in
      try await self.catalog.recordGuideChange(request.message, as: principal)
    }
  }

  package func submitEntryRequest(
    request: ServerRequest<Yimen_Matters_V1_SubmitEntryRequestRequest>,
    context: ServerContext
  )
    async throws -> ServerResponse<Yimen_Matters_V1_EntryRequest>
  {
    try await self.catalog.store.change("SubmitEntryRequest", request, requestID: request.message.requestID) {
      principal in
      try await self.catalog.submitEntryRequest(request.message, as: principal)
    }
  }

  package func reviewEntryRequest(
    request: ServerRequest<Yimen_Matters_V1_ReviewEntryRequestRequest>,
    context: ServerContext
  )
    async throws -> ServerResponse<Yimen_Matters_V1_EntryRequest>
  {
    try await self.catalog.store.change("ReviewEntryRequest", request, requestID: request.message.requestID) {
      principal in
      try await self.catalog.reviewEntryRequest(request.message, as: principal)
    }
  }

  package func listEntryRequests(
    request: ServerRequest<Yimen_Matters_V1_ListEntryRequestsRequest>,
    context: ServerContext
  )
    async throws -> ServerResponse<Yimen_Matters_V1_ListEntryRequestsResponse>
  {
    var response = Yimen_Matters_V1_ListEntryRequestsResponse()
    response.entryRequests = try await self.catalog.entryRequests(
      request.message,
      as: try Principal(metadata: request.metadata)
    )
    return ServerResponse(message: response)
  }

  package func subscribe(request: ServerRequest<Yimen_Events_V1_SubscribeRequest>, context: ServerContext) async throws
    -> StreamingServerResponse<Yimen_Events_V1_Event>
  {
    try Principal(metadata: request.metadata).requireFeedReader("matters")
    return StreamingServerResponse { writer in
      try await self.catalog.store.serveSubscription(request.message, writer: writer, context: context)
      return [:]
    }
  }
}
