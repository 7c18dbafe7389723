package import YimenCalendar

/// The centre's letter to a department about a stationed person who must go (§41): a forced return
/// (强制退回) on stated grounds, or an adjustment proposal (调整建议) for someone otherwise unsuitable.
///
/// Either way the department must have a replacement in place within 10 working days: counting starts the
/// day after the letter (`WorkingDayCalendar.addWorkingDays`), and the replacement is late when it is not
/// recorded by the end of the due day. A forced return letter is also filed with the organisation and HR
/// departments.
package struct ReturnNotice: Sendable, Hashable {
  /// The grounds for a forced return (§41).
  package enum Ground: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 违纪违法: a breach of law or discipline.
    case breachOfLawOrDiscipline = "breach_of_law_or_discipline"
    /// 年度考核不称职: rated incompetent in the annual assessment.
    case incompetentAnnualRating = "incompetent_annual_rating"
    /// 多次违反政务服务中心管理规定: repeated breaches of the centre's rules.
    case repeatedBreachesOfCentreRules = "repeated_breaches_of_centre_rules"

    /// The English name with the Chinese term.
    package var description: String {
      switch self {
      case .breachOfLawOrDiscipline: "breach of law or discipline (违纪违法)"
      case .incompetentAnnualRating: "annual rating incompetent (年度考核不称职)"
      case .repeatedBreachesOfCentreRules: "repeated breaches of centre rules (多次违反管理规定)"
      }
    }
  }

  /// What the letter is.
  package enum Kind: Sendable, Hashable {
    /// 强制退回: the person goes back to the department on one of the §41 grounds.
    case forcedReturn(Ground)
    /// 调整建议: the person is otherwise unsuitable for the centre, for the reason given.
    case adjustmentProposal(reason: String)
  }

  /// Where the replacement stands on a day.
  package enum ReplacementStatus: Sendable, Hashable {
    /// Not yet replaced, and the due day has not passed.
    case pending(due: LocalDate)
    /// Not replaced by the end of the due day.
    case overdue(due: LocalDate)
    /// Replaced on or before the due day.
    case replacedInTime(on: LocalDate)
    /// Replaced after the due day.
    case replacedLate(on: LocalDate, due: LocalDate)
  }

  /// The working days a department has to put the replacement in place (10 个工作日内调整到位).
  package static let replacementLimit = try! WorkingDays(days: 10)

  /// The person to replace.
  package let staffID: String
  /// The department that must replace them.
  package let department: String
  /// A forced return or an adjustment proposal.
  package let kind: Kind
  /// The day of the letter.
  package let date: LocalDate
  /// The day the department recorded the replacement in place, once it has.
  package private(set) var replacedOn: LocalDate?

  /// A letter about a person to a department on a day.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` for an adjustment proposal without a reason.
  package init(staffID: String, department: String, kind: Kind, date: LocalDate) throws(StaffingError) {
    if case .adjustmentProposal(let reason) = kind, reason.isBlank {
      throw StaffingError.invalidInput(["an adjustment proposal for \(staffID) needs a reason"])
    }
    self.staffID = staffID
    self.department = department
    self.kind = kind
    self.date = date
  }

  /// True for a forced return, whose letter is also filed with the organisation and HR departments
  /// (调整函同时送组织、人社部门备案).
  package var isFiledWithOrganisationAndHR: Bool {
    if case .forcedReturn = self.kind { return true }
    return false
  }

  /// The end of the 10th working day after the letter's date; its `weekendsOnlyYears` says when a year
  /// without an official holiday schedule was counted.
  package func replacementDue(calendar: WorkingDayCalendar) -> WorkingDeadline {
    calendar.addWorkingDays(to: self.date, Self.replacementLimit)
  }

  /// Where the replacement stands on a day.
  package func status(on date: LocalDate, calendar: WorkingDayCalendar) -> ReplacementStatus {
    let due = self.replacementDue(calendar: calendar).date
    if let replacedOn = self.replacedOn, replacedOn <= date {
      return replacedOn <= due ? .replacedInTime(on: replacedOn) : .replacedLate(on: replacedOn, due: due)
    }
    return date > due ? .overdue(due: due) : .pending(due: due)
  }

  /// True when, on the day, the due day has passed without a replacement recorded.
  package func isOverdue(on date: LocalDate, calendar: WorkingDayCalendar) -> Bool {
    if case .overdue = self.status(on: date, calendar: calendar) { return true }
    return false
  }

  /// Records the day the replacement was in place.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` when one is recorded already or the day is before the
  ///   letter.
  package mutating func recordReplacement(on date: LocalDate) throws(StaffingError) {
    if let replacedOn = self.replacedOn {
      throw StaffingError.invalidInput(["the replacement for \(self.staffID) was already recorded on \(replacedOn)"])
    }
    guard date >= self.date else {
      throw StaffingError.invalidInput([
        "the replacement for \(self.staffID) cannot be on \(date), before the letter of \(self.date)"
      ])
    }
    self.replacedOn = date
  }
}
