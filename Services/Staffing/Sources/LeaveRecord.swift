package import YimenCalendar

/// A staff member's absence from the window (leave, training, sick leave), from one day through another,
/// both included.
package struct LeaveRecord: Sendable, Hashable {
  /// Whose absence.
  package let staffID: String
  /// The first day away.
  package let from: LocalDate
  /// The last day away.
  package let through: LocalDate

  /// An absence from `from` through `through`.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` when `through` is before `from`.
  package init(staffID: String, from: LocalDate, through: LocalDate) throws(StaffingError) {
    guard from <= through else {
      throw StaffingError.invalidInput(["leave of \(staffID) ends on \(through), before it starts on \(from)"])
    }
    self.staffID = staffID
    self.from = from
    self.through = through
  }

  /// True when the absence covers the day.
  package func covers(_ date: LocalDate) -> Bool {
    self.from <= date && date <= self.through
  }
}
