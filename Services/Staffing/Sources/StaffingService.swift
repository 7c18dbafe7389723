package import GRPCCore
import SwiftProtobuf
package import YimenProtos
import YimenRuntime
import YimenStorage

/// `yimen.staffing.v1.Staffing`: decodes the caller, runs each change once per request id, and
/// calls the directory.
package struct StaffingService: Yimen_Staffing_V1_Staffing.ServiceProtocol {
  let directory: StaffingDirectory

  package init(directory: StaffingDirectory) {
    self.directory = directory
  }

  package func createWindow(request: ServerRequest<Yimen_Staffing_V1_CreateWindowRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    // Matter codes are checked with the matters service before the change's transaction begins.
    try await self.directory.store.change(
      "CreateWindow",
      request,
      requestID: request.message.requestID,
      prepare: { principal in try await self.directory.check(request.message.window, as: principal) }
    ) { principal, checked in
      try await self.directory.createWindow(checked, as: principal)
    }
  }

  package func updateWindow(request: ServerRequest<Yimen_Staffing_V1_UpdateWindowRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    // Matter codes are checked with the matters service before the change's transaction begins.
    try await self.directory.store.change(
      "UpdateWindow",
      request,
      requestID: request.message.requestID,
      prepare: { principal in try await self.directory.check(request.message.window, as: principal) }
    ) { principal, checked in
      try await self.directory.updateWindow(checked, as: principal)
    }
  }

  package func assignPosts(request: ServerRequest<Yimen_Staffing_V1_AssignPostsRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    try await self.directory.store.change("AssignPosts", request, requestID: request.message.requestID) { principal in
      try await self.directory.assignPosts(request.message, as: principal)
    }
  }

  package func openWindow(request: ServerRequest<Yimen_Staffing_V1_OpenWindowRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    try await self.directory.store.change("OpenWindow", request, requestID: request.message.requestID) { principal in
      try await self.directory.openWindow(id: request.message.windowID, as: principal)
    }
  }

  package func closeWindow(request: ServerRequest<Yimen_Staffing_V1_CloseWindowRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    try await self.directory.store.change("CloseWindow", request, requestID: request.message.requestID) { principal in
      try await self.directory.closeWindow(id: request.message.windowID, reason: request.message.reason, as: principal)
    }
  }

  package func getWindow(request: ServerRequest<Yimen_Staffing_V1_GetWindowRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Window>
  {
    try await self.read(request) { principal in
      try await self.directory.window(id: request.message.id, as: principal)
    }
  }

  package func listWindows(request: ServerRequest<Yimen_Staffing_V1_ListWindowsRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_ListWindowsResponse>
  {
    try await self.read(request) { principal in
      let windows = try await self.directory.windows(request.message, as: principal)
      return .with { $0.windows = windows }
    }
  }

  package func getBoard(request: ServerRequest<Yimen_Staffing_V1_GetBoardRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Staffing_V1_Board>
  {
    try await self.read(request) { principal in
      try await self.directory.board(date: request.message.date, as: principal)
    }
  }

  package func nominateStaff(request: ServerRequest<Yimen_Staffing_V1_NominateStaffRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("NominateStaff", request, requestID: request.message.requestID) { principal in
      try await self.directory.nominate(request.message, as: principal)
    }
  }

  package func reviewNomination(
    request: ServerRequest<Yimen_Staffing_V1_ReviewNominationRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("ReviewNomination", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.review(request.message, as: principal)
    }
  }

  package func startProbation(request: ServerRequest<Yimen_Staffing_V1_StartProbationRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("StartProbation", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.startProbation(
        staffID: request.message.staffID,
        date: request.message.date,
        as: principal
      )
    }
  }

  package func confirmStationing(
    request: ServerRequest<Yimen_Staffing_V1_ConfirmStationingRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("ConfirmStationing", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.confirm(staffID: request.message.staffID, date: request.message.date, as: principal)
    }
  }

  package func requireReplacement(
    request: ServerRequest<Yimen_Staffing_V1_RequireReplacementRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("RequireReplacement", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.requireReplacement(
        staffID: request.message.staffID,
        reason: request.message.reason,
        date: request.message.date,
        as: principal
      )
    }
  }

  package func changeRole(request: ServerRequest<Yimen_Staffing_V1_ChangeRoleRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.directory.store.change("ChangeRole", request, requestID: request.message.requestID) { principal in
      try await self.directory.changeRole(request.message, as: principal)
    }
  }

  package func submitAdjustment(
    request: ServerRequest<Yimen_Staffing_V1_SubmitAdjustmentRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_Adjustment>
  {
    try await self.directory.store.change("SubmitAdjustment", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.adjust(request.message, as: principal)
    }
  }

  package func recordLeave(request: ServerRequest<Yimen_Staffing_V1_RecordLeaveRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Leave>
  {
    try await self.directory.store.change("RecordLeave", request, requestID: request.message.requestID) { principal in
      try await self.directory.recordLeave(request.message.leave, as: principal)
    }
  }

  package func getStaff(request: ServerRequest<Yimen_Staffing_V1_GetStaffRequest>, context: ServerContext) async throws
    -> ServerResponse<Yimen_Staffing_V1_StaffRecord>
  {
    try await self.read(request) { principal in
      try await self.directory.staffMember(id: request.message.staffID, asOf: request.message.asOf, as: principal)
    }
  }

  package func listStaff(request: ServerRequest<Yimen_Staffing_V1_ListStaffRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_ListStaffResponse>
  {
    try await self.read(request) { principal in
      let staff = try await self.directory.staffList(request.message, as: principal)
      return .with { $0.staff = staff }
    }
  }

  package func designateChiefRepresentative(
    request: ServerRequest<Yimen_Staffing_V1_DesignateChiefRepresentativeRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_Department>
  {
    try await self.directory.store.change("DesignateChiefRepresentative", request, requestID: request.message.requestID)
    { principal in
      try await self.directory.designateChief(request.message, as: principal)
    }
  }

  package func getDepartment(request: ServerRequest<Yimen_Staffing_V1_GetDepartmentRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_Department>
  {
    try await self.read(request) { principal in
      try await self.directory.department(name: request.message.name, as: principal)
    }
  }

  package func listDepartments(request: ServerRequest<Yimen_Staffing_V1_ListDepartmentsRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_ListDepartmentsResponse>
  {
    try await self.read(request) { principal in
      let departments = try await self.directory.departments(problemsOnly: request.message.problemsOnly, as: principal)
      return .with { $0.departments = departments }
    }
  }

  package func startObservation(
    request: ServerRequest<Yimen_Staffing_V1_StartObservationRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_Observation>
  {
    try await self.directory.store.change("StartObservation", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.startObservation(request.message, as: principal)
    }
  }

  package func listObservations(
    request: ServerRequest<Yimen_Staffing_V1_ListObservationsRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_ListObservationsResponse>
  {
    try await self.read(request) { principal in
      let observations = try await self.directory.observations(request.message, as: principal)
      return .with { $0.observations = observations }
    }
  }

  package func recordLeaderVisit(
    request: ServerRequest<Yimen_Staffing_V1_RecordLeaderVisitRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_LeaderVisit>
  {
    try await self.directory.store.change("RecordLeaderVisit", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.recordVisit(request.message.visit, as: principal)
    }
  }

  package func getVisitReport(request: ServerRequest<Yimen_Staffing_V1_GetVisitReportRequest>, context: ServerContext)
    async throws
    -> ServerResponse<Yimen_Staffing_V1_VisitReport>
  {
    try await self.read(request) { principal in
      try await self.directory.visitReport(from: request.message.from, through: request.message.through, as: principal)
    }
  }

  package func issueReturnNotice(
    request: ServerRequest<Yimen_Staffing_V1_IssueReturnNoticeRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_ReturnNotice>
  {
    try await self.directory.store.change("IssueReturnNotice", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.issueNotice(request.message.notice, as: principal)
    }
  }

  package func recordReplacement(
    request: ServerRequest<Yimen_Staffing_V1_RecordReplacementRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_ReturnNotice>
  {
    try await self.directory.store.change("RecordReplacement", request, requestID: request.message.requestID) {
      principal in
      try await self.directory.recordReplacement(request.message, as: principal)
    }
  }

  package func listReturnNotices(
    request: ServerRequest<Yimen_Staffing_V1_ListReturnNoticesRequest>,
    context: ServerContext
  ) async throws
    -> ServerResponse<Yimen_Staffing_V1_ListReturnNoticesResponse>
  {
    try await self.read(request) { principal in
      let notices = try await self.directory.notices(request.message, as: principal)
      return .with { $0.notices = notices }
    }
  }

  package func subscribe(request: ServerRequest<Yimen_Events_V1_SubscribeRequest>, context: ServerContext) async throws
    -> StreamingServerResponse<Yimen_Events_V1_Event>
  {
    try Principal(metadata: request.metadata).requireFeedReader("staffing")
    return StreamingServerResponse { writer in
      try await self.directory.store.serveSubscription(request.message, writer: writer, context: context)
      return [:]
    }
  }

  /// Runs a read as the caller named in the metadata.
  private func read<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    _ request: ServerRequest<Request>,
    _ body: (Principal) async throws -> Response
  ) async throws -> ServerResponse<Response> {
    ServerResponse(message: try await body(try Principal(metadata: request.metadata)))
  }

}
