import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenCalendar
import YimenCases
import YimenProtos
import YimenRuntime
import YimenStorage

// The cases domain over SQLite: every test opens a fresh store in a temporary directory, with "today"
// fixed (2026-11-02, a Monday, unless a test says otherwise) and the hall of CaseSupport.swift.

@Suite("Cases: submission (接件, §30, §33)", .timeLimit(.minutes(1)))
struct SubmissionTests {
  @Test("materials are PROVIDED, SHARED, MISSING or OPTIONAL as the guide says; the case keeps its guide")
  func materials() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: [Material.form, Material.plan, Material.rules])
    #expect(record.state == .received)
    #expect(
      record.statuses == [
        Material.form: .provided, Material.licence: .shared, Material.identity: .missing, Material.plan: .provided,
        Material.health: .optional, Material.rules: .provided,
      ]
    )
    #expect(
      record.materials.map(\.name) == [
        Material.form, Material.licence, Material.identity, Material.plan, Material.health, Material.rules,
      ]
    )
    #expect(record.materials.map(\.required) == [true, true, true, true, false, false])
    #expect(record.materials.allSatisfy { $0.reusedFrom.isEmpty })
    #expect(record.matterCode == Matter.food && record.matterName == "食品经营许可")
    #expect(record.department == Dept.market)
    #expect(record.guideVersion == 3)
    #expect(record.promisedLimitDays == 10)
    #expect(record.guideSpecialSteps.map(\.name) == [Special.inspection, Special.review])
    #expect(record.guideSpecialSteps.map(\.countsTowardLimit) == [true, false])
    #expect(record.channel == .online)
    #expect(record.receivedOn == "2026-11-02")
    #expect(record.acceptedOn.isEmpty && record.dueDate.isEmpty && !record.overdue)
    #expect(record.queryCode.count == 8 && record.queryCode.allSatisfy(queryCodeLetters.contains))
    #expect(record.history.map(\.action) == ["submitted"])
    #expect(record.history.first?.by == "applicant")
    #expect(record.history.first?.state == .received)
    #expect(record.history.first?.date == "2026-11-02")
    #expect(record.firstInquiryStaffID.isEmpty && record.firstInquiryWindowID.isEmpty)

    let events = try await office.store.events(after: 0)
    #expect(events.map(\.type) == ["cases.case.submitted"])
    #expect(events.first?.subject == record.number)
    let payload = try ProtoCase(serializedBytes: try #require(events.first).payload)
    #expect(payload.number == record.number && payload.state == .received)
    #expect(try await office.show(record.number).materials == record.materials)
  }

  @Test("a shared material given anyway is PROVIDED; an applicant company is checked by its credit code")
  func sharedGivenAndCompany() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: completeFood + [Material.licence], applicant: company())
    #expect(record.statuses[Material.licence] == .provided)
    #expect(record.applicant.kind == .company)
    #expect(record.applicant.idNumber == ID.company)
  }

  @Test("the test identifiers are valid by their check characters")
  func identifiers() {
    for id in [ID.person, ID.otherPerson, ID.thirdPerson] {
      #expect(ApplicantIdentity.problemWithResidentID(id) == nil, "\(id)")
    }
    #expect(ApplicantIdentity.problemWithCreditCode(ID.company) == nil)
  }

  @Test("a material not in the guide is refused at its index, and nothing is recorded")
  func materialNotInGuide() async throws {
    let office = try await newOffice()
    let error = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(materials: [Material.form, "房产证", Material.plan, "户口簿"])
    }
    #expect(error?.code == .invalidArgument)
    #expect(error?.fields == ["materials[1]", "materials[3]"])
    #expect(error?.message.contains("房产证") == true)
    let twice = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(materials: [Material.form, Material.plan, Material.form])
    }
    #expect(twice?.fields == ["materials[2]"])
    #expect(try await office.snapshot() == CaseSnapshot(events: [], cases: []))
    // A refused submission takes no number.
    #expect(try await office.submit().number == "20261102-00001")
  }

  @Test(
    "bad identifiers, phones and names are refused at their fields, all at once",
    arguments: [
      (person("430502198503120011"), ["applicant.id_number"]),
      (person("43050219850312001x"), ["applicant.id_number"]),
      (person("430502850312001"), ["applicant.id_number"]),
      (person(ID.company), ["applicant.id_number"]),
      (company("91430500MA4L12345X"), ["applicant.id_number"]),
      (company(ID.person), ["applicant.id_number"]),
      (
        Yimen_Cases_V1_Applicant.with {
          $0.kind = .person
          $0.name = " "
          $0.idNumber = "430502198503120011"
          $0.phone = "12345"
        }, ["applicant.name", "applicant.id_number", "applicant.phone"]
      ),
      (
        Yimen_Cases_V1_Applicant.with {
          $0.name = "王芳"
          $0.idNumber = ID.person
          $0.phone = "13907391234"
        }, ["applicant.kind"]
      ),
    ]
  )
  func badApplicant(applicant: Yimen_Cases_V1_Applicant, fields: [String]) async throws {
    let office = try await newOffice()
    let error = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(applicant: applicant)
    }
    #expect(error?.code == .invalidArgument)
    #expect(error?.fields == fields)
    #expect(try await office.eventTypes().isEmpty)
  }

  @Test("a window is named only for a submission at a window; the channel is required")
  func channelAndWindow() async throws {
    let office = try await newOffice()
    let online = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(channel: .online, window: "A01")
    }
    #expect(online?.fields == ["window_id"])
    let none = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(channel: .unspecified)
    }
    #expect(none?.fields == ["channel"])
    // Offline never needs a booking: an appointment is optional.
    let mail = try await office.submit(channel: .mail)
    #expect(mail.channel == .mail && mail.appointment.isEmpty)
  }

  @Test("a matter without a published guide, or not in the hall, is FAILED_PRECONDITION `matter`; unknown NOT_FOUND")
  func matters() async throws {
    let office = try await newOffice()
    let noGuide = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(Matter.society, materials: [])
    }
    #expect(noGuide?.code == .failedPrecondition)
    #expect(noGuide?.unmetTypes == ["matter"])
    #expect(noGuide?.subjects == [Matter.society])
    let notEntered = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submit(Matter.secret, materials: ["申请书"])
    }
    #expect(notEntered?.code == .failedPrecondition)
    #expect(notEntered?.unmetTypes == ["matter"])
    let unknown = await #expect(throws: RPCError.self) {
      try await office.submit("430500-XK-999", materials: [])
    }
    #expect(unknown?.code == .notFound)
    #expect(try await office.snapshot() == CaseSnapshot(events: [], cases: []))
  }

  @Test("numbers are the day of receipt and a sequence: unique, readable, sortable")
  func numbers() async throws {
    let office = try await newOffice()
    let first = try await office.submit()
    let second = try await office.submit(Matter.change, materials: [Material.form], applicant: person(ID.otherPerson))
    let next = try await office.on("2026-11-03").submit(applicant: person(ID.thirdPerson))
    let numbers = [first.number, second.number, next.number]
    #expect(numbers == ["20261102-00001", "20261102-00002", "20261103-00001"])
    #expect(numbers == numbers.sorted())

    // Submissions at the same moment still get distinct consecutive numbers.
    let burst = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 {
        group.addTask { try await office.on("2026-11-04").submit().number }
      }
      var numbers: [String] = []
      for try await number in group { numbers.append(number) }
      return numbers
    }
    #expect(burst.sorted() == (1...20).map { "20261104-" + String(format: "%05d", $0) })
    let queue = try await office.queue(pageSize: 200).cases.map(\.number)
    #expect(queue == queue.sorted() && queue.count == 23)
  }

  @Test("query codes are 8 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ, different for every case")
  func queryCodes() async throws {
    let office = try await newOffice()
    var codes: [String] = []
    for _ in 0..<40 { codes.append(try await office.submit().queryCode) }
    #expect(codes.allSatisfy { $0.count == 8 && $0.allSatisfy(queryCodeLetters.contains) }, "\(codes)")
    #expect(Set(codes).count == codes.count)
    // Letters as well as digits: 320 random characters use most of the 31.
    let used = Set(codes.joined())
    #expect(used.count >= 20 && used.contains { $0.isLetter } && used.contains { $0.isNumber }, "\(used.sorted())")
    // The code opens the case; a well-formed code that differs in one character does not.
    let record = try await office.show("20261102-00001")
    #expect(try await office.get(number: record.number, queryCode: record.queryCode, as: citizen) == record)
    let wrong = await #expect(throws: RPCError.self) {
      try await office.get(number: record.number, queryCode: anotherCode(record.queryCode), as: citizen)
    }
    #expect(wrong?.code == .notFound)
  }

  @Test("the same applicant's later case reuses a material of an accepted case (§33); another applicant's does not")
  func reused() async throws {
    let office = try await newOffice()
    let first = try await office.submit()
    // Submitted, not yet accepted: nothing is remembered.
    let early = try await office.submit(Matter.change, materials: [])
    #expect(early.statuses == [Material.form: .missing, Material.licence: .shared])
    try await office.accept(first.number)
    let later = try office.on("2026-11-05")
    let second = try await later.submit(Matter.change, materials: [])
    #expect(second.statuses == [Material.form: .reused, Material.licence: .shared])
    #expect(second.materials.first?.reusedFrom == first.number)
    let stranger = try await later.submit(Matter.change, materials: [], applicant: person(ID.otherPerson))
    #expect(stranger.statuses == [Material.form: .missing, Material.licence: .shared])
    // Nothing is missing: the reused case is accepted without the material given again.
    let accepted = try await later.accept(second.number)
    #expect(accepted.state == .accepted)
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await later.accept(stranger.number)
    }
    #expect(refused?.unmetTypes == ["materials"])
    // The case submitted before the acceptance keeps its status.
    #expect(try await later.show(early.number).statuses[Material.form] == .missing)
  }

  @Test("materials of cases withdrawn or not accepted are never reused; resubmitted ones once the case is accepted")
  func reusedOnlyWhenAccepted() async throws {
    let office = try await newOffice()
    let withdrawn = try await office.submit()
    try await office.withdraw(withdrawn.number, queryCode: withdrawn.queryCode)
    let rejected = try await office.submit(applicant: person(ID.otherPerson))
    _ = try await office.reject(number: rejected.number, reason: "不属于本部门职权", as: marketClerk)
    // The third applicant gives the form only on a notice.
    let supplied = try await office.submit(
      materials: [Material.identity, Material.plan],
      applicant: person(ID.thirdPerson)
    )
    try await office.notify(supplied.number, [notice(Material.form)])
    let resubmitted = try await office.resubmit(supplied.number, [Material.form], queryCode: supplied.queryCode)
    #expect(resubmitted.state == .received && resubmitted.statuses[Material.form] == .provided)

    let later = try office.on("2026-11-03")
    for applicant in [ID.person, ID.otherPerson, ID.thirdPerson] {
      let next = try await later.submit(Matter.change, materials: [], applicant: person(applicant))
      #expect(next.statuses[Material.form] == .missing, "\(applicant)")
    }
    try await later.accept(supplied.number)
    let reusing = try await later.submit(Matter.change, materials: [], applicant: person(ID.thirdPerson))
    #expect(reusing.statuses[Material.form] == .reused)
    #expect(reusing.materials.first?.reusedFrom == supplied.number)
    #expect(try await later.submit(Matter.change, materials: []).statuses[Material.form] == .missing)
  }

  @Test("the §33 mode is recorded when the guide offers it; another is INVALID_ARGUMENT at `mode`")
  func modes() async throws {
    let office = try await newOffice()
    let request = Yimen_Cases_V1_SubmitCaseRequest.with {
      $0.requestID = UUID().uuidString
      $0.matterCode = Matter.food
      $0.channel = .online
      $0.applicant = person()
      $0.materials = completeFood
      $0.mode = .onlinePrereviewOfflineReceipt
    }
    let record = try await office.submit(try await office.prepare(request), as: citizen)
    #expect(record.mode == .onlinePrereviewOfflineReceipt)
    #expect(try await office.show(record.number).mode == .onlinePrereviewOfflineReceipt)
    #expect(try await office.submit(applicant: person(ID.otherPerson)).mode == .unspecified)
    let before = try await office.snapshot()
    let notOffered = await #expect(throws: GoogleRPCStatus.self) {
      try await office.prepare(request.with(\.mode, .onlineBookingOfflineHandling))
    }
    #expect(notOffered?.code == .invalidArgument)
    #expect(notOffered?.fields == ["mode"])
    let noModes = await #expect(throws: GoogleRPCStatus.self) {
      try await office.prepare(
        request.with(\.matterCode, Matter.change).with(\.materials, [Material.form])
          .with(\.mode, .onlinePrereviewOfflineReceipt)
      )
    }
    #expect(noModes?.fields == ["mode"])
    #expect(try await office.snapshot() == before)
  }

  @Test("staff who receive an application at a window are its first inquiry (首问负责)")
  func firstInquiry() async throws {
    let office = try await newOffice()
    let atWindow = try await office.submit(channel: .window, window: "A01", as: marketBackup)
    #expect(atWindow.firstInquiryStaffID == "M-103")
    #expect(atWindow.firstInquiryWindowID == "A01")
    #expect(atWindow.history.first?.by == "M-103")
    #expect(atWindow.history.first?.windowID == "A01")
    // Any staff member may receive, e.g. at the comprehensive window; acceptance is another matter.
    let comprehensive = try await office.submit(
      applicant: person(ID.otherPerson),
      channel: .window,
      window: "C01",
      as: centreClerk
    )
    #expect(comprehensive.firstInquiryStaffID == "Z-201" && comprehensive.firstInquiryWindowID == "C01")
    let online = try await office.submit(applicant: person(ID.thirdPerson))
    #expect(online.firstInquiryStaffID.isEmpty)
    #expect(try await office.show(atWindow.number).firstInquiryStaffID == "M-103")
  }
}

/// The stages a case can be driven to, each through real steps.
enum Stage: String, CaseIterable, Sendable {
  case received, supplementBeforeAcceptance, accepted, processing, special, supplementAfterAcceptance, decided
  case delivered, notAccepted, withdrawn

  var state: CaseState {
    switch self {
    case .received: .received
    case .supplementBeforeAcceptance, .supplementAfterAcceptance: .supplement
    case .accepted: .accepted
    case .processing: .processing
    case .special: .special
    case .decided: .decided
    case .delivered: .delivered
    case .notAccepted: .notAccepted
    case .withdrawn: .withdrawn
    }
  }

  /// A fresh office with one food licence case at this stage.
  func reach() async throws -> (CaseOffice, ProtoCase) {
    let office = try await newOffice()
    var record = try await office.submit()
    let number = record.number
    switch self {
    case .received: break
    case .supplementBeforeAcceptance: record = try await office.notify(number, [notice(Material.plan, "比例不清")])
    case .notAccepted: record = try await office.reject(number: number, reason: "不属于本部门职权", as: marketClerk)
    case .withdrawn: record = try await office.withdraw(number, queryCode: record.queryCode)
    case .accepted: record = try await office.accept(number)
    case .processing, .special, .supplementAfterAcceptance:
      try await office.accept(number)
      record = try await office.startProcessing(number: number, as: marketClerk)
      if self == .special {
        record = try await office.startSpecial(number: number, name: Special.review, as: marketClerk)
      } else if self == .supplementAfterAcceptance {
        record = try await office.notify(number, [notice(Material.plan, "比例不清")])
      }
    case .decided, .delivered:
      try await office.accept(number)
      record = try await office.decide(number)
      if self == .delivered { record = try await office.deliver(number) }
    }
    return (office, record)
  }
}

extension CaseStep {
  /// The event a step emits.
  var event: String {
    switch self {
    case .accept: "cases.case.accepted"
    case .reject: "cases.case.rejected"
    case .requestSupplement: "cases.case.supplement_requested"
    case .resubmit: "cases.case.resubmitted"
    case .startProcessing: "cases.case.processing"
    case .startSpecial: "cases.case.special_started"
    case .endSpecial: "cases.case.special_ended"
    case .decide: "cases.case.decided"
    case .deliver: "cases.case.delivered"
    case .withdraw: "cases.case.withdrawn"
    }
  }

  /// Takes the step with valid arguments, as the right caller.
  func take(_ office: CaseOffice, _ record: ProtoCase) async throws -> ProtoCase {
    let number = record.number
    switch self {
    case .accept: return try await office.accept(number)
    case .reject: return try await office.reject(number: number, reason: "不属于本部门职权", as: marketClerk)
    case .requestSupplement: return try await office.notify(number, [notice(Material.plan, "比例不清")])
    case .resubmit: return try await office.resubmit(number, [Material.plan], queryCode: record.queryCode)
    case .startProcessing: return try await office.startProcessing(number: number, as: marketClerk)
    case .startSpecial: return try await office.startSpecial(number: number, name: Special.review, as: marketClerk)
    case .endSpecial: return try await office.endSpecial(number: number, as: marketClerk)
    case .decide: return try await office.decide(number)
    case .deliver: return try await office.deliver(number)
    case .withdraw: return try await office.withdraw(number, queryCode: record.queryCode)
    }
  }
}

@Suite("Cases: every transition allowed and refused", .timeLimit(.minutes(2)))
struct TransitionTests {
  @Test("each stage is reached through real steps", arguments: Stage.allCases)
  func reach(stage: Stage) async throws {
    let (office, record) = try await stage.reach()
    #expect(record.state == stage.state)
    #expect(try await office.show(record.number).state == stage.state)
  }

  @Test("a step is taken exactly from the states that allow it", arguments: CaseStep.allCases, Stage.allCases)
  func step(step: CaseStep, stage: Stage) async throws {
    let (office, record) = try await stage.reach()
    // 不予受理 is a decision on receipt: not for a case already accepted, even while it waits for a supplement.
    let allowed = step.allowedFrom.contains(stage.state) && !(step == .reject && stage == .supplementAfterAcceptance)
    let before = try await office.snapshot()
    if allowed {
      let after = try await step.take(office, record)
      let expected: CaseState =
        switch step {
        case .accept: .accepted
        case .reject: .notAccepted
        case .requestSupplement: .supplement
        case .resubmit: stage == .supplementBeforeAcceptance ? .received : .processing
        case .startProcessing, .endSpecial: .processing
        case .startSpecial: .special
        case .decide: .decided
        case .deliver: .delivered
        case .withdraw: .withdrawn
        }
      #expect(after.state == expected)
      #expect(after.history.count == record.history.count + 1)
      #expect(after.history.last?.state == expected)
      #expect(after.history.last?.date == "2026-11-02")
      #expect(try await office.show(record.number).state == expected)
      #expect(try await office.eventLines() == before.events + ["\(step.event) \(record.number)"])
    } else {
      let error = await #expect(throws: GoogleRPCStatus.self) {
        try await step.take(office, record)
      }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.unmetTypes == ["transition"])
      #expect(error?.subjects == [record.number])
      #expect(try await office.snapshot() == before)
    }
  }

  @Test("steps on another department's case are PERMISSION_DENIED; unknown cases NOT_FOUND")
  func otherDepartment() async throws {
    let (office, record) = try await Stage.accepted.reach()
    let before = try await office.snapshot()
    let denied = await #expect(throws: RPCError.self) {
      try await office.startProcessing(number: record.number, as: taxClerk)
    }
    #expect(denied?.code == .permissionDenied)
    let anonymous = await #expect(throws: RPCError.self) {
      try await office.decide(record.number, as: citizen)
    }
    #expect(anonymous?.code == .unauthenticated)
    let unknown = await #expect(throws: RPCError.self) {
      try await office.startProcessing(number: "20261102-00099", as: marketClerk)
    }
    #expect(unknown?.code == .notFound)
    #expect(try await office.snapshot() == before)
    // Management may act on any case.
    #expect(try await office.startProcessing(number: record.number, as: manager).state == .processing)
  }

  @Test("a rejection needs its reason, which the history keeps")
  func rejection() async throws {
    let (office, record) = try await Stage.received.reach()
    let silent = await #expect(throws: GoogleRPCStatus.self) {
      try await office.reject(number: record.number, reason: " ", as: marketClerk)
    }
    #expect(silent?.fields == ["reason"])
    let rejected = try await office.reject(number: record.number, reason: "不属于本部门职权", as: marketClerk)
    #expect(rejected.history.last?.action == "not_accepted")
    #expect(rejected.history.last?.note == "不属于本部门职权")
    #expect(rejected.history.last?.by == "M-101")
  }
}

@Suite("Cases: acceptance only at a hall window (§41)", .timeLimit(.minutes(1)))
struct AcceptanceTests {
  @Test(
    "refused away from a proper window: the case unchanged, the attempt recorded",
    arguments: [
      ("A02", closedClerk, "closed"),
      ("A01", backOffice, "not on post"),
      ("A03", changeClerk, "does not serve"),
      ("T01", taxClerk, "does not serve"),
      ("A01", manager, "staff on post"),
      ("X99", marketClerk, "no window"),
    ]
  )
  func refused(window: String, principal: Principal, reason: String) async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let before = try await office.snapshot()
    let error = await #expect(throws: GoogleRPCStatus.self) {
      try await office.accept(record.number, at: window, as: principal)
    }
    #expect(error?.code == .failedPrecondition)
    #expect(error?.unmetTypes == ["window"])
    #expect(error?.subjects == [window])
    #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    let after = try await office.snapshot()
    #expect(after.cases == before.cases)
    #expect(after.events == before.events + ["cases.case.acceptance_refused \(record.number)"])
    let event = try #require(try await office.store.events(after: 0).last)
    let attempt = try ProtoCase(serializedBytes: event.payload)
    #expect(attempt.state == .received)
    #expect(attempt.history.last?.action == "acceptance_refused")
    #expect(attempt.history.last?.by == principal.id)
    #expect(attempt.history.last?.windowID == window)
    #expect(attempt.history.last?.note.contains(reason) == true)
    #expect(try await office.show(record.number).history.map(\.action) == ["submitted"])
  }

  @Test("accepted by the B post of an open window serving the matter: who, where, when, the deadline")
  func backupPost() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let accepted = try await office.accept(record.number, at: "A01", as: marketBackup)
    #expect(accepted.state == .accepted)
    #expect(accepted.acceptedBy == "M-103")
    #expect(accepted.acceptedWindowID == "A01")
    #expect(accepted.acceptedOn == "2026-11-02")
    #expect(!accepted.deemedAccepted)
    #expect(accepted.dueDate == "2026-11-16")
    #expect(!accepted.dueAtNoon)
    #expect(accepted.history.last?.action == "accepted")
    #expect(accepted.history.last?.windowID == "A01")
    #expect(try await office.eventTypes() == ["cases.case.submitted", "cases.case.accepted"])
  }

  @Test("accepted at the 无差别 comprehensive window by the centre's clerk")
  func comprehensive() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let accepted = try await office.accept(record.number, at: "C01", as: centreClerk)
    #expect(accepted.state == .accepted)
    #expect(accepted.acceptedBy == "Z-201" && accepted.acceptedWindowID == "C01")
    #expect(accepted.department == Dept.market)
  }

  @Test("refused while a required material is missing: the department gives a notice first")
  func incomplete() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: [Material.form, Material.plan])
    let before = try await office.snapshot()
    let error = await #expect(throws: GoogleRPCStatus.self) {
      try await office.accept(record.number)
    }
    #expect(error?.code == .failedPrecondition)
    #expect(error?.unmetTypes == ["materials"])
    #expect(error?.subjects == [record.number])
    #expect(error?.message.contains(Material.identity) == true)
    #expect(try await office.snapshot() == before)
  }

  @Test("the window is required; the public cannot accept")
  func malformed() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let noWindow = await #expect(throws: GoogleRPCStatus.self) {
      try await office.accept(record.number, at: "", as: marketClerk)
    }
    #expect(noWindow?.fields == ["window_id"])
    let anonymous = await #expect(throws: RPCError.self) {
      try await office.accept(record.number, at: "A01", as: citizen)
    }
    #expect(anonymous?.code == .unauthenticated)
    #expect(try await office.eventTypes() == ["cases.case.submitted"])
  }
}

@Suite("Cases: the one-time notice (一次性告知, §30)", .timeLimit(.minutes(1)))
struct NoticeTests {
  @Test("the first notice lists several items at once; the applicant supplies them, partly then wholly")
  func firstNotice() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: [Material.form, Material.plan])
    let items = [notice(Material.identity, "缺少"), notice(Material.plan, "比例不清"), notice(Material.form, "未签字")]
    let notified = try await office.notify(record.number, items)
    #expect(notified.state == .supplement)
    #expect(notified.notices.count == 1)
    let first = try #require(notified.notices.first)
    #expect(first.number == 1)
    #expect(first.items == items)
    #expect(first.issuedBy == "M-101" && first.issuedOn == "2026-11-02")
    #expect(!first.afterAcceptance)
    #expect(first.answeredOn.isEmpty)
    #expect(notified.statuses[Material.plan] == .missing && notified.statuses[Material.form] == .missing)
    #expect(notified.history.last?.note.contains("比例不清") == true)
    #expect(notified.acceptedOn.isEmpty && notified.dueDate.isEmpty)

    let later = try office.on("2026-11-04")
    let wrongCode = await #expect(throws: RPCError.self) {
      try await later.resubmit(record.number, [Material.identity], queryCode: anotherCode(record.queryCode))
    }
    #expect(wrongCode?.code == .notFound)
    let notAsked = await #expect(throws: GoogleRPCStatus.self) {
      try await later.resubmit(record.number, [Material.identity, Material.rules], queryCode: record.queryCode)
    }
    #expect(notAsked?.fields == ["materials[1]"])

    let partly = try await later.resubmit(record.number, [Material.identity], queryCode: record.queryCode)
    #expect(partly.state == .supplement)
    #expect(partly.history.last?.action == "partly_resubmitted")
    #expect(partly.notices.last?.answeredOn.isEmpty == true)
    let whole = try await later.resubmit(record.number, [Material.plan, Material.form], queryCode: record.queryCode)
    #expect(whole.state == .received)
    #expect(whole.history.last?.action == "resubmitted")
    #expect(whole.history.last?.by == "applicant")
    #expect(whole.notices.last?.answeredOn == "2026-11-04")
    #expect(whole.materials.filter(\.required).allSatisfy { [.provided, .shared].contains($0.status) })
    #expect(try await later.accept(record.number).state == .accepted)
    #expect(
      try await office.eventTypes() == [
        "cases.case.submitted", "cases.case.supplement_requested", "cases.case.resubmitted",
        "cases.case.resubmitted", "cases.case.accepted",
      ]
    )
  }

  @Test("a resubmission records who made it: staff and management by their ids, the public as the applicant")
  func resubmittedBy() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: [Material.form, Material.plan])
    let items = [notice(Material.identity), notice(Material.plan, "比例不清"), notice(Material.form, "未签字")]
    try await office.notify(record.number, items + [notice(Material.health, "过期")])
    let byClerk = try await office.resubmit(record.number, [Material.identity], queryCode: "", as: marketClerk)
    let byManager = try await office.resubmit(record.number, [Material.plan], queryCode: "", as: manager)
    // Staff of another department need the query code, like the applicant; they are still named.
    let blind = await #expect(throws: RPCError.self) {
      try await office.resubmit(record.number, [Material.health], queryCode: "", as: taxClerk)
    }
    #expect(blind?.code == .notFound)
    let byOther = try await office.resubmit(record.number, [Material.health], queryCode: record.queryCode, as: taxClerk)
    let byApplicant = try await office.resubmit(record.number, [Material.form], queryCode: record.queryCode)
    #expect(byClerk.history.last?.by == "M-101")
    #expect(byManager.history.last?.by == "li")
    #expect(byOther.history.last?.by == "T-301")
    #expect(byApplicant.history.last?.by == "applicant")
    #expect(
      byApplicant.actions.suffix(4) == [
        "partly_resubmitted", "partly_resubmitted", "partly_resubmitted", "resubmitted",
      ]
    )
    #expect(byApplicant.state == .received)
  }

  @Test("a second notice may name only what the first asked for (a new defect in a supplied item)")
  func secondNotice() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    try await office.notify(record.number, [notice(Material.plan, "比例不清"), notice(Material.form, "未签字")])
    try await office.resubmit(record.number, [Material.plan, Material.form], queryCode: record.queryCode)
    let before = try await office.snapshot()
    let beyond = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(record.number, [notice(Material.plan, "尺寸未标注"), notice(Material.identity, "复印件不清晰")])
    }
    #expect(beyond?.code == .failedPrecondition)
    #expect(beyond?.unmetTypes == ["one_time_notice"])
    #expect(beyond?.subjects == ["items[1].material"])
    #expect(try await office.snapshot() == before)

    let second = try await office.notify(record.number, [notice(Material.plan, "尺寸未标注")])
    #expect(second.notices.map(\.number) == [1, 2])
    #expect(second.state == .supplement)
    #expect(second.statuses[Material.plan] == .missing)
    #expect(second.statuses[Material.form] == .provided)
  }

  @Test("a first notice must list everything missing: nothing may be kept for a later notice")
  func everythingAtOnce() async throws {
    let office = try await newOffice()
    let record = try await office.submit(materials: [Material.form, Material.plan])
    let before = try await office.snapshot()
    let partial = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(record.number, [notice(Material.plan, "比例不清")])
    }
    #expect(partial?.code == .failedPrecondition)
    #expect(partial?.unmetTypes == ["one_time_notice"])
    #expect(partial?.message.contains(Material.identity) == true)
    #expect(try await office.snapshot() == before)
  }

  @Test("shared and reused materials are never asked for (§33); a material not in the guide is malformed")
  func neverAsked() async throws {
    let office = try await newOffice()
    let first = try await office.submit()
    let reusedFrom = try await office.submit(applicant: person(ID.otherPerson))
    try await office.accept(reusedFrom.number)
    let second = try await office.submit(Matter.change, materials: [], applicant: person(ID.otherPerson))
    #expect(second.statuses[Material.form] == .reused)
    let before = try await office.snapshot()

    let shared = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(first.number, [notice(Material.plan), notice(Material.licence, "过期")])
    }
    #expect(shared?.code == .failedPrecondition)
    #expect(shared?.unmetTypes == ["one_time_notice"])
    #expect(shared?.subjects == ["items[1].material"])

    let reused = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(second.number, [notice(Material.form, "未签字")])
    }
    #expect(reused?.code == .failedPrecondition)
    #expect(reused?.unmetTypes == ["one_time_notice"])
    #expect(reused?.message.contains(reusedFrom.number) == true)

    let foreign = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(first.number, [notice("房产证")])
    }
    #expect(foreign?.code == .invalidArgument)
    #expect(foreign?.fields == ["items[0].material"])

    let empty = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notify(first.number, [])
    }
    #expect(empty?.fields == ["items"])
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await office.notify(first.number, [notice(Material.plan)], as: taxClerk)
    }
    #expect(otherDepartment?.code == .permissionDenied)
    #expect(try await office.snapshot() == before)
  }

  @Test("a notice after acceptance pauses the clock; after resubmission a further notice on a supplied item")
  func afterAcceptance() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    try await office.accept(record.number)
    _ = try await office.startProcessing(number: record.number, as: marketClerk)
    let notified = try await office.on("2026-11-04").notify(record.number, [notice(Material.plan, "比例不清")])
    #expect(notified.notices.last?.afterAcceptance == true)
    let back = try await office.on("2026-11-06").resubmit(record.number, [Material.plan], queryCode: record.queryCode)
    #expect(back.state == .processing)
    let further = try await office.on("2026-11-09").notify(record.number, [notice(Material.plan, "尺寸未标注")])
    #expect(further.state == .supplement)
    #expect(further.notices.count == 2)
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await office.on("2026-11-09").notify(record.number, [notice(Material.form, "未签字")])
    }
    #expect(refused?.unmetTypes == ["transition"], "in a supplement no notice is given")
  }

  @Test("a notice more than 5 working days after receipt is refused; the case counts as accepted on receipt")
  func fiveDays() async throws {
    // Received Monday 09-21; 中秋 Friday 09-25: the fifth working day after is Tuesday 09-29.
    let office = try await newOffice(today: "2026-09-21")
    let silent = try await office.submit()
    let noticed = try await office.submit(applicant: person(ID.otherPerson))
    let lastDay = try office.on("2026-09-29")
    try await lastDay.notify(noticed.number, [notice(Material.plan, "比例不清")])
    #expect(try await lastDay.checkDeadlines() == 0)
    #expect(try await lastDay.show(silent.number).state == .received)

    let late = try office.on("2026-09-30")
    let before = try await late.snapshot()
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await late.notify(silent.number, [notice(Material.plan, "比例不清")])
    }
    #expect(refused?.code == .failedPrecondition)
    #expect(refused?.unmetTypes == ["one_time_notice"])
    #expect(refused?.subjects == [silent.number])
    #expect(try await late.snapshot() == before)

    #expect(try await late.checkDeadlines() == 1)
    let deemed = try await late.show(silent.number)
    #expect(deemed.state == .accepted)
    #expect(deemed.deemedAccepted)
    #expect(deemed.acceptedOn == "2026-09-21")
    #expect(deemed.acceptedBy == "system")
    #expect(deemed.acceptedWindowID.isEmpty)
    #expect(deemed.history.last?.action == "deemed_accepted")
    #expect(deemed.history.last?.date == "2026-09-30")
    #expect(deemed.history.last?.by == "system")
    // Ten working days from 09-21, across 中秋 and 国庆.
    #expect(deemed.dueDate == "2026-10-12")
    #expect(try await late.show(noticed.number).state == .supplement)

    #expect(try await late.checkDeadlines() == 0)
    #expect(try await late.on("2026-10-08").checkDeadlines() == 0)
    let deemedEvents = try await late.store.events(after: 0, types: ["cases.case.deemed_accepted"])
    #expect(deemedEvents.map(\.subject) == [silent.number])
    let payload = try ProtoCase(serializedBytes: try #require(deemedEvents.first).payload)
    #expect(payload.deemedAccepted && payload.state == .accepted)
  }
}

@Suite("Cases: deadlines in working days, across the 2026 holidays", .timeLimit(.minutes(1)))
struct DeadlineTests {
  @Test("accepted 09-29 with 5 working days: due 10-12; a supplement after acceptance moves it by its days")
  func nationalDay() async throws {
    let office = try await newOffice(today: "2026-09-29")
    let record = try await office.submit(Matter.change, materials: [Material.form])
    let accepted = try await office.accept(record.number)
    // 09-30, then 国庆 10-01..07, then 10-08, 10-09, the make-up Saturday 10-10, 10-12.
    #expect(accepted.dueDate == "2026-10-12")
    #expect(accepted.promisedLimitDays == 5)
    #expect(accepted.pausedWorkingDays == 0)

    let notified = try await office.on("2026-09-30").notify(record.number, [notice(Material.form, "未签字")])
    #expect(notified.state == .supplement)
    #expect(notified.notices.last?.afterAcceptance == true)
    // While paused the due date assumes the pause ends today: 10-08 is one working day paused.
    let paused = try await office.on("2026-10-08").show(record.number)
    #expect(paused.pausedWorkingDays == 1)
    #expect(paused.dueDate == "2026-10-13")
    #expect(!paused.overdue)

    let answered = try await office.on("2026-10-09").resubmit(
      record.number,
      [Material.form],
      queryCode: record.queryCode
    )
    #expect(answered.state == .accepted)
    #expect(answered.notices.last?.answeredOn == "2026-10-09")
    #expect(answered.pausedWorkingDays == 2)
    #expect(answered.dueDate == "2026-10-14")
    let late = try await office.on("2026-10-15").show(record.number)
    #expect(late.dueDate == "2026-10-14")
    #expect(late.overdue)
    #expect(!(try await office.on("2026-10-14").show(record.number).overdue))
  }

  @Test("a special procedure that does not count moves the due date; one that counts does not")
  func specialProcedures() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    try await office.accept(record.number)
    _ = try await office.startProcessing(number: record.number, as: marketClerk)
    #expect(try await office.show(record.number).dueDate == "2026-11-16")

    let review = try await office.on("2026-11-04").startSpecial(
      number: record.number,
      name: Special.review,
      as: marketClerk
    )
    #expect(review.state == .special)
    #expect(review.specialProcedures.last?.countsTowardLimit == false)
    #expect(review.specialProcedures.last?.startedOn == "2026-11-04")
    #expect(try await office.on("2026-11-05").show(record.number).dueDate == "2026-11-17")
    let reviewed = try await office.on("2026-11-06").endSpecial(number: record.number, as: marketClerk)
    #expect(reviewed.state == .processing)
    #expect(reviewed.specialProcedures.last?.endedOn == "2026-11-06")
    #expect(reviewed.pausedWorkingDays == 2)
    #expect(reviewed.dueDate == "2026-11-18")

    let inspection = try await office.on("2026-11-09").startSpecial(
      number: record.number,
      name: Special.inspection,
      as: marketClerk
    )
    #expect(inspection.specialProcedures.last?.countsTowardLimit == true)
    let inspected = try await office.on("2026-11-11").endSpecial(number: record.number, as: marketClerk)
    #expect(inspected.pausedWorkingDays == 2)
    #expect(inspected.dueDate == "2026-11-18")

    #expect(inspected.specialProcedures.map(\.name) == [Special.review, Special.inspection])
    #expect(inspected.history.map(\.action).filter { $0.hasPrefix("special") }.count == 4)

    // Only the guide's special steps may be started: another name is INVALID_ARGUMENT, nothing recorded.
    let before = try await office.snapshot()
    let hearing = await #expect(throws: GoogleRPCStatus.self) {
      try await office.on("2026-11-12").startSpecial(number: record.number, name: "听证", as: marketClerk)
    }
    #expect(hearing?.code == .invalidArgument)
    #expect(hearing?.fields == ["name"])
    #expect(hearing?.message.contains(Special.inspection) == true && hearing?.message.contains(Special.review) == true)
    let unnamed = await #expect(throws: GoogleRPCStatus.self) {
      try await office.startSpecial(number: record.number, name: "", as: marketClerk)
    }
    #expect(unnamed?.fields == ["name"])
    #expect(try await office.snapshot() == before)
    #expect(try await office.on("2026-11-12").show(record.number).state == .processing)
  }

  @Test("a matter whose guide has no special steps has no special procedure")
  func noSpecialSteps() async throws {
    let office = try await newOffice()
    let record = try await office.submit(Matter.change, materials: [Material.form])
    try await office.accept(record.number)
    _ = try await office.startProcessing(number: record.number, as: marketClerk)
    let before = try await office.snapshot()
    for name in [Special.inspection, Special.review, "听证"] {
      let error = await #expect(throws: GoogleRPCStatus.self) {
        try await office.startSpecial(number: record.number, name: name, as: marketClerk)
      }
      #expect(error?.code == .invalidArgument)
      #expect(error?.fields == ["name"])
      #expect(error?.message.contains("no special procedures") == true, "\(error?.message ?? "")")
    }
    #expect(try await office.snapshot() == before)
  }

  @Test("a half-day limit is due at noon of the next working day")
  func halfDay() async throws {
    let office = try await newOffice()
    let record = try await office.submit(Matter.rename, materials: ["变更登记申请书"])
    let accepted = try await office.accept(record.number)
    #expect(accepted.promisedLimitDays == 0.5)
    #expect(accepted.dueDate == "2026-11-03")
    #expect(accepted.dueAtNoon)
    #expect(!(try await office.on("2026-11-03").show(record.number).overdue))
    #expect(try await office.on("2026-11-04").show(record.number).overdue)
    // Decided in time, it stays in time.
    let decided = try await office.on("2026-11-03").decide(record.number)
    #expect(!(try await office.on("2026-11-20").show(decided.number).overdue))
  }
}

@Suite("Cases: the periodic deadline check", .timeLimit(.minutes(1)))
struct DeadlineCheckTests {
  @Test("one warning 2 working days before the due date, one overdue event after it, each once")
  func warningsAndOverdue() async throws {
    let office = try await newOffice()
    let change = try await office.submit(Matter.change, materials: [Material.form])
    let food = try await office.submit(applicant: person(ID.otherPerson))
    let waiting = try await office.submit(applicant: person(ID.thirdPerson))
    try await office.accept(change.number)  // due 11-09
    try await office.accept(food.number)  // due 11-16
    try await office.notify(waiting.number, [notice(Material.plan, "比例不清")])  // not accepted: no deadline

    let days: [(String, Int)] = [
      ("2026-11-04", 0), ("2026-11-05", 1), ("2026-11-05", 0), ("2026-11-09", 0), ("2026-11-10", 1),
      ("2026-11-10", 0), ("2026-11-11", 0), ("2026-11-12", 1), ("2026-11-16", 0), ("2026-11-17", 1),
      ("2026-11-18", 0),
    ]
    for (date, count) in days {
      #expect(try await office.on(date).checkDeadlines() == count, "\(date)")
    }
    let events = try await office.store.events(
      after: 0,
      types: ["cases.case.deadline_warning", "cases.case.overdue", "cases.case.deemed_accepted"]
    )
    #expect(
      events.map { "\($0.type) \($0.subject)" } == [
        "cases.case.deadline_warning \(change.number)", "cases.case.overdue \(change.number)",
        "cases.case.deadline_warning \(food.number)", "cases.case.overdue \(food.number)",
      ]
    )
    let overdue = try ProtoCase(serializedBytes: events[1].payload)
    #expect(overdue.overdue && overdue.dueDate == "2026-11-09")
    let warning = try ProtoCase(serializedBytes: events[0].payload)
    #expect(!warning.overdue && warning.dueDate == "2026-11-09")
  }

  @Test("a supplement after acceptance moves the due date: a new warning comes before the new date")
  func warningAfterPause() async throws {
    let office = try await newOffice()
    let change = try await office.submit(Matter.change, materials: [Material.form])
    try await office.accept(change.number)  // due 11-09
    #expect(try await office.on("2026-11-05").checkDeadlines() == 1, "the first warning")
    _ = try await office.on("2026-11-05").notify(change.number, [notice(Material.form, "未签字")])
    _ = try await office.on("2026-11-10").resubmit(change.number, [Material.form], queryCode: change.queryCode)
    let moved = try await office.on("2026-11-10").show(change.number)
    #expect(moved.dueDate > "2026-11-09", "the pause moved the due date to \(moved.dueDate)")
    #expect(try await office.on("2026-11-10").checkDeadlines() == 1, "a warning for the new due date")
    #expect(try await office.on("2026-11-10").checkDeadlines() == 0, "once")
    let warnings = try await office.store.events(after: 0, types: ["cases.case.deadline_warning"])
    #expect(warnings.count == 2)
    let second = try ProtoCase(serializedBytes: try #require(warnings.last).payload)
    #expect(second.dueDate == moved.dueDate)
  }

  @Test("the warning days are configurable; a case decided in time has no events")
  func configurable() async throws {
    let office = try await newOffice(warningDays: 4)
    let change = try await office.submit(Matter.change, materials: [Material.form])
    let decided = try await office.submit(Matter.change, materials: [Material.form], applicant: person(ID.otherPerson))
    try await office.accept(change.number)
    try await office.accept(decided.number)
    try await office.decide(decided.number)
    #expect(try await office.on("2026-11-02").checkDeadlines() == 0)
    #expect(try await office.on("2026-11-03").checkDeadlines() == 1)
    #expect(try await office.on("2026-11-20").checkDeadlines() == 1)
    let subjects = try await office.store.events(
      after: 0,
      types: ["cases.case.deadline_warning", "cases.case.overdue"]
    )
    .map(\.subject)
    #expect(subjects == [change.number, change.number])
  }

  @Test("a joint case's sub-cases are deemed accepted together, when none had a notice")
  func jointDeemed() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    let numbers = joint.cases.map(\.number)
    #expect(try await office.on("2026-11-09").checkDeadlines() == 0)
    #expect(try await office.on("2026-11-10").checkDeadlines() == 3)
    let deemed = try await office.on("2026-11-10").joint(number: joint.number, queryCode: "", as: manager)
    #expect(deemed.state == .accepted)
    #expect(deemed.leadActions.last?.action == "deemed_accepted")
    #expect(try await office.store.events(after: 0, types: ["cases.joint.accepted"]).map(\.subject) == [joint.number])
    #expect(deemed.cases.allSatisfy { $0.state == .accepted && $0.deemedAccepted && $0.acceptedOn == "2026-11-02" })
    #expect(deemed.cases.allSatisfy { $0.acceptedBy == "system" && $0.history.last?.action == "deemed_accepted" })
    try await office.on("2026-11-11").checkDeadlines()
    let events = try await office.store.events(after: 0, types: ["cases.case.deemed_accepted"])
    #expect(events.map(\.subject) == numbers)
    // Their materials are remembered, as on any acceptance.
    let later = try await office.on("2026-11-10").submit(Matter.change, materials: [], applicant: company())
    #expect(later.statuses[Material.form] == .reused && later.materials.first?.reusedFrom == numbers[0])
  }

  @Test("after a merged notice no sub-case is deemed accepted, even those it did not name")
  func jointNoticed() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    try await office.notifyJoint(joint.number, [(Matter.food, notice(Material.plan, "比例不清"))])
    try await office.on("2026-11-03").resubmit(joint.cases[0].number, [Material.plan], queryCode: joint.queryCode)
    let late = try office.on("2026-11-10")
    #expect(try await late.checkDeadlines() == 0)
    #expect(
      try await late.joint(number: joint.number, queryCode: "", as: manager).cases.map(\.state) == [
        .received, .received, .received,
      ]
    )
    #expect(try await late.store.events(after: 0, types: ["cases.case.deemed_accepted"]).isEmpty)
    // The lead accepts them at its window.
    #expect(try await late.acceptJoint(joint.number).cases.allSatisfy { $0.state == .accepted && !$0.deemedAccepted })
  }

  @Test("a sub-case withdrawn or refused stays so; the others are deemed accepted together")
  func jointDeemedWithoutWithdrawn() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    try await office.withdraw(joint.cases[1].number, queryCode: joint.queryCode)
    _ = try await office.reject(number: joint.cases[2].number, reason: "不属于本部门职权", as: fireClerk)
    let single = try await office.submit(applicant: person())
    let late = try office.on("2026-11-10")
    #expect(try await late.checkDeadlines() == 2)
    let deemed = try await late.joint(number: joint.number, queryCode: "", as: manager)
    #expect(deemed.cases.map(\.state) == [.accepted, .withdrawn, .notAccepted])
    #expect(try await late.show(single.number).deemedAccepted)
    let subjects = try await late.store.events(after: 0, types: ["cases.case.deemed_accepted"]).map(\.subject)
    #expect(Set(subjects) == [joint.cases[0].number, single.number] && subjects.count == 2)
  }

  @Test("a case deemed accepted already past its due date is reported overdue once; no warning")
  func deemedOverdue() async throws {
    let office = try await newOffice()
    // 5 working days from 11-02: due 11-09, the last day a notice could come.
    let record = try await office.submit(Matter.change, materials: [Material.form])
    var emitted = 0
    for date in ["2026-11-10", "2026-11-10", "2026-11-11", "2026-11-12"] {
      emitted += try await office.on(date).checkDeadlines()
    }
    let events = try await office.store.events(
      after: 0,
      types: ["cases.case.deemed_accepted", "cases.case.deadline_warning", "cases.case.overdue"]
    )
    #expect(
      events.map { "\($0.type) \($0.subject)" } == [
        "cases.case.deemed_accepted \(record.number)", "cases.case.overdue \(record.number)",
      ]
    )
    #expect(emitted == 2)
    #expect(try await office.on("2026-11-10").show(record.number).dueDate == "2026-11-09")
  }

  @Test("instances checking at once emit each event once")
  func instancesAtOnce() async throws {
    let folder = newFolder()
    let first = try await newOffice(folder: folder)
    let second = try await newOffice(folder: folder)
    let silent = try await first.submit()
    let joint = try await second.submitJoint()
    let change = try await first.submit(Matter.change, materials: [Material.form], applicant: person(ID.otherPerson))
    try await first.accept(change.number)  // due 11-09
    let food = try await second.submit(applicant: person(ID.thirdPerson))
    try await second.accept(food.number)  // due 11-16
    var emitted = 0
    for date in ["2026-11-05", "2026-11-10", "2026-11-12", "2026-11-17"] {
      emitted += try await withThrowingTaskGroup(of: Int.self) { group in
        for index in 0..<6 {
          let office = try (index.isMultiple(of: 2) ? first : second).on(date)
          group.addTask { try await office.checkDeadlines() }
        }
        return try await group.reduce(0, +)
      }
    }
    let events = try await first.store.events(
      after: 0,
      types: ["cases.case.deemed_accepted", "cases.case.deadline_warning", "cases.case.overdue"]
    )
    let lines = events.map { "\($0.type) \($0.subject)" }
    let (foodSub, taxSub, fireSub) = (joint.cases[0].number, joint.cases[1].number, joint.cases[2].number)
    #expect(
      Set(lines) == [
        "cases.case.deadline_warning \(change.number)", "cases.case.overdue \(change.number)",
        "cases.case.deemed_accepted \(silent.number)", "cases.case.deemed_accepted \(foodSub)",
        "cases.case.deemed_accepted \(taxSub)", "cases.case.deemed_accepted \(fireSub)",
        "cases.case.deadline_warning \(food.number)", "cases.case.deadline_warning \(silent.number)",
        "cases.case.deadline_warning \(foodSub)", "cases.case.deadline_warning \(fireSub)",
        "cases.case.overdue \(taxSub)", "cases.case.overdue \(food.number)", "cases.case.overdue \(silent.number)",
        "cases.case.overdue \(foodSub)", "cases.case.overdue \(fireSub)",
      ]
    )
    #expect(lines.count == Set(lines).count, "each once: \(lines)")
    #expect(emitted == lines.count)
  }
}

@Suite("Cases: queues and the overdue list", .timeLimit(.minutes(1)))
struct QueueTests {
  /// Five cases on Monday 11-02: food (due 11-16) and change (due 11-09) accepted at A01, rename (due
  /// 11-03 noon) at C01, a food case still received, and a tax registration accepted at T01 (due 11-09).
  struct Hall {
    let office: CaseOffice
    let food: ProtoCase
    let change: ProtoCase
    let rename: ProtoCase
    let received: ProtoCase
    let tax: ProtoCase

    init() async throws {
      let office = try await newOffice()
      self.office = office
      self.food = try await office.accept(try await office.submit().number)
      self.change = try await office.accept(
        try await office.submit(Matter.change, materials: [Material.form], applicant: person(ID.otherPerson)).number
      )
      self.rename = try await office.accept(
        try await office.submit(Matter.rename, materials: ["变更登记申请书"], applicant: person(ID.thirdPerson)).number,
        at: "C01",
        as: centreClerk
      )
      self.received = try await office.submit(applicant: company())
      self.tax = try await office.accept(
        try await office.submit(Matter.taxRegistration, materials: ["税务登记表", "经营场所证明"], applicant: company()).number,
        at: "T01",
        as: taxClerk
      )
    }
  }

  @Test("a department's queue, oldest first, filtered by state, matter, window, due soon and overdue")
  func filters() async throws {
    let hall = try await Hall()
    let office = try hall.office.on("2026-11-05")
    let numbers = { (response: Yimen_Cases_V1_ListQueueResponse) in response.cases.map(\.number) }
    #expect(numbers(try await office.queue()) == [hall.food, hall.change, hall.rename, hall.received].map(\.number))
    #expect(numbers(try await office.queue(state: .received)) == [hall.received.number])
    #expect(numbers(try await office.queue(state: .accepted)) == [hall.food, hall.change, hall.rename].map(\.number))
    #expect(numbers(try await office.queue(matter: Matter.change)) == [hall.change.number])
    #expect(numbers(try await office.queue(window: "C01")) == [hall.rename.number])
    #expect(numbers(try await office.queue(window: "A01")) == [hall.food.number, hall.change.number])
    #expect(numbers(try await office.queue(overdueOnly: true)) == [hall.rename.number])
    // Within 2 working days of Thursday 11-05: through Monday 11-09.
    #expect(numbers(try await office.queue(dueWithin: 2)) == [hall.change.number, hall.rename.number])
    #expect(numbers(try await office.queue(dueWithin: 1)) == [hall.rename.number])
    #expect(numbers(try await office.queue(Dept.tax, as: taxClerk)) == [hall.tax.number])
    let queue = try await office.queue()
    #expect(queue.cases.first { $0.number == hall.rename.number }?.overdue == true)
    #expect(queue.cases.allSatisfy { !$0.queryCode.isEmpty }, "the department sees the query codes")
  }

  @Test("pages follow the next page token")
  func paging() async throws {
    let hall = try await Hall()
    let first = try await hall.office.queue(pageSize: 3)
    #expect(first.cases.map(\.number) == [hall.food, hall.change, hall.rename].map(\.number))
    #expect(first.nextPageToken == "3")
    let second = try await hall.office.queue(pageSize: 3, pageToken: first.nextPageToken)
    #expect(second.cases.map(\.number) == [hall.received.number])
    #expect(second.nextPageToken.isEmpty)
    let exact = try await hall.office.queue(pageSize: 4)
    #expect(exact.nextPageToken.isEmpty)
    let tooBig = await #expect(throws: GoogleRPCStatus.self) { try await hall.office.queue(pageSize: 201) }
    #expect(tooBig?.fields == ["page_size"])
    let badToken = await #expect(throws: GoogleRPCStatus.self) { try await hall.office.queue(pageToken: "x") }
    #expect(badToken?.fields == ["page_token"])
  }

  @Test("another department's queue is PERMISSION_DENIED; the centre names the department and sees no codes")
  func permissions() async throws {
    let hall = try await Hall()
    let denied = await #expect(throws: RPCError.self) { try await hall.office.queue(Dept.market, as: taxClerk) }
    #expect(denied?.code == .permissionDenied)
    let anonymous = await #expect(throws: RPCError.self) { try await hall.office.queue(Dept.market, as: citizen) }
    #expect(anonymous?.code == .unauthenticated)
    let unnamed = await #expect(throws: GoogleRPCStatus.self) { try await hall.office.queue(as: supervisor) }
    #expect(unnamed?.fields == ["department"])
    let supervised = try await hall.office.queue(Dept.market, as: supervisor)
    #expect(supervised.cases.count == 4)
    #expect(supervised.cases.allSatisfy { $0.queryCode.isEmpty })
    let managed = try await hall.office.queue(Dept.market, as: manager)
    #expect(managed.cases.allSatisfy { !$0.queryCode.isEmpty })
  }

  @Test("overdue cases grouped by department and accepting window")
  func overdue() async throws {
    let hall = try await Hall()
    let office = try hall.office.on("2026-11-10")
    let all = try await office.overdue(department: "", as: manager)
    let expected: [Yimen_Cases_V1_OverdueGroup] = [
      .with {
        $0.department = Dept.market
        $0.windowID = "A01"
        $0.numbers = [hall.change.number]
      },
      .with {
        $0.department = Dept.market
        $0.windowID = "C01"
        $0.numbers = [hall.rename.number]
      },
      .with {
        $0.department = Dept.tax
        $0.windowID = "T01"
        $0.numbers = [hall.tax.number]
      },
    ].sorted { ($0.department, $0.windowID) < ($1.department, $1.windowID) }
    #expect(all.groups == expected)
    let own = try await office.overdue(department: "", as: marketClerk)
    #expect(own.groups.map(\.windowID) == ["A01", "C01"])
    #expect(own.groups.allSatisfy { $0.department == Dept.market })
    #expect(try await office.overdue(department: Dept.tax, as: supervisor).groups.map(\.numbers) == [[hall.tax.number]])
    let denied = await #expect(throws: RPCError.self) {
      try await office.overdue(department: Dept.market, as: taxClerk)
    }
    #expect(denied?.code == .permissionDenied)
    // Decided cases leave the list.
    try await office.decide(hall.change.number)
    #expect(try await office.overdue(department: "", as: marketClerk).groups.map(\.windowID) == ["C01"])
  }
}

@Suite("Cases: reading a case", .timeLimit(.minutes(1)))
struct ReadingTests {
  @Test("the applicant reads with the query code; a wrong code is the same NOT_FOUND as an unknown number")
  func applicantReads() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let seen = try await office.get(number: record.number, queryCode: record.queryCode, as: citizen)
    #expect(seen.number == record.number && seen.queryCode == record.queryCode)

    let wrong = await #expect(throws: RPCError.self) {
      try await office.get(
        number: record.number,
        queryCode: anotherCode(record.queryCode),
        as: citizen
      )
    }
    let missing = await #expect(throws: RPCError.self) {
      try await office.get(number: record.number, queryCode: "", as: citizen)
    }
    let unknown = await #expect(throws: RPCError.self) {
      try await office.get(number: "20261102-00077", queryCode: record.queryCode, as: citizen)
    }
    #expect(wrong?.code == .notFound && missing?.code == .notFound && unknown?.code == .notFound)
    #expect(
      wrong?.message.replacingOccurrences(of: record.number, with: "N")
        == unknown?.message.replacingOccurrences(of: "20261102-00077", with: "N")
    )
    let noNumber = await #expect(throws: GoogleRPCStatus.self) {
      try await office.get(number: "", queryCode: record.queryCode, as: citizen)
    }
    #expect(noNumber?.fields == ["number"])
  }

  @Test("staff of another department read only with the query code, like the applicant")
  func otherDepartment() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let blind = await #expect(throws: RPCError.self) {
      try await office.get(number: record.number, queryCode: "", as: taxClerk)
    }
    #expect(blind?.code == .notFound)
    #expect(
      try await office.get(number: record.number, queryCode: record.queryCode, as: taxClerk).number == record.number
    )
    #expect(try await office.get(number: record.number, queryCode: "", as: marketClerk).queryCode == record.queryCode)
  }

  @Test("supervisors and services read without the query code shown; management sees it")
  func centre() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let supervised = try await office.get(number: record.number, queryCode: "", as: supervisor)
    #expect(supervised.number == record.number)
    #expect(supervised.queryCode.isEmpty)
    let service = try await office.get(number: record.number, queryCode: "", as: Principal(id: "fees", role: .service))
    #expect(service.queryCode.isEmpty)
    #expect(try await office.get(number: record.number, queryCode: "", as: manager).queryCode == record.queryCode)
  }
}

@Suite("Cases: decision, delivery, withdrawal (§34, §36)", .timeLimit(.minutes(1)))
struct DecisionTests {
  @Test("the seal defaults to the approval seal; another needs its legal basis")
  func seals() async throws {
    let (office, record) = try await Stage.processing.reach()
    let before = try await office.snapshot()
    let noBasis = await #expect(throws: GoogleRPCStatus.self) {
      try await office.decide(record.number, seal: .departmentSeal)
    }
    #expect(noBasis?.code == .invalidArgument)
    #expect(noBasis?.fields == ["seal_basis"])
    let noText = await #expect(throws: GoogleRPCStatus.self) {
      try await office.decide(record.number, text: " ")
    }
    #expect(noText?.fields == ["text"])
    #expect(try await office.snapshot() == before)

    let decided = try await office.on("2026-11-05").decide(record.number, approved: false, text: "不符合许可条件")
    #expect(decided.state == .decided)
    #expect(decided.decision.seal == .approvalSeal)
    #expect(!decided.decision.approved)
    #expect(decided.decision.text == "不符合许可条件")
    #expect(decided.decision.decidedOn == "2026-11-05")
    #expect(decided.decision.decidedBy == "M-101")
    #expect(decided.history.last?.action == "denied")
    #expect(!decided.overdue)

    let (other, second) = try await Stage.accepted.reach()
    let sealed = try await other.decide(second.number, seal: .specialSeal, basis: "《食品安全法》第三十五条")
    #expect(sealed.decision.seal == .specialSeal)
    #expect(sealed.decision.sealBasis == "《食品安全法》第三十五条")
    #expect(sealed.history.last?.action == "approved")
  }

  @Test("postal delivery needs a tracking number, goes to the applicant's address, and is free (§36)")
  func postal() async throws {
    let (office, record) = try await Stage.decided.reach()
    let noTracking = await #expect(throws: GoogleRPCStatus.self) {
      try await office.deliver(record.number, .postal)
    }
    #expect(noTracking?.fields == ["tracking_number"])
    let noMethod = await #expect(throws: GoogleRPCStatus.self) {
      try await office.deliver(record.number, .unspecified)
    }
    #expect(noMethod?.fields == ["method"])
    let delivered = try await office.deliver(record.number, .postal, tracking: "EMS1234567890")
    #expect(delivered.state == .delivered)
    #expect(delivered.delivery.method == .postal)
    #expect(delivered.delivery.trackingNumber == "EMS1234567890")
    #expect(delivered.delivery.address == record.applicant.address)
    #expect(delivered.delivery.postageChargedFen == 0)
    #expect(delivered.delivery.deliveredBy == "M-101")
    #expect(delivered.history.last?.note.contains("postage paid by the centre") == true)
  }

  @Test("postal delivery to an applicant without an address needs one; pickup at the window does not")
  func addresses() async throws {
    let office = try await newOffice()
    let record = try await office.submit(applicant: person(address: ""))
    try await office.accept(record.number)
    try await office.decide(record.number)
    let nowhere = await #expect(throws: GoogleRPCStatus.self) {
      try await office.deliver(record.number, .postal, tracking: "EMS1")
    }
    #expect(nowhere?.fields == ["address"])
    #expect(try await office.show(record.number).state == .decided)
    let pickedUp = try await office.deliver(record.number, .windowPickup)
    #expect(pickedUp.delivery.method == .windowPickup && pickedUp.delivery.address.isEmpty)
    #expect(pickedUp.delivery.postageChargedFen == 0)
  }

  @Test("the applicant withdraws with the query code before the decision, not after")
  func withdrawal() async throws {
    let (office, record) = try await Stage.special.reach()
    let untouched = try await office.snapshot()
    let wrong = await #expect(throws: RPCError.self) {
      try await office.withdraw(record.number, queryCode: "")
    }
    #expect(wrong?.code == .notFound)
    let mistyped = await #expect(throws: RPCError.self) {
      try await office.withdraw(record.number, queryCode: anotherCode(record.queryCode))
    }
    #expect(mistyped?.code == .notFound)
    #expect(try await office.snapshot() == untouched)
    let withdrawn = try await office.withdraw(record.number, queryCode: record.queryCode)
    #expect(withdrawn.state == .withdrawn)
    #expect(withdrawn.history.last?.by == "applicant")
    #expect(withdrawn.history.last?.note == "不再需要")
    #expect(!(try await office.on("2026-12-31").show(record.number).overdue), "a withdrawn case is never overdue")
    #expect(try await office.eventTypes().last == "cases.case.withdrawn")

    let (decidedOffice, decided) = try await Stage.decided.reach()
    let before = try await decidedOffice.snapshot()
    let late = await #expect(throws: GoogleRPCStatus.self) {
      try await decidedOffice.withdraw(decided.number, queryCode: decided.queryCode)
    }
    #expect(late?.code == .failedPrecondition)
    #expect(late?.unmetTypes == ["transition"])
    #expect(try await decidedOffice.snapshot() == before)
  }

  @Test(
    "a department or management cannot take a case off its deadline: withdrawal needs the query code from everyone",
    arguments: [marketClerk, marketBackup, manager, supervisor, taxClerk]
  )
  func withdrawalNeedsTheCode(principal: Principal) async throws {
    let (office, record) = try await Stage.processing.reach()
    let before = try await office.snapshot()
    let error = await #expect(throws: RPCError.self) {
      try await office.withdraw(record.number, queryCode: "", as: principal)
    }
    #expect(error?.code == .notFound)
    #expect(try await office.snapshot() == before)
    // With the applicant's code (at the window, on the applicant's behalf) it is withdrawn, and the history
    // names who did it.
    let withdrawn = try await office.withdraw(record.number, queryCode: record.queryCode, as: principal)
    #expect(withdrawn.state == .withdrawn)
    #expect(withdrawn.history.last?.by == principal.id)
  }
}

/// Every required material of each matter of the joint cases but the shared ones.
let jointMaterials = [
  Matter.food: completeFood, Matter.taxRegistration: ["税务登记表", "经营场所证明"],
  Matter.fireCheck: ["消防安全检查申请表", Material.plan], Matter.change: [Material.form],
]

/// The joint application 开办餐饮店 of a company: the food licence (market), tax registration and the fire
/// check, led by the market department; each with the materials given for it.
func jointRequest(
  matters: [String] = [Matter.food, Matter.taxRegistration, Matter.fireCheck],
  lead: String = Dept.market,
  applicant: Yimen_Cases_V1_Applicant = company(),
  materials: [String: [String]] = jointMaterials
) -> Yimen_Cases_V1_SubmitJointCaseRequest {
  .with {
    $0.requestID = UUID().uuidString
    $0.title = "开办餐饮店"
    $0.matterCodes = matters
    $0.leadDepartment = lead
    $0.channel = .online
    $0.applicant = applicant
    $0.materials = matters.map { code in
      .with {
        $0.matterCode = code
        $0.materials = materials[code] ?? []
      }
    }
  }
}

extension CaseOffice {
  /// Submits the joint case 开办餐饮店 of `jointRequest`, by default with every required material.
  @discardableResult
  func submitJoint(
    matters: [String] = [Matter.food, Matter.taxRegistration, Matter.fireCheck],
    lead: String = Dept.market,
    applicant: Yimen_Cases_V1_Applicant = company(),
    materials: [String: [String]] = jointMaterials,
    as principal: Principal = citizen
  ) async throws -> ProtoJointCase {
    let request = jointRequest(matters: matters, lead: lead, applicant: applicant, materials: materials)
    return try await self.submit(try await self.prepare(request), as: principal)
  }

  @discardableResult
  func acceptJoint(_ number: String, at window: String = "A01", as principal: Principal = marketClerk) async throws
    -> ProtoJointCase
  {
    let check = try await self.checkWindow(window, as: principal)
    try await self.screenJoint(number: number, check)
    return try await self.acceptJoint(number: number, check)
  }

  @discardableResult
  func notifyJoint(_ number: String, _ items: [(String, Notice)], as principal: Principal = marketClerk) async throws
    -> ProtoJointCase
  {
    try await self.requestJointSupplement(
      .with {
        $0.number = number
        $0.items = items.map { code, item in
          .with {
            $0.matterCode = code
            $0.item = item
          }
        }
      },
      as: principal
    )
  }
}

@Suite("Cases: joint cases (一件事, §31)", .timeLimit(.minutes(1)))
struct JointCaseTests {
  @Test("a joint application is refused without a lead among its departments, or within one department")
  func refusals() async throws {
    let office = try await newOffice()
    let foreignLead = await #expect(throws: GoogleRPCStatus.self) { try await office.submitJoint(lead: Dept.civil) }
    #expect(foreignLead?.code == .invalidArgument)
    #expect(foreignLead?.fields == ["lead_department"])
    let oneDepartment = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submitJoint(matters: [Matter.food, Matter.change])
    }
    #expect(oneDepartment?.fields == ["matter_codes"])
    let single = await #expect(throws: GoogleRPCStatus.self) { try await office.submitJoint(matters: [Matter.food]) }
    #expect(single?.fields == ["matter_codes"])
    let twice = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submitJoint(matters: [Matter.food, Matter.taxRegistration, Matter.food])
    }
    #expect(twice?.fields.contains("matter_codes[2]") == true)
    let noGuide = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submitJoint(matters: [Matter.food, Matter.society])
    }
    #expect(noGuide?.code == .failedPrecondition)
    #expect(noGuide?.unmetTypes == ["matter"])
    let badID = await #expect(throws: GoogleRPCStatus.self) {
      try await office.submitJoint(applicant: company("91430500MA4L12345X"))
    }
    #expect(badID?.fields == ["applicant.id_number"])
    #expect(try await office.snapshot() == CaseSnapshot(events: [], cases: []))
  }

  @Test("three departments: merged notice, acceptance by the lead, parallel sub-cases, decided with the last")
  func threeDepartments() async throws {
    let office = try await newOffice()
    // The floor plan is given for the food licence only.
    var materials = jointMaterials
    materials[Matter.fireCheck] = ["消防安全检查申请表"]
    let joint = try await office.submitJoint(materials: materials)
    #expect(joint.number == "J20261102-00001")
    #expect(joint.state == .received)
    #expect(joint.leadDepartment == Dept.market)
    #expect(joint.title == "开办餐饮店")
    #expect(joint.cases.map(\.number) == ["20261102-00001", "20261102-00002", "20261102-00003"])
    #expect(joint.cases.map(\.matterCode) == [Matter.food, Matter.taxRegistration, Matter.fireCheck])
    #expect(joint.cases.map(\.department) == [Dept.market, Dept.tax, Dept.fire])
    #expect(joint.cases.allSatisfy { $0.jointNumber == joint.number && $0.state == .received })
    #expect(joint.cases.allSatisfy { $0.queryCode == joint.queryCode })
    let (food, tax, fire) = (joint.cases[0].number, joint.cases[1].number, joint.cases[2].number)
    // Nothing is remembered before acceptance (§33): the fire check lacks the floor plan given for the food
    // licence in the same application.
    let plan = try #require(joint.cases[2].materials.first { $0.name == Material.plan })
    #expect(plan.status == .missing && plan.reusedFrom.isEmpty)
    #expect(
      try await office.eventLines() == [
        "cases.case.submitted \(food)", "cases.case.submitted \(tax)", "cases.case.submitted \(fire)",
        "cases.joint.submitted \(joint.number)",
      ]
    )

    // The applicant follows everything with one query code; a wrong one is NOT_FOUND.
    let followed = try await office.joint(number: joint.number, queryCode: joint.queryCode, as: citizen)
    #expect(followed.cases.count == 3)
    #expect(try await office.get(number: fire, queryCode: joint.queryCode, as: citizen).jointNumber == joint.number)
    let wrong = await #expect(throws: RPCError.self) {
      try await office.joint(number: joint.number, queryCode: "", as: citizen)
    }
    #expect(wrong?.code == .notFound)
    #expect(try await office.joint(number: joint.number, queryCode: "", as: fireClerk).number == joint.number)
    let stranger = await #expect(throws: RPCError.self) {
      try await office.joint(
        number: joint.number,
        queryCode: "",
        as: Principal(id: "C-1", role: .staff, department: Dept.civil)
      )
    }
    #expect(stranger?.code == .notFound)

    // The merged one-time notice is the lead's; it names every sub-case that lacks materials.
    var before = try await office.snapshot()
    let notLead = await #expect(throws: RPCError.self) {
      try await office.notifyJoint(joint.number, [(Matter.taxRegistration, notice("经营场所证明", "租赁合同过期"))], as: taxClerk)
    }
    #expect(notLead?.code == .permissionDenied)
    let withoutFire = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notifyJoint(
        joint.number,
        [(Matter.food, notice(Material.plan, "比例不清")), (Matter.taxRegistration, notice("经营场所证明", "租赁合同过期"))]
      )
    }
    #expect(withoutFire?.code == .failedPrecondition)
    #expect(withoutFire?.unmetTypes == ["one_time_notice"])
    #expect(withoutFire?.subjects == [joint.number])
    #expect(withoutFire?.message.contains(fire) == true, "\(withoutFire?.message ?? "")")
    // A sub-case gets no notice of its own, from its department or the lead: only the merged one (§31).
    for (number, clerk) in [(fire, fireClerk), (food, marketClerk)] {
      let own = await #expect(throws: GoogleRPCStatus.self) {
        try await office.notify(number, [notice(Material.plan)], as: clerk)
      }
      #expect(own?.code == .failedPrecondition)
      #expect(own?.unmetTypes == ["one_time_notice"])
      #expect(own?.subjects == [number])
    }
    let foreignMatter = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notifyJoint(joint.number, [(Matter.change, notice(Material.form))])
    }
    #expect(foreignMatter?.fields == ["items[0].matter_code"])
    #expect(try await office.snapshot() == before)

    let notified = try await office.notifyJoint(
      joint.number,
      [
        (Matter.food, notice(Material.plan, "比例不清")), (Matter.taxRegistration, notice("经营场所证明", "租赁合同过期")),
        (Matter.fireCheck, notice(Material.plan)),
      ]
    )
    #expect(notified.state == .supplement)
    #expect(notified.cases.map(\.state) == [.supplement, .supplement, .supplement])
    #expect(notified.notices.count == 1)
    #expect(notified.notices.first?.items.map(\.item.material) == [Material.plan, "经营场所证明", Material.plan])
    #expect(notified.notices.first?.items.map(\.matterCode) == [Matter.food, Matter.taxRegistration, Matter.fireCheck])
    #expect(notified.notices.first?.caseNotices == ["\(food)#1", "\(tax)#1", "\(fire)#1"])
    #expect(notified.notices.first?.answeredOn.isEmpty == true, "not answered until every sub-case resubmits")
    #expect(notified.notices.first?.issuedBy == "M-101")
    #expect(notified.leadActions.map(\.action) == ["supplement_requested"])
    #expect(notified.leadActions.first?.by == "M-101")
    #expect(
      try await office.eventLines().suffix(4) == [
        "cases.case.supplement_requested \(food)", "cases.case.supplement_requested \(tax)",
        "cases.case.supplement_requested \(fire)", "cases.joint.supplement_requested \(joint.number)",
      ]
    )

    // Not accepted while a sub-case waits for the applicant.
    before = try await office.snapshot()
    let waiting = await #expect(throws: GoogleRPCStatus.self) { try await office.acceptJoint(joint.number) }
    #expect(waiting?.unmetTypes == ["transition"])
    #expect(try await office.snapshot() == before)

    let next = try office.on("2026-11-03")
    try await next.resubmit(food, [Material.plan], queryCode: joint.queryCode)
    try await next.resubmit(tax, ["经营场所证明"], queryCode: joint.queryCode)
    #expect(try await next.joint(number: joint.number, queryCode: joint.queryCode, as: citizen).state == .supplement)
    try await next.resubmit(fire, [Material.plan], queryCode: joint.queryCode)
    let answered = try await next.joint(number: joint.number, queryCode: joint.queryCode, as: citizen)
    #expect(answered.state == .received)
    #expect(answered.notices.first?.answeredOn == "2026-11-03")

    // A department that does not lead cannot accept the joint case: at its own window, which does not serve the
    // lead's matter, the attempt is refused and recorded (§41); at the comprehensive window it is not the lead.
    before = try await next.snapshot()
    let taxWindow = await #expect(throws: GoogleRPCStatus.self) {
      try await next.acceptJoint(joint.number, at: "T01", as: taxClerk)
    }
    #expect(taxWindow?.code == .failedPrecondition)
    #expect(taxWindow?.unmetTypes == ["window"])
    let centreWindow = await #expect(throws: RPCError.self) {
      try await next.acceptJoint(joint.number, at: "C01", as: centreClerk)
    }
    #expect(centreWindow?.code == .permissionDenied)
    let afterRefusals = try await next.snapshot()
    #expect(afterRefusals.cases == before.cases)
    #expect(afterRefusals.events == before.events + ["cases.case.acceptance_refused \(food)"])
    // Nor can a department accept its own sub-case past the lead.
    let alone = await #expect(throws: GoogleRPCStatus.self) { try await next.accept(tax, at: "T01", as: taxClerk) }
    #expect(alone?.code == .failedPrecondition)
    #expect(try await next.snapshot().cases == before.cases)

    let accepted = try await next.acceptJoint(joint.number)
    #expect(accepted.state == .accepted)
    #expect(
      accepted.cases.allSatisfy { $0.state == .accepted && $0.acceptedWindowID == "A01" && $0.acceptedBy == "M-101" }
    )
    #expect(accepted.cases.allSatisfy { $0.acceptedOn == "2026-11-03" })
    // Each sub-case has its own deadline.
    #expect(accepted.cases.map(\.dueDate) == ["2026-11-17", "2026-11-10", "2026-11-17"])
    #expect(accepted.leadActions.map(\.action) == ["supplement_requested", "accepted"])
    #expect(accepted.leadActions.last?.windowID == "A01")
    #expect(accepted.leadActions.last?.date == "2026-11-03")
    #expect(
      try await next.eventLines().suffix(4) == [
        "cases.case.accepted \(food)", "cases.case.accepted \(tax)", "cases.case.accepted \(fire)",
        "cases.joint.accepted \(joint.number)",
      ]
    )

    // Each department processes and decides its own.
    let foreign = await #expect(throws: RPCError.self) { try await next.decide(tax, as: marketClerk) }
    #expect(foreign?.code == .permissionDenied)
    _ = try await next.startProcessing(number: tax, as: taxClerk)
    _ = try await next.startProcessing(number: fire, as: fireClerk)
    let later = try office.on("2026-11-06")
    try await later.decide(tax, text: "准予登记", as: taxClerk)
    #expect(try await later.joint(number: joint.number, queryCode: "", as: manager).state == .processing)
    try await later.decide(food)
    #expect(try await later.joint(number: joint.number, queryCode: "", as: manager).state == .processing)
    #expect(try await later.eventTypes().contains("cases.joint.decided") == false)
    try await later.decide(fire, text: "检查合格", as: fireClerk)
    let decided = try await later.joint(number: joint.number, queryCode: joint.queryCode, as: citizen)
    #expect(decided.state == .decided)
    #expect(
      try await later.eventLines().suffix(2) == ["cases.case.decided \(fire)", "cases.joint.decided \(joint.number)"]
    )

    try await later.deliver(food)
    try await later.deliver(tax, as: taxClerk)
    #expect(try await later.joint(number: joint.number, queryCode: "", as: manager).state == .decided)
    try await later.deliver(fire, .postal, tracking: "EMS9876543210", as: fireClerk)
    #expect(try await later.joint(number: joint.number, queryCode: "", as: manager).state == .delivered)
    #expect(try await later.eventTypes().filter { $0 == "cases.joint.decided" }.count == 1)
  }

  @Test("a sub-case withdrawn before acceptance does not stop the lead accepting the rest")
  func withdrawnSubCase() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    try await office.withdraw(joint.cases[2].number, queryCode: joint.queryCode)
    let accepted = try await office.acceptJoint(joint.number)
    #expect(accepted.cases.map(\.state) == [.accepted, .accepted, .withdrawn])
    #expect(accepted.cases[2].acceptedOn.isEmpty)
    #expect(accepted.state == .accepted)
    try await office.decide(joint.cases[0].number)
    try await office.decide(joint.cases[1].number, as: taxClerk)
    #expect(try await office.joint(number: joint.number, queryCode: "", as: manager).state == .decided)
    #expect(try await office.eventTypes().filter { $0 == "cases.joint.decided" }.count == 1)
  }

  @Test("a sub-case its department refuses to accept leaves the others to the lead; all refused, nothing to accept")
  func rejectedSubCase() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    try await office.reject(number: joint.cases[1].number, reason: "不属于本部门职权", as: taxClerk)
    let accepted = try await office.acceptJoint(joint.number)
    #expect(accepted.cases.map(\.state) == [.accepted, .notAccepted, .accepted])

    let other = try await newOffice()
    let refused = try await other.submitJoint()
    try await other.withdraw(refused.cases[0].number, queryCode: refused.queryCode)
    try await other.reject(number: refused.cases[1].number, reason: "不属于本部门职权", as: taxClerk)
    try await other.withdraw(refused.cases[2].number, queryCode: refused.queryCode)
    let nothing = await #expect(throws: GoogleRPCStatus.self) { try await other.acceptJoint(refused.number) }
    #expect(nothing?.unmetTypes == ["transition"])
  }

  @Test("every sub-case withdrawn: WITHDRAWN; every one withdrawn or not accepted: NOT_ACCEPTED; neither is decided")
  func nothingLeft() async throws {
    let office = try await newOffice()
    let withdrawn = try await office.submitJoint()
    for record in withdrawn.cases {
      try await office.withdraw(record.number, queryCode: withdrawn.queryCode)
    }
    #expect(try await office.joint(number: withdrawn.number, queryCode: "", as: manager).state == .withdrawn)

    // Refused last, or withdrawn last.
    let refusedLast = try await office.submitJoint()
    try await office.withdraw(refusedLast.cases[0].number, queryCode: refusedLast.queryCode)
    try await office.withdraw(refusedLast.cases[2].number, queryCode: refusedLast.queryCode)
    let pending = try await office.joint(number: refusedLast.number, queryCode: "", as: manager)
    #expect(pending.state != .notAccepted && pending.state != .withdrawn)
    _ = try await office.reject(number: refusedLast.cases[1].number, reason: "不属于本部门职权", as: taxClerk)
    #expect(try await office.joint(number: refusedLast.number, queryCode: "", as: manager).state == .notAccepted)

    let withdrawnLast = try await office.submitJoint()
    _ = try await office.reject(number: withdrawnLast.cases[0].number, reason: "不属于本部门职权", as: marketClerk)
    try await office.withdraw(withdrawnLast.cases[1].number, queryCode: withdrawnLast.queryCode)
    try await office.withdraw(withdrawnLast.cases[2].number, queryCode: withdrawnLast.queryCode)
    let joint = try await office.joint(number: withdrawnLast.number, queryCode: withdrawnLast.queryCode, as: citizen)
    #expect(joint.state == .notAccepted)
    #expect(joint.cases.map(\.state) == [.notAccepted, .withdrawn, .withdrawn])
    #expect(try await office.eventTypes().contains("cases.joint.decided") == false)
  }

  @Test("a joint case decided or delivered by the withdrawal of its last sub-case emits cases.joint.decided once")
  func decidedByWithdrawal() async throws {
    let office = try await newOffice()
    let decided = try await office.submitJoint()
    try await office.acceptJoint(decided.number)
    try await office.decide(decided.cases[0].number)
    try await office.decide(decided.cases[1].number, as: taxClerk)
    #expect(try await office.eventTypes().contains("cases.joint.decided") == false)
    try await office.withdraw(decided.cases[2].number, queryCode: decided.queryCode)
    #expect(try await office.joint(number: decided.number, queryCode: "", as: manager).state == .decided)
    #expect(
      try await office.eventLines().suffix(2) == [
        "cases.case.withdrawn \(decided.cases[2].number)", "cases.joint.decided \(decided.number)",
      ]
    )
    try await office.deliver(decided.cases[0].number)
    try await office.deliver(decided.cases[1].number, as: taxClerk)
    #expect(try await office.joint(number: decided.number, queryCode: "", as: manager).state == .delivered)
    #expect(try await office.eventLines().filter { $0.hasPrefix("cases.joint.decided") }.count == 1)

    // Straight to DELIVERED: the others delivered before the last is withdrawn.
    let delivered = try await office.submitJoint()
    try await office.acceptJoint(delivered.number)
    try await office.decide(delivered.cases[0].number)
    try await office.deliver(delivered.cases[0].number)
    try await office.decide(delivered.cases[1].number, as: taxClerk)
    try await office.deliver(delivered.cases[1].number, as: taxClerk)
    #expect(try await office.eventLines().last != "cases.joint.decided \(delivered.number)")
    try await office.withdraw(delivered.cases[2].number, queryCode: delivered.queryCode)
    #expect(try await office.joint(number: delivered.number, queryCode: "", as: manager).state == .delivered)
    let events = try await office.store.events(after: 0, types: ["cases.joint.decided"])
    #expect(events.map(\.subject) == [decided.number, delivered.number])
    let payload = try ProtoJointCase(serializedBytes: try #require(events.last).payload)
    #expect(payload.state == .delivered)
    #expect(payload.cases.map(\.state) == [.delivered, .delivered, .withdrawn])
  }

  @Test("a later merged notice names only what the previous one asked of each sub-case, and no sub-case it left out")
  func laterMergedNotice() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    let (food, tax, fire) = (joint.cases[0].number, joint.cases[1].number, joint.cases[2].number)
    // Nothing is missing: the first merged notice need not name the fire check.
    let first = try await office.notifyJoint(
      joint.number,
      [
        (Matter.food, notice(Material.plan, "比例不清")), (Matter.food, notice(Material.form, "未签字")),
        (Matter.taxRegistration, notice("经营场所证明", "租赁合同过期")),
      ]
    )
    #expect(first.cases.map(\.state) == [.supplement, .supplement, .received])
    try await office.resubmit(food, [Material.plan, Material.form], queryCode: joint.queryCode)
    try await office.resubmit(tax, ["经营场所证明"], queryCode: joint.queryCode)

    let before = try await office.snapshot()
    let refusals: [([(String, Notice)], String)] = [
      ([(Matter.food, notice(Material.identity, "复印件不清晰"))], "items[\(Matter.food)][0].material"),
      (
        [(Matter.food, notice(Material.plan)), (Matter.taxRegistration, notice("税务登记表"))],
        "items[\(Matter.taxRegistration)][0].material"
      ),
      ([(Matter.fireCheck, notice(Material.plan))], "items[\(Matter.fireCheck)][0].material"),
    ]
    for (items, subject) in refusals {
      let error = await #expect(throws: GoogleRPCStatus.self) { try await office.notifyJoint(joint.number, items) }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.unmetTypes == ["one_time_notice"])
      #expect(error?.subjects == [subject])
      #expect(error?.message.contains("previous notice") == true)
    }
    #expect(try await office.snapshot() == before)

    let second = try await office.notifyJoint(joint.number, [(Matter.food, notice(Material.plan, "尺寸未标注"))])
    #expect(second.notices.map(\.number) == [1, 2])
    #expect(second.notices.last?.caseNotices == ["\(food)#2"])
    #expect(second.cases.map(\.notices.count) == [2, 1, 0])
    try await office.resubmit(food, [Material.plan], queryCode: joint.queryCode)
    // The previous merged notice is now the second: what only the first asked (the food licence's form, the tax
    // registration's proof of premises) cannot be asked again.
    let answered = try await office.snapshot()
    for item in [(Matter.food, notice(Material.form, "未盖章")), (Matter.taxRegistration, notice("经营场所证明"))] {
      let error = await #expect(throws: GoogleRPCStatus.self) { try await office.notifyJoint(joint.number, [item]) }
      #expect(error?.unmetTypes == ["one_time_notice"])
    }
    #expect(try await office.snapshot() == answered)
    #expect(try await office.show(fire).notices.isEmpty)
  }

  @Test("an accepted joint case's materials are reused by the applicant's later cases, and never asked for")
  func jointReuse() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    let early = try await office.submit(Matter.change, materials: [], applicant: company())
    #expect(early.statuses[Material.form] == .missing)
    try await office.acceptJoint(joint.number)
    let later = try await office.submit(Matter.change, materials: [], applicant: company())
    #expect(later.statuses[Material.form] == .reused)
    #expect(later.materials.first?.reusedFrom == joint.cases[0].number)

    // A second joint application of the company gives nothing again; its merged notice never names a reused
    // material (§33).
    let second = try await office.submitJoint(materials: [:])
    #expect(second.cases.allSatisfy { $0.materials.allSatisfy { [.reused, .shared, .optional].contains($0.status) } })
    let plan = try #require(second.cases[2].materials.first { $0.name == Material.plan })
    #expect(plan.status == .reused && [joint.cases[0].number, joint.cases[2].number].contains(plan.reusedFrom))
    let before = try await office.snapshot()
    let reusedPlan = await #expect(throws: GoogleRPCStatus.self) {
      try await office.notifyJoint(second.number, [(Matter.fireCheck, notice(Material.plan))])
    }
    #expect(reusedPlan?.code == .failedPrecondition)
    #expect(reusedPlan?.unmetTypes == ["one_time_notice"])
    #expect(reusedPlan?.message.contains(plan.reusedFrom) == true)
    #expect(try await office.snapshot() == before)
    #expect(try await office.acceptJoint(second.number).state == .accepted)
  }

  @Test("query codes of a joint case are for the applicant, its departments and management")
  func jointQueryCodes() async throws {
    let office = try await newOffice()
    let joint = try await office.submitJoint()
    #expect(joint.queryCode.count == 8)
    let allowed: [(Principal, String)] = [
      (manager, ""), (fireClerk, ""), (marketClerk, ""), (citizen, joint.queryCode),
    ]
    for (principal, code) in allowed {
      let seen = try await office.joint(number: joint.number, queryCode: code, as: principal)
      #expect(seen.queryCode == joint.queryCode, "\(principal)")
      #expect(seen.cases.map(\.queryCode) == Array(repeating: joint.queryCode, count: 3), "\(principal)")
    }
    for principal in [supervisor, Principal(id: "fees", role: .service)] {
      let seen = try await office.joint(number: joint.number, queryCode: "", as: principal)
      #expect(seen.number == joint.number && seen.cases.count == 3)
      #expect(seen.queryCode.isEmpty, "\(principal)")
      #expect(seen.cases.allSatisfy { $0.queryCode.isEmpty }, "\(principal)")
      #expect(seen.cases.map(\.number) == joint.cases.map(\.number))
    }
  }
}

/// Calls a handler of the service as `principal`, the way the server does.
func serve<Request: Sendable, Response: Sendable>(
  _ message: Request,
  as principal: Principal,
  _ handler: (ServerRequest<Request>, ServerContext) async throws -> ServerResponse<Response>
) async throws -> Response {
  let metadata: Metadata = principal.role == .public ? [:] : [Principal.metadataKey: .string(principal.description)]
  let response = try await withServerContextRPCCancellationHandle { handle in
    let context = ServerContext(
      descriptor: MethodDescriptor(fullyQualifiedService: "yimen.cases.v1.Cases", method: "Test"),
      remotePeer: "in-process",
      localPeer: "in-process",
      cancellation: handle
    )
    return try await handler(ServerRequest(metadata: metadata, message: message), context)
  }
  return try response.message
}

@Suite("Cases: through the service handler (request ids, §41 records)", .timeLimit(.minutes(1)))
struct ServiceTests {
  @Test("a repeated request id returns the first result; the same id for another request is ALREADY_EXISTS")
  func requestIDs() async throws {
    let office = try await newOffice()
    let service = CasesService(office: office)
    let request = Yimen_Cases_V1_SubmitCaseRequest.with {
      $0.requestID = "submit-1"
      $0.matterCode = Matter.food
      $0.channel = .window
      $0.windowID = "A01"
      $0.applicant = person()
      $0.materials = completeFood
    }
    let first = try await serve(request, as: marketClerk, service.submitCase)
    let again = try await serve(request, as: marketClerk, service.submitCase)
    #expect(again == first)
    #expect(first.firstInquiryStaffID == "M-101")
    var changed = request
    changed.materials = [Material.form]
    let reused = await #expect(throws: RPCError.self) { try await serve(changed, as: marketClerk, service.submitCase) }
    #expect(reused?.code == .alreadyExists)
    let noID = await #expect(throws: GoogleRPCStatus.self) {
      try await serve(request.with(\.requestID, ""), as: marketClerk, service.submitCase)
    }
    #expect(noID?.fields == ["request_id"])
    #expect(try await office.eventTypes() == ["cases.case.submitted"])

    let accept = Yimen_Cases_V1_AcceptCaseRequest.with {
      $0.requestID = "accept-1"
      $0.number = first.number
      $0.windowID = "A01"
    }
    let accepted = try await serve(accept, as: marketClerk, service.acceptCase)
    #expect(try await serve(accept, as: marketClerk, service.acceptCase) == accepted)
    #expect(try await office.eventTypes() == ["cases.case.submitted", "cases.case.accepted"])
  }

  @Test("an acceptance refused away from a hall window stays on record although the request fails")
  func refusalRecorded() async throws {
    let office = try await newOffice()
    let service = CasesService(office: office)
    let record = try await office.submit()
    let closed = await #expect(throws: GoogleRPCStatus.self) {
      try await serve(
        Yimen_Cases_V1_AcceptCaseRequest.with {
          $0.requestID = "accept-1"
          $0.number = record.number
          $0.windowID = "A02"
        },
        as: closedClerk,
        service.acceptCase
      )
    }
    #expect(closed?.unmetTypes == ["window"])
    #expect(try await office.eventLines().last == "cases.case.acceptance_refused \(record.number)")
    #expect(try await office.show(record.number).state == .received)
    let read = try await serve(
      Yimen_Cases_V1_GetCaseRequest.with {
        $0.number = record.number
        $0.queryCode = record.queryCode
      },
      as: citizen,
      service.getCase
    )
    #expect(read.number == record.number && read.state == .received)
  }

  @Test("a retried acceptance gets the first answer without asking staffing: the window since closed, or away")
  func acceptanceRetried() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    let other = try await office.submit(applicant: person(ID.otherPerson))
    let accept = Yimen_Cases_V1_AcceptCaseRequest.with {
      $0.requestID = "accept-1"
      $0.number = record.number
      $0.windowID = "A01"
    }
    let accepted = try await serve(accept, as: marketClerk, CasesService(office: office).acceptCase)
    #expect(accepted.state == .accepted)
    let events = try await office.eventLines()
    let closed = CasesService(office: office.reading(hallWithA01Closed))
    let away = CasesService(office: office.reading(AwayHall()))
    #expect(try await serve(accept, as: marketClerk, closed.acceptCase) == accepted)
    #expect(try await serve(accept, as: marketClerk, away.acceptCase) == accepted)
    #expect(try await office.eventLines() == events, "no acceptance_refused for a retry")

    // A new request meets the closed window (refused, and the refusal recorded) or the missing staffing service.
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await serve(
        accept.with(\.requestID, "accept-2").with(\.number, other.number),
        as: marketClerk,
        closed.acceptCase
      )
    }
    #expect(refused?.unmetTypes == ["window"])
    #expect(try await office.eventLines() == events + ["cases.case.acceptance_refused \(other.number)"])
    let unavailable = await #expect(throws: RPCError.self) {
      try await serve(
        accept.with(\.requestID, "accept-3").with(\.number, other.number),
        as: marketClerk,
        away.acceptCase
      )
    }
    #expect(unavailable?.code == .unavailable)
    // The id of the first acceptance for another case is ALREADY_EXISTS, also without staffing.
    let reusedID = await #expect(throws: RPCError.self) {
      try await serve(accept.with(\.number, other.number), as: marketClerk, away.acceptCase)
    }
    #expect(reusedID?.code == .alreadyExists)
    #expect(try await office.show(other.number).state == .received)
  }

  @Test("a retried submission gets the first answer with the matters service away")
  func submissionRetried() async throws {
    let office = try await newOffice()
    let request = Yimen_Cases_V1_SubmitCaseRequest.with {
      $0.requestID = "submit-1"
      $0.matterCode = Matter.food
      $0.channel = .online
      $0.applicant = person()
      $0.materials = completeFood
    }
    let first = try await serve(request, as: citizen, CasesService(office: office).submitCase)
    let away = CasesService(office: office.reading(AwayHall()))
    #expect(try await serve(request, as: citizen, away.submitCase) == first)
    let fresh = await #expect(throws: RPCError.self) {
      try await serve(request.with(\.requestID, "submit-2"), as: citizen, away.submitCase)
    }
    #expect(fresh?.code == .unavailable)
    let changed = await #expect(throws: RPCError.self) {
      try await serve(request.with(\.materials, [Material.form]), as: citizen, away.submitCase)
    }
    #expect(changed?.code == .alreadyExists)
    #expect(try await office.eventLines() == ["cases.case.submitted \(first.number)"])
  }

  @Test("a retried joint submission and acceptance get the first answers, the window since closed or staffing away")
  func jointRetried() async throws {
    let office = try await newOffice()
    let service = CasesService(office: office)
    let submit = jointRequest().with(\.requestID, "joint-1")
    let joint = try await serve(submit, as: citizen, service.submitJointCase)
    let accept = Yimen_Cases_V1_AcceptJointCaseRequest.with {
      $0.requestID = "joint-accept-1"
      $0.number = joint.number
      $0.windowID = "A01"
    }
    let accepted = try await serve(accept, as: marketClerk, service.acceptJointCase)
    #expect(accepted.state == .accepted)
    let events = try await office.eventLines()
    let closed = CasesService(office: office.reading(hallWithA01Closed))
    let away = CasesService(office: office.reading(AwayHall()))
    #expect(try await serve(submit, as: citizen, away.submitJointCase) == joint)
    #expect(try await serve(accept, as: marketClerk, closed.acceptJointCase) == accepted)
    #expect(try await serve(accept, as: marketClerk, away.acceptJointCase) == accepted)
    #expect(try await office.eventLines() == events)

    // Without a stored answer the closed window refuses, and the refusal is recorded.
    let second = try await serve(submit.with(\.requestID, "joint-2"), as: citizen, service.submitJointCase)
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await serve(
        accept.with(\.requestID, "joint-accept-2").with(\.number, second.number),
        as: marketClerk,
        closed.acceptJointCase
      )
    }
    #expect(refused?.unmetTypes == ["window"])
    #expect(try await office.eventLines().last == "cases.case.acceptance_refused \(second.cases[0].number)")
    let fresh = await #expect(throws: RPCError.self) {
      try await serve(submit.with(\.requestID, "joint-3"), as: citizen, away.submitJointCase)
    }
    #expect(fresh?.code == .unavailable)
  }
}

@Suite("Cases: the event feed", .timeLimit(.minutes(1)))
struct EventFeedTests {
  @Test("no event carries a query code: neither a case's nor a joint case's and its sub-cases'")
  func noQueryCodes() async throws {
    let office = try await newOffice()
    let record = try await office.submit()
    _ = try? await office.accept(record.number, at: "A02", as: closedClerk)
    try await office.accept(record.number)
    _ = try await office.startProcessing(number: record.number, as: marketClerk)
    try await office.notify(record.number, [notice(Material.plan, "比例不清")])
    try await office.resubmit(record.number, [Material.plan], queryCode: record.queryCode)
    _ = try await office.startSpecial(number: record.number, name: Special.review, as: marketClerk)
    _ = try await office.endSpecial(number: record.number, as: marketClerk)
    try await office.decide(record.number)
    try await office.deliver(record.number)
    let withdrawn = try await office.submit(applicant: person(ID.otherPerson))
    try await office.withdraw(withdrawn.number, queryCode: withdrawn.queryCode)
    let rejected = try await office.submit(applicant: person(ID.thirdPerson))
    _ = try await office.reject(number: rejected.number, reason: "不属于本部门职权", as: marketClerk)
    let deemed = try await office.submit(Matter.change, materials: [Material.form], applicant: company())
    let warned = try await office.submit(Matter.change, materials: [Material.form], applicant: person(ID.thirdPerson))
    try await office.accept(warned.number)  // due 11-09
    let joint = try await office.submitJoint()
    try await office.notifyJoint(joint.number, [(Matter.food, notice(Material.plan, "比例不清"))])
    try await office.resubmit(joint.cases[0].number, [Material.plan], queryCode: joint.queryCode)
    try await office.acceptJoint(joint.number)
    try await office.decide(joint.cases[0].number)
    try await office.decide(joint.cases[1].number, as: taxClerk)
    try await office.decide(joint.cases[2].number, as: fireClerk)
    try await office.on("2026-11-05").checkDeadlines()
    try await office.on("2026-11-10").checkDeadlines()

    let events = try await office.eventQueryCodes()
    let types = Set(events.map { String($0.event.split(separator: " ")[0]) })
    #expect(
      types == [
        "cases.case.submitted", "cases.case.acceptance_refused", "cases.case.accepted", "cases.case.processing",
        "cases.case.supplement_requested", "cases.case.resubmitted", "cases.case.special_started",
        "cases.case.special_ended", "cases.case.decided", "cases.case.delivered", "cases.case.withdrawn",
        "cases.case.rejected", "cases.case.deemed_accepted", "cases.case.deadline_warning", "cases.case.overdue",
        "cases.joint.submitted", "cases.joint.supplement_requested", "cases.joint.accepted", "cases.joint.decided",
      ]
    )
    for (event, number, codes) in events {
      #expect(event.hasSuffix(" " + number), "the payload is the subject's")
      #expect(codes.allSatisfy { $0.isEmpty }, "\(event): \(codes)")
    }
    #expect(events.filter { $0.event.hasPrefix("cases.joint.") }.allSatisfy { $0.codes.count == 4 })
    #expect(events.contains { $0.event == "cases.case.deemed_accepted \(deemed.number)" })
    // The case itself keeps its code.
    #expect(try await office.show(record.number).queryCode == record.queryCode)
  }
}

extension SwiftProtobuf.Message {
  /// A copy with one field changed.
  func with<Value>(_ path: WritableKeyPath<Self, Value>, _ value: Value) -> Self {
    var copy = self
    copy[keyPath: path] = value
    return copy
  }
}
