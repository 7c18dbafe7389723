import Foundation
import GRPCCore
import GRPCProtobuf
import Logging
import SwiftProtobuf
import Testing
import YimenCalendar
import YimenMatters
import YimenProtos
import YimenRuntime
import YimenStaffing
import YimenStorage

// The staffing domain over SQLite: every test opens a fresh store in a temporary directory, with
// "today" fixed (2026-06-15, a Monday, unless a test says otherwise).

@Suite("Staffing: the stationing process (§16)", .timeLimit(.minutes(1)))
struct StationingProcessTests {
  @Test("nominate → approve → probation → confirm: steps with who took them, events, derived facts")
  func happyPath() async throws {
    let hall = try await directory()
    // A department dates a step at most 30 days back (the age limits are judged on the date).
    let backdated = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(nominee("SJ-101"), on: "2026-05-15", as: marketStaff)
    }
    #expect(backdated?.fields == ["date"])
    let nominated = try await hall.on("2026-03-02").nominate(nominee("SJ-101"), on: "2026-03-02", as: marketStaff)
    #expect(nominated.state == .nominated)
    _ = try await hall.review(
      .with {
        $0.staffID = "SJ-101"
        $0.approve = true
        $0.opinion = "同意"
        $0.date = "2026-03-04"
      },
      as: manager
    )
    let probation = try await hall.startProbation(staffID: "SJ-101", date: "2026-03-09", as: manager)
    #expect(probation.state == .probation)
    #expect(probation.facts.confirmableFrom == "2026-04-09")
    #expect(probation.facts.tenureYears == 0 && probation.facts.tenureMonths == 0)
    #expect(probation.facts.nextUniformDue.isEmpty, "no uniform before stationing")
    let stationed = try await hall.confirm(staffID: "SJ-101", date: "2026-04-09", as: manager)
    #expect(stationed.state == .stationed)

    #expect(stationed.history.map(\.state) == [.nominated, .approved, .probation, .stationed])
    #expect(stationed.history.map(\.date) == ["2026-03-02", "2026-03-04", "2026-03-09", "2026-04-09"])
    #expect(stationed.history.map(\.by) == ["zhang", "li", "li", "li"])

    let events = try await hall.store.events(after: 0)
    #expect(
      events.map(\.type) == [
        "staffing.staff.nominated", "staffing.staff.approved", "staffing.staff.probation_started",
        "staffing.staff.stationed",
      ]
    )
    #expect(events.allSatisfy { $0.subject == "SJ-101" })
    let payload = try ProtoStaffRecord(serializedBytes: try #require(events.last).payload)
    #expect(payload.state == .stationed)

    // Facts as of today, 2026-06-15: the 36th birthday, two months at the window.
    let today = try await hall.person("SJ-101")
    #expect(today.facts.asOf == "2026-06-15")
    #expect(today.facts.age == 36)
    #expect(today.facts.tenureYears == 0)
    #expect(today.facts.tenureMonths == 2)
    #expect(today.facts.rotationAllowedFrom == "2028-04-09")
    #expect(today.facts.nextUniformDue == "2028-04-09")
    #expect(today.facts.confirmableFrom.isEmpty, "only in probation")
    #expect(today.facts.assessmentGroup == .assessmentCivilServants)
    #expect(!today.facts.grassrootsExperience)
    #expect(!today.facts.recommendable)
    #expect(today.history == stationed.history)

    // Three years on: grassroots experience, recommendable, the second uniform.
    let later = try await hall.person("SJ-101", asOf: "2029-04-09")
    #expect(later.facts.age == 38)
    #expect(later.facts.tenureYears == 3 && later.facts.tenureMonths == 0)
    #expect(later.facts.grassrootsExperience)
    #expect(later.facts.recommendable)
    #expect(later.facts.nextUniformDue == "2030-04-09")
    #expect(later.facts.rotationAllowedFrom == "2028-04-09")
  }

  @Test(
    "the assessment group follows the category (§18)",
    arguments: [
      (Yimen_Staffing_V1_StaffCategory.civilServant, Yimen_Staffing_V1_AssessmentGroup.assessmentCivilServants),
      (.institution, .assessmentInstitution), (.purchasedService, .assessmentOther), (.other, .assessmentOther),
    ]
  )
  func assessmentGroup(category: Yimen_Staffing_V1_StaffCategory, group: Yimen_Staffing_V1_AssessmentGroup)
    async throws
  {
    let hall = try await directory()
    let record = try await hall.nominate(nominee("P-1", category: category), on: "2026-06-01")
    #expect(record.facts.assessmentGroup == group)
  }

  @Test("a rejection needs the centre's opinion, is final and is kept in the history")
  func rejection() async throws {
    let hall = try await directory()
    try await hall.nominate(nominee("SJ-101"), on: "2026-06-01", as: marketStaff)
    let before = try await hall.snapshot()
    let silent = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.review(
        .with {
          $0.staffID = "SJ-101"
          $0.approve = false
        },
        as: manager
      )
    }
    #expect(silent?.code == .invalidArgument)
    #expect(silent?.fields == ["opinion"])
    #expect(try await hall.snapshot() == before)

    let byStaff = await #expect(throws: RPCError.self) {
      try await hall.review(
        .with {
          $0.staffID = "SJ-101"
          $0.approve = true
        },
        as: marketStaff
      )
    }
    #expect(byStaff?.code == .permissionDenied)

    let rejected = try await hall.review(
      .with {
        $0.staffID = "SJ-101"
        $0.approve = false
        $0.opinion = "学历证明不全"
        $0.date = "2026-06-03"
      },
      as: manager
    )
    #expect(rejected.state == .rejected)
    #expect(rejected.history.last?.note == "学历证明不全")
    #expect(rejected.history.last?.by == "li")
    #expect(try await hall.eventTypes().last == "staffing.staff.rejected")

    let after = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.startProbation(staffID: "SJ-101", date: "", as: manager)
    }
    #expect(after?.code == .failedPrecondition)
    #expect(after?.unmetTypes == ["transition"])
    #expect(try await hall.person("SJ-101").state == .rejected)
  }

  @Test(
    "confirmation one calendar month after probation began, not a day earlier",
    arguments: [
      ("2026-03-09", "2026-04-08", false), ("2026-03-09", "2026-04-09", true),
      ("2026-01-31", "2026-02-27", false), ("2026-01-31", "2026-02-28", true),
    ]
  )
  func confirmation(start: String, confirm: String, allowed: Bool) async throws {
    let hall = try await directory()
    try await hall.startInProbation(nominee("SJ-101"), from: start)
    let before = try await hall.snapshot()
    if allowed {
      let record = try await hall.confirm(staffID: "SJ-101", date: confirm, as: manager)
      #expect(record.state == .stationed)
      #expect(record.history.last?.date == confirm)
      #expect(try await hall.eventTypes().last == "staffing.staff.stationed")
    } else {
      let early = await #expect(throws: GoogleRPCStatus.self) {
        try await hall.confirm(staffID: "SJ-101", date: confirm, as: manager)
      }
      #expect(early?.code == .failedPrecondition)
      #expect(early?.unmetTypes == ["transition"])
      #expect(early?.subjects == ["SJ-101"])
      #expect(try await hall.snapshot() == before)
    }
  }

  @Test("steps out of order, dated in the future or before the previous step; unknown people")
  func misuse() async throws {
    let hall = try await directory()
    try await hall.nominate(nominee("SJ-101"), on: "2026-06-01")
    let before = try await hall.snapshot()

    let confirmNominated = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.confirm(staffID: "SJ-101", date: "", as: manager)
    }
    #expect(confirmNominated?.code == .failedPrecondition)
    #expect(confirmNominated?.unmetTypes == ["transition"])

    let future = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.review(
        .with {
          $0.staffID = "SJ-101"
          $0.approve = true
          $0.date = "2026-06-16"
        },
        as: manager
      )
    }
    #expect(future?.code == .invalidArgument)
    #expect(future?.fields == ["date"])

    let backwards = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.review(
        .with {
          $0.staffID = "SJ-101"
          $0.approve = true
          $0.date = "2026-05-31"
        },
        as: manager
      )
    }
    #expect(backwards?.code == .failedPrecondition)
    #expect(backwards?.unmetTypes == ["transition"])

    let unknown = await #expect(throws: RPCError.self) {
      try await hall.startProbation(staffID: "SJ-999", date: "", as: manager)
    }
    #expect(unknown?.code == .notFound)

    let again = await #expect(throws: RPCError.self) {
      try await hall.nominate(nominee("SJ-101"), on: "2026-06-02")
    }
    #expect(again?.code == .alreadyExists)

    let chief = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(nominee("SJ-102", role: .chiefRepresentative), on: "2026-06-02")
    }
    #expect(chief?.code == .invalidArgument)
    #expect(chief?.fields == ["member.role"])

    let malformed = await #expect(throws: GoogleRPCStatus.self) {
      var member = nominee("SJ 103", born: "1990-02-30")
      member.name = ""
      return try await hall.nominate(member, on: "2026-06-02")
    }
    #expect(malformed?.code == .invalidArgument)
    #expect(malformed?.fields == ["member.id", "member.name", "member.birth_date"])
    #expect(try await hall.snapshot() == before)
  }

  @Test("a replacement is required in probation: the person leaves their posts")
  func replacementRequired() async throws {
    let hall = try await directory()
    try await hall.startInProbation(nominee("SJ-1"), from: "2026-06-01")
    try await hall.station(nominee("SJ-2"))
    try await hall.window("B-01", a: ["SJ-1"], b: "SJ-2", open: true)
    let noReason = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.requireReplacement(staffID: "SJ-1", reason: " ", date: "", as: manager)
    }
    #expect(noReason?.code == .invalidArgument)
    #expect(noReason?.fields == ["reason"])
    let record = try await hall.requireReplacement(staffID: "SJ-1", reason: "不熟悉业务", date: "", as: manager)
    #expect(record.state == .replacementRequired)
    #expect(record.history.last?.note == "不熟悉业务")
    #expect(record.windowID.isEmpty)
    #expect(try await hall.window(id: "B-01", as: manager).aStaffIds.isEmpty)
    #expect(
      try await hall.eventTypes().suffix(2) == ["staffing.window.closed", "staffing.staff.replacement_required"],
      "the window's last A post left: it closes"
    )
    let closed = try await hall.window(id: "B-01", as: manager)
    #expect(!closed.open)
    #expect(closed.closedReason.contains("SJ-1"))
  }
}

@Suite("Staffing: eligibility when stationed (§15) and overrides", .timeLimit(.minutes(1)))
struct EligibilityTests {
  @Test(
    "the age limit includes the number itself: 45 (55 for window leaders) up to the day before the next birthday",
    arguments: [
      (Yimen_Staffing_V1_Role.general, "1980-06-16", true), (.general, "1980-06-15", false),
      (.reviewer, "1980-06-16", true), (.reviewer, "1980-06-15", false),
      (.windowLeader, "1970-06-16", true), (.windowLeader, "1970-06-15", false),
    ]
  )
  func ageBoundary(role: Yimen_Staffing_V1_Role, born: String, eligible: Bool) async throws {
    let hall = try await directory()
    let member = nominee("SJ-101", born: born, role: role)
    if eligible {
      let record = try await hall.nominate(member, on: "2026-06-15", as: marketStaff)
      #expect(record.state == .nominated)
      #expect(record.waivers.isEmpty)
    } else {
      let refused = await #expect(throws: GoogleRPCStatus.self) {
        try await hall.nominate(member, on: "2026-06-15", as: marketStaff)
      }
      #expect(refused?.code == .failedPrecondition)
      #expect(refused?.unmetTypes == ["age"])
      #expect(refused?.subjects == ["SJ-101"])
      let missing = await #expect(throws: RPCError.self) { try await hall.person("SJ-101") }
      #expect(missing?.code == .notFound)
      #expect(try await hall.eventTypes().isEmpty)
    }
  }

  @Test("every unmet rule is listed at once: a reviewer not 在编, too old, below junior college")
  func severalRules() async throws {
    let hall = try await directory()
    let member = nominee(
      "SJ-101",
      category: .institution,
      inEstablishment: false,
      born: "1970-01-01",
      education: .belowJuniorCollege,
      role: .reviewer
    )
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(member, on: "2026-06-15", as: marketStaff)
    }
    #expect(refused?.code == .failedPrecondition)
    #expect(refused?.unmetTypes == ["establishment", "age", "education"])
    #expect(refused?.subjects == ["SJ-101", "SJ-101", "SJ-101"])
    #expect(try await hall.snapshot() == HallSnapshot(events: [], staff: [], windows: [], departments: [], notices: []))
  }

  @Test("only management may override; an age override is kept in the waivers with the manager's id")
  func overrides() async throws {
    let hall = try await directory()
    let older = nominee("SJ-101", born: "1975-01-01")
    let byStaff = await #expect(throws: RPCError.self) {
      try await hall.nominate(older, on: "2026-06-10", overrides: [waive("age")], as: marketStaff)
    }
    #expect(byStaff?.code == .permissionDenied)
    #expect(try await hall.eventTypes().isEmpty)

    let record = try await hall.nominate(older, on: "2026-06-10", overrides: [waive("age")], as: manager)
    #expect(record.state == .nominated)
    let waiver = try #require(record.waivers.first)
    #expect(record.waivers.count == 1)
    #expect(waiver.violation.rule == "age")
    #expect(waiver.violation.subject == "SJ-101")
    #expect(waiver.override.rule == "age")
    #expect(waiver.override.reason == "窗口急需专业人员")
    #expect(waiver.override.approvedBy == "li")
    #expect(waiver.override.date == "2026-06-10")
    #expect(try await hall.person("SJ-101").waivers == record.waivers, "the waiver is stored")

    // An override waives its rule only: the 在编 rule still refuses.
    let reviewer = nominee("SJ-102", category: .other, born: "1975-01-01", role: .reviewer)
    let establishment = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(reviewer, on: "2026-06-10", overrides: [waive("age")], as: manager)
    }
    #expect(establishment?.unmetTypes == ["establishment"])

    // An override not needed is not recorded.
    let young = try await hall.nominate(nominee("SJ-103"), on: "2026-06-10", overrides: [waive("age")], as: manager)
    #expect(young.waivers.isEmpty)
  }

  @Test(
    "malformed overrides are INVALID_ARGUMENT, whoever asks",
    arguments: [
      ("establishment", "特殊情况", "overrides[0]"), ("chief_rank", "特殊情况", "overrides[0]"),
      ("age", " ", "overrides[0]"), ("seniority", "特殊情况", "overrides[0].rule"),
    ]
  )
  func malformedOverride(rule: String, reason: String, field: String) async throws {
    let hall = try await directory()
    let member = nominee("SJ-101", category: .other, role: .reviewer)
    for principal in [manager, marketStaff] {
      let refused = await #expect(throws: GoogleRPCStatus.self) {
        try await hall.nominate(member, on: "2026-06-10", overrides: [waive(rule, reason: reason)], as: principal)
      }
      #expect(refused?.code == .invalidArgument)
      #expect(refused?.fields == [field])
    }
    #expect(try await hall.eventTypes().isEmpty)
  }

  @Test("a new role is judged again: too old for a general role, overridable by management only")
  func changeRole() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-101", born: "1975-03-01", role: .windowLeader))
    let before = try await hall.snapshot()
    let tooOld = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.changeRole(
        .with {
          $0.staffID = "SJ-101"
          $0.role = .general
        },
        as: marketStaff
      )
    }
    #expect(tooOld?.code == .failedPrecondition)
    #expect(tooOld?.unmetTypes == ["age"])
    #expect(tooOld?.subjects == ["SJ-101"])
    let staffOverride = await #expect(throws: RPCError.self) {
      try await hall.changeRole(
        .with {
          $0.staffID = "SJ-101"
          $0.role = .general
          $0.overrides = [waive("age")]
        },
        as: marketStaff
      )
    }
    #expect(staffOverride?.code == .permissionDenied)
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await hall.changeRole(
        .with {
          $0.staffID = "SJ-101"
          $0.role = .windowLeader
        },
        as: civilStaff
      )
    }
    #expect(otherDepartment?.code == .permissionDenied)
    let chief = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.changeRole(
        .with {
          $0.staffID = "SJ-101"
          $0.role = .chiefRepresentative
        },
        as: manager
      )
    }
    #expect(chief?.code == .invalidArgument)
    #expect(chief?.fields == ["role"])
    #expect(try await hall.snapshot() == before)

    let changed = try await hall.changeRole(
      .with {
        $0.staffID = "SJ-101"
        $0.role = .general
        $0.rank = .kezhang
        $0.overrides = [waive("age")]
      },
      as: manager
    )
    #expect(changed.member.role == .general)
    #expect(changed.member.rank == .kezhang)
    #expect(changed.member.education == .bachelor, "unspecified keeps the recorded education")
    #expect(changed.waivers.map(\.violation.rule) == ["age"])
    #expect(changed.waivers.first?.override.approvedBy == "li")
    #expect(try await hall.eventTypes().last == "staffing.staff.role_changed")
  }
}

/// A change a caller might ask for, on the hall `PermissionTests.seed` builds.
enum Change: String, CaseIterable, Sendable {
  case nominate, review, startProbation, confirm, requireReplacement, changeRole, adjust, recordLeave
  case createWindow, updateWindow, assignPosts, openWindow, closeWindow
  case designateChief, startObservation, recordVisit, issueNotice, recordReplacement

  /// True for the changes only the centre's management may make.
  var managementOnly: Bool {
    switch self {
    case .review, .startProbation, .confirm, .requireReplacement, .createWindow, .updateWindow, .openWindow,
      .closeWindow, .issueNotice:
      true
    case .nominate, .changeRole, .adjust, .recordLeave, .assignPosts, .designateChief, .startObservation,
      .recordVisit, .recordReplacement:
      false
    }
  }

  func run(in hall: StaffingDirectory, as principal: Principal) async throws {
    switch self {
    case .nominate:
      _ = try await hall.nominate(nominee("SJ-9"), on: "2026-06-15", as: principal)
    case .review:
      _ = try await hall.review(
        .with {
          $0.staffID = "SJ-3"
          $0.approve = true
        },
        as: principal
      )
    case .startProbation:
      _ = try await hall.startProbation(staffID: "SJ-3", date: "", as: principal)
    case .confirm:
      _ = try await hall.confirm(staffID: "SJ-3", date: "", as: principal)
    case .requireReplacement:
      _ = try await hall.requireReplacement(staffID: "SJ-3", reason: "不适合", date: "", as: principal)
    case .changeRole:
      _ = try await hall.changeRole(
        .with {
          $0.staffID = "SJ-1"
          $0.role = .reviewer
        },
        as: principal
      )
    case .adjust:
      _ = try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ["SJ-1"]
        },
        as: principal
      )
    case .recordLeave:
      _ = try await hall.recordLeave(
        .with {
          $0.staffID = "SJ-1"
          $0.from = "2026-06-15"
          $0.through = "2026-06-15"
          $0.reason = "年休假"
        },
        as: principal
      )
    case .createWindow:
      _ = try await hall.createWindow(
        .with {
          $0.id = "Z-09"
          $0.type = .consultation
          $0.name = "综合咨询"
        },
        as: principal
      )
    case .updateWindow:
      _ = try await hall.updateWindow(
        .with {
          $0.id = "B-01"
          $0.type = .department
          $0.name = "市场监管 新名称"
          $0.department = Dept.market
        },
        as: principal
      )
    case .assignPosts:
      _ = try await hall.assignPosts(
        .with {
          $0.windowID = "B-01"
          $0.aStaffIds = ["SJ-2"]
          $0.bStaffID = "SJ-1"
        },
        as: principal
      )
    case .openWindow:
      _ = try await hall.openWindow(id: "B-02", as: principal)
    case .closeWindow:
      _ = try await hall.closeWindow(id: "B-01", reason: "装修", as: principal)
    case .designateChief:
      _ = try await hall.designateChief(
        .with {
          $0.department = Dept.market
          $0.staffID = "SJ-1"
          $0.powers = [.manageCases]
        },
        as: principal
      )
    case .startObservation:
      _ = try await hall.startObservation(
        .with {
          $0.observation = .with {
            $0.personID = "GY-1"
            $0.name = "马骁"
            $0.department = Dept.market
          }
          $0.category = .civilServant
        },
        as: principal
      )
    case .recordVisit:
      _ = try await hall.recordVisit(
        .with {
          $0.department = Dept.market
          $0.leader = .deputy
          $0.leaderName = "陈副局长"
        },
        as: principal
      )
    case .issueNotice:
      _ = try await hall.issueNotice(
        .with {
          $0.staffID = "SJ-1"
          $0.kind = .forcedReturn
          $0.ground = .breachOfLawOrDiscipline
        },
        as: principal
      )
    case .recordReplacement:
      _ = try await hall.recordReplacement(
        .with {
          $0.noticeID = 1
          $0.replacementStaffID = "SJ-3"
        },
        as: principal
      )
    }
  }
}

@Suite("Staffing: who may do what", .timeLimit(.minutes(1)))
struct PermissionTests {
  /// Two stationed people of the market department at window B-01 (open), a closed window B-02, a
  /// nomination, and an adjustment proposal letter about SJ-2.
  static func seed() async throws -> StaffingDirectory {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"))
    try await hall.station(nominee("SJ-2"))
    try await hall.window("B-01", a: ["SJ-1"], b: "SJ-2", open: true)
    try await hall.window("B-02", a: ["SJ-2"], b: "SJ-1")
    _ = try await hall.issueNotice(
      .with {
        $0.staffID = "SJ-2"
        $0.kind = .adjustmentProposal
        $0.reason = "服务态度差"
        $0.date = "2026-06-01"
      },
      as: manager
    )
    try await hall.nominate(nominee("SJ-3"), on: "2026-06-10", as: marketStaff)
    return hall
  }

  @Test(
    "the public must sign in, another department is refused, a department's staff only do their part",
    arguments: Change.allCases
  )
  func changes(change: Change) async throws {
    let hall = try await Self.seed()
    let before = try await hall.snapshot()
    let anonymous = await #expect(throws: RPCError.self) { try await change.run(in: hall, as: .anonymous) }
    #expect(anonymous?.code == .unauthenticated)
    let other = await #expect(throws: RPCError.self) { try await change.run(in: hall, as: civilStaff) }
    #expect(other?.code == .permissionDenied)
    let observer = await #expect(throws: RPCError.self) { try await change.run(in: hall, as: supervisor) }
    #expect(observer?.code == .permissionDenied, "supervisors read; they do not change")
    if change.managementOnly {
      let own = await #expect(throws: RPCError.self) { try await change.run(in: hall, as: marketStaff) }
      #expect(own?.code == .permissionDenied)
    }
    #expect(try await hall.snapshot() == before)
  }

  @Test("a department's staff nominate for their own department only")
  func nominateForAnother() async throws {
    let hall = try await directory()
    let other = await #expect(throws: RPCError.self) {
      try await hall.nominate(nominee("MZ-1", Dept.civil), on: "2026-06-15", as: marketStaff)
    }
    #expect(other?.code == .permissionDenied)
    let anonymous = await #expect(throws: RPCError.self) {
      try await hall.nominate(nominee("SJ-1"), on: "2026-06-15", as: .anonymous)
    }
    #expect(anonymous?.code == .unauthenticated)
    #expect(try await hall.eventTypes().isEmpty)
    let own = try await hall.nominate(nominee("MZ-1", Dept.civil), on: "2026-06-15", as: civilStaff)
    #expect(own.history.first?.by == "wang")
    let integrator = Principal(id: "civil-system", role: .integrator, department: Dept.civil)
    let bySystem = try await hall.nominate(nominee("MZ-2", Dept.civil), on: "2026-06-15", as: integrator)
    #expect(bySystem.history.first?.by == "civil-system", "an integrator acts for its department")
  }

  @Test("staff records are read by their department and the centre; the public sees windows without people")
  func reads() async throws {
    let hall = try await Self.seed()
    try await hall.station(nominee("MZ-1", Dept.civil))

    let otherDepartment = await #expect(throws: RPCError.self) {
      try await hall.staffMember(id: "SJ-1", asOf: "", as: civilStaff)
    }
    #expect(otherDepartment?.code == .permissionDenied)
    let anonymous = await #expect(throws: RPCError.self) {
      try await hall.staffMember(id: "SJ-1", asOf: "", as: .anonymous)
    }
    #expect(anonymous?.code == .unauthenticated)
    #expect(try await hall.staffMember(id: "SJ-1", asOf: "", as: marketStaff).member.name == "员工SJ-1")
    #expect(try await hall.staffMember(id: "SJ-1", asOf: "", as: supervisor).windowID == "B-01")

    let list = await #expect(throws: RPCError.self) {
      try await hall.staffList(.with { $0.department = Dept.market }, as: civilStaff)
    }
    #expect(list?.code == .permissionDenied)
    #expect(try await hall.staffList(.init(), as: civilStaff).map(\.member.id) == ["MZ-1"], "their own by default")
    #expect(try await hall.staffList(.init(), as: marketStaff).map(\.member.id) == ["SJ-1", "SJ-2", "SJ-3"])
    #expect(
      try await hall.staffList(.init(), as: supervisor).map(\.member.id) == ["SJ-1", "SJ-2", "SJ-3", "MZ-1"],
      "in department and id order"
    )
    #expect(
      try await hall.staffList(.with { $0.state = .stationed }, as: marketStaff).map(\.member.id) == ["SJ-1", "SJ-2"]
    )
    #expect(try await hall.staffList(.with { $0.windowID = "B-01" }, as: manager).map(\.member.id) == ["SJ-1", "SJ-2"])
    let department = await #expect(throws: RPCError.self) {
      try await hall.department(name: Dept.market, as: civilStaff)
    }
    #expect(department?.code == .permissionDenied)
    let notices = await #expect(throws: RPCError.self) {
      try await hall.notices(.with { $0.department = Dept.market }, as: civilStaff)
    }
    #expect(notices?.code == .permissionDenied)
    #expect(try await hall.notices(.init(), as: civilStaff).isEmpty)
    #expect(try await hall.notices(.init(), as: marketStaff).count == 1)
    #expect(try await hall.departments(problemsOnly: false, as: civilStaff).map(\.name) == [Dept.civil])

    // Windows: the public sees plates and matters, not who is on post.
    let publicWindow = try await hall.window(id: "B-01", as: .anonymous)
    #expect(publicWindow.aStaffIds.isEmpty)
    #expect(publicWindow.bStaffID.isEmpty)
    #expect(publicWindow.name == "窗口 B-01")
    #expect(publicWindow.open)
    let publicList = try await hall.windows(.init(), as: .anonymous)
    #expect(publicList.map(\.id) == ["B-01", "B-02"])
    #expect(publicList.allSatisfy { $0.aStaffIds.isEmpty && $0.bStaffID.isEmpty && $0.problems.isEmpty })
    let signedIn = try await hall.window(id: "B-01", as: civilStaff)
    #expect(signedIn.aStaffIds == ["SJ-1"])
    #expect(signedIn.bStaffID == "SJ-2")
    let board = await #expect(throws: RPCError.self) { try await hall.board(date: "", as: .anonymous) }
    #expect(board?.code == .unauthenticated)
    let report = await #expect(throws: RPCError.self) {
      try await hall.visitReport(from: "2026-06-01", through: "2026-06-14", as: marketStaff)
    }
    #expect(report?.code == .permissionDenied)
  }
}

@Suite("Staffing: windows, posts and the hall board (§12–§16)", .timeLimit(.minutes(1)))
struct WindowDirectoryTests {
  static func plate(
    _ id: String = "B-01",
    _ type: Yimen_Staffing_V1_WindowType = .department,
    scope: Yimen_Staffing_V1_ComprehensiveScope = .unspecified,
    name: String = "市场监管 企业登记",
    department: String = "",
    matters: [String] = []
  ) -> ProtoWindow {
    .with {
      $0.id = id
      $0.type = type
      $0.scope = scope
      $0.name = name
      $0.department = department
      $0.matterCodes = matters
    }
  }

  @Test(
    "malformed windows are refused with every field named",
    arguments: [
      (plate("A 12", .consultation), ["window.id"]),
      (plate("ABCDEFGHIJKLMNOPQ", .consultation), ["window.id"]),
      (plate("Z-01", .comprehensive), ["window.scope"]),
      (plate("Z-01", .consultation, scope: .byField), ["window.scope"]),
      (plate("B-01", .department), ["window.department"]),
      (plate("Z-01", .consultation, department: Dept.market), ["window.department"]),
      (plate("Z-01", .unspecified), ["window.type"]),
      (plate("Z-01", .consultation, name: " "), ["window.name"]),
      (plate(department: Dept.market, matters: ["430500-XK-001", "430500-XX-999"]), ["window.matter_codes[1]"]),
      (plate(department: Dept.market, matters: ["430500-XK-001", "430500-QR-003"]), ["window.matter_codes[1]"]),
      (plate(department: Dept.market, matters: ["430500-XK-003"]), ["window.matter_codes[0]"]),
      (plate(department: Dept.market, matters: ["430500-XK-001", "430500-XK-001"]), ["window.matter_codes[1]"]),
      (plate("", .comprehensive, department: Dept.market), ["window.id", "window.scope", "window.department"]),
    ]
  )
  func invalid(window: ProtoWindow, fields: [String]) async throws {
    let hall = try await directory()
    let refused = await #expect(throws: GoogleRPCStatus.self) { try await hall.createWindow(window, as: manager) }
    #expect(refused?.code == .invalidArgument)
    #expect(refused?.fields == fields)
    #expect(try await hall.windows(.init(), as: manager).isEmpty)
    #expect(try await hall.eventTypes().isEmpty)
  }

  @Test("a window is created closed and empty, by management only; ids are unique")
  func create() async throws {
    let hall = try await directory()
    let byField = Self.plate(
      "Z-02",
      .comprehensive,
      scope: .byField,
      name: "综合受理 企业开办",
      matters: ["430500-XK-001", "430500-XK-019"]
    )
    let byStaff = await #expect(throws: RPCError.self) { try await hall.createWindow(byField, as: marketStaff) }
    #expect(byStaff?.code == .permissionDenied)
    let created = try await hall.createWindow(byField, as: manager)
    #expect(!created.open)
    #expect(created.aStaffIds.isEmpty)
    #expect(created.matterCodes == ["430500-XK-001", "430500-XK-019"], "a comprehensive window serves any department")
    #expect(created.problems.map(\.rule) == ["window_staffed"])
    #expect(created.problems.map(\.subject) == ["Z-02"])
    #expect(created.updatedAtMs > 0)
    #expect(try await hall.window(id: "Z-02", as: manager) == created, "the response is what is stored")
    let department = try await hall.createWindow(
      Self.plate(department: Dept.market, matters: ["430500-XK-001", "430500-XK-002"]),
      as: manager
    )
    #expect(department.department == Dept.market)
    let duplicate = await #expect(throws: RPCError.self) {
      try await hall.createWindow(Self.plate(department: Dept.market), as: manager)
    }
    #expect(duplicate?.code == .alreadyExists)
    #expect(try await hall.eventTypes() == ["staffing.window.created", "staffing.window.created"])
    #expect(try await hall.windows(.with { $0.matterCode = "430500-XK-019" }, as: manager).map(\.id) == ["Z-02"])
    #expect(try await hall.windows(.with { $0.department = Dept.market }, as: manager).map(\.id) == ["B-01"])
    #expect(try await hall.windows(.with { $0.type = .comprehensive }, as: manager).map(\.id) == ["Z-02"])
  }

  @Test("posts: people at the centre, of the window's department, A-posted at one window; B another person")
  func posts() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"))
    try await hall.station(nominee("SJ-2"))
    try await hall.startInProbation(nominee("SJ-3"), from: "2026-06-01")
    try await hall.nominate(nominee("SJ-4"), on: "2026-06-01")
    try await hall.station(nominee("MZ-1", Dept.civil))
    try await hall.window("B-01")
    try await hall.window("B-02")
    try await hall.window("Z-01", .consultation)
    let before = try await hall.snapshot()

    func assign(_ window: String, _ a: [String], _ b: String = "", as principal: Principal = manager) async throws
      -> ProtoWindow
    {
      try await hall.assignPosts(
        .with {
          $0.windowID = window
          $0.aStaffIds = a
          $0.bStaffID = b
        },
        as: principal
      )
    }

    let twice = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-01", ["SJ-1", "SJ-2", "SJ-1"]) }
    #expect(twice?.code == .invalidArgument)
    #expect(twice?.fields == ["a_staff_ids[2]"])
    let sameB = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-01", ["SJ-1"], "SJ-1") }
    #expect(sameB?.code == .invalidArgument)
    #expect(sameB?.fields == ["b_staff_id"])
    let nominated = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-01", ["SJ-4"]) }
    #expect(nominated?.code == .failedPrecondition)
    #expect(nominated?.unmetTypes == ["posts"])
    #expect(nominated?.subjects == ["SJ-4"])
    let otherDepartment = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-01", ["SJ-1"], "MZ-1") }
    #expect(otherDepartment?.code == .failedPrecondition)
    #expect(otherDepartment?.subjects == ["MZ-1"])
    let unknown = await #expect(throws: RPCError.self) { try await assign("B-01", ["SJ-99"]) }
    #expect(unknown?.code == .notFound)
    let civil = await #expect(throws: RPCError.self) { try await assign("B-01", ["SJ-1"], as: civilStaff) }
    #expect(civil?.code == .permissionDenied)
    let centreWindow = await #expect(throws: RPCError.self) { try await assign("Z-01", ["SJ-1"], as: marketStaff) }
    #expect(centreWindow?.code == .permissionDenied)
    #expect(try await hall.snapshot() == before)

    // People in probation take posts; a department's staff name the posts of their own window.
    let single = try await assign("B-01", ["SJ-3"], as: marketStaff)
    #expect(single.aStaffIds == ["SJ-3"])
    #expect(single.problems.map(\.rule) == ["backup_post"])

    // A single-person window does not open without a B post.
    let noB = await #expect(throws: GoogleRPCStatus.self) { try await hall.openWindow(id: "B-01", as: manager) }
    #expect(noB?.code == .failedPrecondition)
    #expect(noB?.unmetTypes == ["backup_post"])
    #expect(noB?.subjects == ["SJ-3"])
    let empty = await #expect(throws: GoogleRPCStatus.self) { try await hall.openWindow(id: "B-02", as: manager) }
    #expect(empty?.unmetTypes == ["window_staffed"])
    #expect(empty?.subjects == ["B-02"])
    #expect(try await hall.window(id: "B-01", as: manager).open == false)
    #expect(!(try await hall.eventTypes().contains("staffing.window.opened")))

    // One A post per person; a B post may be A elsewhere.
    _ = try await assign("B-01", ["SJ-1"], "SJ-2")
    let elsewhere = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-02", ["SJ-1"], "SJ-3") }
    #expect(elsewhere?.code == .failedPrecondition)
    #expect(elsewhere?.unmetTypes == ["posts"])
    #expect(elsewhere?.subjects == ["SJ-1"])
    _ = try await assign("B-02", ["SJ-2"], "SJ-1")
    _ = try await assign("Z-01", ["MZ-1"], "SJ-3")
    let opened = try await hall.openWindow(id: "B-01", as: manager)
    #expect(opened.open)
    #expect(opened.problems.isEmpty)
    _ = try await hall.openWindow(id: "B-02", as: manager)
    let sj1 = try await hall.person("SJ-1")
    #expect(sj1.windowID == "B-01")
    #expect(sj1.backupWindowIds == ["B-02"])
    let already = await #expect(throws: GoogleRPCStatus.self) { try await hall.openWindow(id: "B-01", as: manager) }
    #expect(already?.unmetTypes == ["transition"])

    // An open single-person window keeps its B post.
    let openBefore = try await hall.snapshot()
    let dropB = await #expect(throws: GoogleRPCStatus.self) { try await assign("B-02", ["SJ-2"]) }
    #expect(dropB?.code == .failedPrecondition)
    #expect(dropB?.unmetTypes == ["backup_post"])
    #expect(try await hall.snapshot() == openBefore)

    // Closing: with a reason, once.
    let noReason = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.closeWindow(id: "B-02", reason: "", as: manager)
    }
    #expect(noReason?.fields == ["reason"])
    let closed = try await hall.closeWindow(id: "B-02", reason: "设备检修", as: manager)
    #expect(!closed.open)
    #expect(closed.closedReason == "设备检修")
    #expect(closed.aStaffIds == ["SJ-2"], "posts stay on a closed window")
    let again = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.closeWindow(id: "B-02", reason: "x", as: manager)
    }
    #expect(again?.unmetTypes == ["transition"])
    let missing = await #expect(throws: RPCError.self) { try await hall.openWindow(id: "B-99", as: manager) }
    #expect(missing?.code == .notFound)
    #expect(
      try await hall.eventTypes().filter { $0 != "staffing.window.changed" }.suffix(3) == [
        "staffing.window.opened", "staffing.window.opened", "staffing.window.closed",
      ]
    )
  }

  @Test("updating a window keeps its posts; it cannot change department with people on post")
  func update() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"))
    try await hall.station(nominee("SJ-2"))
    try await hall.window("B-01", matters: ["430500-XK-001"], a: ["SJ-1"], b: "SJ-2", open: true)
    let updated = try await hall.updateWindow(
      Self.plate(name: "市场监管 食品", department: Dept.market, matters: ["430500-XK-001", "430500-XK-002"]),
      as: manager
    )
    #expect(updated.name == "市场监管 食品")
    #expect(updated.matterCodes == ["430500-XK-001", "430500-XK-002"])
    #expect(updated.open)
    #expect(updated.aStaffIds == ["SJ-1"])
    #expect(updated.bStaffID == "SJ-2")
    let before = try await hall.snapshot()
    let moved = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.updateWindow(Self.plate(department: Dept.civil, matters: ["430500-QR-003"]), as: manager)
    }
    #expect(moved?.code == .failedPrecondition)
    #expect(moved?.subjects == ["B-01"])
    let foreignMatter = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.updateWindow(Self.plate(department: Dept.market, matters: ["430500-QR-003"]), as: manager)
    }
    #expect(foreignMatter?.fields == ["window.matter_codes[0]"])
    #expect(try await hall.snapshot() == before)
  }

  @Test("the board: regular, stand-in when every A post is away, uncovered when the B post is away too, closed")
  func board() async throws {
    let hall = try await directory()
    for id in ["A1", "A2", "A3", "A4", "A5", "B1", "B2"] {
      try await hall.station(nominee(id))
    }
    try await hall.window("B-01", a: ["A1"], b: "B1", open: true)
    try await hall.window("B-02", a: ["A2"], b: "B2", open: true)
    try await hall.window("B-03", a: ["A3", "A4"], open: true)
    try await hall.window("B-04", a: ["A5"], b: "B1")
    for (id, from, through) in [
      ("A1", "2026-06-15", "2026-06-17"), ("A2", "2026-06-14", "2026-06-16"), ("B2", "2026-06-15", "2026-06-15"),
      ("A3", "2026-06-15", "2026-06-19"),
    ] {
      let leave = try await hall.recordLeave(
        .with {
          $0.staffID = id
          $0.from = from
          $0.through = through
          $0.reason = "年休假"
        },
        as: marketStaff
      )
      #expect(leave.id > 0)
      #expect(leave.recordedBy == "zhang")
    }
    #expect(try await hall.eventTypes().suffix(4) == ArraySlice(repeating: "staffing.leave.recorded", count: 4))

    let today = try await hall.board(date: "", as: marketStaff)
    #expect(today.date == "2026-06-15")
    #expect(today.rows.map(\.window.id) == ["B-01", "B-02", "B-03", "B-04"])
    #expect(today.rows.map(\.cover) == [.standIn, .uncovered, .regular, .closed])
    #expect(today.rows.map { $0.onPost.map(\.staffID) } == [["B1"], [], ["A4"], []])
    #expect(today.rows.map { $0.away.map(\.staffID) } == [["A1"], ["A2"], ["A3"], []])
    #expect(today.rows.map(\.bPost.staffID) == ["B1", "B2", "", "B1"])
    #expect(today.rows.first?.onPost.first?.name == "员工B1")

    let later = try await hall.board(date: "2026-06-18", as: supervisor)
    #expect(later.rows.map(\.cover) == [.regular, .regular, .regular, .closed])
    #expect(later.rows.map { $0.onPost.map(\.staffID) } == [["A1"], ["A2"], ["A4"], []])

    let a1 = try await hall.person("A1")
    #expect(a1.facts.away)
    #expect(a1.leave.map(\.from) == ["2026-06-15"])
    #expect(!(try await hall.person("A1", asOf: "2026-06-18").facts.away))

    let badDate = await #expect(throws: GoogleRPCStatus.self) { try await hall.board(date: "2026-13-01", as: manager) }
    #expect(badDate?.fields == ["date"])
  }

  @Test("leave: valid days and a reason, for people on post, by their department")
  func leave() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"))
    try await hall.nominate(nominee("SJ-2"), on: "2026-06-01")
    let before = try await hall.snapshot()
    func record(
      _ id: String,
      _ from: String,
      _ through: String,
      _ reason: String = "培训",
      as principal: Principal = manager
    )
      async throws -> Yimen_Staffing_V1_Leave
    {
      try await hall.recordLeave(
        .with {
          $0.staffID = id
          $0.from = from
          $0.through = through
          $0.reason = reason
        },
        as: principal
      )
    }
    let backwards = await #expect(throws: GoogleRPCStatus.self) { try await record("SJ-1", "2026-06-20", "2026-06-19") }
    #expect(backwards?.fields == ["leave.through"])
    let noReason = await #expect(throws: GoogleRPCStatus.self) {
      try await record("SJ-1", "2026-06-20", "2026-06-21", "")
    }
    #expect(noReason?.fields == ["leave.reason"])
    let tooLong = await #expect(throws: GoogleRPCStatus.self) { try await record("SJ-1", "2026-01-01", "2027-01-02") }
    #expect(tooLong?.fields == ["leave.through"])
    let notOnPost = await #expect(throws: GoogleRPCStatus.self) { try await record("SJ-2", "2026-06-20", "2026-06-21") }
    #expect(notOnPost?.code == .failedPrecondition)
    #expect(notOnPost?.unmetTypes == ["transition"])
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await record("SJ-1", "2026-06-20", "2026-06-21", as: civilStaff)
    }
    #expect(otherDepartment?.code == .permissionDenied)
    #expect(try await hall.snapshot() == before)
    let future = try await record("SJ-1", "2026-12-31", "2027-12-30")
    #expect(future.recordedBy == "li", "leave may lie ahead")
    let longest = try await record("SJ-1", "2026-01-01", "2027-01-01")
    #expect(longest.through == "2027-01-01", "366 days, both ends included")
  }
}

@Suite("Staffing: adjustments (§16)", .timeLimit(.minutes(1)))
struct AdjustmentDirectoryTests {
  @Test(
    "one request changes at most 50% of the department's stationed staff, rounded down",
    arguments: [(5, 2, true), (5, 3, false), (4, 2, true), (1, 1, false)]
  )
  func share(stationed: Int, leaving: Int, allowed: Bool) async throws {
    let hall = try await directory()
    for index in 1...stationed {
      try await hall.station(nominee("SJ-\(index)"))
    }
    try await hall.startInProbation(nominee("SJ-P"), from: "2026-06-01")
    try await hall.station(nominee("MZ-1", Dept.civil))
    let ids = (1...leaving).map { "SJ-\($0)" }
    let request = Yimen_Staffing_V1_SubmitAdjustmentRequest.with {
      $0.department = Dept.market
      $0.staffIds = ids
    }
    let before = try await hall.snapshot()
    if allowed {
      let adjustment = try await hall.adjust(request, as: marketStaff)
      #expect(adjustment.stationedCount == UInt32(stationed), "people in probation do not count")
      #expect(adjustment.maxChanges == UInt32(stationed / 2))
      #expect(adjustment.staffIds == ids)
      #expect(adjustment.date == "2026-06-15")
      #expect(adjustment.waivers.isEmpty)
      for id in ids {
        let record = try await hall.person(id)
        #expect(record.state == .left)
        #expect(record.history.last?.date == "2026-06-15")
        #expect(record.history.last?.by == "zhang")
        #expect(record.facts.nextUniformDue.isEmpty)
      }
      #expect(
        try await hall.eventTypes().suffix(leaving) == ArraySlice(repeating: "staffing.staff.left", count: leaving)
      )
      #expect(try await hall.department(name: Dept.market, as: manager).stationedCount == UInt32(stationed - leaving))
    } else {
      let refused = await #expect(throws: GoogleRPCStatus.self) { try await hall.adjust(request, as: marketStaff) }
      #expect(refused?.code == .failedPrecondition)
      #expect(refused?.unmetTypes == ["adjustment_share"])
      #expect(try await hall.snapshot() == before)
    }
  }

  @Test(
    "2 years at the window before rotation: exactly 2 years passes, a day short fails",
    arguments: [("2026-06-15", true), ("2026-06-14", false)]
  )
  func tenure(date: String, allowed: Bool) async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"), on: "2024-06-15")
    try await hall.station(nominee("SJ-2"), on: "2024-06-15")
    let request = Yimen_Staffing_V1_SubmitAdjustmentRequest.with {
      $0.department = Dept.market
      $0.staffIds = ["SJ-1"]
      $0.date = date
    }
    let before = try await hall.snapshot()
    if allowed {
      let adjustment = try await hall.adjust(request, as: marketStaff)
      #expect(adjustment.staffIds == ["SJ-1"])
      #expect(try await hall.person("SJ-1").state == .left)
    } else {
      let refused = await #expect(throws: GoogleRPCStatus.self) { try await hall.adjust(request, as: marketStaff) }
      #expect(refused?.code == .failedPrecondition)
      #expect(refused?.unmetTypes == ["tenure"])
      #expect(refused?.subjects == ["SJ-1"])
      #expect(try await hall.snapshot() == before)
    }
  }

  @Test("management may override tenure and the 50% share; a department's staff may not")
  func overrides() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1"), on: "2025-06-15")
    try await hall.station(nominee("SJ-2"), on: "2025-06-15")
    let request = Yimen_Staffing_V1_SubmitAdjustmentRequest.with {
      $0.department = Dept.market
      $0.staffIds = ["SJ-1", "SJ-2"]
      $0.overrides = [waive("tenure"), waive("adjustment_share")]
    }
    let byStaff = await #expect(throws: RPCError.self) { try await hall.adjust(request, as: marketStaff) }
    #expect(byStaff?.code == .permissionDenied)
    let share = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ["SJ-1", "SJ-2"]
          $0.overrides = [waive("tenure")]
        },
        as: manager
      )
    }
    #expect(share?.unmetTypes == ["adjustment_share"], "a tenure override waives tenure only")

    let adjustment = try await hall.adjust(request, as: manager)
    #expect(Set(adjustment.waivers.map(\.violation.rule)) == ["adjustment_share", "tenure"])
    #expect(adjustment.waivers.allSatisfy { $0.override.approvedBy == "li" && $0.override.date == "2026-06-15" })
    #expect(adjustment.waivers.filter { $0.violation.rule == "tenure" }.map(\.violation.subject) == ["SJ-1", "SJ-2"])
    let sj1 = try await hall.person("SJ-1")
    #expect(sj1.state == .left)
    #expect(Set(sj1.waivers.map(\.violation.rule)) == ["adjustment_share", "tenure"])
    #expect(sj1.waivers.filter { $0.violation.rule == "tenure" }.map(\.violation.subject) == ["SJ-1"])
  }

  @Test("people who left are off their windows; only stationed people of the department may be named")
  func offTheWindows() async throws {
    let hall = try await directory()
    for id in ["SJ-1", "SJ-2", "SJ-3", "SJ-4"] {
      try await hall.station(nominee(id))
    }
    try await hall.startInProbation(nominee("SJ-P"), from: "2026-06-01")
    try await hall.station(nominee("MZ-1", Dept.civil))
    try await hall.window("B-01", a: ["SJ-1", "SJ-3"], open: true)
    try await hall.window("B-02", a: ["SJ-2"], b: "SJ-1", open: true)
    let before = try await hall.snapshot()
    // In probation or of another department: the step does not apply to them; listed twice: malformed.
    for (ids, code, fields) in [
      (["SJ-P"], RPCError.Code.failedPrecondition, [String]()), (["MZ-1"], .failedPrecondition, []),
      (["SJ-1", "SJ-1"], .invalidArgument, ["staff_ids[1]"]),
    ] {
      let refused = await #expect(throws: GoogleRPCStatus.self) {
        try await hall.adjust(
          .with {
            $0.department = Dept.market
            $0.staffIds = ids
          },
          as: manager
        )
      }
      #expect(refused?.code == code, "\(ids)")
      #expect(refused?.fields == fields, "\(ids)")
      #expect(refused?.unmetTypes == (code == .failedPrecondition ? ["transition"] : []), "\(ids)")
    }
    let unknown = await #expect(throws: RPCError.self) {
      try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ["SJ-99"]
        },
        as: manager
      )
    }
    #expect(unknown?.code == .notFound)
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ["SJ-1"]
        },
        as: civilStaff
      )
    }
    #expect(otherDepartment?.code == .permissionDenied)
    #expect(try await hall.snapshot() == before)

    _ = try await hall.adjust(
      .with {
        $0.department = Dept.market
        $0.staffIds = ["SJ-1", "SJ-4"]
      },
      as: marketStaff
    )
    let b01 = try await hall.window(id: "B-01", as: manager)
    #expect(b01.aStaffIds == ["SJ-3"])
    let b02 = try await hall.window(id: "B-02", as: manager)
    #expect(b02.aStaffIds == ["SJ-2"])
    #expect(b02.bStaffID.isEmpty)
    #expect(b02.problems.map(\.rule) == ["backup_post"], "the open single-person window lost its B post")
    let sj1 = try await hall.person("SJ-1")
    #expect(sj1.windowID.isEmpty)
    #expect(sj1.backupWindowIds.isEmpty)
    #expect(try await hall.staffList(.with { $0.windowID = "B-02" }, as: manager).map(\.member.id) == ["SJ-2"])
    let events = try await hall.store.events(after: 0).suffix(4)
    #expect(
      events.map(\.type) == [
        "staffing.window.changed", "staffing.window.changed", "staffing.staff.left", "staffing.staff.left",
      ]
    )
    #expect(events.map(\.subject) == ["B-01", "B-02", "SJ-1", "SJ-4"])
  }
}

@Suite("Staffing: chief representatives (§29)", .timeLimit(.minutes(1)))
struct ChiefRepresentativeTests {
  static func designate(
    _ id: String,
    in hall: StaffingDirectory,
    on date: String = "",
    powers: [Yimen_Staffing_V1_DelegatedPower] = [.manageCases, .decide, .keepSeal],
    overrides: [Yimen_Staffing_V1_Override] = [],
    department: String = Dept.market,
    as principal: Principal = marketStaff
  ) async throws -> Yimen_Staffing_V1_Department {
    try await hall.designateChief(
      .with {
        $0.department = department
        $0.staffID = id
        $0.powers = powers
        $0.date = date
        $0.overrides = overrides
      },
      as: principal
    )
  }

  @Test("the chief is 在编 and 副科长 or higher: both refusals at once; people at the centre of the department only")
  func refusals() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1", category: .institution, inEstablishment: false, rank: .keyuan))
    try await hall.nominate(nominee("SJ-2", rank: .kezhang), on: "2026-06-01")
    try await hall.station(nominee("SJ-3", born: "1970-06-15", rank: .kezhang, role: .windowLeader))
    try await hall.station(nominee("MZ-1", Dept.civil, rank: .kezhang))
    let before = try await hall.snapshot()

    let unqualified = await #expect(throws: GoogleRPCStatus.self) { try await Self.designate("SJ-1", in: hall) }
    #expect(unqualified?.code == .failedPrecondition)
    #expect(unqualified?.unmetTypes == ["establishment", "chief_rank"])
    #expect(unqualified?.subjects == ["SJ-1", "SJ-1"])
    let nominated = await #expect(throws: GoogleRPCStatus.self) { try await Self.designate("SJ-2", in: hall) }
    #expect(nominated?.unmetTypes == ["chief_representative"])
    let foreign = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.designate("MZ-1", in: hall, as: manager)
    }
    #expect(foreign?.unmetTypes == ["chief_representative"])
    let tooOld = await #expect(throws: GoogleRPCStatus.self) { try await Self.designate("SJ-3", in: hall) }
    #expect(tooOld?.unmetTypes == ["age"], "56 on the day: over the window leader's 55")
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await Self.designate("SJ-3", in: hall, as: civilStaff)
    }
    #expect(otherDepartment?.code == .permissionDenied)
    let staffOverride = await #expect(throws: RPCError.self) {
      try await Self.designate("SJ-3", in: hall, overrides: [waive("age")])
    }
    #expect(staffOverride?.code == .permissionDenied)
    let noPowers = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.designate("SJ-3", in: hall, powers: [])
    }
    #expect(noPowers?.fields == ["powers"])
    let twice = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.designate("SJ-3", in: hall, powers: [.decide, .liaise, .decide])
    }
    #expect(twice?.fields == ["powers[2]"])
    #expect(try await hall.snapshot() == before)

    let waived = try await Self.designate("SJ-3", in: hall, overrides: [waive("age")], as: manager)
    #expect(waived.chiefRepresentative.staffID == "SJ-3")
    #expect(waived.problems.isEmpty, "the override still counts when the department is judged")
    #expect(try await hall.person("SJ-3").waivers.map(\.violation.rule) == ["age"])
  }

  @Test("designating another chief ends the first term, restores the former role and keeps the history")
  func succession() async throws {
    let hall = try await directory()
    try await hall.station(nominee("SJ-1", rank: .fukezhang, role: .windowLeader))
    try await hall.station(nominee("SJ-2", rank: .kezhang))
    try await hall.station(nominee("SJ-3"))

    let without = try await hall.department(name: Dept.market, as: marketStaff)
    #expect(without.onPostCount == 3)
    #expect(without.stationedCount == 3)
    #expect(without.maxChanges == 1)
    #expect(!without.hasChiefRepresentative)
    #expect(without.problems.map(\.rule) == ["chief_representative"])
    #expect(without.problems.map(\.subject) == [Dept.market])
    #expect(try await hall.departments(problemsOnly: true, as: manager).map(\.name) == [Dept.market])

    let first = try await Self.designate("SJ-1", in: hall, on: "2026-05-20")
    #expect(first.chiefRepresentative.staffID == "SJ-1")
    #expect(first.chiefRepresentative.name == "员工SJ-1")
    #expect(first.chiefRepresentative.from == "2026-05-20")
    #expect(first.chiefRepresentative.until.isEmpty)
    #expect(first.chiefRepresentative.powers == [.manageCases, .decide, .keepSeal])
    #expect(first.chiefRepresentative.designatedBy == "zhang")
    #expect(first.chiefRepresentative.previousRole == .windowLeader)
    #expect(first.problems.isEmpty)
    #expect(try await hall.person("SJ-1").member.role == .chiefRepresentative)
    #expect(try await hall.departments(problemsOnly: true, as: manager).isEmpty)
    #expect(
      try await hall.eventTypes().suffix(2) == ["staffing.staff.role_changed", "staffing.chief_representative.changed"]
    )

    let chiefRole = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.changeRole(
        .with {
          $0.staffID = "SJ-1"
          $0.role = .general
        },
        as: manager
      )
    }
    #expect(chiefRole?.unmetTypes == ["chief_representative"])
    let promoted = try await hall.changeRole(
      .with {
        $0.staffID = "SJ-1"
        $0.rank = .kezhang
      },
      as: marketStaff
    )
    #expect(promoted.member.rank == .kezhang, "the chief's promotion is recorded without a role change")
    #expect(promoted.member.role == .chiefRepresentative)
    let backdated = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.designate("SJ-2", in: hall, on: "2026-05-19")
    }
    #expect(backdated?.unmetTypes == ["transition"], "a new term cannot begin before the current one")

    let eventsBefore = try await hall.store.events(after: 0).count
    let second = try await Self.designate("SJ-2", in: hall, on: "2026-06-10", powers: [.manageStaff], as: manager)
    #expect(second.chiefRepresentative.staffID == "SJ-2")
    #expect(second.chiefRepresentative.previousRole == .general)
    #expect(second.chiefRepresentative.designatedBy == "li")
    #expect(second.chiefHistory.map(\.staffID) == ["SJ-1", "SJ-2"])
    #expect(second.chiefHistory.map(\.from) == ["2026-05-20", "2026-06-10"])
    #expect(second.chiefHistory.map(\.until) == ["2026-06-10", ""])
    #expect(second.chiefHistory.first?.powers == [.manageCases, .decide, .keepSeal])
    #expect(try await hall.person("SJ-1").member.role == .windowLeader, "the former chief's role is restored")
    #expect(try await hall.person("SJ-2").member.role == .chiefRepresentative)
    let events = try await hall.store.events(after: UInt64(eventsBefore))
    #expect(
      events.map(\.type) == [
        "staffing.staff.role_changed", "staffing.staff.role_changed", "staffing.chief_representative.changed",
      ]
    )
    #expect(events.map(\.subject) == ["SJ-1", "SJ-2", Dept.market])
    #expect(try await hall.department(name: Dept.market, as: supervisor) == second)

    // The chief leaving the centre ends the term: the department is without one again.
    _ = try await hall.issueNotice(
      .with {
        $0.staffID = "SJ-2"
        $0.kind = .forcedReturn
        $0.ground = .incompetentAnnualRating
        $0.date = "2026-06-12"
      },
      as: manager
    )
    let after = try await hall.department(name: Dept.market, as: manager)
    #expect(!after.hasChiefRepresentative)
    #expect(after.chiefHistory.map(\.until) == ["2026-06-10", "2026-06-12"])
    #expect(after.problems.map(\.rule) == ["chief_representative"])
    #expect(try await hall.person("SJ-2").member.role == .general)
  }

  @Test("the centre is not a stationed department: it never needs a chief representative")
  func centre() async throws {
    let hall = try await directory()
    try await hall.station(
      nominee("ZX-1", Dept.centre, category: .purchasedService, education: .juniorCollege, rank: .noRank)
    )
    try await hall.station(nominee("SJ-1"))
    let centre = try await hall.department(name: Dept.centre, as: manager)
    #expect(centre.onPostCount == 1)
    #expect(centre.problems.isEmpty)
    #expect(try await hall.departments(problemsOnly: true, as: manager).map(\.name) == [Dept.market])
    #expect(try await hall.departments(problemsOnly: false, as: manager).count == 2)
    let unknown = await #expect(throws: RPCError.self) { try await hall.department(name: Dept.tax, as: manager) }
    #expect(unknown?.code == .notFound)
  }
}

@Suite("Staffing: return letters and replacements (§41)", .timeLimit(.minutes(1)))
struct ReturnNoticeDirectoryTests {
  static func letter(
    _ id: String,
    _ kind: Yimen_Staffing_V1_NoticeKind = .forcedReturn,
    ground: Yimen_Staffing_V1_ReturnGround = .breachOfLawOrDiscipline,
    reason: String = "",
    date: String = ""
  ) -> Yimen_Staffing_V1_ReturnNotice {
    .with {
      $0.staffID = id
      $0.kind = kind
      $0.ground = kind == .forcedReturn ? ground : .unspecified
      $0.reason = reason
      $0.date = date
    }
  }

  /// A nominated person approved and in probation: in place as a replacement from `probation`.
  static func arrive(_ id: String, approved: String, probation: String, in hall: StaffingDirectory) async throws {
    _ = try await hall.review(
      .with {
        $0.staffID = id
        $0.approve = true
        $0.date = approved
      },
      as: manager
    )
    _ = try await hall.startProbation(staffID: id, date: probation, as: manager)
  }

  static func replace(
    _ notice: UInt64,
    with id: String,
    on date: String = "",
    in hall: StaffingDirectory,
    as principal: Principal = marketStaff
  ) async throws -> Yimen_Staffing_V1_ReturnNotice {
    try await hall.recordReplacement(
      .with {
        $0.noticeID = notice
        $0.replacementStaffID = id
        $0.date = date
      },
      as: principal
    )
  }

  @Test("a forced return: the person is RETURNED and off their posts; the letter is filed; overdue reported once")
  func forcedReturn() async throws {
    let hall = try await directory(today: "2026-09-28")
    try await hall.station(nominee("SJ-1"), on: "2025-01-10")
    try await hall.station(nominee("SJ-2"), on: "2025-01-10")
    try await hall.station(nominee("SJ-3"), on: "2025-01-10")
    try await hall.startInProbation(nominee("SJ-P"), from: "2026-09-01")
    try await hall.window("B-01", a: ["SJ-1"], b: "SJ-2", open: true)
    try await hall.window("B-02", a: ["SJ-3"], b: "SJ-1", open: true)
    let before = try await hall.snapshot()

    let byStaff = await #expect(throws: RPCError.self) {
      try await hall.issueNotice(Self.letter("SJ-1"), as: marketStaff)
    }
    #expect(byStaff?.code == .permissionDenied)
    let noGround = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.issueNotice(Self.letter("SJ-1", ground: .unspecified), as: manager)
    }
    #expect(noGround?.code == .invalidArgument)
    #expect(noGround?.fields == ["notice.ground"])
    let noKind = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.issueNotice(Self.letter("SJ-1", .unspecified), as: manager)
    }
    #expect(noKind?.fields == ["notice.kind"])
    let inProbation = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.issueNotice(Self.letter("SJ-P", .adjustmentProposal, reason: "不适合窗口工作"), as: manager)
    }
    #expect(inProbation?.code == .failedPrecondition)
    #expect(inProbation?.unmetTypes == ["transition"])
    #expect(inProbation?.subjects == ["SJ-P"])
    let unknown = await #expect(throws: RPCError.self) { try await hall.issueNotice(Self.letter("SJ-99"), as: manager) }
    #expect(unknown?.code == .notFound)
    #expect(try await hall.snapshot() == before)

    let eventsBefore = try await hall.store.events(after: 0).count
    let notice = try await hall.issueNotice(Self.letter("SJ-1", reason: "违反工作纪律"), as: manager)
    #expect(notice.id == 1)
    #expect(notice.staffID == "SJ-1")
    #expect(notice.staffName == "员工SJ-1")
    #expect(notice.department == Dept.market)
    #expect(notice.date == "2026-09-28")
    #expect(notice.replacementDue == "2026-10-16", "10 working days across the National Day holiday")
    #expect(notice.copiedTo == ["市委组织部", "市人力资源和社会保障局"])
    #expect(notice.status == .pending)
    #expect(notice.issuedBy == "li")

    let returned = try await hall.person("SJ-1")
    #expect(returned.state == .returned)
    #expect(returned.history.last?.date == "2026-09-28")
    #expect(returned.history.last?.by == "li")
    #expect(returned.history.last?.note.contains("letter 1") == true)
    #expect(returned.windowID.isEmpty)
    #expect(returned.backupWindowIds.isEmpty)
    #expect(try await hall.window(id: "B-01", as: manager).aStaffIds.isEmpty)
    #expect(try await hall.window(id: "B-02", as: manager).bStaffID.isEmpty)
    let events = try await hall.store.events(after: UInt64(eventsBefore))
    #expect(
      events.map(\.type) == [
        "staffing.window.closed", "staffing.window.changed", "staffing.staff.returned",
        "staffing.return_notice.issued",
      ]
    )
    #expect(events.map(\.subject) == ["B-01", "B-02", "SJ-1", "1"])

    let again = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.issueNotice(Self.letter("SJ-1", .adjustmentProposal, reason: "x"), as: manager)
    }
    #expect(again?.code == .failedPrecondition)
    #expect(again?.unmetTypes == ["transition"])

    // Overdue from the day after the due day, reported once.
    #expect(try await hall.on("2026-10-16").reportOverdue() == 0)
    #expect(try await hall.on("2026-10-16").notices(.with { $0.overdueOnly = true }, as: manager).isEmpty)
    let late = try hall.on("2026-10-19")
    #expect(try await late.reportOverdue() == 1)
    #expect(try await late.reportOverdue() == 0)
    let overdue = try await hall.store.events(after: 0, types: ["staffing.replacement.overdue"])
    #expect(overdue.map(\.subject) == ["1"])
    #expect(try Yimen_Staffing_V1_ReturnNotice(serializedBytes: try #require(overdue.first).payload).status == .overdue)
    let listed = try await late.notices(.with { $0.overdueOnly = true }, as: marketStaff)
    #expect(listed.map(\.id) == [1])
    #expect(listed.map(\.status) == [.overdue])
  }

  @Test(
    "the replacement is a person nominated on or after the letter; in time up to the due day",
    arguments: [
      ("2026-10-16", Yimen_Staffing_V1_ReplacementStatus.replacedInTime), ("2026-10-08", .replacedInTime),
      ("2026-10-19", .replacedLate),
    ]
  )
  func replacement(on date: String, status: Yimen_Staffing_V1_ReplacementStatus) async throws {
    let hall = try await directory(today: "2026-10-20")
    try await hall.station(nominee("SJ-1"), on: "2025-01-10")
    try await hall.nominate(nominee("SJ-0"), on: "2026-09-01")
    try await hall.nominate(nominee("MZ-9", Dept.civil), on: "2026-09-30")
    try await hall.nominate(nominee("SJ-R", born: "1970-01-01"), on: "2026-09-30", overrides: [waive("age")])
    _ = try await hall.review(
      .with {
        $0.staffID = "SJ-R"
        $0.approve = false
        $0.opinion = "不同意"
        $0.date = "2026-10-02"
      },
      as: manager
    )
    _ = try await hall.issueNotice(Self.letter("SJ-1", date: "2026-09-28"), as: manager)
    try await hall.nominate(nominee("SJ-9"), on: "2026-09-30", as: marketStaff)
    try await Self.arrive("SJ-9", approved: "2026-10-02", probation: "2026-10-05", in: hall)
    let before = try await hall.snapshot()

    for id in ["SJ-0", "SJ-1", "MZ-9", "SJ-R"] {
      let refused = await #expect(throws: GoogleRPCStatus.self) { try await Self.replace(1, with: id, in: hall) }
      #expect(refused?.code == .invalidArgument, "\(id)")
      #expect(refused.map { Set($0.fields) } == ["replacement_staff_id"], "\(id)")
    }
    let beforeLetter = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.replace(1, with: "SJ-9", on: "2026-09-27", in: hall)
    }
    #expect(beforeLetter.map { Set($0.fields) } == ["date"])
    let beforeArrival = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.replace(1, with: "SJ-9", on: "2026-10-04", in: hall)
    }
    #expect(beforeArrival?.fields == ["date"], "SJ-9 began probation on 2026-10-05")
    let otherDepartment = await #expect(throws: RPCError.self) {
      try await Self.replace(1, with: "SJ-9", in: hall, as: civilStaff)
    }
    #expect(otherDepartment?.code == .permissionDenied)
    let noLetter = await #expect(throws: RPCError.self) { try await Self.replace(7, with: "SJ-9", in: hall) }
    #expect(noLetter?.code == .notFound)
    #expect(try await hall.snapshot() == before)
    #expect(try await hall.notices(.init(), as: manager).map(\.status) == [.overdue])

    let replaced = try await Self.replace(1, with: "SJ-9", on: date, in: hall)
    #expect(replaced.replacementStaffID == "SJ-9")
    #expect(replaced.replacedOn == date)
    #expect(replaced.status == status)
    #expect(try await hall.eventTypes().last == "staffing.replacement.recorded")
    #expect(try await hall.reportOverdue() == 0, "a replaced letter is never overdue")
    #expect(try await hall.notices(.with { $0.overdueOnly = true }, as: manager).isEmpty)
    let twice = await #expect(throws: GoogleRPCStatus.self) { try await Self.replace(1, with: "SJ-9", in: hall) }
    #expect(twice?.code == .failedPrecondition)
    #expect(twice?.unmetTypes == ["transition"])
    try await hall.station(nominee("SJ-2"), on: "2025-01-10")
    _ = try await hall.issueNotice(Self.letter("SJ-2", date: "2026-10-19"), as: manager)
    let elsewhere = await #expect(throws: GoogleRPCStatus.self) { try await Self.replace(2, with: "SJ-9", in: hall) }
    #expect(elsewhere?.fields.contains("replacement_staff_id") == true, "one person replaces one letter")
  }

  @Test("an adjustment proposal leaves the person stationed until the replacement is recorded, then LEFT")
  func adjustmentProposal() async throws {
    let hall = try await directory(today: "2026-10-20")
    try await hall.station(nominee("SJ-1"), on: "2026-01-10")
    try await hall.station(nominee("SJ-2"), on: "2026-01-10")
    try await hall.window("B-01", a: ["SJ-1", "SJ-2"], open: true)
    let noReason = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.issueNotice(Self.letter("SJ-1", .adjustmentProposal, date: "2026-09-28"), as: manager)
    }
    #expect(noReason?.code == .invalidArgument)
    #expect(noReason?.fields == ["notice.reason"])
    let withGround = await #expect(throws: GoogleRPCStatus.self) {
      var letter = Self.letter("SJ-1", .adjustmentProposal, reason: "x", date: "2026-09-28")
      letter.ground = .incompetentAnnualRating
      return try await hall.issueNotice(letter, as: manager)
    }
    #expect(withGround?.fields == ["notice.ground"])

    let notice = try await hall.issueNotice(
      Self.letter("SJ-1", .adjustmentProposal, reason: "服务态度差，群众多次投诉", date: "2026-09-28"),
      as: manager
    )
    #expect(notice.copiedTo.isEmpty, "only a forced return is filed with the organisation and HR departments")
    #expect(notice.replacementDue == "2026-10-16")
    #expect(notice.status == .overdue, "today is 2026-10-20")
    let waiting = try await hall.person("SJ-1")
    #expect(waiting.state == .stationed)
    #expect(waiting.windowID == "B-01")

    try await hall.nominate(nominee("SJ-9"), on: "2026-10-09", as: marketStaff)
    let nominatedOnly = await #expect(throws: GoogleRPCStatus.self) {
      try await Self.replace(notice.id, with: "SJ-9", on: "2026-10-12", in: hall)
    }
    #expect(nominatedOnly?.fields == ["replacement_staff_id"], "a nomination is not a replacement in place")
    try await Self.arrive("SJ-9", approved: "2026-10-10", probation: "2026-10-12", in: hall)
    let replaced = try await Self.replace(notice.id, with: "SJ-9", on: "2026-10-12", in: hall)
    #expect(replaced.status == .replacedInTime)
    let left = try await hall.person("SJ-1")
    #expect(left.state == .left, "under 2 years at the window: the letter overrides the tenure rule")
    #expect(left.history.last?.date == "2026-10-12")
    #expect(left.history.last?.by == "zhang")
    #expect(left.windowID.isEmpty)
    #expect(try await hall.window(id: "B-01", as: manager).aStaffIds == ["SJ-2"])
    #expect(
      try await hall.eventTypes().suffix(3) == [
        "staffing.window.changed", "staffing.staff.left", "staffing.replacement.recorded",
      ]
    )
  }
}

@Suite("Staffing: leader visits (§17) and observation (§19)", .timeLimit(.minutes(1)))
struct VisitsAndObservationTests {
  @Test("the visit report lists departments with someone on post and a missed week or month")
  func visitReport() async throws {
    let hall = try await directory(today: "2026-06-30")
    try await hall.station(nominee("SJ-1"))
    try await hall.station(nominee("MZ-1", Dept.civil))
    try await hall.station(
      nominee("ZX-1", Dept.centre, category: .purchasedService, education: .juniorCollege, rank: .noRank)
    )
    let visits: [(String, Yimen_Staffing_V1_Leader, String)] = [
      (Dept.market, .deputy, "2026-06-02"), (Dept.market, .deputy, "2026-06-09"), (Dept.market, .deputy, "2026-06-23"),
      (Dept.market, .main, "2026-06-10"), (Dept.civil, .deputy, "2026-06-01"), (Dept.civil, .deputy, "2026-06-08"),
      (Dept.civil, .deputy, "2026-06-15"), (Dept.civil, .deputy, "2026-06-22"), (Dept.tax, .deputy, "2026-06-03"),
    ]
    for (department, leader, date) in visits {
      let visit = try await hall.recordVisit(
        .with {
          $0.department = department
          $0.leader = leader
          $0.leaderName = leader == .main ? "局长" : "副局长"
          $0.date = date
        },
        as: manager
      )
      #expect(visit.id > 0)
      #expect(visit.date == date)
    }
    #expect(try await hall.eventTypes().last == "staffing.leader_visit.recorded")

    let report = try await hall.visitReport(from: "2026-06-01", through: "2026-06-30", as: supervisor)
    #expect(report.from == "2026-06-01")
    #expect(report.through == "2026-06-30")
    #expect(report.gaps.map(\.department) == [Dept.market, Dept.civil])
    let market = try #require(report.gaps.first)
    #expect(market.missedWeeks.map(\.from) == ["2026-06-15"])
    #expect(market.missedWeeks.map(\.through) == ["2026-06-21"])
    #expect(market.missedMonths.isEmpty)
    let civil = try #require(report.gaps.last)
    #expect(civil.missedWeeks.isEmpty)
    #expect(civil.missedMonths.map(\.from) == ["2026-06-01"])
    #expect(civil.missedMonths.map(\.through) == ["2026-06-30"])

    let backwards = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.visitReport(from: "2026-06-30", through: "2026-06-01", as: manager)
    }
    #expect(backwards?.fields == ["through"])
  }

  @Test("visits: a leader and a past date, recorded by the department or the centre")
  func visits() async throws {
    let hall = try await directory()
    func visit(_ leader: Yimen_Staffing_V1_Leader, _ date: String, as principal: Principal = marketStaff) async throws
      -> Yimen_Staffing_V1_LeaderVisit
    {
      try await hall.recordVisit(
        .with {
          $0.department = Dept.market
          $0.leader = leader
          $0.leaderName = "陈副局长"
          $0.date = date
        },
        as: principal
      )
    }
    let future = await #expect(throws: GoogleRPCStatus.self) { try await visit(.deputy, "2026-06-16") }
    #expect(future?.fields == ["visit.date"])
    let noLeader = await #expect(throws: GoogleRPCStatus.self) { try await visit(.unspecified, "2026-06-15") }
    #expect(noLeader?.fields == ["visit.leader"])
    let other = await #expect(throws: RPCError.self) { try await visit(.deputy, "2026-06-15", as: civilStaff) }
    #expect(other?.code == .permissionDenied)
    #expect(try await hall.eventTypes().isEmpty)
    let recorded = try await visit(.deputy, "")
    #expect(recorded.date == "2026-06-15", "empty means today")
  }

  @Test(
    "observation lasts 3 calendar months from the start; its status follows today (2026-06-15)",
    arguments: [
      ("2026-03-15", "2026-06-15", Yimen_Staffing_V1_ObservationStatus.completed),
      ("2026-03-16", "2026-06-16", .observing), ("2026-07-01", "2026-10-01", .notStarted),
      ("2026-09-13", "2026-12-13", .notStarted),
    ]
  )
  func observation(start: String, end: String, status: Yimen_Staffing_V1_ObservationStatus) async throws {
    let hall = try await directory()
    let observation = try await hall.startObservation(
      .with {
        $0.observation = .with {
          $0.personID = "GY-1"
          $0.name = "马骁"
          $0.department = Dept.market
          $0.start = start
        }
        $0.category = .civilServant
      },
      as: marketStaff
    )
    #expect(observation.id == 1)
    #expect(observation.start == start)
    #expect(observation.end == end)
    #expect(observation.status == status)
    #expect(try await hall.eventTypes() == ["staffing.observation.started"])
    #expect(try await hall.observations(.with { $0.status = status }, as: marketStaff).map(\.personID) == ["GY-1"])
    #expect(try await hall.observations(.init(), as: civilStaff).isEmpty, "their own department by default")
  }

  @Test("observation is for civil servants, starting at most 90 days ahead; empty start is today")
  func observationRefusals() async throws {
    let hall = try await directory()
    func start(
      _ category: Yimen_Staffing_V1_StaffCategory,
      _ date: String = "",
      department: String = Dept.market,
      as principal: Principal = marketStaff
    ) async throws -> Yimen_Staffing_V1_Observation {
      try await hall.startObservation(
        .with {
          $0.observation = .with {
            $0.personID = "GY-1"
            $0.name = "马骁"
            $0.department = department
            $0.start = date
          }
          $0.category = category
        },
        as: principal
      )
    }
    for category in [Yimen_Staffing_V1_StaffCategory.institution, .purchasedService, .unspecified] {
      let refused = await #expect(throws: GoogleRPCStatus.self) { try await start(category) }
      #expect(refused?.code == .invalidArgument)
      #expect(refused?.fields == ["category"])
    }
    let tooEarly = await #expect(throws: GoogleRPCStatus.self) { try await start(.civilServant, "2026-09-14") }
    #expect(tooEarly?.fields == ["observation.start"])
    let other = await #expect(throws: RPCError.self) { try await start(.civilServant, as: civilStaff) }
    #expect(other?.code == .permissionDenied)
    #expect(try await hall.eventTypes().isEmpty)

    let monthEnd = try hall.on("2026-11-30")
    let observation = try await monthEnd.startObservation(
      .with {
        $0.observation = .with {
          $0.personID = "GY-2"
          $0.name = "马骁"
          $0.department = Dept.market
        }
        $0.category = .civilServant
      },
      as: manager
    )
    #expect(observation.start == "2026-11-30")
    #expect(observation.end == "2027-02-28")
    #expect(observation.status == .observing)
  }
}

@Suite("Staffing: the demo hall", .timeLimit(.minutes(1)))
struct DemoHallTests {
  @Test("installs once into an empty store, through the rules, with the situations it promises")
  func install() async throws {
    let hall = try await directory()
    #expect(try await DemoHall.install(into: hall, logger: Logger(label: "test")))
    let installed = try await hall.snapshot()
    #expect(try await DemoHall.install(into: hall, logger: Logger(label: "test")) == false)
    #expect(try await hall.snapshot() == installed, "a second install changes nothing")

    let windows = try await hall.windows(.init(), as: manager)
    #expect(windows.count == 15)
    #expect(try await hall.windows(.with { $0.openOnly = true }, as: manager).count == 13)
    #expect(try await hall.staffList(.with { $0.state = .probation }, as: manager).map(\.member.id) == ["WJ-002"])
    #expect(
      Set(try await hall.staffList(.with { $0.state = .returned }, as: manager).map(\.member.id)) == [
        "SJ-004", "GA-003",
      ]
    )
    let notices = try await hall.notices(.init(), as: manager)
    #expect(notices.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.pending, .overdue])
    #expect(try await hall.notices(.with { $0.overdueOnly = true }, as: manager).map(\.staffID) == ["GA-003"])
    let board = try await hall.board(date: "", as: manager)
    let b06 = try #require(board.rows.first { $0.window.id == "B-06" })
    #expect(b06.cover == .standIn)
    #expect(b06.onPost.map(\.staffID) == ["GA-001"])
    #expect(b06.away.map(\.staffID) == ["GA-002"])
    #expect(board.rows.filter { $0.cover == .closed }.map(\.window.id).sorted() == ["B-09", "Z-06"])
    #expect(try await hall.departments(problemsOnly: true, as: manager).isEmpty, "every department has its chief")
    #expect(try await hall.observations(.init(), as: manager).count == 1)
    #expect(try await hall.reportOverdue() == 1)
  }

  @Test("every matter the demo windows serve is in the Matters demo catalogue, of the same department")
  func matters() throws {
    let catalogue = Dictionary(
      try DemoCatalogue.load().entries.map { ($0.matter.code, $0.matter.department) },
      uniquingKeysWith: { first, _ in first }
    )
    #expect(!DemoHall.matterCodes.isEmpty)
    for matter in DemoHall.matterCodes {
      #expect(catalogue[matter.code] == matter.department, "\(matter.code)")
    }
  }
}
