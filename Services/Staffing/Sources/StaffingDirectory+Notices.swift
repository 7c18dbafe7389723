import Foundation
package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Return letters (§41): forced returns and adjustment proposals, and the replacement each one owes
/// within 10 working days.
extension StaffingDirectory {
  package typealias Notice = Yimen_Staffing_V1_ReturnNotice

  /// Where a forced return letter is filed (调整函同时送组织、人社部门备案).
  package static let forcedReturnCopies = ["市委组织部", "市人力资源和社会保障局"]

  /// Sends the letter; a forced return takes the person off the window at once.
  package func issueNotice(_ input: Notice, as principal: Principal) async throws -> Notice {
    try principal.requireManagement(to: "issue return letters")
    var violations = FieldViolations()
    violations.check(
      input.kind == .forcedReturn || input.kind == .adjustmentProposal,
      "notice.kind",
      "FORCED_RETURN or ADJUSTMENT_PROPOSAL."
    )
    var kind: ReturnNotice.Kind?
    if input.kind == .forcedReturn {
      let ground = Self.ground(input.ground)
      violations.check(
        ground != nil,
        "notice.ground",
        "A forced return states its ground (§41): BREACH_OF_LAW_OR_DISCIPLINE, INCOMPETENT_ANNUAL_RATING or "
          + "REPEATED_BREACHES_OF_CENTRE_RULES."
      )
      kind = ground.map { .forcedReturn($0) }
    } else if input.kind == .adjustmentProposal {
      violations.check(input.ground == .unspecified, "notice.ground", "Only a forced return has a ground.")
      kind = .adjustmentProposal(reason: input.reason)
    }
    violations.check(input.reason.count <= 1_000, "notice.reason", "At most 1000 characters.")
    let today = self.today()
    let date = violations.changeDate(input.date, "notice.date", today: today, by: principal)
    try violations.throwIfAny("The letter is not valid")
    guard let kind else { return input }
    return try await self.store.write { database in
      var record = try await Self.requireStaff(input.staffID, field: "notice.staff_id", in: database)
      let department = record.member.department
      let rules: ReturnNotice
      do throws(StaffingError) {
        rules = try ReturnNotice(staffID: record.member.id, department: department, kind: kind, date: date)
      } catch {
        throw error.status(field: "notice.reason")
      }
      let open = try await database.select().column("data").from("return_notices")
        .where("department", .equal, SQLBind(department)).where("open", .equal, SQLBind(1)).all()
        .map { try $0.message(Notice.self) }
      if let pending = open.first(where: { $0.staffID == record.member.id }) {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.member.id,
          "Letter \(pending.id) about \(record.member.name) of \(pending.date) awaits its replacement."
        )
      }
      var stationing = try Self.stationing(record)
      switch (stationing.state, kind) {
      case (.stationed, _), (.probation, .forcedReturn): break
      default:
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.member.id,
          "\(record.member.name) is \(stationing.state); a forced return concerns a person in probation or "
            + "stationed, an adjustment proposal a stationed person (in probation: require a replacement)."
        )
      }
      var notice = Notice()
      notice.staffID = record.member.id
      notice.staffName = record.member.name
      notice.department = department
      notice.kind = input.kind
      notice.ground = input.ground
      notice.reason = input.reason
      notice.date = date.description
      notice.replacementDue = rules.replacementDue(calendar: self.calendar).date.description
      notice.copiedTo = rules.isFiledWithOrganisationAndHR ? Self.forcedReturnCopies : []
      notice.issuedBy = principal.id
      try await Self.insert(
        &notice,
        id: \.id,
        into: "return_notices",
        columns: ["department": department, "open": 1, "overdue_reported": 0],
        in: database
      )
      let id = notice.id
      if case .forcedReturn(let ground) = kind {
        do throws(StaffingError) {
          try stationing.forceReturn(on: date)
        } catch {
          throw error.status()
        }
        let note = "letter \(id): \(ground)" + (input.reason.isEmpty ? "" : ", \(input.reason)")
        try await self.finish(
          &record,
          stationing,
          by: principal,
          note: note,
          event: "staffing.staff.returned",
          in: database
        )
      }
      let presented = self.present(notice, on: today)
      try await Store.append(
        type: "staffing.return_notice.issued",
        subject: String(id),
        payload: presented,
        in: database
      )
      return presented
    }
  }

  /// The department records the replacement in place; after an adjustment proposal the person leaves now.
  package func recordReplacement(_ request: Yimen_Staffing_V1_RecordReplacementRequest, as principal: Principal)
    async throws -> Notice
  {
    var violations = FieldViolations()
    let today = self.today()
    let date = violations.changeDate(request.date, today: today, by: principal)
    violations.check(request.noticeID > 0, "notice_id", "Required.")
    try violations.throwIfAny()
    return try await self.store.write { database in
      var notice = try await Self.requireNotice(request.noticeID, in: database)
      try principal.requireDepartmentOrManagement(notice.department, to: "record its replacements")
      var rules = try self.rules(notice)
      guard notice.replacedOn.isEmpty else {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: String(notice.id),
          "Letter \(notice.id) was answered on \(notice.replacedOn) by \(notice.replacementStaffID)."
        )
      }
      let replacement = try await Self.requireStaff(
        request.replacementStaffID,
        field: "replacement_staff_id",
        in: database
      )
      let nominated = replacement.history.first.flatMap { LocalDate($0.date) }
      var problems = FieldViolations()
      problems.check(
        replacement.member.id != notice.staffID,
        "replacement_staff_id",
        "The replacement is another person than \(notice.staffName)."
      )
      problems.check(
        replacement.member.department == notice.department,
        "replacement_staff_id",
        "\(replacement.member.name) is staff of \(replacement.member.department), not of \(notice.department)."
      )
      problems.check(
        nominated.map { $0 >= rules.date } == true,
        "replacement_staff_id",
        "\(replacement.member.name) was nominated before the letter of \(notice.date); nominate the replacement."
      )
      let arrived = replacement.history.first { $0.state == .probation }.flatMap { LocalDate($0.date) }
      if let arrived {
        problems.check(
          arrived <= date,
          "date",
          "\(replacement.member.name) began probation on \(arrived), after \(date); the replacement is in place "
            + "from then."
        )
      }
      let replacing = try await database.select().column("data").from("return_notices").all()
        .map { try $0.message(Notice.self) }
        .first { $0.replacementStaffID == replacement.member.id }
      problems.check(
        replacing == nil,
        "replacement_staff_id",
        "\(replacement.member.name) already replaces \(replacing?.staffName ?? "") (letter \(replacing?.id ?? 0))."
      )
      problems.check(
        Self.isOnPost(replacement.state),
        "replacement_staff_id",
        "\(replacement.member.name) is \(replacement.state); a replacement is in place once approved and in "
          + "probation or stationed (调整到位)."
      )
      try problems.throwIfAny("The replacement is not valid")
      do throws(StaffingError) {
        try rules.recordReplacement(on: date)
      } catch {
        throw error.status(field: "date")
      }
      if notice.kind == .adjustmentProposal, var record = try await Self.staff(notice.staffID, in: database) {
        var stationing = try Self.stationing(record)
        if case .stationed = stationing.state {
          do throws(StaffingError) {
            let override = try Override(
              rule: .tenure,
              reason: "adjustment proposal, letter \(notice.id) (§41)",
              by: notice.issuedBy,
              on: rules.date
            )
            let check = stationing.rotationCheck(on: date, overrides: [override])
            try stationing.leave(on: date, overrides: [override])
            record.waivers += check.waivers.map(\.proto)
          } catch {
            throw error.status()
          }
          try await self.finish(
            &record,
            stationing,
            by: principal,
            note: "letter \(notice.id): replaced",
            event: "staffing.staff.left",
            in: database
          )
        }
      }
      notice.replacementStaffID = replacement.member.id
      notice.replacedOn = date.description
      try await Self.save(notice, in: database)
      let presented = self.present(notice, on: today)
      try await Store.append(
        type: "staffing.replacement.recorded",
        subject: String(notice.id),
        payload: presented,
        in: database
      )
      return presented
    }
  }

  package func notices(_ request: Yimen_Staffing_V1_ListReturnNoticesRequest, as principal: Principal) async throws
    -> [Notice]
  {
    let department = try Self.readableDepartment(request.department, principal)
    let today = self.today()
    return try await self.store.read { database in
      var query = database.select().column("data").from("return_notices")
      if let department { query = query.where("department", .equal, SQLBind(department)) }
      return try await query.orderBy("id").all()
        .map { self.present(try $0.message(Notice.self), on: today) }
        .filter { !request.overdueOnly || $0.status == .overdue }
    }
  }

  /// Emits `staffing.replacement.overdue` once for each letter whose replacement is late today.
  ///
  /// Safe to run in several instances at once: a letter is marked reported in the transaction that
  /// emits its event.
  ///
  /// - Returns: How many letters became overdue.
  @discardableResult
  package func reportOverdue() async throws -> Int {
    let today = self.today()
    return try await self.store.write { database in
      let rows = try await database.select().column("data").from("return_notices")
        .where("open", .equal, SQLBind(1)).where("overdue_reported", .equal, SQLBind(0)).all()
      var reported = 0
      for row in rows {
        let notice = self.present(try row.message(Notice.self), on: today)
        guard notice.status == .overdue else { continue }
        try await database.update("return_notices").set("overdue_reported", to: SQLBind(1))
          .where("id", .equal, SQLBind(Int64(notice.id))).run()
        try await Store.append(
          type: "staffing.replacement.overdue",
          subject: String(notice.id),
          payload: notice,
          in: database
        )
        reported += 1
      }
      return reported
    }
  }

  // MARK: Helpers

  static func requireNotice(_ id: UInt64, in database: any SQLDatabase) async throws -> Notice {
    guard
      let notice = try await database.select().column("data").from("return_notices")
        .where("id", .equal, SQLBind(Int64(clamping: id))).first().map({ try $0.message(Notice.self) })
    else {
      throw RPCError(code: .notFound, message: "No return letter \(id).")
    }
    return notice
  }

  static func save(_ notice: Notice, in database: any SQLDatabase) async throws {
    var stored = notice
    stored.status = .unspecified
    try await database.update("return_notices")
      .set("open", to: SQLBind(notice.replacedOn.isEmpty ? 1 : 0))
      .set("data", to: SQLBind(try stored.serializedBytes() as Data))
      .where("id", .equal, SQLBind(Int64(clamping: notice.id))).run()
  }

  static func ground(_ proto: Yimen_Staffing_V1_ReturnGround) -> ReturnNotice.Ground? {
    switch proto {
    case .breachOfLawOrDiscipline: .breachOfLawOrDiscipline
    case .incompetentAnnualRating: .incompetentAnnualRating
    case .repeatedBreachesOfCentreRules: .repeatedBreachesOfCentreRules
    case .unspecified, .UNRECOGNIZED: nil
    }
  }

  /// The rules' view of a stored letter.
  func rules(_ notice: Notice) throws -> ReturnNotice {
    guard let date = LocalDate(notice.date) else {
      throw RPCError(code: .dataLoss, message: "The stored return letter \(notice.id) is unreadable.")
    }
    let kind: ReturnNotice.Kind =
      Self.ground(notice.ground).map { .forcedReturn($0) } ?? .adjustmentProposal(reason: notice.reason)
    do {
      var rules = try ReturnNotice(staffID: notice.staffID, department: notice.department, kind: kind, date: date)
      if let replacedOn = LocalDate(notice.replacedOn) { try rules.recordReplacement(on: replacedOn) }
      return rules
    } catch {
      throw RPCError(code: .dataLoss, message: "The stored return letter \(notice.id) is unreadable: \(error.message)")
    }
  }

  /// A letter with the state of its replacement on a day.
  func present(_ notice: Notice, on date: LocalDate) -> Notice {
    var notice = notice
    guard let rules = try? self.rules(notice) else { return notice }
    switch rules.status(on: date, calendar: self.calendar) {
    case .pending: notice.status = .pending
    case .overdue: notice.status = .overdue
    case .replacedInTime: notice.status = .replacedInTime
    case .replacedLate: notice.status = .replacedLate
    }
    return notice
  }
}
