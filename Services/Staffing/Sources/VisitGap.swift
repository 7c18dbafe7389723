package import YimenCalendar

/// The weeks a department's deputy leader and the months its main leader did not visit the centre (§17).
package struct VisitGap: Sendable, Hashable {
  /// The department.
  package let department: String
  /// The ISO weeks, Monday through Sunday, without a visit by the deputy leader, in order.
  package let missedWeeks: [ClosedRange<LocalDate>]
  /// The calendar months, first through last day, without a visit by the main leader, in order.
  package let missedMonths: [ClosedRange<LocalDate>]

  /// A department's missed weeks and months.
  package init(department: String, missedWeeks: [ClosedRange<LocalDate>], missedMonths: [ClosedRange<LocalDate>]) {
    self.department = department
    self.missedWeeks = missedWeeks
    self.missedMonths = missedMonths
  }
}
