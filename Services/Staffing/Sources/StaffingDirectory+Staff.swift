import Foundation
package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Staff: the stationing process of §16, roles (§15), adjustments, leave, and reading people.
extension StaffingDirectory {
  /// A department puts a person forward; §15 is checked on the nomination date.
  package func nominate(_ request: Yimen_Staffing_V1_NominateStaffRequest, as principal: Principal) async throws
    -> ProtoStaffRecord
  {
    var violations = FieldViolations()
    let member = StaffMember.from(request.member, field: "member", into: &violations)
    violations.check(
      request.member.role != .chiefRepresentative,
      "member.role",
      "A chief representative is designated from the department's people at the centre "
        + "(DesignateChiefRepresentative), not nominated."
    )
    let today = self.today()
    let date = violations.changeDate(request.date, today: today, by: principal)
    let overrides = Override.from(
      request.overrides,
      allowed: [.age, .education],
      by: principal.id,
      on: date,
      into: &violations
    )
    if let member {
      violations.check(
        member.age(on: date) >= 16,
        "member.birth_date",
        "\(member.birthDate) makes \(member.name) \(member.age(on: date)) on \(date); staff are 16 or older."
      )
    }
    try violations.throwIfAny("The nomination is not valid")
    guard let member else { return ProtoStaffRecord() }
    try principal.requireDepartmentOrManagement(member.department, to: "nominate its staff")
    try Self.requireOverrideRight(request.overrides, principal)
    let stationing: Stationing
    do throws(StaffingError) {
      stationing = try Stationing.nominate(member, on: date, overrides: overrides)
    } catch {
      throw error.status(field: "member")
    }
    return try await self.store.write { database in
      if try await Self.staff(member.id, in: database) != nil {
        throw RPCError(
          code: .alreadyExists,
          message: "Staff member \(member.id) is already recorded; each person has one staff number."
        )
      }
      var record = ProtoStaffRecord()
      record.member = request.member
      record.state = .nominated
      record.history = [stationing.state.step(by: principal.id)]
      record.waivers = stationing.waivers.map(\.proto)
      try await Self.save(record, new: true, in: database)
      return try await self.changed(record, event: "staffing.staff.nominated", in: database)
    }
  }

  /// The centre approves or rejects a nomination.
  package func review(_ request: Yimen_Staffing_V1_ReviewNominationRequest, as principal: Principal) async throws
    -> ProtoStaffRecord
  {
    try principal.requireManagement(to: "review nominations")
    let id = request.staffID
    return try await self.step(id, dated: request.date, by: principal, note: "opinion") { stationing, date in
      if request.approve {
        try stationing.approve(on: date)
        return ("staffing.staff.approved", request.opinion)
      }
      try stationing.reject(on: date, opinion: request.opinion)
      return ("staffing.staff.rejected", "")
    }
  }

  /// The month of training and probation begins.
  package func startProbation(staffID: String, date: String, as principal: Principal) async throws -> ProtoStaffRecord {
    try principal.requireManagement(to: "start probation")
    return try await self.step(staffID, dated: date, by: principal) { stationing, date in
      try stationing.startProbation(on: date)
      return ("staffing.staff.probation_started", "")
    }
  }

  /// Formal stationing after the month of probation.
  package func confirm(staffID: String, date: String, as principal: Principal) async throws -> ProtoStaffRecord {
    try principal.requireManagement(to: "confirm stationing")
    return try await self.step(staffID, dated: date, by: principal) { stationing, date in
      try stationing.confirm(on: date)
      return ("staffing.staff.stationed", "")
    }
  }

  /// The centre finds the person unfit in probation: they leave their posts, and the department sends another.
  package func requireReplacement(
    staffID: String,
    reason: String,
    date: String,
    as principal: Principal
  ) async throws -> ProtoStaffRecord {
    try principal.requireManagement(to: "require a replacement")
    return try await self.step(staffID, dated: date, by: principal) { stationing, date in
      try stationing.requireReplacement(on: date, reason: reason)
      return ("staffing.staff.replacement_required", "")
    }
  }

  /// A new role, rank or education; §15 and §29 are checked again when the role changes.
  package func changeRole(_ request: Yimen_Staffing_V1_ChangeRoleRequest, as principal: Principal) async throws
    -> ProtoStaffRecord
  {
    var violations = FieldViolations()
    let role = StaffRole(request.role)
    violations.check(
      request.role == .unspecified || (role != nil && role != .chiefRepresentative),
      "role",
      "REVIEWER, GENERAL or WINDOW_LEADER, or unspecified to keep it (a chief representative is designated "
        + "with DesignateChiefRepresentative)."
    )
    violations.check(
      request.rank == .unspecified || Rank(request.rank) != nil,
      "rank",
      "NO_RANK, BANSHIYUAN … CHUZHANG, or unspecified to keep it."
    )
    violations.check(
      request.education == .unspecified || Education(request.education) != nil,
      "education",
      "BELOW_JUNIOR_COLLEGE … DOCTORATE, or unspecified to keep it."
    )
    let today = self.today()
    let overrides = Override.from(
      request.overrides,
      allowed: [.age, .education],
      by: principal.id,
      on: today,
      into: &violations
    )
    try violations.throwIfAny("The role change is not valid")
    try principal.requireSignedIn(to: "change roles")
    return try await self.store.write { database in
      var record = try await Self.requireStaff(request.staffID, field: "staff_id", in: database)
      try principal.requireDepartmentOrManagement(record.member.department, to: "change its staff's roles")
      try Self.requireOverrideRight(request.overrides, principal)
      let current = try Self.stationing(record).state
      guard !current.isFinal else {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.member.id,
          "\(record.member.name) is no longer at the centre (\(current))."
        )
      }
      let roleChanges = request.role != .unspecified && record.member.role != request.role
      if record.member.role == .chiefRepresentative && roleChanges {
        throw GoogleRPCStatus.failedPrecondition(
          "chief_representative",
          subject: record.member.id,
          "\(record.member.name) is the chief representative of \(record.member.department); "
            + "designate another chief representative first."
        )
      }
      var proto = record.member
      if roleChanges { proto.role = request.role }
      if request.rank != .unspecified { proto.rank = request.rank }
      if request.education != .unspecified { proto.education = request.education }
      var memberViolations = FieldViolations()
      guard let member = StaffMember.from(proto, field: "member", into: &memberViolations) else {
        try memberViolations.throwIfAny()
        return record
      }
      if roleChanges {
        let check = member.eligibility(on: today, overrides: overrides)
        try check.requireMet()
        record.waivers += check.waivers.map(\.proto)
      }
      record.member = proto
      try await Self.save(record, new: false, in: database)
      return try await self.changed(record, event: "staffing.staff.role_changed", in: database)
    }
  }

  /// A department rotates stationed staff out: at most 50% at once, each after 2 years (§16).
  package func adjust(_ request: Yimen_Staffing_V1_SubmitAdjustmentRequest, as principal: Principal) async throws
    -> Yimen_Staffing_V1_Adjustment
  {
    var violations = FieldViolations()
    violations.check(!request.department.isBlank, "department", "Required.")
    violations.check(
      (1...100).contains(request.staffIds.count),
      "staff_ids",
      "Name 1 to 100 stationed people to rotate out."
    )
    violations.checkDistinct(request.staffIds, "staff_ids")
    let date = violations.changeDate(request.date, today: self.today(), by: principal)
    let overrides = Override.from(
      request.overrides,
      allowed: [.tenure, .adjustmentShare],
      by: principal.id,
      on: date,
      into: &violations
    )
    try violations.throwIfAny("The adjustment request is not valid")
    try principal.requireDepartmentOrManagement(request.department, to: "rotate its staff out")
    try Self.requireOverrideRight(request.overrides, principal)
    return try await self.store.write { database in
      let records = try await Self.staff(department: request.department, in: database)
      for (index, id) in request.staffIds.enumerated() {
        guard let record = records.first(where: { $0.member.id == id }) else {
          guard let other = try await Self.staff(id, in: database) else {
            throw RPCError(code: .notFound, message: "No staff member \(id) (staff_ids[\(index)]).")
          }
          throw GoogleRPCStatus.failedPrecondition(
            "transition",
            subject: id,
            "\(other.member.name) (\(id)) is staff of \(other.member.department), not of \(request.department)."
          )
        }
        let stationing = try Self.stationing(record)
        guard stationing.isStationed(on: date) else {
          throw GoogleRPCStatus.failedPrecondition(
            "transition",
            subject: id,
            "\(record.member.name) (\(id)) is not stationed on \(date) (\(stationing.state)); "
              + "only stationed staff are rotated out."
          )
        }
      }
      // Requests of the same day count together, against the staff stationed at the start of the day:
      // splitting a request does not get round the 50% rule.
      let earlierToday = records.filter { record in
        guard let last = record.history.last else { return false }
        return last.state == .left && last.note == Self.adjustmentNote && LocalDate(last.date) == date
      }
      let earlierIDs = earlierToday.map(\.member.id)
      let stationings = try records.map { record in
        let stationing = try Self.stationing(record)
        guard earlierIDs.contains(record.member.id) else { return stationing }
        return Stationing(restoring: stationing.member, history: Array(stationing.history.dropLast()), waivers: [])
      }
      let adjustment = AdjustmentRequest(
        department: request.department,
        date: date,
        outgoingStaffIDs: earlierIDs + request.staffIds
      )
      let check: RuleCheck
      do throws(StaffingError) {
        check = try adjustment.check(stationings: stationings, overrides: overrides)
      } catch {
        throw error.status(field: "staff_ids")
      }
      // The people of earlier requests were judged then (with their overrides).
      let unmet = check.violations.filter { !earlierIDs.contains($0.staffID ?? "") }
      guard unmet.isEmpty else {
        // The share rule concerns the whole request: name the department as its subject.
        throw StaffingError.rulesNotMet(
          unmet.map { violation in
            var violation = violation
            if violation.staffID == nil { violation.staffID = request.department }
            return violation
          }
        ).status()
      }
      for id in request.staffIds {
        guard var record = records.first(where: { $0.member.id == id }) else { continue }
        var stationing = try Self.stationing(record)
        do throws(StaffingError) {
          try stationing.leave(on: date, overrides: overrides)
        } catch {
          throw error.status(field: "staff_ids")
        }
        record.waivers += check.waivers.filter { $0.violation.staffID == id || $0.violation.staffID == nil }.map(
          \.proto
        )
        try await self.finish(
          &record,
          stationing,
          by: principal,
          note: Self.adjustmentNote,
          event: "staffing.staff.left",
          in: database
        )
      }
      var response = Yimen_Staffing_V1_Adjustment()
      response.department = request.department
      response.date = date.description
      response.staffIds = request.staffIds
      let stationed = stationings.filter { $0.isStationed(on: date) }.count
      response.earlierToday = earlierIDs
      response.stationedCount = UInt32(stationed)
      response.maxChanges = UInt32(AdjustmentRequest.maximumChanges(stationedCount: stationed))
      response.waivers = check.waivers.map(\.proto)
      return response
    }
  }

  /// The note of the step of a person rotated out by an adjustment request.
  static let adjustmentNote = "adjustment request"

  /// Records leave; the B post stands in when every A post is away.
  package func recordLeave(_ input: Leave, as principal: Principal) async throws -> Leave {
    var violations = FieldViolations()
    let from = violations.date(input.from, "leave.from")
    let through = violations.date(input.through, "leave.through")
    if let from, let through {
      violations.check(from <= through, "leave.through", "\(through) is before \(from).")
      violations.check(from.days(until: through) < 366, "leave.through", "At most 366 days in one record.")
    }
    violations.check(
      (1...100).contains(input.reason.count) && !input.reason.isBlank,
      "leave.reason",
      "Required, at most 100 characters."
    )
    try violations.throwIfAny("The leave is not valid")
    try principal.requireSignedIn(to: "record leave")
    return try await self.store.write { database in
      let record = try await Self.requireStaff(input.staffID, field: "leave.staff_id", in: database)
      try principal.requireDepartmentOrManagement(record.member.department, to: "record its staff's leave")
      guard Self.isOnPost(record.state) else {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.member.id,
          "\(record.member.name) is not at the centre (\(record.state)); leave is recorded for people on post."
        )
      }
      var leave = input
      leave.recordedBy = principal.id
      try await Self.insert(&leave, id: \.id, into: "leave", columns: ["staff_id": leave.staffID], in: database)
      try await Store.append(type: "staffing.leave.recorded", subject: leave.staffID, payload: leave, in: database)
      return leave
    }
  }

  /// A staff member with the facts derived as of a day: the department's own people, and the centre.
  package func staffMember(id: String, asOf text: String, as principal: Principal) async throws -> ProtoStaffRecord {
    var violations = FieldViolations()
    let date = violations.date(text, "as_of", empty: self.today()) ?? self.today()
    try violations.throwIfAny()
    try principal.requireSignedIn(to: "read staff records")
    return try await self.store.read { database in
      let record = try await Self.requireStaff(id, field: "staff_id", in: database)
      try Self.requireReader(of: record.member.department, principal)
      return try Self.present(
        record,
        asOf: date,
        windows: try await Self.windows(in: database),
        leave: try await Self.leave(staffID: id, in: database)
      )
    }
  }

  /// Staff, filtered: a department's staff see their own department.
  package func staffList(_ request: Yimen_Staffing_V1_ListStaffRequest, as principal: Principal) async throws
    -> [ProtoStaffRecord]
  {
    let department = try Self.readableDepartment(request.department, principal)
    let today = self.today()
    return try await self.store.read { database in
      let windows = try await Self.windows(in: database)
      let leave = try await Self.leave(in: database)
      let window = windows.first { $0.id == request.windowID }
      if !request.windowID.isEmpty && window == nil {
        throw RPCError(code: .notFound, message: "No window \(request.windowID).")
      }
      return try await Self.staff(department: department, in: database)
        .filter { record in
          (request.state == .unspecified || record.state == request.state)
            && (request.windowID.isEmpty
              || window.map { $0.aStaffIds.contains(record.member.id) || $0.bStaffID == record.member.id } == true)
        }
        .map { try Self.present($0, asOf: today, windows: windows, leave: leave) }
    }
  }

  // MARK: Helpers

  /// The department a list is for: the one asked, else a department caller's own; nil for every
  /// department, which only the centre may read.
  static func readableDepartment(_ asked: String, _ principal: Principal) throws(RPCError) -> String? {
    let department = asked.isEmpty && !principal.isCentre ? principal.department ?? "" : asked
    let scope = department.isEmpty ? nil : department
    try Self.requireReader(of: scope, principal)
    return scope
  }

  /// People are read by their own department and by the centre (nil: every department, the centre only).
  static func requireReader(of department: String?, _ principal: Principal) throws(RPCError) {
    try principal.requireSignedIn(to: "read staff records")
    guard principal.isCentre || department.map(principal.actsFor) == true else {
      throw RPCError(
        code: .permissionDenied,
        message: "Staff records are for the department's own staff and the centre "
          + "(you are \(principal.roleDescription)\(department.map { ", asking for \($0)" } ?? ""))."
      )
    }
  }

  /// Takes one step of a person's stationing, dated `text` (today when empty), and records it.
  ///
  /// - Parameter note: The request field of the opinion or reason the step needs, named when it is
  ///   missing.
  private func step(
    _ staffID: String,
    dated text: String,
    by principal: Principal,
    note noteField: String = "reason",
    _ body: @escaping @Sendable (inout Stationing, LocalDate) throws -> (event: String, note: String)
  ) async throws -> ProtoStaffRecord {
    var violations = FieldViolations()
    let date = violations.changeDate(text, today: self.today(), by: principal)
    try violations.throwIfAny()
    return try await self.store.write { database in
      var record = try await Self.requireStaff(staffID, field: "staff_id", in: database)
      var stationing = try Self.stationing(record)
      let taken: (event: String, note: String)
      do {
        taken = try body(&stationing, date)
      } catch let error as StaffingError {
        throw error.status(field: error.code == .invalidInput ? noteField : "", subject: staffID)
      }
      record.history.append(stationing.state.step(by: principal.id, note: taken.note))
      record.state = record.history.last?.state ?? record.state
      if stationing.state.isFinal {
        try await self.leaveCentre(&record, on: date, in: database)
      } else {
        try await Self.save(record, new: false, in: database)
      }
      return try await self.changed(record, event: taken.event, in: database)
    }
  }

  /// Records a step that ends the person's time at the centre (taken on `stationing`), saves the record
  /// (see `leaveCentre`) and emits its event.
  func finish(
    _ record: inout ProtoStaffRecord,
    _ stationing: Stationing,
    by principal: Principal,
    note: String,
    event: String,
    in database: any SQLDatabase
  ) async throws {
    let step = stationing.state.step(by: principal.id, note: note)
    record.history.append(step)
    record.state = step.state
    try await self.leaveCentre(&record, on: stationing.state.date, in: database)
    try await Store.append(type: event, subject: record.member.id, payload: record, in: database)
  }

  /// Saves the record of someone who left the centre: off every post, out of the chief's office.
  func leaveCentre(_ record: inout ProtoStaffRecord, on date: LocalDate, in database: any SQLDatabase) async throws {
    let id = record.member.id
    for var window in try await Self.windows(in: database)
    where window.aStaffIds.contains(id) || window.bStaffID == id {
      window.aStaffIds.removeAll { $0 == id }
      if window.bStaffID == id { window.bStaffID = "" }
      // An open window whose last A post left closes: nobody of its own serves it any more.
      let closes = window.open && window.aStaffIds.isEmpty
      if closes {
        window.open = false
        window.closedReason = "nobody on post since \(record.member.name) (\(id)) left on \(date)"
      }
      try await Self.save(&window, new: false, in: database)
      try await Store.append(
        type: closes ? "staffing.window.closed" : "staffing.window.changed",
        subject: window.id,
        payload: window,
        in: database
      )
    }
    if record.member.role == .chiefRepresentative {
      record.member.role =
        try await self.endChiefTerm(of: record.member.department, on: date, in: database)
        ?? record.member.role
    }
    try await Self.save(record, new: false, in: database)
  }

  /// Emits the event of a change to a record and returns it as presented today.
  func changed(_ record: ProtoStaffRecord, event: String, in database: any SQLDatabase) async throws
    -> ProtoStaffRecord
  {
    try await Store.append(type: event, subject: record.member.id, payload: record, in: database)
    return try Self.present(
      record,
      asOf: self.today(),
      windows: try await Self.windows(in: database),
      leave: try await Self.leave(staffID: record.member.id, in: database)
    )
  }
}
