import Foundation
package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Joint cases (联办, 一件事, §31): one application for several matters of several departments, led
/// by one department that accepts, coordinates and notifies; the sub-cases run in parallel.
extension CaseOffice {
  /// A joint submission whose sub-submissions were checked against their guides.
  package struct JointSubmission: Sendable {
    let request: Yimen_Cases_V1_SubmitJointCaseRequest
    let submissions: [Submission]
  }

  /// Checks a joint submission: two or more distinct matters, a lead department among theirs, and each
  /// sub-submission as an ordinary one.
  package func prepare(_ request: Yimen_Cases_V1_SubmitJointCaseRequest) async throws -> JointSubmission {
    var violations = FieldViolations()
    violations.check(
      (1...60).contains(request.title.count) && !request.title.allSatisfy(\.isWhitespace),
      "title",
      "Required, at most 60 characters, e.g. 开办餐饮店."
    )
    violations.check(
      (2...20).contains(request.matterCodes.count),
      "matter_codes",
      "A joint case covers 2 to 20 matters."
    )
    var seen: Set<String> = []
    for (index, code) in request.matterCodes.enumerated() where !seen.insert(code).inserted {
      violations.add("matter_codes[\(index)]", "\(code) is listed twice.")
    }
    for (index, entry) in request.materials.enumerated() where !request.matterCodes.contains(entry.matterCode) {
      violations.add("materials[\(index)].matter_code", "\(entry.matterCode) is not one of the joint case's matters.")
    }
    violations.check(!request.leadDepartment.isEmpty, "lead_department", "Required: the department that leads (§31).")
    // The applicant and channel are the joint request's own fields (not each matter's).
    violations.check(
      [.window, .online, .mobile, .mail].contains(request.channel),
      "channel",
      "WINDOW, ONLINE, MOBILE or MAIL (§33)."
    )
    Self.checkApplicant(request.applicant, field: "applicant", into: &violations)
    try violations.throwIfAny("The joint application is not valid")
    var submissions: [Submission] = []
    for (index, code) in request.matterCodes.enumerated() {
      let single = Yimen_Cases_V1_SubmitCaseRequest.with {
        $0.matterCode = code
        $0.channel = request.channel
        $0.applicant = request.applicant
        $0.materials = request.materials.filter { $0.matterCode == code }.flatMap(\.materials)
        $0.windowID = request.windowID
      }
      submissions.append(try await self.prepare(single, field: "matter_codes[\(index)]"))
    }
    let departments = Set(submissions.map(\.guide.department))
    violations.check(
      departments.contains(request.leadDepartment),
      "lead_department",
      "\(request.leadDepartment) handles none of the matters; the lead is one of "
        + departments.sorted().joined(separator: ", ") + "."
    )
    violations.check(departments.count >= 2, "matter_codes", "A joint case spans several departments (§31).")
    try violations.throwIfAny("The joint application is not valid")
    return JointSubmission(request: request, submissions: submissions)
  }

  /// Records a joint case and its sub-cases, all RECEIVED, in one transaction.
  package func submit(_ joint: JointSubmission, as principal: Principal) async throws -> ProtoJointCase {
    let today = self.today()
    return try await self.store.write { database in
      let number = try await Self.nextNumber(on: today, prefix: "J", in: database)
      var record = ProtoJointCase()
      record.number = number
      record.queryCode = Self.newQueryCode()
      record.title = joint.request.title
      record.leadDepartment = joint.request.leadDepartment
      record.applicant = joint.request.applicant
      for submission in joint.submissions {
        // Each sub-case has the joint case's query code: the applicant follows them all with one.
        _ = try await self.submit(submission, as: principal, joint: number, queryCode: record.queryCode)
      }
      record.state = .received
      try await Self.saveJoint(record, new: true, in: database)
      let presented = try await self.joint(number, in: database)
      try await Self.emit("cases.joint.submitted", presented, in: database)
      return presented
    }
  }

  /// Why the lead's acceptance at the checked window is refused: the window must serve one of the lead
  /// department's matters of the joint case; nil when it may go ahead.
  static func refusal(_ check: AcceptanceCheck, joint: ProtoJointCase) -> (ProtoCase, String)? {
    let leads = joint.cases.filter { $0.department == joint.leadDepartment }
    guard !leads.contains(where: { Self.refusal(check, matter: $0.matterCode) == nil }), let first = leads.first else {
      return nil
    }
    return (first, Self.refusal(check, matter: first.matterCode) ?? "")
  }

  /// Refuses a joint acceptance away from the lead's hall window, keeping the refusal on record (§41);
  /// before the change's transaction.
  package func screenJoint(number: String, _ check: AcceptanceCheck) async throws {
    let current = try await self.store.read { database in try await self.joint(number, in: database) }
    if let (record, reason) = Self.refusal(check, joint: current) {
      try await self.refuse(record, check, because: reason)
    }
  }

  /// The lead department accepts every sub-case at once, at its window (`screenJoint` first).
  package func acceptJoint(number: String, _ check: AcceptanceCheck) async throws -> ProtoJointCase {
    let today = self.today()
    return try await self.store.write { database in
      var joint = try await Self.requireJoint(number, in: database)
      try Self.requireLead(joint, check.principal)
      if let (_, reason) = Self.refusal(check, joint: try await self.joint(number, in: database)) {
        throw GoogleRPCStatus.failedPrecondition("window", subject: check.windowID, reason)
      }
      // Sub-cases withdrawn or refused on their own stay as they are; the others are accepted together (when
      // none is left, the state check refuses).
      let all = try await Self.subCases(of: joint, in: database)
      var cases = all.filter { ![.withdrawn, .notAccepted].contains($0.state) }
      if cases.isEmpty { cases = all }
      for record in cases {
        try Self.require(.accept, record)
        try Self.requireComplete(record)
      }
      for index in cases.indices {
        cases[index].acceptedOn = today.description
        cases[index].acceptedBy = check.principal.id
        cases[index].acceptedWindowID = check.windowID
        Self.record(
          &cases[index],
          "accepted",
          to: .accepted,
          by: check.principal.id,
          on: today,
          window: check.windowID,
          note: "joint case \(number), lead \(joint.leadDepartment)"
        )
        try await Self.remember(cases[index], in: database)
        _ = try await self.changed(&cases[index], event: "cases.case.accepted", in: database)
      }
      Self.lead(&joint, "accepted", by: check.principal, window: check.windowID, on: today)
      try await Self.saveJoint(joint, new: false, in: database)
      let presented = try await self.joint(number, in: database)
      try await Self.emit("cases.joint.accepted", presented, in: database)
      return presented
    }
  }

  /// The lead department's merged one-time notice: every item for every sub-case at once.
  package func requestJointSupplement(
    _ request: Yimen_Cases_V1_RequestJointSupplementRequest,
    as principal: Principal
  ) async throws -> ProtoJointCase {
    let today = self.today()
    return try await self.store.write { database in
      var joint = try await Self.requireJoint(request.number, in: database)
      try Self.requireLead(joint, principal)
      var violations = FieldViolations()
      violations.check(!request.items.isEmpty, "items", "List every missing or faulty material at once.")
      // The stored joint case keeps no sub-cases: they are read from their own rows.
      var cases = try await Self.subCases(of: joint, in: database)
      for (index, item) in request.items.enumerated() where !cases.contains(where: { $0.matterCode == item.matterCode })
      {
        violations.add("items[\(index)].matter_code", "\(item.matterCode) is not one of the joint case's matters.")
      }
      try violations.throwIfAny("The notice is not valid")
      // One notice for the joint case (§30, §31): the first lists everything missing in every sub-case;
      // a later one may name only what the previous merged notice asked of that sub-case.
      let previous = joint.notices.last
      let left = cases.filter { record in
        ![.withdrawn, .notAccepted].contains(record.state)
          && record.materials.contains(where: { $0.status == .missing })
          && !request.items.contains { $0.matterCode == record.matterCode }
      }
      if !left.isEmpty {
        let reasons = left.map {
          "\($0.matterCode) (\($0.number)) lacks materials too; the merged notice lists everything at once (§30)."
        }
        throw GoogleRPCStatus.failedPrecondition(
          "The merged notice breaks the one-time notice rules: " + reasons.joined(separator: "; "),
          violations: reasons.map { ("one_time_notice", joint.number, $0) }
        )
      }
      var merged = Yimen_Cases_V1_JointNotice()
      for index in cases.indices {
        let items = request.items.filter { $0.matterCode == cases[index].matterCode }.map(\.item)
        guard !items.isEmpty else { continue }
        try Self.require(.requestSupplement, cases[index])
        try self.issueNotice(
          &cases[index],
          items: items,
          previous: previous.map { notice in
            notice.items.filter { $0.matterCode == cases[index].matterCode }.map(\.item)
          },
          field: "items[\(cases[index].matterCode)]",
          by: principal,
          today: today
        )
        merged.items += request.items.filter { $0.matterCode == cases[index].matterCode }
        merged.caseNotices.append("\(cases[index].number)#\(cases[index].notices.count)")
        _ = try await self.changed(&cases[index], event: "cases.case.supplement_requested", in: database)
      }
      merged.number = UInt32(joint.notices.count + 1)
      merged.issuedAtMs = Clock.nowMilliseconds
      merged.issuedBy = principal.id
      merged.issuedOn = today.description
      joint.notices.append(merged)
      Self.lead(&joint, "supplement_requested", by: principal, on: today, note: "\(request.items.count) items")
      try await Self.saveJoint(joint, new: false, in: database)
      let presented = try await self.joint(request.number, in: database)
      try await Self.emit("cases.joint.supplement_requested", presented, in: database)
      return presented
    }
  }

  /// A joint case for its applicant (query code), its departments, or the centre.
  package func joint(number: String, queryCode: String, as principal: Principal) async throws -> ProtoJointCase {
    try await self.store.read { database in
      let joint = try await self.joint(number, in: database)
      let involved = principal.role == .management || joint.cases.contains { principal.actsFor($0.department) }
      guard principal.isCentre || involved || (!queryCode.isEmpty && queryCode == joint.queryCode) else {
        throw RPCError(code: .notFound, message: "No joint case \(number) (or the query code does not match).")
      }
      var presented = joint
      // Query codes are for the applicant, the departments and management, not supervisors or services.
      if principal.isCentre && principal.role != .management {
        presented.queryCode = ""
        presented.cases = joint.cases.map { self.present($0, for: principal) }
      }
      return presented
    }
  }

  // MARK: Helpers

  /// Emits `cases.joint.decided` when the last sub-case of a joint case is finished (decided or
  /// delivered, the others withdrawn or not accepted) with at least one decided; keeps its state.
  func updateJoint(of record: ProtoCase, in database: any SQLDatabase) async throws {
    guard !record.jointNumber.isEmpty else { return }
    var joint = try await Self.requireJoint(record.jointNumber, in: database)
    let before = joint.state
    let cases = try await Self.subCases(of: joint, in: database)
    joint.state = Self.jointState(cases)
    guard joint.state != before else { return }
    try await Self.saveJoint(joint, new: false, in: database)
    let decided: Set<CaseState> = [.decided, .delivered]
    if decided.contains(joint.state) && !decided.contains(before) {
      let presented = try await self.joint(joint.number, in: database)
      try await Self.emit("cases.joint.decided", presented, in: database)
    }
  }

  /// The state of a joint case from its sub-cases: decided when every one is.
  static func jointState(_ cases: [ProtoCase]) -> CaseState {
    let states = Set(cases.map(\.state))
    let ended: Set<CaseState> = [.withdrawn, .notAccepted]
    if states == [.withdrawn] { return .withdrawn }
    if states.isSubset(of: ended) { return .notAccepted }
    // Sub-cases withdrawn or refused on their own do not hold the others back.
    let active = states.subtracting(ended)
    if active == [.delivered] { return .delivered }
    if active.isSubset(of: [.decided, .delivered]) { return .decided }
    if active.contains(.supplement) { return .supplement }
    if active == [.received] { return .received }
    if active.contains(.processing) || active.contains(.special) { return .processing }
    return .accepted
  }

  static func requireLead(_ joint: ProtoJointCase, _ principal: Principal) throws(RPCError) {
    try principal.requireDepartmentOrManagement(joint.leadDepartment, to: "act as lead of joint case \(joint.number)")
  }

  static func lead(
    _ joint: inout ProtoJointCase,
    _ action: String,
    by principal: Principal,
    window: String = "",
    on date: LocalDate,
    note: String = ""
  ) {
    joint.leadActions.append(
      .with {
        $0.action = action
        $0.atMs = Clock.nowMilliseconds
        $0.date = date.description
        $0.by = principal.id
        $0.windowID = window
        $0.note = note
      }
    )
  }

  static func requireJoint(_ number: String, in database: any SQLDatabase) async throws -> ProtoJointCase {
    guard
      let joint = try await database.select().column("data").from("joint_cases").where(
        "number",
        .equal,
        SQLBind(number)
      )
      .first().map({ try $0.message(ProtoJointCase.self) })
    else {
      throw RPCError(code: .notFound, message: "No joint case \(number) (or the query code does not match).")
    }
    return joint
  }

  static func subCases(of joint: ProtoJointCase, in database: any SQLDatabase) async throws -> [ProtoCase] {
    try await database.select().column("data").from("cases").where("joint_number", .equal, SQLBind(joint.number))
      .orderBy("number").all().map { try $0.message(ProtoCase.self) }
  }

  /// A joint case with its sub-cases as they are now (the stored message keeps only its own fields).
  func joint(_ number: String, in database: any SQLDatabase) async throws -> ProtoJointCase {
    var joint = try await Self.requireJoint(number, in: database)
    let cases = try await Self.subCases(of: joint, in: database)
    joint.cases = cases.map(self.present)
    joint.state = Self.jointState(cases)
    for index in joint.notices.indices {
      let answers = joint.notices[index].caseNotices.map { reference -> String in
        let parts = reference.split(separator: "#")
        guard parts.count == 2, let number = Int(parts[1]), number >= 1,
          let record = cases.first(where: { $0.number == parts[0] }), number <= record.notices.count
        else { return "" }
        return record.notices[number - 1].answeredOn
      }
      joint.notices[index].answeredOn = answers.contains("") ? "" : answers.max() ?? ""
    }
    return joint
  }

  static func saveJoint(_ joint: ProtoJointCase, new: Bool, in database: any SQLDatabase) async throws {
    var stored = joint
    stored.cases = []
    let data: Data = try stored.serializedBytes()
    if new {
      try await database.insert(into: "joint_cases").columns("number", "lead_department", "data")
        .values(SQLBind(joint.number), SQLBind(joint.leadDepartment), SQLBind(data)).run()
    } else {
      try await database.update("joint_cases").set("data", to: SQLBind(data))
        .where("number", .equal, SQLBind(joint.number)).run()
    }
  }
}
