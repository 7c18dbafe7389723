import SwiftProtobuf
import Testing
import YimenCalendar
import YimenCases
import YimenProtos

// The pure rules of a case: the steps each state allows, the one-time notice (§30) and the clock of the
// time limit, over the bundled 2026 calendar (中秋 09-25..27, 国庆 10-01..07, make-up working days
// 09-20 and 10-10).

@Suite("Cases: the steps each state allows")
struct CaseStepTests {
  /// The lifecycle of the issue, written out: 接件 → 受理 | 不予受理 | 补正 → 办理 ⇄ 特别程序 → 办结 → 送达;
  /// withdrawal before the decision.
  static let expected: [CaseStep: Set<CaseState>] = [
    .accept: [.received],
    .reject: [.received, .supplement],
    .requestSupplement: [.received, .accepted, .processing],
    .resubmit: [.supplement],
    .startProcessing: [.accepted],
    .startSpecial: [.processing],
    .endSpecial: [.special],
    .decide: [.accepted, .processing],
    .deliver: [.decided],
    .withdraw: [.received, .supplement, .accepted, .processing, .special],
  ]

  @Test("each step is allowed from exactly the states of the lifecycle", arguments: CaseStep.allCases)
  func allowed(step: CaseStep) {
    #expect(step.allowedFrom == Self.expected[step])
  }

  @Test("nothing follows the final states; only delivery follows the decision")
  func finalStates() {
    for state in [CaseState.notAccepted, .delivered, .withdrawn, .unspecified] {
      #expect(CaseStep.allCases.filter { $0.allowedFrom.contains(state) }.isEmpty, "\(state)")
    }
    #expect(CaseStep.allCases.filter { $0.allowedFrom.contains(.decided) } == [.deliver])
    #expect(!CaseStep.withdraw.allowedFrom.contains(.decided), "withdrawal only before the decision")
  }

  @Test("labels carry the exchange codes")
  func labels() {
    #expect(CaseState.received.label == "received (1)")
    #expect(CaseState.accepted.label == "accepted (3)")
    #expect(CaseState.notAccepted.label == "not accepted (4)")
    #expect(CaseState.supplement.label == "supplement (6)")
    #expect(CaseState.processing.label == "processing (8)")
    #expect(CaseState.special.label == "special procedure (9)")
    #expect(CaseState.decided.label == "decided (11)")
    #expect(CaseState.received.rawValue == 1 && CaseState.decided.rawValue == 11)
    #expect(Set(CaseStep.allCases.map(\.phrase)).count == CaseStep.allCases.count)
  }

  @Test("the deadline runs from acceptance to the decision, paused in a supplement")
  func underDeadline() {
    let under = CaseState.allCases.filter(\.isUnderDeadline)
    #expect(Set(under) == [.accepted, .supplement, .processing, .special])
  }
}

/// A case's material in a given status.
private func entry(
  _ name: String,
  _ status: Yimen_Cases_V1_MaterialStatus,
  required: Bool = true,
  from: String = ""
) -> Yimen_Cases_V1_CaseMaterial {
  .with {
    $0.name = name
    $0.required = required
    $0.status = status
    $0.reusedFrom = from
  }
}

private let materials = [
  entry("申请书", .provided),
  entry("营业执照", .shared),
  entry("身份证明", .reused, from: "20261030-00004"),
  entry("平面图", .provided),
  entry("健康证明", .optional, required: false),
]

private func problems(_ items: [Notice], previous: [Notice]? = nil, field: String = "items") -> [CaseProblem] {
  OneTimeNotice.problems(items: items, materials: materials, previous: previous, field: field)
}

@Suite("Cases: the one-time notice (§30, §33)")
struct OneTimeNoticeTests {
  @Test("a first notice may list several materials of the guide at once, optional ones included")
  func firstNotice() {
    #expect(problems([notice("申请书", "未签字"), notice("平面图", "比例不清"), notice("健康证明", "过期")]).isEmpty)
  }

  @Test("an empty notice, a blank or overlong problem, a material twice are malformed")
  func malformed() {
    #expect(problems([]) == [CaseProblem("items", "List every missing or faulty material at once; at least one.")])
    let blank = problems([notice("申请书", "  ")])
    #expect(blank.map(\.field) == ["items[0].problem"])
    #expect(blank.allSatisfy { !$0.breaksRule })
    #expect(problems([notice("申请书", String(repeating: "字", count: 201))]).map(\.field) == ["items[0].problem"])
    #expect(problems([notice("申请书", String(repeating: "字", count: 200))]).isEmpty)
    let twice = problems([notice("申请书"), notice("平面图"), notice("申请书", "未盖章")])
    #expect(twice.map(\.field) == ["items[2].material"])
    #expect(twice.allSatisfy { !$0.breaksRule })
  }

  @Test("a material not in the guide is malformed, not a broken rule")
  func notInGuide() {
    let found = problems([notice("申请书"), notice("房产证")])
    #expect(found.map(\.field) == ["items[1].material"])
    #expect(found.allSatisfy { !$0.breaksRule })
    #expect(found.first?.message.contains("房产证") == true)
  }

  @Test("a shared or reused material is never asked for (§33): a broken rule")
  func sharedOrReused() {
    let found = problems([notice("营业执照"), notice("身份证明")])
    #expect(found.map(\.field) == ["items[0].material", "items[1].material"])
    #expect(found.allSatisfy { $0.breaksRule })
    #expect(found[1].message.contains("20261030-00004"))
  }

  @Test("after a first notice only its materials may be named again")
  func laterNotice() {
    let first = [notice("申请书"), notice("平面图")]
    #expect(problems([notice("平面图", "尺寸标注缺失")], previous: first).isEmpty)
    let beyond = problems([notice("平面图"), notice("健康证明")], previous: first)
    #expect(beyond.map(\.field) == ["items[1].material"])
    #expect(beyond.allSatisfy { $0.breaksRule })
    #expect(beyond.first?.message.contains("previous notice") == true)
  }

  @Test("the field prefix is the caller's (a joint case names the sub-case)")
  func prefix() {
    #expect(
      problems([notice("房产证")], field: "items[430500-XK-001]").map(\.field) == ["items[430500-XK-001][0].material"]
    )
  }

  @Test("a notice must list every material still missing: nothing may be left for a second notice")
  func everythingMissing() {
    let missing = materials + [entry("法定代表人身份证明", .missing)]
    let partial = OneTimeNotice.problems(items: [notice("平面图", "比例不清")], materials: missing, previous: nil)
    #expect(partial.map(\.field) == ["items"])
    #expect(partial.allSatisfy { $0.breaksRule })
    #expect(partial.first?.message.contains("法定代表人身份证明") == true)
    let whole = OneTimeNotice.problems(
      items: [notice("平面图", "比例不清"), notice("法定代表人身份证明")],
      materials: missing,
      previous: nil
    )
    #expect(whole.isEmpty)
  }
}

@Suite("Cases: the clock of the time limit")
struct CaseClockTests {
  let clock: CaseClock

  init() throws {
    self.clock = CaseClock(calendar: try WorkingDayCalendar.bundled())
  }

  private func deadline(_ accepted: String, _ days: Double, paused: Int = 0) throws -> WorkingDeadline {
    self.clock.deadline(acceptedOn: try day(accepted), promised: try WorkingDays(days), paused: paused)
  }

  @Test(
    "the limit counts working days from the day after acceptance, across the 2026 holidays",
    arguments: [
      // 09-30, then 国庆 10-01..07, then 10-08, 10-09, the make-up Saturday 10-10, 10-12.
      ("2026-09-29", 5.0, 0, "2026-10-12"),
      // Two working days paused push it past the Sunday 10-11.
      ("2026-09-29", 5.0, 2, "2026-10-14"),
      // 中秋 (Fri 09-25) and the weekend: Mon 09-21 + 5 is Tue 09-29.
      ("2026-09-21", 5.0, 0, "2026-09-29"),
      // 春节: Thu 02-12 → Fri 02-13, the make-up Saturday 02-14, then 02-24.
      ("2026-02-12", 3.0, 0, "2026-02-24"),
      ("2026-11-02", 10.0, 0, "2026-11-16"),
      ("2026-11-02", 10.0, 2, "2026-11-18"),
    ]
  )
  func deadlines(accepted: String, days: Double, paused: Int, due: String) throws {
    let deadline = try self.deadline(accepted, days, paused: paused)
    #expect(deadline.date.description == due)
    #expect(deadline.time == .endOfDay)
  }

  @Test("half a day is due at noon of the next working day, also after a pause")
  func halfDay() throws {
    let plain = try self.deadline("2026-11-02", 0.5)
    #expect(plain.date.description == "2026-11-03")
    #expect(plain.time == .noon)
    let beforeHoliday = try self.deadline("2026-09-30", 0.5)
    #expect(beforeHoliday.date.description == "2026-10-08")
    #expect(beforeHoliday.time == .noon)
    let paused = try self.deadline("2026-11-02", 0.5, paused: 1)
    #expect(paused.date.description == "2026-11-04")
    #expect(paused.time == .noon)
  }

  @Test(
    "a pause takes away the working days after its first day through its last",
    arguments: [
      ("2026-09-30", "2026-10-09", 2),  // 10-08, 10-09: the holiday costs nothing
      ("2026-09-30", "2026-10-11", 3),  // and the make-up Saturday 10-10 counts
      ("2026-11-02", "2026-11-02", 0),  // answered the same day
      ("2026-11-04", "2026-11-06", 2),
      ("2026-11-06", "2026-11-02", 0),  // never negative
    ]
  )
  func pauses(from: String, to: String, days: Int) throws {
    #expect(self.clock.pausedDays(from: try day(from), to: try day(to)) == days)
  }

  @Test("a case's pauses: notices after acceptance and non-counting special procedures, open ones up to today")
  func casePauses() throws {
    var record = Yimen_Cases_V1_Case()
    record.notices = [
      // Before acceptance: the clock had not started.
      .with {
        $0.issuedOn = "2026-11-02"
        $0.answeredOn = "2026-11-05"
        $0.afterAcceptance = false
      },
      .with {
        $0.issuedOn = "2026-11-09"
        $0.answeredOn = "2026-11-11"
        $0.afterAcceptance = true
      },
    ]
    record.specialProcedures = [
      .with {
        $0.name = Special.inspection
        $0.countsTowardLimit = true
        $0.startedOn = "2026-11-12"
        $0.endedOn = "2026-11-16"
      },
      .with {
        $0.name = Special.review
        $0.countsTowardLimit = false
        $0.startedOn = "2026-11-17"
      },
    ]
    // 11-10, 11-11 in the notice; 11-18, 11-19 of the open expert review.
    #expect(self.clock.pausedDays(record, today: try day("2026-11-19")) == 4)
    record.specialProcedures[1].endedOn = "2026-11-18"
    #expect(self.clock.pausedDays(record, today: try day("2026-11-30")) == 3)
  }

  @Test(
    "a notice must come within 5 working days of receipt",
    arguments: [
      ("2026-11-02", "2026-11-09"),
      ("2026-09-21", "2026-09-29"),
      ("2026-09-30", "2026-10-13"),
      ("2026-02-12", "2026-02-26"),
    ]
  )
  func noticeLimit(received: String, last: String) throws {
    #expect(self.clock.lastNoticeDay(receivedOn: try day(received)).description == last)
  }
}
