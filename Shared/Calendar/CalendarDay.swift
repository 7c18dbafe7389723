/// One date of a year and what it is, as listed by `WorkingDayCalendar.days(in:)`.
package struct CalendarDay: Sendable, Hashable, CustomStringConvertible {
  /// The date.
  package var date: LocalDate
  /// Whether it is a workday, a weekend day, a holiday or a make-up working day.
  package var kind: DayKind

  /// A date and its kind.
  package init(date: LocalDate, kind: DayKind) {
    self.date = date
    self.kind = kind
  }

  /// `2026-02-14 Saturday make-up workday`.
  package var description: String { "\(self.date) \(self.date.weekday) \(self.kind)" }
}
