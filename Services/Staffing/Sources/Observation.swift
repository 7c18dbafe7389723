package import YimenCalendar

/// A newly recruited civil servant's observation period at the centre (见学, §19): three calendar months
/// from the start.
///
/// The period runs from `start` up to the day before `end`, where `end` is `start` plus three calendar
/// months (`LocalDate.adding(months:)`, so 2026-11-30 → 2027-02-28); on `end` it is complete.
package struct Observation: Sendable, Hashable {
  /// Where an observation stands on a day.
  package enum Status: Sendable, Hashable {
    /// Before the start.
    case notStarted
    /// From the start up to the day before the end.
    case observing
    /// From the end on.
    case completed
  }

  /// The length in calendar months (原则上为三个月).
  package static let months = 3

  /// The civil servant observing.
  package let staffID: String
  /// The first day at the centre.
  package let start: LocalDate

  /// An observation for a person of a category starting on a day.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` when the person is not a civil servant (公务员/参公): §19
  ///   concerns newly recruited civil servants only.
  package init(staffID: String, name: String, category: StaffCategory, start: LocalDate) throws(StaffingError) {
    guard category == .civilServant else {
      throw StaffingError.invalidInput([
        "\(name) is \(category); observation (见学, §19) is for newly recruited civil servants"
      ])
    }
    self.staffID = staffID
    self.start = start
  }

  /// An observation for a staff member starting on a day; see `init(staffID:name:category:start:)`.
  package init(member: StaffMember, start: LocalDate) throws(StaffingError) {
    try self.init(staffID: member.id, name: member.name, category: member.category, start: start)
  }

  /// The day the observation is complete: the start plus three calendar months.
  package var end: LocalDate { self.start.adding(months: Self.months) }

  /// Where the observation stands on a day.
  package func status(on date: LocalDate) -> Status {
    if date < self.start { return .notStarted }
    return date < self.end ? .observing : .completed
  }
}
