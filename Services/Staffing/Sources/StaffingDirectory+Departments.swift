import Foundation
package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Departments: the chief representative (§29), observation of new civil servants (§19) and
/// leader visits (§17).
extension StaffingDirectory {
  package typealias Department = Yimen_Staffing_V1_Department
  package typealias ChiefTerm = Yimen_Staffing_V1_ChiefTerm

  /// Names a department's chief representative; the previous one returns to their former role.
  package func designateChief(
    _ request: Yimen_Staffing_V1_DesignateChiefRepresentativeRequest,
    as principal: Principal
  ) async throws -> Department {
    var violations = FieldViolations()
    violations.check(!request.department.isBlank, "department", "Required.")
    violations.check(
      !request.powers.isEmpty,
      "powers",
      "List the powers the department delegates (§29): MANAGE_CASES, DECIDE, MANAGE_STAFF, KEEP_SEAL, LIAISE, "
        + "OTHER_DELEGATED."
    )
    for (index, power) in request.powers.enumerated() {
      violations.check(
        power != .unspecified && Yimen_Staffing_V1_DelegatedPower.allCases.contains(power),
        "powers[\(index)]",
        "Unknown power."
      )
    }
    violations.checkDistinct(request.powers, "powers")
    let date = violations.changeDate(request.date, today: self.today(), by: principal)
    let overrides = Override.from(
      request.overrides,
      allowed: [.age, .education],
      by: principal.id,
      on: date,
      into: &violations
    )
    try violations.throwIfAny("The designation is not valid")
    try principal.requireDepartmentOrManagement(request.department, to: "designate its chief representative")
    try Self.requireOverrideRight(request.overrides, principal)
    return try await self.store.write { database in
      var record = try await Self.requireStaff(request.staffID, field: "staff_id", in: database)
      let name = record.member.name
      guard record.member.department == request.department else {
        throw GoogleRPCStatus.failedPrecondition(
          "chief_representative",
          subject: request.staffID,
          "\(name) is staff of \(record.member.department), not of \(request.department)."
        )
      }
      guard Self.isOnPost(record.state) else {
        throw GoogleRPCStatus.failedPrecondition(
          "chief_representative",
          subject: request.staffID,
          "\(name) is not in probation or stationed; the chief representative is one of the people at the centre."
        )
      }
      var proto = record.member
      var previousRole = proto.role
      proto.role = .chiefRepresentative
      var memberViolations = FieldViolations()
      guard let member = StaffMember.from(proto, field: "member", into: &memberViolations) else {
        try memberViolations.throwIfAny()
        return Department()
      }
      let check = member.eligibility(on: date, overrides: overrides)
      try check.requireMet()
      if let current = try await Self.chiefTerms(request.department, in: database).last(where: { $0.until.isEmpty }) {
        if let from = LocalDate(current.from), date < from {
          throw GoogleRPCStatus.failedPrecondition(
            "transition",
            subject: request.department,
            "\(current.name) has been chief representative since \(from); a new designation is dated on or after it."
          )
        }
        let restored = try await self.endChiefTerm(of: request.department, on: date, in: database)
        if current.staffID == record.member.id {
          previousRole = current.previousRole
        } else if var former = try await Self.staff(current.staffID, in: database), let restored {
          former.member.role = restored
          try await Self.save(former, new: false, in: database)
          try await Store.append(
            type: "staffing.staff.role_changed",
            subject: former.member.id,
            payload: former,
            in: database
          )
        }
      }
      var term = ChiefTerm()
      term.staffID = record.member.id
      term.name = name
      term.from = date.description
      term.powers = request.powers
      term.designatedBy = principal.id
      term.previousRole = previousRole
      try await database.insert(into: "chief_terms").columns("department", "data")
        .values(SQLBind(request.department), SQLBind(try term.serializedBytes() as Data)).run()
      record.member = proto
      record.waivers += check.waivers.map(\.proto)
      try await Self.save(record, new: false, in: database)
      try await Store.append(
        type: "staffing.staff.role_changed",
        subject: record.member.id,
        payload: record,
        in: database
      )
      let department = try await self.department(request.department, in: database) ?? Department()
      try await Store.append(
        type: "staffing.chief_representative.changed",
        subject: request.department,
        payload: department,
        in: database
      )
      return department
    }
  }

  package func department(name: String, as principal: Principal) async throws -> Department {
    try Self.requireReader(of: name, principal)
    return try await self.store.read { database in
      guard let department = try await self.department(name, in: database) else {
        throw RPCError(code: .notFound, message: "No department \(name) has staff, windows or a chief representative.")
      }
      return department
    }
  }

  package func departments(problemsOnly: Bool, as principal: Principal) async throws -> [Department] {
    try principal.requireSignedIn(to: "read departments")
    return try await self.store.read { database in
      var names = Set(
        try await database.select().distinct().column("department").from("staff").all()
          .map { try $0.decode(column: "department", as: String.self) }
      )
      names.formUnion(
        try await database.select().distinct().column("department").from("windows").where("department", .notEqual, "")
          .all().map { try $0.decode(column: "department", as: String.self) }
      )
      if !principal.isCentre { names = names.filter(principal.actsFor) }
      var departments: [Department] = []
      for name in names.sorted() {
        if let department = try await self.department(name, in: database), !problemsOnly || !department.problems.isEmpty
        {
          departments.append(department)
        }
      }
      return departments
    }
  }

  /// A newly recruited civil servant's 3 months of observation (§19).
  package func startObservation(_ request: Yimen_Staffing_V1_StartObservationRequest, as principal: Principal)
    async throws -> Yimen_Staffing_V1_Observation
  {
    let input = request.observation
    var violations = FieldViolations()
    violations.check(StaffingIDs.isValidStaffID(input.personID), "observation.person_id", StaffingIDs.staffIDRule)
    violations.check(
      (1...40).contains(input.name.count) && !input.name.isBlank,
      "observation.name",
      "Required, at most 40 characters."
    )
    violations.check(!input.department.isBlank, "observation.department", "Required.")
    let today = self.today()
    let start = violations.date(input.start, "observation.start", empty: today) ?? today
    violations.check(
      start <= today.adding(days: 90),
      "observation.start",
      "\(start) is more than 90 days ahead; record the observation nearer the time."
    )
    var observation: Observation?
    if let category = StaffCategory(request.category) {
      do {
        observation = try Observation(staffID: input.personID, name: input.name, category: category, start: start)
      } catch {
        violations.add("category", error.message)
      }
    } else {
      violations.add("category", "Required: CIVIL_SERVANT (§19 concerns newly recruited civil servants).")
    }
    try violations.throwIfAny("The observation is not valid")
    try principal.requireDepartmentOrManagement(input.department, to: "record its observers")
    guard let observation else { return input }
    return try await self.store.write { database in
      var stored = Yimen_Staffing_V1_Observation()
      stored.personID = input.personID
      stored.name = input.name
      stored.department = input.department
      stored.start = start.description
      stored.end = observation.end.description
      try await Self.insert(
        &stored,
        id: \.id,
        into: "observations",
        columns: ["department": stored.department],
        in: database
      )
      let presented = Self.present(stored, on: today)
      try await Store.append(
        type: "staffing.observation.started",
        subject: stored.personID,
        payload: presented,
        in: database
      )
      return presented
    }
  }

  package func observations(_ request: Yimen_Staffing_V1_ListObservationsRequest, as principal: Principal)
    async throws -> [Yimen_Staffing_V1_Observation]
  {
    let department = try Self.readableDepartment(request.department, principal)
    let today = self.today()
    return try await self.store.read { database in
      var query = database.select().column("data").from("observations")
      if let department { query = query.where("department", .equal, SQLBind(department)) }
      return try await query.orderBy("id").all()
        .map { Self.present(try $0.message(Yimen_Staffing_V1_Observation.self), on: today) }
        .filter { request.status == .unspecified || $0.status == request.status }
    }
  }

  /// A department leader's visit to the centre (§17).
  package func recordVisit(_ input: Yimen_Staffing_V1_LeaderVisit, as principal: Principal) async throws
    -> Yimen_Staffing_V1_LeaderVisit
  {
    var violations = FieldViolations()
    violations.check(!input.department.isBlank, "visit.department", "Required.")
    violations.check(input.leader == .deputy || input.leader == .main, "visit.leader", "DEPUTY or MAIN.")
    violations.check(
      (1...40).contains(input.leaderName.count) && !input.leaderName.isBlank,
      "visit.leader_name",
      "Required, at most 40 characters."
    )
    violations.check(input.notes.count <= 500, "visit.notes", "At most 500 characters.")
    let date = violations.changeDate(input.date, "visit.date", today: self.today(), by: principal)
    try violations.throwIfAny("The visit is not valid")
    try principal.requireDepartmentOrManagement(input.department, to: "record its leaders' visits")
    return try await self.store.write { database in
      var visit = input
      visit.date = date.description
      try await Self.insert(
        &visit,
        id: \.id,
        into: "leader_visits",
        columns: ["department": visit.department],
        in: database
      )
      try await Store.append(
        type: "staffing.leader_visit.recorded",
        subject: visit.department,
        payload: visit,
        in: database
      )
      return visit
    }
  }

  /// Departments whose deputy leader missed a week or main leader missed a month (§17).
  package func visitReport(from: String, through: String, as principal: Principal) async throws
    -> Yimen_Staffing_V1_VisitReport
  {
    try principal.requireCentre(for: "The visit report")
    var violations = FieldViolations()
    let start = violations.date(from, "from")
    let end = violations.date(through, "through")
    if let start, let end {
      violations.check(start <= end, "through", "\(end) is before \(start).")
      violations.check(start.days(until: end) < 366, "through", "At most 366 days.")
    }
    try violations.throwIfAny("The period is not valid")
    guard let start, let end else { return .init() }
    return try await self.store.read { database in
      let visits = try await database.select().column("data").from("leader_visits").all().compactMap { row in
        let visit = try row.message(Yimen_Staffing_V1_LeaderVisit.self)
        guard let date = LocalDate(visit.date) else { return nil as LeaderVisit? }
        return LeaderVisit(department: visit.department, leader: visit.leader == .main ? .main : .deputy, date: date)
      }
      // The centre's own people do not make it a stationed department: §17 concerns departments' leaders.
      let departments = Set(
        try await Self.staff(in: database).filter { Self.wasAtCentre($0, during: start...end) }.map(\.member.department)
      )
      .subtracting([Self.centre])
      let gaps = LeaderVisitLog(visits: visits).gaps(
        departments: departments.sorted(),
        period: start...end,
        calendar: self.calendar
      )
      func range(_ span: ClosedRange<LocalDate>) -> Yimen_Staffing_V1_DateRange {
        .with {
          $0.from = span.lowerBound.description
          $0.through = span.upperBound.description
        }
      }
      var report = Yimen_Staffing_V1_VisitReport()
      report.from = start.description
      report.through = end.description
      report.gaps = gaps.map { gap in
        .with {
          $0.department = gap.department
          $0.missedWeeks = gap.missedWeeks.map(range)
          $0.missedMonths = gap.missedMonths.map(range)
        }
      }
      return report
    }
  }

  // MARK: Helpers

  /// True when the person was at the centre (in probation or stationed) on some day of the period.
  static func wasAtCentre(_ record: ProtoStaffRecord, during period: ClosedRange<LocalDate>) -> Bool {
    let steps = record.history.compactMap(Stationing.State.init)
    guard let arrived = steps.first(where: { if case .probation = $0 { true } else { false } })?.date,
      arrived <= period.upperBound
    else { return false }
    guard let last = steps.last, last.isFinal else { return true }
    return last.date > period.lowerBound
  }

  static func chiefTerms(_ department: String, in database: any SQLDatabase) async throws -> [ChiefTerm] {
    try await database.select().column("data").from("chief_terms").where("department", .equal, SQLBind(department))
      .orderBy("id").all().map { try $0.message(ChiefTerm.self) }
  }

  /// Ends the department's current chief representative's term; returns the role they held before.
  func endChiefTerm(of department: String, on date: LocalDate, in database: any SQLDatabase) async throws
    -> Yimen_Staffing_V1_Role?
  {
    guard
      let row = try await database.select().columns("id", "data").from("chief_terms")
        .where("department", .equal, SQLBind(department)).orderBy("id", .descending).first()
    else { return nil }
    var term = try row.message(ChiefTerm.self)
    guard term.until.isEmpty else { return nil }
    term.until = date.description
    try await database.update("chief_terms").set("data", to: SQLBind(try term.serializedBytes() as Data))
      .where("id", .equal, SQLBind(try row.decode(column: "id", as: Int64.self))).run()
    return term.previousRole
  }

  /// A department as of today, or nil when it has no staff, windows or chief representative.
  func department(_ name: String, in database: any SQLDatabase) async throws -> Department? {
    let today = self.today()
    let records = try await Self.staff(department: name, in: database)
    let terms = try await Self.chiefTerms(name, in: database)
    let hasWindow =
      try await database.select().column("id").from("windows").where("department", .equal, SQLBind(name))
      .limit(1).first() != nil
    guard !records.isEmpty || !terms.isEmpty || hasWindow else { return nil }
    let onPost = records.filter { Self.isOnPost($0.state) }
    let stationings = try onPost.map(Self.stationing)
    let stationed = stationings.filter { $0.isStationed(on: today) }.count
    var department = Department()
    department.name = name
    department.onPostCount = UInt32(onPost.count)
    department.stationedCount = UInt32(stationed)
    department.maxChanges = UInt32(AdjustmentRequest.maximumChanges(stationedCount: stationed))
    department.chiefHistory = terms
    let current = terms.last { $0.until.isEmpty }
    if let current { department.chiefRepresentative = current }
    let chiefRecord = onPost.first { $0.member.id == current?.staffID }
    let check =
      name == Self.centre
      ? RuleCheck()
      : ChiefRepresentatives.check(
        department: name,
        staff: stationings.map(\.member),
        on: current.flatMap { LocalDate($0.from) } ?? today,
        overrides: chiefRecord.map(Self.overrides) ?? []
      )
    department.problems = check.violations.map { violation in
      var proto = violation.proto
      if proto.subject.isEmpty { proto.subject = name }
      return proto
    }
    return department
  }

  static func present(_ observation: Yimen_Staffing_V1_Observation, on date: LocalDate) -> Yimen_Staffing_V1_Observation
  {
    var observation = observation
    guard let start = LocalDate(observation.start),
      let rules = try? Observation(
        staffID: observation.personID,
        name: observation.name,
        category: .civilServant,
        start: start
      )
    else { return observation }
    switch rules.status(on: date) {
    case .notStarted: observation.status = .notStarted
    case .observing: observation.status = .observing
    case .completed: observation.status = .completed
    }
    return observation
  }
}
