import Foundation
package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// The life of a case: submission, acceptance, the one-time notice, processing, decision, delivery.
extension CaseOffice {
  /// A submission checked against its matter's published guide, before any transaction begins (the
  /// check reads the matter from the matters service).
  package struct Submission: Sendable {
    let request: Yimen_Cases_V1_SubmitCaseRequest
    let guide: MatterGuide
  }

  /// Checks a submission: its fields, the applicant's identifiers, and its materials against the
  /// matter's published guide.
  package func prepare(_ request: Yimen_Cases_V1_SubmitCaseRequest, field: String = "") async throws -> Submission {
    let prefix = field.isEmpty ? "" : field + "."
    var violations = FieldViolations()
    Self.checkSubmission(request, prefix: prefix, into: &violations)
    try violations.throwIfAny("The application is not valid")
    guard let guide = try await self.guides.guide(request.matterCode) else {
      throw RPCError(code: .notFound, message: "No matter \(request.matterCode) in the catalogue.")
    }
    guard guide.entered else {
      throw GoogleRPCStatus.failedPrecondition(
        "matter",
        subject: guide.code,
        "\(guide.code) \(guide.name) is not handled in the hall (its entry status is not ENTERED)."
      )
    }
    guard guide.version > 0 else {
      throw GoogleRPCStatus.failedPrecondition(
        "matter",
        subject: guide.code,
        "\(guide.code) \(guide.name) has no published service guide yet; applications wait for it (§8)."
      )
    }
    if request.mode != .unspecified && !guide.guide.channelModes.contains(request.mode) {
      violations.add(
        "\(prefix)mode",
        "The guide of \(guide.code) does not offer this mode (§33); it offers "
          + (guide.guide.channelModes.isEmpty
            ? "none" : guide.guide.channelModes.map { "\($0)" }.joined(separator: ", "))
          + "."
      )
    }
    let names = Set(guide.guide.materials.map(\.name))
    for (index, material) in request.materials.enumerated() where !names.contains(material) {
      violations.add(
        "\(prefix)materials[\(index)]",
        "\(material) is not a material of the guide (version \(guide.version)) of \(guide.code); "
          + "only its materials may be asked for (§30)."
      )
    }
    try violations.throwIfAny("The application is not valid")
    return Submission(request: request, guide: guide)
  }

  /// Records a checked submission (接件): RECEIVED, with a number and the applicant's query code.
  ///
  /// - Parameters:
  ///   - joint: The number of the joint case this is a sub-case of.
  ///   - queryCode: The joint case's query code, for a sub-case; a new one otherwise.
  package func submit(
    _ submission: Submission,
    as principal: Principal,
    joint: String = "",
    queryCode: String? = nil
  ) async throws -> ProtoCase {
    let request = submission.request
    let guide = submission.guide
    let today = self.today()
    return try await self.store.write { database in
      var record = ProtoCase()
      record.number = try await Self.nextNumber(on: today, in: database)
      record.queryCode = queryCode ?? Self.newQueryCode()
      record.matterCode = guide.code
      record.matterName = guide.name
      record.department = guide.department
      record.guideVersion = guide.version
      record.channel = request.channel
      record.applicant = request.applicant
      record.appointment = request.appointment
      record.mode = request.mode
      record.receivedOn = today.description
      record.promisedLimitDays = guide.guide.promisedLimitDays
      record.jointNumber = joint
      record.guideSpecialSteps = guide.guide.specialSteps.map { step in
        .with {
          $0.name = step.name
          $0.countsTowardLimit = step.countsTowardLimit
        }
      }
      // Earlier cases are looked up only for materials the applicant did not give and sharing does not cover.
      let unanswered = guide.guide.materials.contains { !$0.shared && !request.materials.contains($0.name) }
      let earlier = unanswered ? try await Self.earlierMaterials(of: request.applicant.idNumber, in: database) : [:]
      record.materials = guide.guide.materials.map { material in
        var entry = Yimen_Cases_V1_CaseMaterial()
        entry.name = material.name
        entry.required = material.required
        if request.materials.contains(material.name) {
          entry.status = .provided
        } else if material.shared {
          entry.status = .shared
        } else if let from = earlier[material.name] {
          entry.status = .reused
          entry.reusedFrom = from
        } else {
          entry.status = material.required ? .missing : .optional
        }
        return entry
      }
      let staff = principal.role == .staff
      if staff {
        record.firstInquiryStaffID = principal.id
        record.firstInquiryWindowID = request.windowID
      }
      Self.record(
        &record,
        "submitted",
        to: .received,
        by: staff ? principal.id : Self.applicant,
        on: today,
        window: request.windowID
      )
      try await Self.save(&record, new: true, in: database)
      let presented = self.present(record)
      try await Self.emit("cases.case.submitted", presented, in: database)
      return presented
    }
  }

  /// The verdict of the hall on an acceptance, read from the staffing service before the transaction.
  package struct AcceptanceCheck: Sendable {
    let window: HallWindow?
    let principal: Principal
    let windowID: String
  }

  /// Reads the window an acceptance is made at.
  package func checkWindow(_ windowID: String, as principal: Principal) async throws -> AcceptanceCheck {
    var violations = FieldViolations()
    violations.check(!windowID.isEmpty, "window_id", "Required: the hall window where the case is accepted (§41).")
    try violations.throwIfAny()
    try principal.requireSignedIn(to: "accept cases")
    return AcceptanceCheck(window: try await self.windows.window(windowID), principal: principal, windowID: windowID)
  }

  /// Why an acceptance of a matter at the checked window is refused (§41), or nil when it may go ahead.
  static func refusal(_ check: AcceptanceCheck, matter code: String) -> String? {
    let who = check.principal.id
    guard check.principal.role == .staff else {
      return "Cases are accepted by staff on post at a hall window (you are \(check.principal.roleDescription))."
    }
    guard let window = check.window else { return "There is no window \(check.windowID) in the hall." }
    guard window.open else { return "Window \(window.id) is closed; cases are accepted at an open window (§41)." }
    guard window.hasOnPost(who) else {
      return "\(who) is not on post at window \(window.id); cases are accepted by the staff posted there (§41)."
    }
    guard window.serves(code) else { return "Window \(window.id) does not serve matter \(code)." }
    return nil
  }

  /// Records an acceptance refused away from a hall window (§41): its own transaction, so that the
  /// refusal stays on record although the change does not happen. Then throws it.
  func refuse(_ record: ProtoCase, _ check: AcceptanceCheck, because reason: String) async throws -> Never {
    var attempt = self.present(record)
    Self.record(
      &attempt,
      "acceptance_refused",
      to: record.state,
      by: check.principal.id,
      on: self.today(),
      window: check.windowID,
      note: reason
    )
    let refused = attempt
    try await self.store.write { database in
      try await Self.emit("cases.case.acceptance_refused", refused, in: database)
    }
    throw GoogleRPCStatus.failedPrecondition("window", subject: check.windowID, reason)
  }

  /// Refuses an acceptance away from a hall window, keeping the refusal on record (§41). Call it before
  /// the change's transaction: the refusal is written in a transaction of its own.
  package func screen(number: String, _ check: AcceptanceCheck) async throws {
    let current = try await self.store.read { database in try await Self.requireCase(number, in: database) }
    if let reason = Self.refusal(check, matter: current.matterCode) {
      try await self.refuse(current, check, because: reason)
    }
  }

  /// 受理 at a hall window: the caller on post there, the window open and serving the matter, every
  /// required material given. `screen` first, outside the transaction, to record refusals.
  package func accept(number: String, _ check: AcceptanceCheck) async throws -> ProtoCase {
    let today = self.today()
    return try await self.store.write { database in
      var record = try await Self.requireCase(number, in: database)
      if let reason = Self.refusal(check, matter: record.matterCode) {
        throw GoogleRPCStatus.failedPrecondition("window", subject: check.windowID, reason)
      }
      try Self.requireHandlerOrWindow(record, check)
      // A sub-case is accepted with its joint case, by the lead department (§31); accepted alone, it would
      // keep the joint case from ever being accepted.
      guard record.jointNumber.isEmpty else {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.number,
          "Case \(record.number) is part of joint case \(record.jointNumber): its lead department accepts them together."
        )
      }
      try Self.require(.accept, record)
      try Self.requireComplete(record)
      record.acceptedOn = today.description
      record.acceptedBy = check.principal.id
      record.acceptedWindowID = check.windowID
      Self.record(&record, "accepted", to: .accepted, by: check.principal.id, on: today, window: check.windowID)
      try await Self.remember(record, in: database)
      return try await self.changed(&record, event: "cases.case.accepted", in: database)
    }
  }

  /// 不予受理, with the reason.
  package func reject(number: String, reason: String, as principal: Principal) async throws -> ProtoCase {
    try Self.requireText(reason, "reason", limit: 500)
    return try await self.step(.reject, number, as: principal, event: "cases.case.rejected") { record, today in
      // 不予受理 answers a receipt: a case already accepted (now in a supplement) is decided, not rejected.
      guard record.acceptedOn.isEmpty else {
        throw GoogleRPCStatus.failedPrecondition(
          "transition",
          subject: record.number,
          "Cannot refuse to accept case \(record.number): it was accepted on \(record.acceptedOn); decide it instead."
        )
      }
      Self.record(&record, "not_accepted", to: .notAccepted, by: principal.id, on: today, note: reason)
    }
  }

  /// The one-time notice (§30): every missing or faulty material at once.
  package func requestSupplement(
    number: String,
    items: [Yimen_Cases_V1_NoticeItem],
    as principal: Principal
  ) async throws -> ProtoCase {
    try await self.step(.requestSupplement, number, as: principal, event: "cases.case.supplement_requested") {
      record,
      today in
      guard record.jointNumber.isEmpty else {
        throw GoogleRPCStatus.failedPrecondition(
          "one_time_notice",
          subject: record.number,
          "Case \(record.number) is part of joint case \(record.jointNumber): its lead department gives one merged "
            + "notice for every sub-case (RequestJointSupplement, §31)."
        )
      }
      try self.issueNotice(
        &record,
        items: items,
        previous: record.notices.last?.items,
        field: "items",
        by: principal,
        today: today
      )
    }
  }

  /// Issues a notice on a case (shared by ordinary and joint cases).
  ///
  /// - Parameter previous: The items of the previous notice the new one is bound by (§30), or nil for
  ///   the first one: the case's own last notice, or for a sub-case the joint case's last merged notice.
  func issueNotice(
    _ record: inout ProtoCase,
    items: [Yimen_Cases_V1_NoticeItem],
    previous: [Yimen_Cases_V1_NoticeItem]?,
    field: String,
    by principal: Principal,
    today: LocalDate
  ) throws {
    if record.state == .received && record.notices.isEmpty, let received = LocalDate(record.receivedOn) {
      let last = self.clock.lastNoticeDay(receivedOn: received)
      guard today <= last else {
        throw GoogleRPCStatus.failedPrecondition(
          "one_time_notice",
          subject: record.number,
          "Case \(record.number) was received on \(received); a notice had to follow by \(last) (5 working days, "
            + "行政许可法 §32), so it counts as accepted on the day of receipt."
        )
      }
    }
    let problems = OneTimeNotice.problems(
      items: items,
      materials: record.materials,
      previous: previous,
      field: field
    )
    try Self.throwProblems(problems, subject: record.number)
    var notice = Yimen_Cases_V1_SupplementNotice()
    notice.number = UInt32(record.notices.count + 1)
    notice.items = items
    notice.issuedAtMs = Clock.nowMilliseconds
    notice.issuedBy = principal.id
    notice.issuedOn = today.description
    notice.afterAcceptance = record.state != .received
    record.notices.append(notice)
    for index in record.materials.indices where items.contains(where: { $0.material == record.materials[index].name }) {
      record.materials[index].status = .missing
    }
    let list = items.map { "\($0.material): \($0.problem)" }.joined(separator: "; ")
    Self.record(&record, "supplement_requested", to: .supplement, by: principal.id, on: today, note: list)
  }

  /// The applicant supplies what the notice asked for; the case goes back where it was once every
  /// item is supplied.
  package func resubmit(_ request: Yimen_Cases_V1_ResubmitRequest, as principal: Principal) async throws -> ProtoCase {
    var violations = FieldViolations()
    violations.check(!request.materials.isEmpty, "materials", "Name the materials supplied.")
    try violations.throwIfAny()
    let today = self.today()
    return try await self.store.write { database in
      var record = try await Self.requireCase(request.number, in: database)
      try Self.requireApplicant(record, queryCode: request.queryCode, principal)
      try Self.require(.resubmit, record)
      guard var notice = record.notices.last else { return self.present(record) }
      var problems = FieldViolations()
      for (index, material) in request.materials.enumerated() {
        problems.check(
          notice.items.contains { $0.material == material },
          "materials[\(index)]",
          "\(material) was not asked for in notice \(notice.number); supply only what it lists."
        )
      }
      try problems.throwIfAny("The resubmission is not valid")
      for index in record.materials.indices where request.materials.contains(record.materials[index].name) {
        record.materials[index].status = .provided
        record.materials[index].reusedFrom = ""
      }
      let answered = notice.items.allSatisfy { item in
        record.materials.contains { $0.name == item.material && $0.status == .provided }
      }
      let by = principal.role == .public ? Self.applicant : principal.id
      if answered {
        notice.answeredAtMs = Clock.nowMilliseconds
        notice.answeredOn = today.description
        record.notices[record.notices.count - 1] = notice
        let back = notice.afterAcceptance ? Self.stateBeforeSupplement(record) : .received
        Self.record(
          &record,
          "resubmitted",
          to: back,
          by: by,
          on: today,
          note: request.materials.joined(separator: "; ")
        )
      } else {
        Self.record(&record, "partly_resubmitted", to: .supplement, by: by, on: today)
      }
      return try await self.changed(&record, event: "cases.case.resubmitted", in: database)
    }
  }

  /// 办理 begins.
  package func startProcessing(number: String, as principal: Principal) async throws -> ProtoCase {
    try await self.step(.startProcessing, number, as: principal, event: "cases.case.processing") { record, today in
      Self.record(&record, "processing", to: .processing, by: principal.id, on: today)
    }
  }

  /// 特别程序 starts: a step of the guide counts toward the limit as the guide says; another does not.
  package func startSpecial(number: String, name: String, as principal: Principal) async throws -> ProtoCase {
    try Self.requireText(name, "name", limit: 50)
    return try await self.step(.startSpecial, number, as: principal, event: "cases.case.special_started") {
      record,
      today in
      guard let step = record.guideSpecialSteps.first(where: { $0.name == name }) else {
        let known = record.guideSpecialSteps.map(\.name)
        throw FieldViolations.single(
          field: "name",
          known.isEmpty
            ? "The guide (version \(record.guideVersion)) of \(record.matterCode) has no special procedures."
            : "Not a special procedure of the guide (version \(record.guideVersion)): one of "
              + known.joined(separator: ", ") + "."
        )
      }
      var procedure = Yimen_Cases_V1_SpecialProcedure()
      procedure.name = name
      procedure.countsTowardLimit = step.countsTowardLimit
      procedure.startedOn = today.description
      record.specialProcedures.append(procedure)
      let counts = procedure.countsTowardLimit ? "counts toward the limit" : "does not count toward the limit"
      Self.record(&record, "special_started", to: .special, by: principal.id, on: today, note: "\(name) (\(counts))")
    }
  }

  /// 特别程序 ends: back to processing.
  package func endSpecial(number: String, as principal: Principal) async throws -> ProtoCase {
    try await self.step(.endSpecial, number, as: principal, event: "cases.case.special_ended") { record, today in
      let last = record.specialProcedures.count - 1
      if last >= 0 { record.specialProcedures[last].endedOn = today.description }
      let name = last >= 0 ? record.specialProcedures[last].name : ""
      Self.record(&record, "special_ended", to: .processing, by: principal.id, on: today, note: name)
    }
  }

  /// 办结: approved or denied, with the decision text and the seal (§34).
  package func decide(_ request: Yimen_Cases_V1_DecideCaseRequest, as principal: Principal) async throws -> ProtoCase {
    var violations = FieldViolations()
    violations.check(
      (1...2_000).contains(request.text.count) && !request.text.allSatisfy(\.isWhitespace),
      "text",
      "Required: the decision, at most 2000 characters."
    )
    let seal = request.seal == .unspecified ? .approvalSeal : request.seal
    violations.check(
      Yimen_Cases_V1_Seal.allCases.contains(seal),
      "seal",
      "APPROVAL_SEAL, DEPARTMENT_SEAL or SPECIAL_SEAL."
    )
    violations.check(
      seal == .approvalSeal || !request.sealBasis.allSatisfy(\.isWhitespace),
      "seal_basis",
      "A seal other than the approval seal (行政审批专用章) needs the law that requires it (§34)."
    )
    try violations.throwIfAny("The decision is not valid")
    return try await self.step(.decide, request.number, as: principal, event: "cases.case.decided") { record, today in
      record.decision = .with {
        $0.approved = request.approved
        $0.text = request.text
        $0.seal = seal
        $0.sealBasis = request.sealBasis
        $0.decidedOn = today.description
        $0.decidedBy = principal.id
      }
      Self.record(
        &record,
        request.approved ? "approved" : "denied",
        to: .decided,
        by: principal.id,
        on: today,
        note: request.text
      )
    } after: { record, database in
      try await self.updateJoint(of: record, in: database)
    }
  }

  /// The result delivered: at the window, or by post at the government's cost (§36).
  package func deliver(_ request: Yimen_Cases_V1_DeliverResultRequest, as principal: Principal) async throws
    -> ProtoCase
  {
    var violations = FieldViolations()
    violations.check(
      request.method == .windowPickup || request.method == .postal,
      "method",
      "WINDOW_PICKUP or POSTAL."
    )
    if request.method == .postal {
      violations.check(
        (1...40).contains(request.trackingNumber.count),
        "tracking_number",
        "Required for postal delivery: the carrier's tracking number."
      )
    }
    violations.check(request.address.count <= 200, "address", "At most 200 characters.")
    try violations.throwIfAny("The delivery is not valid")
    return try await self.step(.deliver, request.number, as: principal, event: "cases.case.delivered") {
      record,
      today in
      let address = request.address.isEmpty ? record.applicant.address : request.address
      if request.method == .postal && address.isEmpty {
        throw FieldViolations.single(field: "address", "Required: the applicant gave no address.")
      }
      record.delivery = .with {
        $0.method = request.method
        $0.trackingNumber = request.trackingNumber
        $0.address = request.method == .postal ? address : ""
        $0.postageChargedFen = 0
        $0.deliveredOn = today.description
        $0.deliveredBy = principal.id
      }
      let how =
        request.method == .postal ? "posted, \(request.trackingNumber), postage paid by the centre" : "picked up"
      Self.record(&record, "delivered", to: .delivered, by: principal.id, on: today, note: how)
    } after: { record, database in
      try await self.updateJoint(of: record, in: database)
    }
  }

  /// The applicant withdraws before the decision.
  package func withdraw(_ request: Yimen_Cases_V1_WithdrawCaseRequest, as principal: Principal) async throws
    -> ProtoCase
  {
    var violations = FieldViolations()
    violations.check(request.reason.count <= 500, "reason", "At most 500 characters.")
    try violations.throwIfAny()
    let today = self.today()
    return try await self.store.write { database in
      var record = try await Self.requireCase(request.number, in: database)
      // Only the applicant withdraws: a department cannot take a case off its deadline (§41).
      guard !request.queryCode.isEmpty, request.queryCode == record.queryCode else {
        throw RPCError(code: .notFound, message: "No case \(record.number) (or the query code does not match).")
      }
      try Self.require(.withdraw, record)
      let by = principal.role == .public ? Self.applicant : principal.id
      Self.record(&record, "withdrawn", to: .withdrawn, by: by, on: today, note: request.reason)
      let presented = try await self.changed(&record, event: "cases.case.withdrawn", in: database)
      try await self.updateJoint(of: record, in: database)
      return presented
    }
  }

  // MARK: Helpers

  /// Takes a step of a department's case: loads it, checks the caller and the state, lets `body`
  /// change it, saves it and emits `event`; then runs `after` in the same transaction.
  func step(
    _ step: CaseStep,
    _ number: String,
    as principal: Principal,
    event: String,
    _ body: @escaping @Sendable (inout ProtoCase, LocalDate) throws -> Void,
    after: (@Sendable (ProtoCase, any SQLDatabase) async throws -> Void)? = nil
  ) async throws -> ProtoCase {
    let today = self.today()
    return try await self.store.write { database in
      var record = try await Self.requireCase(number, in: database)
      try Self.requireHandler(record, principal, to: "\(step.phrase) its cases")
      try Self.require(step, record)
      try body(&record, today)
      let presented = try await self.changed(&record, event: event, in: database)
      try await after?(record, database)
      return presented
    }
  }

  static func checkSubmission(
    _ request: Yimen_Cases_V1_SubmitCaseRequest,
    prefix: String,
    into violations: inout FieldViolations
  ) {
    violations.check(!request.matterCode.isEmpty, "\(prefix)matter_code", "Required.")
    violations.check(
      [.window, .online, .mobile, .mail].contains(request.channel),
      "\(prefix)channel",
      "WINDOW, ONLINE, MOBILE or MAIL (§33)."
    )
    Self.checkApplicant(request.applicant, field: "\(prefix)applicant", into: &violations)
    violations.check(request.materials.count <= 100, "\(prefix)materials", "At most 100 materials.")
    var seen: Set<String> = []
    for (index, material) in request.materials.enumerated() where !seen.insert(material).inserted {
      violations.add("\(prefix)materials[\(index)]", "\(material) is listed twice.")
    }
    violations.check(request.appointment.count <= 40, "\(prefix)appointment", "At most 40 characters.")
    violations.check(
      request.windowID.isEmpty || request.channel == .window,
      "\(prefix)window_id",
      "Only a submission at a window (channel WINDOW) names one."
    )
  }

  static func checkApplicant(
    _ applicant: Yimen_Cases_V1_Applicant,
    field: String,
    into violations: inout FieldViolations
  ) {
    violations.check(
      applicant.kind == .person || applicant.kind == .company,
      "\(field).kind",
      "PERSON or COMPANY."
    )
    violations.check(
      (1...100).contains(applicant.name.count) && !applicant.name.allSatisfy(\.isWhitespace),
      "\(field).name",
      "Required, at most 100 characters."
    )
    let idProblem =
      applicant.kind == .company
      ? ApplicantIdentity.problemWithCreditCode(applicant.idNumber)
      : ApplicantIdentity.problemWithResidentID(applicant.idNumber)
    if let idProblem { violations.add("\(field).id_number", idProblem) }
    if let phoneProblem = ApplicantIdentity.problemWithPhone(applicant.phone) {
      violations.add("\(field).phone", phoneProblem)
    }
    violations.check(applicant.address.count <= 200, "\(field).address", "At most 200 characters.")
  }

  static func requireText(_ text: String, _ field: String, limit: Int) throws(GoogleRPCStatus) {
    guard (1...limit).contains(text.count), !text.allSatisfy(\.isWhitespace) else {
      throw FieldViolations.single(field: field, "Required, at most \(limit) characters.")
    }
  }

  /// Refuses acceptance while a required material is missing: the department issues a notice first.
  static func requireComplete(_ record: ProtoCase) throws(GoogleRPCStatus) {
    let missing = record.materials.filter { $0.status == .missing }.map(\.name)
    guard missing.isEmpty else {
      throw GoogleRPCStatus.failedPrecondition(
        "materials",
        subject: record.number,
        "Case \(record.number) lacks \(missing.joined(separator: ", ")); request them all at once with a "
          + "one-time notice (§30) before accepting."
      )
    }
  }

  /// The acceptance is by staff of the case's department, or at a window that serves it for any
  /// department (a comprehensive window).
  static func requireHandlerOrWindow(_ record: ProtoCase, _ check: AcceptanceCheck) throws(RPCError) {
    if check.principal.actsFor(record.department) { return }
    guard check.window?.department.isEmpty == true else {
      throw RPCError(
        code: .permissionDenied,
        message: "Only staff of \(record.department), or of a comprehensive window, accept its cases "
          + "(you are \(check.principal.roleDescription))."
      )
    }
  }

  /// Notice problems as one error: INVALID_ARGUMENT for malformed items, FAILED_PRECONDITION
  /// `one_time_notice` when the items break §30 or §33.
  static func throwProblems(_ problems: [CaseProblem], subject: String) throws(GoogleRPCStatus) {
    guard !problems.isEmpty else { return }
    let rules = problems.filter(\.breaksRule)
    if rules.count == problems.count {
      throw GoogleRPCStatus.failedPrecondition(
        "The notice breaks the one-time notice rules: "
          + rules.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
        violations: rules.map { ("one_time_notice", $0.field, $0.message) }
      )
    }
    var violations = FieldViolations()
    for problem in problems { violations.add(problem.field, problem.message) }
    try violations.throwIfAny("The notice is not valid")
  }

  /// The state a case was in before its current supplement.
  static func stateBeforeSupplement(_ record: ProtoCase) -> CaseState {
    let index = record.history.lastIndex { $0.action == "supplement_requested" } ?? 0
    return index > 0 ? record.history[index - 1].state : .accepted
  }

  /// The materials an applicant gave in earlier cases, by name, with the case they came with.
  static func earlierMaterials(of idNumber: String, in database: any SQLDatabase) async throws -> [String: String] {
    let rows = try await database.select().columns("material", "case_number").from("applicant_materials")
      .where("id_number", .equal, SQLBind(idNumber)).all()
    var found: [String: String] = [:]
    for row in rows {
      found[try row.decode(column: "material", as: String.self)] = try row.decode(
        column: "case_number",
        as: String.self
      )
    }
    return found
  }

  /// Remembers the materials given with a case when it is accepted — checked by the department, with
  /// nothing outstanding — for the applicant's later cases (§33). Materials of cases never accepted
  /// (withdrawn, refused) are not remembered.
  static func remember(_ record: ProtoCase, in database: any SQLDatabase) async throws {
    for material in record.materials where material.status == .provided {
      try await database.raw(
        """
        INSERT INTO applicant_materials (id_number, material, case_number)
        VALUES (\(bind: record.applicant.idNumber), \(bind: material.name), \(bind: record.number))
        ON CONFLICT (id_number, material) DO UPDATE SET case_number = excluded.case_number
        """
      ).run()
    }
  }
}
