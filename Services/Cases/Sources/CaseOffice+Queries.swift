package import GRPCCore
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Reading cases: one case, a department's queue, the overdue list; and the periodic deadline check.
extension CaseOffice {
  /// A case for its applicant (number and query code), its department or the centre. A wrong query
  /// code gets the same NOT_FOUND as an unknown number.
  package func get(number: String, queryCode: String, as principal: Principal) async throws -> ProtoCase {
    try await self.store.read { database in
      let record = try await Self.requireCase(number, in: database)
      try Self.requireReader(record, queryCode: queryCode, principal)
      return self.present(record, for: principal)
    }
  }

  /// A department's cases, oldest first, filtered and paged.
  package func queue(_ request: Yimen_Cases_V1_ListQueueRequest, as principal: Principal) async throws
    -> Yimen_Cases_V1_ListQueueResponse
  {
    let department = request.department.isEmpty ? principal.department ?? "" : request.department
    var violations = FieldViolations()
    violations.check(!department.isEmpty, "department", "Required for the centre: the department whose queue to list.")
    let pageSize = request.pageSize == 0 ? 50 : Int(request.pageSize)
    violations.check(pageSize <= 200, "page_size", "At most 200.")
    let offset = request.pageToken.isEmpty ? 0 : Int(request.pageToken) ?? -1
    violations.check(offset >= 0, "page_token", "Use the next_page_token of the previous page.")
    violations.check(request.dueWithinDays <= 60, "due_within_days", "At most 60 working days.")
    try violations.throwIfAny()
    try principal.requireSignedIn(to: "read a queue")
    guard principal.isCentre || principal.actsFor(department) else {
      throw RPCError(
        code: .permissionDenied,
        message: "A department's queue is for its own staff and the centre (you are \(principal.roleDescription))."
      )
    }
    let today = self.today()
    return try await self.store.read { database in
      var query = database.select().column("data").from("cases").where("department", .equal, SQLBind(department))
      if request.state != .unspecified { query = query.where("state", .equal, SQLBind(request.state.rawValue)) }
      if !request.matterCode.isEmpty { query = query.where("matter_code", .equal, SQLBind(request.matterCode)) }
      if !request.windowID.isEmpty { query = query.where("window_id", .equal, SQLBind(request.windowID)) }
      if request.overdueOnly || request.dueWithinDays > 0 { query = query.where("open", .equal, SQLBind(1)) }
      let limit =
        request.dueWithinDays > 0 ? LocalDate.addingWorking(request.dueWithinDays, to: today, self.calendar) : nil
      let matching = try await query.orderBy("number").all()
        .map { self.present(try Self.decode($0, as: ProtoCase.self), for: principal) }
        .filter { record in
          (!request.overdueOnly || record.overdue)
            && (limit.map { limit in LocalDate(record.dueDate).map { $0 <= limit } ?? false } ?? true)
        }
      var response = Yimen_Cases_V1_ListQueueResponse()
      response.cases = Array(matching.dropFirst(offset).prefix(pageSize))
      if offset + response.cases.count < matching.count {
        response.nextPageToken = String(offset + response.cases.count)
      }
      return response
    }
  }

  /// Overdue cases, grouped by department and the window that accepted them.
  package func overdue(department: String, as principal: Principal) async throws -> Yimen_Cases_V1_ListOverdueResponse {
    try principal.requireSignedIn(to: "read overdue cases")
    let scope = department.isEmpty && !principal.isCentre ? principal.department ?? "" : department
    guard principal.isCentre || principal.actsFor(scope) else {
      throw RPCError(
        code: .permissionDenied,
        message:
          "A department's overdue cases are for its own staff and the centre (you are \(principal.roleDescription))."
      )
    }
    return try await self.store.read { database in
      var query = database.select().column("data").from("cases").where("open", .equal, SQLBind(1))
      if !scope.isEmpty { query = query.where("department", .equal, SQLBind(scope)) }
      let overdue = try await query.orderBy("number").all()
        .map { self.present(try Self.decode($0, as: ProtoCase.self)) }
        .filter(\.overdue)
      var groups: [Yimen_Cases_V1_OverdueGroup] = []
      for record in overdue {
        if let index = groups.firstIndex(where: {
          $0.department == record.department && $0.windowID == record.acceptedWindowID
        }) {
          groups[index].numbers.append(record.number)
        } else {
          groups.append(
            .with {
              $0.department = record.department
              $0.windowID = record.acceptedWindowID
              $0.numbers = [record.number]
            }
          )
        }
      }
      var response = Yimen_Cases_V1_ListOverdueResponse()
      response.groups = groups.sorted { ($0.department, $0.windowID) < ($1.department, $1.windowID) }
      return response
    }
  }

  /// The periodic check: cases received with no notice within 5 working days count as accepted on the
  /// day of receipt; open cases get one warning `warningDays` working days before their due date and
  /// one overdue event after it. Safe in several instances at once: each case is marked in the
  /// transaction that emits its event.
  ///
  /// - Returns: how many events were emitted.
  @discardableResult
  package func checkDeadlines() async throws -> Int {
    let today = self.today()
    return try await self.store.write { database in
      var emitted = 0
      let received = try await database.select().column("data").from("cases")
        .where("state", .equal, SQLBind(CaseState.received.rawValue)).all()
        .map { try Self.decode($0, as: ProtoCase.self) }
      for var record in received where record.notices.isEmpty {
        guard let day = LocalDate(record.receivedOn), today > self.clock.lastNoticeDay(receivedOn: day) else {
          continue
        }
        record.acceptedOn = record.receivedOn
        record.acceptedBy = Self.system
        record.deemedAccepted = true
        Self.record(
          &record,
          "deemed_accepted",
          to: .accepted,
          by: Self.system,
          on: today,
          note: "no notice within 5 working days of receipt (行政许可法 §32)"
        )
        _ = try await self.changed(&record, event: "cases.case.deemed_accepted", in: database)
        emitted += 1
      }
      let open = try await database.select().columns("warned", "overdue_reported", "data").from("cases")
        .where("open", .equal, SQLBind(1)).all()
      for row in open {
        let record = self.present(try Self.decode(row, as: ProtoCase.self))
        guard let due = LocalDate(record.dueDate) else { continue }
        let warned = try row.decode(column: "warned", as: Int.self) == 1
        let reported = try row.decode(column: "overdue_reported", as: Int.self) == 1
        if record.overdue && !reported {
          try await self.mark(record, "overdue_reported", event: "cases.case.overdue", in: database)
          emitted += 1
        } else if !record.overdue && !warned && self.calendar.workingDays(between: today, and: due) <= self.warningDays
        {
          try await self.mark(record, "warned", event: "cases.case.deadline_warning", in: database)
          emitted += 1
        }
      }
      return emitted
    }
  }

  private func mark(_ record: ProtoCase, _ column: String, event: String, in database: any SQLDatabase) async throws {
    try await database.update("cases").set(SQLIdentifier(column), to: SQLBind(1))
      .where("number", .equal, SQLBind(record.number)).run()
    try await Store.append(type: event, subject: record.number, payload: record, in: database)
  }
}

extension LocalDate {
  /// The day `days` working days after `date`.
  static func addingWorking(_ days: UInt32, to date: LocalDate, _ calendar: WorkingDayCalendar) -> LocalDate {
    (try? WorkingDays(days: Int(days))).map { calendar.addWorkingDays(to: date, $0).date } ?? date
  }
}
