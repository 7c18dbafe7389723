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

  static let entries: [Entry] =
    service(
      "grpc.health.v1.Health",
      [
        ("Check", Grpc_Health_V1_HealthCheckRequest.self, Grpc_Health_V1_HealthCheckResponse.self, false, false),
        ("List", Grpc_Health_V1_HealthListRequest.self, Grpc_Health_V1_HealthListResponse.self, false, false),
        ("Watch", Grpc_Health_V1_HealthCheckRequest.self, Grpc_Health_V1_HealthCheckResponse.self, false, true),
      ]
    )
    + service(
      "yimen.gateway.v1.Registry",
      [
        (
          "ListServices", Yimen_Gateway_V1_ListServicesRequest.self, Yimen_Gateway_V1_ListServicesResponse.self, false,
          false
        ),
        ("GetStats", Yimen_Gateway_V1_GetStatsRequest.self, Yimen_Gateway_V1_GetStatsResponse.self, false, false),
      ]
    )
    + service(
      "yimen.echo.v1.Echo",
      [
        ("Get", Yimen_Echo_V1_EchoRequest.self, Yimen_Echo_V1_EchoResponse.self, false, false),
        ("Expand", Yimen_Echo_V1_EchoRequest.self, Yimen_Echo_V1_EchoResponse.self, false, true),
        ("Collect", Yimen_Echo_V1_EchoRequest.self, Yimen_Echo_V1_EchoResponse.self, true, false),
        ("Update", Yimen_Echo_V1_EchoRequest.self, Yimen_Echo_V1_EchoResponse.self, true, true),
      ]
    )
    + service(
      "yimen.matters.v1.Matters",
      [
        (
          "SearchMatters", Yimen_Matters_V1_SearchMattersRequest.self, Yimen_Matters_V1_SearchMattersResponse.self,
          false, false
        ),
        ("GetMatter", Yimen_Matters_V1_GetMatterRequest.self, Yimen_Matters_V1_MatterDetail.self, false, false),
        ("CreateMatter", Yimen_Matters_V1_CreateMatterRequest.self, Yimen_Matters_V1_Matter.self, false, false),
        ("UpdateMatter", Yimen_Matters_V1_UpdateMatterRequest.self, Yimen_Matters_V1_Matter.self, false, false),
        ("SaveDraft", Yimen_Matters_V1_SaveDraftRequest.self, Yimen_Matters_V1_DocumentVersion.self, false, false),
        ("Publish", Yimen_Matters_V1_PublishRequest.self, Yimen_Matters_V1_DocumentVersion.self, false, false),
        ("GetDocument", Yimen_Matters_V1_GetDocumentRequest.self, Yimen_Matters_V1_DocumentVersion.self, false, false),
        (
          "ListVersions", Yimen_Matters_V1_ListVersionsRequest.self, Yimen_Matters_V1_ListVersionsResponse.self, false,
          false
        ),
        (
          "RecordGuideChange", Yimen_Matters_V1_RecordGuideChangeRequest.self, Yimen_Matters_V1_GuideChange.self, false,
          false
        ),
        (
          "SubmitEntryRequest", Yimen_Matters_V1_SubmitEntryRequestRequest.self, Yimen_Matters_V1_EntryRequest.self,
          false, false
        ),
        (
          "ReviewEntryRequest", Yimen_Matters_V1_ReviewEntryRequestRequest.self, Yimen_Matters_V1_EntryRequest.self,
          false, false
        ),
        (
          "ListEntryRequests", Yimen_Matters_V1_ListEntryRequestsRequest.self,
          Yimen_Matters_V1_ListEntryRequestsResponse.self, false, false
        ),
        ("Subscribe", Yimen_Events_V1_SubscribeRequest.self, Yimen_Events_V1_Event.self, false, true),
      ]
    )
    + service(
      "yimen.staffing.v1.Staffing",
      [
        ("CreateWindow", Yimen_Staffing_V1_CreateWindowRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        ("UpdateWindow", Yimen_Staffing_V1_UpdateWindowRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        ("AssignPosts", Yimen_Staffing_V1_AssignPostsRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        ("OpenWindow", Yimen_Staffing_V1_OpenWindowRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        ("CloseWindow", Yimen_Staffing_V1_CloseWindowRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        ("GetWindow", Yimen_Staffing_V1_GetWindowRequest.self, Yimen_Staffing_V1_Window.self, false, false),
        (
          "ListWindows", Yimen_Staffing_V1_ListWindowsRequest.self, Yimen_Staffing_V1_ListWindowsResponse.self, false,
          false
        ),
        ("GetBoard", Yimen_Staffing_V1_GetBoardRequest.self, Yimen_Staffing_V1_Board.self, false, false),
        (
          "NominateStaff", Yimen_Staffing_V1_NominateStaffRequest.self, Yimen_Staffing_V1_StaffRecord.self, false, false
        ),
        (
          "ReviewNomination", Yimen_Staffing_V1_ReviewNominationRequest.self, Yimen_Staffing_V1_StaffRecord.self, false,
          false
        ),
        (
          "StartProbation", Yimen_Staffing_V1_StartProbationRequest.self, Yimen_Staffing_V1_StaffRecord.self, false,
          false
        ),
        (
          "ConfirmStationing", Yimen_Staffing_V1_ConfirmStationingRequest.self, Yimen_Staffing_V1_StaffRecord.self,
          false, false
        ),
        (
          "RequireReplacement", Yimen_Staffing_V1_RequireReplacementRequest.self, Yimen_Staffing_V1_StaffRecord.self,
          false, false
        ),
        ("ChangeRole", Yimen_Staffing_V1_ChangeRoleRequest.self, Yimen_Staffing_V1_StaffRecord.self, false, false),
        (
          "SubmitAdjustment", Yimen_Staffing_V1_SubmitAdjustmentRequest.self, Yimen_Staffing_V1_Adjustment.self, false,
          false
        ),
        ("RecordLeave", Yimen_Staffing_V1_RecordLeaveRequest.self, Yimen_Staffing_V1_Leave.self, false, false),
        ("GetStaff", Yimen_Staffing_V1_GetStaffRequest.self, Yimen_Staffing_V1_StaffRecord.self, false, false),
        ("ListStaff", Yimen_Staffing_V1_ListStaffRequest.self, Yimen_Staffing_V1_ListStaffResponse.self, false, false),
        (
          "DesignateChiefRepresentative", Yimen_Staffing_V1_DesignateChiefRepresentativeRequest.self,
          Yimen_Staffing_V1_Department.self, false, false
        ),
        ("GetDepartment", Yimen_Staffing_V1_GetDepartmentRequest.self, Yimen_Staffing_V1_Department.self, false, false),
        (
          "ListDepartments", Yimen_Staffing_V1_ListDepartmentsRequest.self,
          Yimen_Staffing_V1_ListDepartmentsResponse.self, false, false
        ),
        (
          "StartObservation", Yimen_Staffing_V1_StartObservationRequest.self, Yimen_Staffing_V1_Observation.self, false,
          false
        ),
        (
          "ListObservations", Yimen_Staffing_V1_ListObservationsRequest.self,
          Yimen_Staffing_V1_ListObservationsResponse.self, false, false
        ),
        (
          "RecordLeaderVisit", Yimen_Staffing_V1_RecordLeaderVisitRequest.self, Yimen_Staffing_V1_LeaderVisit.self,
          false, false
        ),
        (
          "GetVisitReport", Yimen_Staffing_V1_GetVisitReportRequest.self, Yimen_Staffing_V1_VisitReport.self, false,
          false
        ),
        (
          "IssueReturnNotice", Yimen_Staffing_V1_IssueReturnNoticeRequest.self, Yimen_Staffing_V1_ReturnNotice.self,
          false, false
        ),
        (
          "RecordReplacement", Yimen_Staffing_V1_RecordReplacementRequest.self, Yimen_Staffing_V1_ReturnNotice.self,
          false, false
        ),
        (
          "ListReturnNotices", Yimen_Staffing_V1_ListReturnNoticesRequest.self,
          Yimen_Staffing_V1_ListReturnNoticesResponse.self, false, false
        ),
        ("Subscribe", Yimen_Events_V1_SubscribeRequest.self, Yimen_Events_V1_Event.self, false, true),
      ]
    )
    + service(
      "yimen.cases.v1.Cases",
      [
        ("SubmitCase", Yimen_Cases_V1_SubmitCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("GetCase", Yimen_Cases_V1_GetCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("AcceptCase", Yimen_Cases_V1_AcceptCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("RejectCase", Yimen_Cases_V1_RejectCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("RequestSupplement", Yimen_Cases_V1_RequestSupplementRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("Resubmit", Yimen_Cases_V1_ResubmitRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("StartProcessing", Yimen_Cases_V1_StartProcessingRequest.self, Yimen_Cases_V1_Case.self, false, false),
        (
          "StartSpecialProcedure", Yimen_Cases_V1_StartSpecialProcedureRequest.self, Yimen_Cases_V1_Case.self, false,
          false
        ),
        (
          "EndSpecialProcedure", Yimen_Cases_V1_EndSpecialProcedureRequest.self, Yimen_Cases_V1_Case.self, false,
          false
        ),
        ("DecideCase", Yimen_Cases_V1_DecideCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("DeliverResult", Yimen_Cases_V1_DeliverResultRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("WithdrawCase", Yimen_Cases_V1_WithdrawCaseRequest.self, Yimen_Cases_V1_Case.self, false, false),
        ("ListQueue", Yimen_Cases_V1_ListQueueRequest.self, Yimen_Cases_V1_ListQueueResponse.self, false, false),
        ("ListOverdue", Yimen_Cases_V1_ListOverdueRequest.self, Yimen_Cases_V1_ListOverdueResponse.self, false, false),
        ("SubmitJointCase", Yimen_Cases_V1_SubmitJointCaseRequest.self, Yimen_Cases_V1_JointCase.self, false, false),
        ("GetJointCase", Yimen_Cases_V1_GetJointCaseRequest.self, Yimen_Cases_V1_JointCase.self, false, false),
        ("AcceptJointCase", Yimen_Cases_V1_AcceptJointCaseRequest.self, Yimen_Cases_V1_JointCase.self, false, false),
        (
          "RequestJointSupplement", Yimen_Cases_V1_RequestJointSupplementRequest.self, Yimen_Cases_V1_JointCase.self,
          false, false
        ),
        ("Subscribe", Yimen_Events_V1_SubscribeRequest.self, Yimen_Events_V1_Event.self, false, true),
      ]
    )
    + service(
      "yimen.calendar.v1.Calendar",
      [
        (
          "AddWorkingDays", Yimen_Calendar_V1_AddWorkingDaysRequest.self, Yimen_Calendar_V1_AddWorkingDaysResponse.self,
          false, false
        ),
        (
          "CountWorkingDays", Yimen_Calendar_V1_CountWorkingDaysRequest.self,
          Yimen_Calendar_V1_CountWorkingDaysResponse.self, false, false
        ),
        ("GetYear", Yimen_Calendar_V1_GetYearRequest.self, Yimen_Calendar_V1_GetYearResponse.self, false, false),
      ]
    )

  /// The entries of one service: (method, request type, response type, client streams, server streams).
  private static func service(
    _ name: String,
    _ methods: [(String, any SwiftProtobuf.Message.Type, any SwiftProtobuf.Message.Type, Bool, Bool)]
  ) -> [Entry] {
    methods.map { .init(path: "/\(name)/\($0.0)", input: $0.1, output: $0.2, clientStreams: $0.3, serverStreams: $0.4) }
  }

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
