package import GRPCCore
import SwiftProtobuf
package import YimenProtos
import YimenRuntime
import YimenStorage

/// `yimen.cases.v1.Cases`: decodes the caller, runs each change once per request id, and calls the
/// office. What other services must be asked (a matter's guide, a window) is asked before the change's
/// transaction begins.
package struct CasesService: Yimen_Cases_V1_Cases.ServiceProtocol {
  let office: CaseOffice

  package init(office: CaseOffice) {
    self.office = office
  }

  package func submitCase(request: ServerRequest<Yimen_Cases_V1_SubmitCaseRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change(
      "SubmitCase",
      request,
      requestID: request.message.requestID,
      prepare: { _ in try await self.office.prepare(request.message) }
    ) { principal, prepared in
      try await self.office.submit(prepared, as: principal)
    }
  }

  package func getCase(request: ServerRequest<Yimen_Cases_V1_GetCaseRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    ServerResponse(
      message: try await { principal in
        try await self.office.get(number: request.message.number, queryCode: request.message.queryCode, as: principal)
      }(try Principal(metadata: request.metadata))
    )
  }

  package func acceptCase(request: ServerRequest<Yimen_Cases_V1_AcceptCaseRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change(
      "AcceptCase",
      request,
      requestID: request.message.requestID,
      prepare: { principal in
        // The window is read from staffing, and a refusal recorded, before the transaction.
        let check = try await self.office.checkWindow(request.message.windowID, as: principal)
        try await self.office.screen(number: request.message.number, check)
        return check
      }
    ) { _, check in
      try await self.office.accept(number: request.message.number, check)
    }
  }

  package func rejectCase(request: ServerRequest<Yimen_Cases_V1_RejectCaseRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("RejectCase", request, requestID: request.message.requestID) { principal in
      try await self.office.reject(number: request.message.number, reason: request.message.reason, as: principal)
    }
  }

  package func requestSupplement(
    request: ServerRequest<Yimen_Cases_V1_RequestSupplementRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("RequestSupplement", request, requestID: request.message.requestID) {
      principal in
      try await self.office.requestSupplement(
        number: request.message.number,
        items: request.message.items,
        as: principal
      )
    }
  }

  package func resubmit(request: ServerRequest<Yimen_Cases_V1_ResubmitRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("Resubmit", request, requestID: request.message.requestID) { principal in
      try await self.office.resubmit(request.message, as: principal)
    }
  }

  package func startProcessing(request: ServerRequest<Yimen_Cases_V1_StartProcessingRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("StartProcessing", request, requestID: request.message.requestID) { principal in
      try await self.office.startProcessing(number: request.message.number, as: principal)
    }
  }

  package func startSpecialProcedure(
    request: ServerRequest<Yimen_Cases_V1_StartSpecialProcedureRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("StartSpecialProcedure", request, requestID: request.message.requestID) {
      principal in
      try await self.office.startSpecial(number: request.message.number, name: request.message.name, as: principal)
    }
  }

  package func endSpecialProcedure(
    request: ServerRequest<Yimen_Cases_V1_EndSpecialProcedureRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("EndSpecialProcedure", request, requestID: request.message.requestID) {
      principal in
      try await self.office.endSpecial(number: request.message.number, as: principal)
    }
  }

  package func decideCase(request: ServerRequest<Yimen_Cases_V1_DecideCaseRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("DecideCase", request, requestID: request.message.requestID) { principal in
      try await self.office.decide(request.message, as: principal)
    }
  }

  package func deliverResult(request: ServerRequest<Yimen_Cases_V1_DeliverResultRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("DeliverResult", request, requestID: request.message.requestID) { principal in
      try await self.office.deliver(request.message, as: principal)
    }
  }

  package func withdrawCase(request: ServerRequest<Yimen_Cases_V1_WithdrawCaseRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_Case>
  {
    try await self.office.store.change("WithdrawCase", request, requestID: request.message.requestID) { principal in
      try await self.office.withdraw(request.message, as: principal)
    }
  }

  package func listQueue(request: ServerRequest<Yimen_Cases_V1_ListQueueRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Cases_V1_ListQueueResponse>
  {
    ServerResponse(
      message: try await { principal in try await self.office.queue(request.message, as: principal) }(
        try Principal(metadata: request.metadata)
      )
    )
  }

  package func listOverdue(request: ServerRequest<Yimen_Cases_V1_ListOverdueRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_ListOverdueResponse>
  {
    ServerResponse(
      message: try await { principal in
        try await self.office.overdue(department: request.message.department, as: principal)
      }(try Principal(metadata: request.metadata))
    )
  }

  package func submitJointCase(request: ServerRequest<Yimen_Cases_V1_SubmitJointCaseRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_JointCase>
  {
    try await self.office.store.change(
      "SubmitJointCase",
      request,
      requestID: request.message.requestID,
      prepare: { _ in try await self.office.prepare(request.message) }
    ) { principal, prepared in
      try await self.office.submit(prepared, as: principal)
    }
  }

  package func getJointCase(request: ServerRequest<Yimen_Cases_V1_GetJointCaseRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_JointCase>
  {
    ServerResponse(
      message: try await { principal in
        try await self.office.joint(number: request.message.number, queryCode: request.message.queryCode, as: principal)
      }(try Principal(metadata: request.metadata))
    )
  }

  package func acceptJointCase(request: ServerRequest<Yimen_Cases_V1_AcceptJointCaseRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Cases_V1_JointCase>
  {
    try await self.office.store.change(
      "AcceptJointCase",
      request,
      requestID: request.message.requestID,
      prepare: { principal in
        // The window is read from staffing, and a refusal recorded, before the transaction.
        let check = try await self.office.checkWindow(request.message.windowID, as: principal)
        try await self.office.screenJoint(number: request.message.number, check)
        return check
      }
    ) { _, check in
      try await self.office.acceptJoint(number: request.message.number, check)
    }
  }

  package func requestJointSupplement(
    request: ServerRequest<Yimen_Cases_V1_RequestJointSupplementRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Cases_V1_JointCase>
  {
    try await self.office.store.change("RequestJointSupplement", request, requestID: request.message.requestID) {
      principal in
      try await self.office.requestJointSupplement(request.message, as: principal)
    }
  }

  package func subscribe(request: ServerRequest<Yimen_Events_V1_SubscribeRequest>, context: ServerContext) async throws
    -> StreamingServerResponse<Yimen_Events_V1_Event>
  {
    try Principal(metadata: request.metadata).requireFeedReader("cases")
    return StreamingServerResponse { writer in
      try await self.office.store.serveSubscription(request.message, writer: writer, context: context)
      return [:]
    }
  }
}
