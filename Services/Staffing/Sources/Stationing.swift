package import YimenCalendar

/// One person's way through the stationing process of §16, from nomination to the day they leave.
///
/// ```
/// nominated ─┬─ approve ─→ approved ─ startProbation ─→ probation ─┬─ confirm ─→ stationed ─┬─ leave ─→ left
///            └─ reject ──→ rejected                                ├─ requireReplacement   └─ forceReturn ─→ returned
///                                                                  │  ─→ replacementRequired
///                                                                  └─ forceReturn ─→ returned
/// ```
///
/// A value type: each transition is a `mutating` method that checks the current state and the date and
/// refuses misuse with `StaffingError.Code.invalidTransition`, leaving the value unchanged. Every step's
/// date is on or after the previous step's. `history` keeps every state reached, the current one last.
package struct Stationing: Sendable, Hashable {
  /// A step of the process with the day it was reached.
  package enum State: Sendable, Hashable, CustomStringConvertible {
    /// The department put the person forward (确定拟派人选).
    case nominated(on: LocalDate)
    /// The centre agreed (中心把关同意).
    case approved(on: LocalDate)
    /// The centre did not agree, with its opinion. Final.
    case rejected(on: LocalDate, opinion: String)
    /// The month of training and probation (培训上岗试用) began.
    case probation(start: LocalDate)
    /// Formally stationed (正式办理进驻手续).
    case stationed(on: LocalDate)
    /// Found unfit in probation; the department must send someone else (及时调换). Final.
    case replacementRequired(on: LocalDate, reason: String)
    /// Rotated out by an adjustment. Final.
    case left(on: LocalDate)
    /// Sent back by a forced return (强制退回, §41). Final.
    case returned(on: LocalDate)

    /// The day the state was reached.
    package var date: LocalDate {
      switch self {
      case .nominated(let date), .approved(let date), .rejected(let date, _), .probation(let date),
        .stationed(let date), .replacementRequired(let date, _), .left(let date), .returned(let date):
        date
      }
    }

    /// True for the states no transition leaves.
    package var isFinal: Bool {
      switch self {
      case .rejected, .replacementRequired, .left, .returned: true
      case .nominated, .approved, .probation, .stationed: false
      }
    }

    /// `nominated on 2026-01-05`, `in probation since 2026-01-31`, `rejected on 2026-01-08 (…)`.
    package var description: String {
      switch self {
      case .nominated(let date): "nominated on \(date)"
      case .approved(let date): "approved on \(date)"
      case .rejected(let date, let opinion): "rejected on \(date) (\(opinion))"
      case .probation(let date): "in probation since \(date)"
      case .stationed(let date): "stationed since \(date)"
      case .replacementRequired(let date, let reason): "replacement required since \(date) (\(reason))"
      case .left(let date): "left on \(date)"
      case .returned(let date): "returned on \(date)"
      }
    }
  }

  /// The length of probation in calendar months (§16: 一个月培训试用).
  package static let probationMonths = 1

  /// The person, as nominated.
  package let member: StaffMember
  /// Every state reached, in order; the first is `nominated`, the last is the current state.
  package private(set) var history: [State]
  /// The 原则上 rules waived on the way (at nomination or rotation), with their overrides.
  package private(set) var waivers: [Waiver]

  /// Nominates a person for the role they hold, checking §15 and §29 on the nomination date.
  ///
  /// - Parameter overrides: Overrides of the `age` or `education` rule granted by the centre; those used
  ///   are kept in `waivers`.
  /// - Throws: `StaffingError.Code.rulesNotMet` listing every unmet condition.
  package static func nominate(
    _ member: StaffMember,
    on date: LocalDate,
    overrides: [Override] = []
  ) throws(StaffingError) -> Stationing {
    let check = member.eligibility(on: date, overrides: overrides)
    try check.require()
    return Stationing(member: member, history: [.nominated(on: date)], waivers: check.waivers)
  }

  /// A stationing as it was recorded: for reading it back from storage, where every step was checked when
  /// it was taken. `history` must not be empty.
  package init(restoring member: StaffMember, history: [State], waivers: [Waiver]) {
    precondition(!history.isEmpty, "a stationing has at least its nomination")
    self.init(member: member, history: history, waivers: waivers)
  }

  private init(member: StaffMember, history: [State], waivers: [Waiver]) {
    self.member = member
    self.history = history
    self.waivers = waivers
  }

  /// The current state.
  package var state: State { self.history[self.history.count - 1] }

  /// The day formal stationing began, once it has.
  package var stationedOn: LocalDate? {
    for state in self.history {
      if case .stationed(let date) = state { return date }
    }
    return nil
  }

  /// The day the person left the window by rotation or forced return, once they have.
  package var endedOn: LocalDate? {
    switch self.state {
    case .left(let date), .returned(let date): date
    default: nil
    }
  }

  /// The first day a stationing in probation may be confirmed: one calendar month after the start
  /// (`LocalDate.adding(months:)`), e.g. 2026-01-15 → 2026-02-15, 2026-01-31 → 2026-02-28, 2028-01-31 →
  /// 2028-02-29. The start day is the first day of training, so the month runs up to the day before.
  /// Nil when not in probation.
  package var confirmableFrom: LocalDate? {
    guard case .probation(let start) = self.state else { return nil }
    return start.adding(months: Self.probationMonths)
  }

  /// True on the days the person is formally stationed: from the stationing date up to the day before
  /// they leave or are returned.
  package func isStationed(on date: LocalDate) -> Bool {
    guard let stationedOn = self.stationedOn, stationedOn <= date else { return false }
    guard let endedOn = self.endedOn else { return true }
    return date < endedOn
  }

  /// The tenure at the window on a date, counted to the leaving day when the person has left; nil before
  /// formal stationing.
  package func tenure(on date: LocalDate) -> Tenure? {
    guard let stationedOn = self.stationedOn, stationedOn <= date else { return nil }
    let end = self.endedOn.map { Swift.min($0, date) } ?? date
    return Tenure(since: stationedOn, asOf: end)
  }

  /// The §16 tenure rule for rotating the person out on a date: at least 2 full years since stationing,
  /// exactly 2 included. 原则上: a `tenure` override waives it. Met for someone not (yet) stationed, whom
  /// the rule does not concern.
  package func rotationCheck(on date: LocalDate, overrides: [Override] = []) -> RuleCheck {
    var check = RuleCheck()
    guard let tenure = self.tenure(on: date) else { return check }
    check.expect(
      date >= tenure.rotationAllowedFrom,
      .tenure,
      staffID: self.member.id,
      overrides: overrides,
      "\(self.member.name) has been at the window since \(tenure.since), \(tenure) on \(date); "
        + "staff stay at least \(Tenure.yearsBeforeRotation) years, until \(tenure.rotationAllowedFrom) (§16)"
    )
    return check
  }

  /// The centre agrees to the nomination.
  ///
  /// - Throws: `invalidTransition` unless nominated, or for a date before the nomination.
  package mutating func approve(on date: LocalDate) throws(StaffingError) {
    guard case .nominated = self.state else { throw self.misuse("approve", expected: "a nominated stationing") }
    try self.move(to: .approved(on: date), action: "approve")
  }

  /// The centre does not agree to the nomination, giving its opinion.
  ///
  /// - Throws: `invalidInput` for an empty opinion; `invalidTransition` unless nominated, or for a date
  ///   before the nomination.
  package mutating func reject(on date: LocalDate, opinion: String) throws(StaffingError) {
    guard case .nominated = self.state else { throw self.misuse("reject", expected: "a nominated stationing") }
    guard !opinion.isBlank else {
      throw StaffingError.invalidInput(["rejecting \(self.member.name) needs the centre's opinion"])
    }
    try self.move(to: .rejected(on: date, opinion: opinion), action: "reject")
  }

  /// The month of training and probation begins.
  ///
  /// - Throws: `invalidTransition` unless approved, or for a date before the approval.
  package mutating func startProbation(on date: LocalDate) throws(StaffingError) {
    guard case .approved = self.state else {
      throw self.misuse("start probation for", expected: "an approved stationing")
    }
    try self.move(to: .probation(start: date), action: "start probation for")
  }

  /// Formal stationing after the month of probation, on or after `confirmableFrom`.
  ///
  /// - Throws: `invalidTransition` unless in probation, or before the month is over.
  package mutating func confirm(on date: LocalDate) throws(StaffingError) {
    guard case .probation(let start) = self.state, let confirmableFrom = self.confirmableFrom else {
      throw self.misuse("confirm", expected: "a stationing in probation")
    }
    try self.checkDate(date, action: "confirm")
    guard date >= confirmableFrom else {
      throw StaffingError(
        code: .invalidTransition,
        message: "cannot confirm \(self.member.name) on \(date): the one-month probation from \(start) "
          + "allows confirmation on or after \(confirmableFrom) (§16)"
      )
    }
    self.history.append(.stationed(on: date))
  }

  /// The centre finds the person unfit during or at the end of probation and asks the department for a
  /// replacement (§16 (三)); possible on any day of probation.
  ///
  /// - Throws: `invalidInput` for an empty reason; `invalidTransition` unless in probation, or for a date
  ///   before its start.
  package mutating func requireReplacement(on date: LocalDate, reason: String) throws(StaffingError) {
    guard case .probation = self.state else {
      throw self.misuse("require a replacement for", expected: "a stationing in probation")
    }
    guard !reason.isBlank else {
      throw StaffingError.invalidInput(["requiring a replacement for \(self.member.name) needs a reason"])
    }
    try self.move(to: .replacementRequired(on: date, reason: reason), action: "require a replacement for")
  }

  /// The person is rotated out by an adjustment, subject to the 2-year tenure rule.
  ///
  /// The 50% rule concerns the whole request; check it with `AdjustmentRequest.check`.
  ///
  /// - Parameter overrides: A `tenure` override, when the centre granted one; kept in `waivers` when used.
  /// - Throws: `invalidTransition` unless stationed, or for a date before the stationing; `rulesNotMet`
  ///   when the tenure is under 2 years and not overridden.
  package mutating func leave(on date: LocalDate, overrides: [Override] = []) throws(StaffingError) {
    guard case .stationed = self.state else { throw self.misuse("rotate out", expected: "a stationed person") }
    try self.checkDate(date, action: "rotate out")
    let check = self.rotationCheck(on: date, overrides: overrides)
    try check.require()
    self.waivers += check.waivers
    self.history.append(.left(on: date))
  }

  /// The person is sent back by a forced return (§41), from probation or stationing; the tenure rule does
  /// not protect them.
  ///
  /// - Throws: `invalidTransition` unless in probation or stationed, or for a date before that step.
  package mutating func forceReturn(on date: LocalDate) throws(StaffingError) {
    switch self.state {
    case .probation, .stationed: break
    default: throw self.misuse("return", expected: "a person in probation or stationed")
    }
    try self.move(to: .returned(on: date), action: "return")
  }

  private mutating func move(to next: State, action: String) throws(StaffingError) {
    try self.checkDate(next.date, action: action)
    self.history.append(next)
  }

  private func checkDate(_ date: LocalDate, action: String) throws(StaffingError) {
    guard date >= self.state.date else {
      throw StaffingError(
        code: .invalidTransition,
        message: "cannot \(action) \(self.member.name) on \(date): that is before the current step, \(self.state)"
      )
    }
  }

  private func misuse(_ action: String, expected: String) -> StaffingError {
    StaffingError(
      code: .invalidTransition,
      message: "cannot \(action) \(self.member.name): the stationing is \(self.state); this step needs \(expected)"
    )
  }
}
