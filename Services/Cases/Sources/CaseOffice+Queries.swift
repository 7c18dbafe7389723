import Foundation
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
        .map { self.present(try $0.message(ProtoCase.self), for: principal) }
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
        .map { self.present(try $0.message(ProtoCase.self)) }
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
    // Candidates are read without the write lock; each event is then written in a short transaction
    // of its own that checks again, so instances never emit one twice and writers are not held up.
    let (received, open) = try await self.store.read { database in
      let received = try await database.select().column("data").from("cases")
        .where("state", .equal, SQLBind(CaseState.received.rawValue)).all()
        .map { try $0.message(ProtoCase.self) }
        .filter { record in
          guard record.notices.isEmpty, let day = LocalDate(record.receivedOn) else { return false }
          return today > self.clock.lastNoticeDay(receivedOn: day)
        }
      let open = try await database.select().column("number").from("cases").where("open", .equal, SQLBind(1))
        .where("overdue_reported", .equal, SQLBind(0)).all()
        .map { try $0.decode(column: "number", as: String.self) }
      return (received, open)
    }
    var emitted = 0
    // A case with no notice within 5 working days counts as accepted on the day of receipt; the
    // sub-cases of a joint case together, when the lead gave no merged notice at all.
    for group in Dictionary(grouping: received, by: \.jointNumber).sorted(by: { $0.key < $1.key }) {
      let numbers = group.key.isEmpty ? group.value.map { [$0.number] } : [group.value.map(\.number)]
      for numbers in numbers {
        emitted += try await self.deemAccepted(numbers, joint: group.key, today: today)
      }
    }
    for number in open {
      emitted += try await self.store.write { database in
        guard
          let row = try await database.select().columns("warned", "overdue_reported", "data").from("cases")
            .where("number", .equal, SQLBind(number)).where("open", .equal, SQLBind(1)).first()
        else { return 0 }
        let record = self.present(try row.message(ProtoCase.self))
        guard let due = LocalDate(record.dueDate) else { return 0 }
        let reported = try row.decode(column: "overdue_reported", as: Int.self) == 1
        // `warned` holds the due date (YYYYMMDD) last warned of: a pause that moves the due date
        // later brings a new warning before the new date.
        let warnedFor = try row.decode(column: "warned", as: Int.self)
        let dueKey = Int(record.dueDate.replacingOccurrences(of: "-", with: "")) ?? 0
        if record.overdue && !reported {
          try await self.mark(record, "overdue_reported", to: 1, event: "cases.case.overdue", in: database)
          return 1
        }
        if !record.overdue && warnedFor < dueKey
          && self.calendar.workingDays(between: today, and: due) <= self.warningDays
        {
          try await self.mark(record, "warned", to: dueKey, event: "cases.case.deadline_warning", in: database)
          return 1
        }
        return 0
      }
    }
    return emitted
  }

  private func mark(_ record: ProtoCase, _ column: String, to value: Int, event: String, in database: any SQLDatabase)
    async throws
  {
    try await database.update("cases").set(SQLIdentifier(column), to: SQLBind(value))
      .where("number", .equal, SQLBind(record.number)).run()
    try await Self.emit(event, record, in: database)
  }

  /// Deems the cases accepted on the day of receipt, if they are still received with no notice (and,
  /// for a joint case, every sub-case is and the lead gave no merged notice).
  private func deemAccepted(_ numbers: [String], joint: String, today: LocalDate) async throws -> Int {
    try await self.store.write { database in
      var cases: [ProtoCase] = []
      if joint.isEmpty {
        cases = try await numbers.asyncCompactMap { try await Self.record($0, in: database) }
      } else {
        let record = try await Self.requireJoint(joint, in: database)
        guard record.notices.isEmpty else { return 0 }
        cases = try await Self.subCases(of: record, in: database).filter {
          ![.withdrawn, .notAccepted].contains($0.state)
        }
      }
      guard !cases.isEmpty, cases.allSatisfy({ $0.state == .received && $0.notices.isEmpty }) else { return 0 }
      for var record in cases {
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
        try await Self.remember(record, in: database)
        _ = try await self.changed(&record, event: "cases.case.deemed_accepted", in: database)
      }
      if !joint.isEmpty {
        var record = try await Self.requireJoint(joint, in: database)
        Self.lead(
          &record,
          "deemed_accepted",
          by: Principal(id: Self.system, role: .service),
          on: today,
          note: "no merged notice within 5 working days of receipt (行政许可法 §32)"
        )
        try await Self.saveJoint(record, new: false, in: database)
        try await Self.emit("cases.joint.accepted", try await self.joint(joint, in: database), in: database)
      }
      return cases.count
    }
  }
}

extension LocalDate {
  /// The day `days` working days after `date`.
  static func addingWorking(_ days: UInt32, to date: LocalDate, _ calendar: WorkingDayCalendar) -> LocalDate {
    (try? WorkingDays(days: Int(days))).map { calendar.addWorkingDays(to: date, $0).date } ?? date
  }
}

extension Sequence {
  /// The non-nil results of an asynchronous transform, in order.
  func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
    var results: [T] = []
    for element in self {
      if let result = try await transform(element) { results.append(result) }
    }
    return results
  }
}
