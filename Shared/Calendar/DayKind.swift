/// What a date is in the working-day calendar.
package enum DayKind: Sendable, Hashable, CustomStringConvertible {
  /// A Monday to Friday that is not a public holiday.
  case workday
  /// A Saturday or Sunday that is neither a holiday nor a make-up working day.
  case weekend
  /// A day off of an official public holiday, named as in the schedule (e.g. 春节), weekday or not.
  case holiday(name: String)
  /// A Saturday or Sunday that is a working day to make up for a holiday (调休上班).
  case makeUpWorkday

  /// True for `workday` and `makeUpWorkday`: the days deadlines count.
  package var isWorkingDay: Bool {
    switch self {
    case .workday, .makeUpWorkday: true
    case .weekend, .holiday: false
    }
  }

  /// `workday`, `weekend`, `holiday 春节` or `make-up workday`.
  package var description: String {
    switch self {
    case .workday: "workday"
    case .weekend: "weekend"
    case .holiday(let name): "holiday \(name)"
    case .makeUpWorkday: "make-up workday"
    }
  }
}
