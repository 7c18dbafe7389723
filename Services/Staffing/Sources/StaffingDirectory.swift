import Foundation
package import GRPCCore
import GRPCProtobuf
package import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
package import YimenStorage

/// The staffing domain over its database: every rule of staffing.proto, with no sockets in sight.
/// The gRPC handler decodes, calls one method here, and encodes.
///
/// The rules themselves are the plain types of this module (`Stationing`, `StaffMember.eligibility`,
/// `AdjustmentRequest`, `Window.openingCheck`, `ReturnNotice` …); this type loads what they judge,
/// records what they allow, and emits the events, each change in one transaction.
package struct StaffingDirectory: Sendable {
  package let store: Store
  package let calendar: WorkingDayCalendar
  package let matters: any MatterDirectory
  /// Today in Asia/Shanghai (a parameter so that tests can choose the day).
  package let today: @Sendable () -> LocalDate

  package init(
    store: Store,
    calendar: WorkingDayCalendar,
    matters: any MatterDirectory,
    today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }
  ) {
    self.store = store
    self.calendar = calendar
    self.matters = matters
    self.today = today
  }

  package typealias Leave = Yimen_Staffing_V1_Leave

  /// The centre itself, as the department of its own people (the purchased-service clerks of the
  /// comprehensive windows, §20). It is not a stationed department, so §29 does not concern it.
  package static let centre = "市政务服务中心"

  // MARK: Rows

  static func staff(_ id: String, in database: any SQLDatabase) async throws -> ProtoStaffRecord? {
    try await database.select().column("data").from("staff").where("id", .equal, SQLBind(id)).first()
      .map { try $0.message(ProtoStaffRecord.self) }
  }

  /// The staff member, or NOT_FOUND naming the field that referred to them.
  static func requireStaff(_ id: String, field: String, in database: any SQLDatabase) async throws
    -> ProtoStaffRecord
  {
    guard !id.isEmpty else { throw FieldViolations.single(field: field, StaffingIDs.staffIDRule) }
    guard let record = try await Self.staff(id, in: database) else {
      throw RPCError(code: .notFound, message: "No staff member \(id) (\(field)).")
    }
    return record
  }

  /// Staff records, filtered, in department and id order.
  static func staff(department: String? = nil, in database: any SQLDatabase) async throws -> [ProtoStaffRecord] {
    var query = database.select().column("data").from("staff")
    if let department { query = query.where("department", .equal, SQLBind(department)) }
    return try await query.orderBy("department").orderBy("id").all().map {
      try $0.message(ProtoStaffRecord.self)
    }
  }

  static func save(_ record: ProtoStaffRecord, new: Bool, in database: any SQLDatabase) async throws {
    var stored = record
    stored.clearFacts()
    stored.leave = []
    stored.windowID = ""
    stored.backupWindowIds = []
    let data: Data = try stored.serializedBytes()
    if new {
      try await database.insert(into: "staff").columns("id", "department", "state", "data")
        .values(
          SQLBind(record.member.id),
          SQLBind(record.member.department),
          SQLBind(record.state.rawValue),
          SQLBind(data)
        )
        .run()
    } else {
      try await database.update("staff").set("state", to: SQLBind(record.state.rawValue)).set("data", to: SQLBind(data))
        .where("id", .equal, SQLBind(record.member.id)).run()
    }
  }

  static func windows(in database: any SQLDatabase) async throws -> [ProtoWindow] {
    try await database.select().column("data").from("windows").orderBy("id").all()
      .map { try $0.message(ProtoWindow.self) }
  }

  static func requireWindow(_ id: String, in database: any SQLDatabase) async throws -> ProtoWindow {
    guard !id.isEmpty else { throw FieldViolations.single(field: "window_id", StaffingIDs.windowIDRule) }
    guard
      let window = try await database.select().column("data").from("windows").where("id", .equal, SQLBind(id))
        .first().map({ try $0.message(ProtoWindow.self) })
    else {
      throw RPCError(code: .notFound, message: "No window \(id).")
    }
    return window
  }

  /// Stores a window, stamping `updated_at_ms` on it (so that the caller returns what is stored).
  static func save(_ window: inout ProtoWindow, new: Bool, in database: any SQLDatabase) async throws {
    window.updatedAtMs = Clock.nowMilliseconds
    var stored = window
    stored.problems = []
    let data: Data = try stored.serializedBytes()
    if new {
      try await database.insert(into: "windows").columns("id", "department", "data")
        .values(SQLBind(window.id), SQLBind(window.department), SQLBind(data)).run()
    } else {
      try await database.update("windows").set("department", to: SQLBind(window.department))
        .set("data", to: SQLBind(data)).where("id", .equal, SQLBind(window.id)).run()
    }
  }

  static func leave(staffID: String? = nil, in database: any SQLDatabase) async throws -> [Leave] {
    var query = database.select().column("data").from("leave")
    if let staffID { query = query.where("staff_id", .equal, SQLBind(staffID)) }
    return try await query.orderBy("id").all().map { try $0.message(Leave.self) }
  }

  /// Inserts a row whose message carries the id the database gives it: inserts with `columns`,
  /// sets the id into the message and stores the message (column `data`) with it.
  static func insert<Message: SwiftProtobuf.Message>(
    _ message: inout Message,
    id: WritableKeyPath<Message, UInt64>,
    into table: String,
    columns: [String: any Encodable & Sendable],
    in database: any SQLDatabase
  ) async throws {
    let names = columns.keys.sorted()
    let row =
      try await database.insert(into: table).columns(names + ["data"])
      .values(names.map { SQLBind(columns[$0]!) } + [SQLBind(try message.serializedBytes() as Data)])
      .returning("id").first()
    let rowID = try row?.decode(column: "id", as: Int64.self) ?? 0
    message[keyPath: id] = UInt64(rowID)
    try await database.update(table).set("data", to: SQLBind(try message.serializedBytes() as Data))
      .where("id", .equal, SQLBind(rowID)).run()
  }

  // MARK: Rules over records

  /// The rules' view of a stored record.
  static func stationing(_ record: ProtoStaffRecord) throws -> Stationing {
    var violations = FieldViolations()
    let history = record.history.compactMap(Stationing.State.init)
    guard let member = StaffMember.from(record.member, field: "member", into: &violations),
      history.count == record.history.count, !history.isEmpty
    else {
      throw RPCError(code: .dataLoss, message: "The stored record of staff member \(record.member.id) is unreadable.")
    }
    return Stationing(restoring: member, history: history, waivers: [])
  }

  /// True while the person is at the centre: in probation or stationed.
  static func isOnPost(_ state: Yimen_Staffing_V1_StationingState) -> Bool {
    state == .probation || state == .stationed
  }

  /// The rules' view of a window's posts.
  static func rules(_ window: ProtoWindow) -> Window {
    Window(
      id: window.id,
      name: window.name,
      department: window.department,
      staffIDs: window.aStaffIds,
      backupID: window.bStaffID.isEmpty ? nil : window.bStaffID
    )
  }

  /// The overrides recorded with a person's waivers, to judge them again the same way.
  static func overrides(_ record: ProtoStaffRecord) -> [Override] {
    record.waivers.compactMap { waiver in
      guard let rule = StaffingRule(code: waiver.override.rule), let date = LocalDate(waiver.override.date) else {
        return nil
      }
      return try? Override(rule: rule, reason: waiver.override.reason, by: waiver.override.approvedBy, on: date)
    }
  }

  /// Refuses overrides from anyone but the centre's management.
  static func requireOverrideRight(_ overrides: [Yimen_Staffing_V1_Override], _ principal: Principal) throws(RPCError) {
    if !overrides.isEmpty {
      try principal.requireManagement(to: "override a rule")
    }
  }

  // MARK: Presenting

  /// A record with its posts, leave and the facts derived from its dates as of a day.
  static func present(
    _ record: ProtoStaffRecord,
    asOf date: LocalDate,
    windows: [ProtoWindow],
    leave: [Leave]
  ) throws -> ProtoStaffRecord {
    let stationing = try Self.stationing(record)
    var record = record
    let id = record.member.id
    record.windowID = windows.first { $0.aStaffIds.contains(id) }?.id ?? ""
    record.backupWindowIds = windows.filter { $0.bStaffID == id }.map(\.id)
    record.leave = leave.filter { $0.staffID == id }
    var facts = Yimen_Staffing_V1_StaffFacts()
    facts.asOf = date.description
    facts.age = UInt32(clamping: max(0, stationing.member.age(on: date)))
    facts.assessmentGroup = stationing.member.category.assessmentGroup
    if let tenure = stationing.tenure(on: date) {
      facts.tenureYears = UInt32(tenure.years)
      facts.tenureMonths = UInt32(tenure.months)
      facts.grassrootsExperience = tenure.countsAsGrassrootsExperience
      facts.recommendable = tenure.isRecommendable
      facts.rotationAllowedFrom = tenure.rotationAllowedFrom.description
      if stationing.endedOn == nil { facts.nextUniformDue = tenure.nextUniformDue.description }
    }
    facts.confirmableFrom = stationing.confirmableFrom?.description ?? ""
    facts.away = record.leave.contains { leave in
      guard let from = LocalDate(leave.from), let through = LocalDate(leave.through) else { return false }
      return from <= date && date <= through
    }
    record.facts = facts
    return record
  }

  /// A window as the caller may see it, with the reasons it could not open now.
  static func present(_ window: ProtoWindow, as principal: Principal) -> ProtoWindow {
    var window = window
    // A rule that names no staff member (nobody on post) is about the window itself.
    window.problems = Self.rules(window).openingCheck().violations.map { violation in
      var proto = violation.proto
      if proto.subject.isEmpty { proto.subject = window.id }
      return proto
    }
    if principal.role == .public {
      window.aStaffIds = []
      window.bStaffID = ""
      window.problems = []
    }
    return window
  }
}
