import Foundation
package import GRPCCore
import GRPCProtobuf
package import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
package import YimenStorage

package typealias ProtoCase = Yimen_Cases_V1_Case
package typealias ProtoJointCase = Yimen_Cases_V1_JointCase

/// The cases domain over its database: every rule of cases.proto, with no sockets in sight. The gRPC
/// handler decodes, calls one method here, and encodes.
///
/// Each change loads the case, checks the step against its state (`CaseStep`), the caller, and the
/// rules (`OneTimeNotice`, `CaseClock`), records it in the history and emits its event, in one
/// transaction. Matters and windows are read from the other services before a transaction begins.
package struct CaseOffice: Sendable {
  package let store: Store
  package let calendar: WorkingDayCalendar
  package let guides: any MatterGuides
  package let windows: any HallWindows
  /// Working days before the due date that a warning is emitted.
  package let warningDays: Int
  /// Today in Asia/Shanghai (a parameter so that tests can choose the day).
  package let today: @Sendable () -> LocalDate

  package init(
    store: Store,
    calendar: WorkingDayCalendar,
    guides: any MatterGuides,
    windows: any HallWindows,
    warningDays: Int = 2,
    today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }
  ) {
    self.store = store
    self.calendar = calendar
    self.guides = guides
    self.windows = windows
    self.warningDays = warningDays
    self.today = today
  }

  var clock: CaseClock { CaseClock(calendar: self.calendar) }

  /// The history's `by` for steps the applicant takes and those the service takes itself.
  static let applicant = "applicant"
  static let system = "system"

  // MARK: Rows

  static func record(_ number: String, in database: any SQLDatabase) async throws -> ProtoCase? {
    try await database.select().column("data").from("cases").where("number", .equal, SQLBind(number)).first()
      .map { try $0.message(ProtoCase.self) }
  }

  /// The case, or NOT_FOUND.
  static func requireCase(_ number: String, in database: any SQLDatabase) async throws -> ProtoCase {
    guard !number.isEmpty else { throw FieldViolations.single(field: "number", "Required: the case number.") }
    guard let record = try await Self.record(number, in: database) else {
      throw RPCError(code: .notFound, message: "No case \(number) (or the query code does not match).")
    }
    return record
  }

  /// Stores a case: its row columns follow its message.
  static func save(_ record: inout ProtoCase, new: Bool, in database: any SQLDatabase) async throws {
    record.updatedAtMs = Clock.nowMilliseconds
    let data: Data = try record.serializedBytes()
    let open = record.state.isUnderDeadline ? 1 : 0
    if new {
      try await database.insert(into: "cases")
        .columns("number", "department", "matter_code", "state", "window_id", "joint_number", "open", "data")
        .values(
          SQLBind(record.number),
          SQLBind(record.department),
          SQLBind(record.matterCode),
          SQLBind(record.state.rawValue),
          SQLBind(record.acceptedWindowID),
          SQLBind(record.jointNumber),
          SQLBind(open),
          SQLBind(data)
        )
        .run()
    } else {
      try await database.update("cases")
        .set("state", to: SQLBind(record.state.rawValue))
        .set("window_id", to: SQLBind(record.acceptedWindowID))
        .set("open", to: SQLBind(open))
        .set("data", to: SQLBind(data))
        .where("number", .equal, SQLBind(record.number))
        .run()
    }
  }

  /// The next number of a day: `20261125-00042` (or with a prefix, `J20261125-00007`); unique across
  /// instances because it is taken in the writing transaction.
  static func nextNumber(on day: LocalDate, prefix: String = "", in database: any SQLDatabase) async throws -> String {
    let compact = day.description.replacingOccurrences(of: "-", with: "")
    let key = prefix + compact
    let row = try await database.raw(
      """
      INSERT INTO case_sequences (day, last) VALUES (\(bind: key), 1)
      ON CONFLICT (day) DO UPDATE SET last = case_sequences.last + 1
      RETURNING last
      """
    ).first()
    let sequence = try row?.decode(column: "last", as: Int.self) ?? 1
    return key + "-" + String(format: "%05d", sequence)
  }

  /// The letters of query codes: no 0/O, 1/I/L, so that a code read aloud or copied by hand is right.
  static let queryCodeAlphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

  /// An 8-character query code for the applicant, e.g. `K7M2QX9D`: 31^8 ≈ 8.5 × 10^11 codes, so a
  /// case cannot be found by guessing.
  static func newQueryCode() -> String {
    var generator = SystemRandomNumberGenerator()
    return String((0..<8).map { _ in Self.queryCodeAlphabet.randomElement(using: &generator)! })
  }

  // MARK: Steps

  /// Appends a step to the history and moves the case to `state`.
  static func record(
    _ record: inout ProtoCase,
    _ action: String,
    to state: CaseState,
    by: String,
    on date: LocalDate,
    window: String = "",
    note: String = ""
  ) {
    record.state = state
    record.history.append(
      .with {
        $0.state = state
        $0.action = action
        $0.atMs = Clock.nowMilliseconds
        $0.date = date.description
        $0.by = by
        $0.windowID = window
        $0.note = note
      }
    )
  }

  /// Refuses a step the case's state does not allow (FAILED_PRECONDITION `transition`).
  static func require(_ step: CaseStep, _ record: ProtoCase) throws(GoogleRPCStatus) {
    guard step.allowedFrom.contains(record.state) else {
      throw GoogleRPCStatus.failedPrecondition(
        "transition",
        subject: record.number,
        "Cannot \(step.phrase) case \(record.number): it is \(record.state.label); this step needs "
          + step.allowedFrom.sorted { $0.rawValue < $1.rawValue }.map(\.label).joined(separator: " or ") + "."
      )
    }
  }

  /// Emits the event of a change to a case, and returns the case as presented today.
  func changed(_ record: inout ProtoCase, event: String, in database: any SQLDatabase) async throws -> ProtoCase {
    try await Self.save(&record, new: false, in: database)
    let presented = self.present(record)
    try await Self.emit(event, presented, in: database)
    return presented
  }

  /// Records an event about a case. The feed goes to supervisors and services, never to the applicant:
  /// the query code is left out.
  static func emit(_ type: String, _ record: ProtoCase, in database: any SQLDatabase) async throws {
    var payload = record
    payload.queryCode = ""
    try await Store.append(type: type, subject: record.number, payload: payload, in: database)
  }

  /// Records an event about a joint case, without query codes.
  static func emit(_ type: String, _ joint: ProtoJointCase, in database: any SQLDatabase) async throws {
    var payload = joint
    payload.queryCode = ""
    for index in payload.cases.indices { payload.cases[index].queryCode = "" }
    try await Store.append(type: type, subject: joint.number, payload: payload, in: database)
  }

  // MARK: Who may do what

  /// Staff (or an integrator) of the case's department, or the centre's management.
  static func requireHandler(_ record: ProtoCase, _ principal: Principal, to action: String) throws(RPCError) {
    try principal.requireDepartmentOrManagement(record.department, to: action)
  }

  /// The applicant (by the query code), staff of the case's department, or management.
  static func requireApplicant(_ record: ProtoCase, queryCode: String, _ principal: Principal) throws(RPCError) {
    if principal.role == .management || principal.actsFor(record.department) { return }
    guard !queryCode.isEmpty, queryCode == record.queryCode else {
      throw RPCError(code: .notFound, message: "No case \(record.number) (or the query code does not match).")
    }
  }

  /// Anyone who may read the case: the applicant with its query code, its department, the centre.
  static func requireReader(_ record: ProtoCase, queryCode: String, _ principal: Principal) throws(RPCError) {
    if principal.isCentre { return }
    try Self.requireApplicant(record, queryCode: queryCode, principal)
  }

  // MARK: Presenting

  /// A case with its deadline and overdue flag as of today.
  func present(_ record: ProtoCase) -> ProtoCase {
    var record = record
    let today = self.today()
    guard let acceptedOn = LocalDate(record.acceptedOn), record.promisedLimitDays > 0,
      let promised = try? WorkingDays(record.promisedLimitDays)
    else { return record }
    let paused = self.clock.pausedDays(record, today: today)
    let deadline = self.clock.deadline(acceptedOn: acceptedOn, promised: promised, paused: paused)
    record.pausedWorkingDays = UInt32(paused)
    record.dueDate = deadline.date.description
    record.dueAtNoon = deadline.time == .noon
    let decidedOn = LocalDate(record.decision.decidedOn)
    record.overdue = (decidedOn ?? today) > deadline.date && record.state != .withdrawn
    return record
  }

  /// The case as the caller may see it: the query code only for the applicant and the department.
  func present(_ record: ProtoCase, for principal: Principal) -> ProtoCase {
    var presented = self.present(record)
    if principal.isCentre && principal.role != .management { presented.queryCode = "" }
    return presented
  }
}
