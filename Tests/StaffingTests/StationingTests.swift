import Testing
import YimenCalendar
import YimenStaffing

/// A step of the stationing process, so that tests can try every step in every state.
enum Step: String, CaseIterable, Sendable {
  case approve, reject, startProbation, confirm, requireReplacement, leave, forceReturn

  /// Takes the step on a day, with a fixed opinion or reason where one is needed.
  func apply(to stationing: inout Stationing, on date: LocalDate) throws(StaffingError) {
    switch self {
    case .approve: try stationing.approve(on: date)
    case .reject: try stationing.reject(on: date, opinion: "业务不熟悉")
    case .startProbation: try stationing.startProbation(on: date)
    case .confirm: try stationing.confirm(on: date)
    case .requireReplacement: try stationing.requireReplacement(on: date, reason: "不能胜任窗口工作")
    case .leave: try stationing.leave(on: date)
    case .forceReturn: try stationing.forceReturn(on: date)
    }
  }
}

/// A state the process can be in, reached by the steps listed, all on dates in 2026.
enum Reached: String, CaseIterable, Sendable {
  case nominated, approved, rejected, probation, stationed, replacementRequired, left, returned

  /// The steps that lead here from a nomination on 2026-01-05, and their dates.
  var path: [(Step, String)] {
    switch self {
    case .nominated: []
    case .approved: [(.approve, "2026-01-10")]
    case .rejected: [(.reject, "2026-01-10")]
    case .probation: [(.approve, "2026-01-10"), (.startProbation, "2026-01-15")]
    case .stationed: [(.approve, "2026-01-10"), (.startProbation, "2026-01-15"), (.confirm, "2026-02-15")]
    case .replacementRequired:
      [(.approve, "2026-01-10"), (.startProbation, "2026-01-15"), (.requireReplacement, "2026-02-01")]
    case .left:
      [(.approve, "2026-01-10"), (.startProbation, "2026-01-15"), (.confirm, "2026-02-15"), (.leave, "2028-02-15")]
    case .returned:
      [
        (.approve, "2026-01-10"), (.startProbation, "2026-01-15"), (.confirm, "2026-02-15"),
        (.forceReturn, "2026-05-01"),
      ]
    }
  }

  /// The steps allowed here (given a date late enough).
  var allowed: Set<Step> {
    switch self {
    case .nominated: [.approve, .reject]
    case .approved: [.startProbation]
    case .probation: [.confirm, .requireReplacement, .forceReturn]
    case .stationed: [.leave, .forceReturn]
    case .rejected, .replacementRequired, .left, .returned: []
    }
  }

  /// A stationing of the default member that has reached this state.
  func stationing() throws -> Stationing {
    var stationing = try Stationing.nominate(member(), on: day("2026-01-05"))
    for (step, date) in self.path {
      try step.apply(to: &stationing, on: day(date))
    }
    return stationing
  }
}

@Suite("The §16 stationing process")
struct StationingTests {
  @Test("nomination, approval, a month of probation, stationing, rotation after 2 years")
  func happyPath() throws {
    var stationing = try Stationing.nominate(member(), on: day("2026-01-05"))
    try stationing.approve(on: day("2026-01-10"))
    try stationing.startProbation(on: day("2026-01-15"))
    #expect(stationing.confirmableFrom == (try day("2026-02-15")))
    try stationing.confirm(on: day("2026-02-15"))
    #expect(stationing.state == .stationed(on: try day("2026-02-15")))
    #expect(stationing.stationedOn == (try day("2026-02-15")))
    #expect(stationing.isStationed(on: try day("2026-02-15")))
    #expect(!stationing.isStationed(on: try day("2026-02-14")))
    try stationing.leave(on: day("2028-02-15"))
    #expect(stationing.state == .left(on: try day("2028-02-15")))
    #expect(stationing.state.isFinal)
    #expect(!stationing.isStationed(on: try day("2028-02-15")))
    #expect(stationing.isStationed(on: try day("2028-02-14")))
    #expect(stationing.history.count == 5)
    #expect(stationing.waivers.isEmpty)
  }

  @Test(
    "probation lasts one calendar month: confirmation on or after start + 1 month, month ends clamped",
    arguments: [
      ("2026-01-15", "2026-02-14", "2026-02-15"),
      ("2026-01-31", "2026-02-27", "2026-02-28"),
      ("2028-01-31", "2028-02-28", "2028-02-29"),
      ("2026-03-31", "2026-04-29", "2026-04-30"),
      ("2026-12-31", "2027-01-30", "2027-01-31"),
      ("2026-02-28", "2026-03-27", "2026-03-28"),
    ]
  )
  func probationMonth(start: String, dayBefore: String, firstDay: String) throws {
    let startDate = try day(start)
    var stationing = try Stationing.nominate(member(), on: startDate.adding(days: -5))
    try stationing.approve(on: startDate.adding(days: -1))
    try stationing.startProbation(on: startDate)
    #expect(stationing.confirmableFrom == (try day(firstDay)))

    let error = #expect(throws: StaffingError.self) { try stationing.confirm(on: day(dayBefore)) }
    #expect(error?.code == .invalidTransition)
    #expect(
      error?.message
        == "cannot confirm 张三 on \(dayBefore): the one-month probation from \(start) "
        + "allows confirmation on or after \(firstDay) (§16)"
    )
    #expect(stationing.state == .probation(start: startDate))

    try stationing.confirm(on: day(firstDay))
    #expect(stationing.stationedOn == (try day(firstDay)))
  }

  @Test(
    "a step the current state does not allow is refused and changes nothing",
    arguments: Reached.allCases,
    Step.allCases
  )
  func misuse(state: Reached, step: Step) throws {
    var stationing = try state.stationing()
    let before = stationing
    let late = try day("2030-06-01")
    if state.allowed.contains(step) {
      try step.apply(to: &stationing, on: late)
      #expect(stationing.history.count == before.history.count + 1)
    } else {
      let error = #expect(throws: StaffingError.self) { try step.apply(to: &stationing, on: late) }
      #expect(error?.code == .invalidTransition)
      #expect(error?.message.contains("the stationing is \(before.state)") == true)
      #expect(stationing == before)
    }
  }

  @Test("the refusal of a step out of order says what the state is and what the step needs")
  func misuseMessage() throws {
    var stationing = try Reached.rejected.stationing()
    let error = #expect(throws: StaffingError.self) { try stationing.approve(on: day("2026-01-11")) }
    #expect(
      error?.message
        == "cannot approve 张三: the stationing is rejected on 2026-01-10 (业务不熟悉); this step needs a nominated stationing"
    )
  }

  @Test("a step dated before the current step is refused", arguments: Step.allCases)
  func dateOrder(step: Step) throws {
    let state = Reached.allCases.first { $0.allowed.contains(step) }!
    var stationing = try state.stationing()
    let before = stationing
    let error = #expect(throws: StaffingError.self) {
      try step.apply(to: &stationing, on: before.state.date.adding(days: -1))
    }
    #expect(error?.code == .invalidTransition)
    #expect(error?.message.hasSuffix("that is before the current step, \(before.state)") == true)
    #expect(stationing == before)
  }

  @Test("a rejection needs the centre's opinion and a replacement request a reason")
  func reasonsRequired() throws {
    var nominated = try Reached.nominated.stationing()
    let rejection = #expect(throws: StaffingError.self) { try nominated.reject(on: day("2026-01-10"), opinion: " ") }
    #expect(rejection?.code == .invalidInput)
    var probation = try Reached.probation.stationing()
    let replacement = #expect(throws: StaffingError.self) {
      try probation.requireReplacement(on: day("2026-01-20"), reason: "")
    }
    #expect(replacement?.code == .invalidInput)
  }

  @Test("an ineligible nominee is refused with every unmet condition; overrides are kept")
  func nomination() throws {
    let person = try member(born: "1978-01-01", education: .belowJuniorCollege)
    let error = #expect(throws: StaffingError.self) { try Stationing.nominate(person, on: day("2026-06-01")) }
    #expect(error?.violations.map(\.rule) == [.age, .education])

    let stationing = try Stationing.nominate(
      person,
      on: day("2026-06-01"),
      overrides: [override(.age), override(.education)]
    )
    #expect(stationing.waivers.map(\.violation.rule) == [.age, .education])
  }

  @Test(
    "rotation needs 2 full years from the stationing date; exactly 2 years is allowed",
    arguments: [
      ("2026-03-02", "2028-03-01", false),
      ("2026-03-02", "2028-03-02", true),
      ("2026-03-02", "2026-09-01", false),
      // Stationed on 29 February: the second anniversary in a common year is 1 March.
      ("2028-02-29", "2030-02-28", false),
      ("2028-02-29", "2030-03-01", true),
    ]
  )
  func tenure(stationedOn: String, leaving: String, allowed: Bool) throws {
    var stationing = try stationed(member(), on: stationedOn)
    if allowed {
      try stationing.leave(on: day(leaving))
      #expect(stationing.endedOn == (try day(leaving)))
    } else {
      let error = #expect(throws: StaffingError.self) { try stationing.leave(on: day(leaving)) }
      #expect(error?.code == .rulesNotMet)
      #expect(error?.violations.map(\.rule) == [.tenure])
      #expect(stationing.state == .stationed(on: try day(stationedOn)))
    }
  }

  @Test("the tenure refusal says since when, how long, and from when rotation is allowed")
  func tenureMessage() throws {
    var stationing = try stationed(member(), on: "2025-03-01")
    let error = #expect(throws: StaffingError.self) { try stationing.leave(on: day("2026-05-10")) }
    #expect(
      error?.description
        == "rules not met: tenure: 张三 has been at the window since 2025-03-01, 1 year 2 months on 2026-05-10; "
        + "staff stay at least 2 years, until 2027-03-01 (§16)"
    )
  }

  @Test("a tenure override lets the person leave early and is kept")
  func tenureOverride() throws {
    var stationing = try stationed(member(), on: "2026-03-02")
    let tenureOverride = try override(.tenure, on: "2026-09-01")
    try stationing.leave(on: day("2026-09-01"), overrides: [tenureOverride])
    #expect(stationing.state == .left(on: try day("2026-09-01")))
    #expect(stationing.waivers.map(\.override) == [tenureOverride])
  }

  @Test("a forced return does not wait for the 2 years")
  func forcedReturnIgnoresTenure() throws {
    var stationing = try stationed(member(), on: "2026-03-02")
    try stationing.forceReturn(on: day("2026-04-01"))
    #expect(stationing.state == .returned(on: try day("2026-04-01")))
    #expect(stationing.tenure(on: try day("2027-01-01"))?.since == (try day("2026-03-02")))
    #expect(stationing.tenure(on: try day("2027-01-01"))?.asOf == (try day("2026-04-01")))
  }

  @Test("there is no tenure before formal stationing")
  func noTenureBeforeStationing() throws {
    let probation = try Reached.probation.stationing()
    #expect(probation.tenure(on: try day("2026-06-01")) == nil)
    #expect(probation.rotationCheck(on: try day("2026-06-01")).isMet)
    let stationing = try stationed(member(), on: "2026-03-02")
    #expect(stationing.tenure(on: try day("2026-03-01")) == nil)
  }
}
