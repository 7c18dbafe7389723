/// The moment a number of working days runs out: a date, and whether at noon or at the end of that day.
///
/// It also says which years the computation had no official holiday schedule for, and so counted with
/// plain weekends only; a caller should warn about a deadline whose `weekendsOnlyYears` is not empty.
package struct WorkingDeadline: Sendable, Hashable, CustomStringConvertible {
  /// When on its date a deadline falls.
  package enum Time: Sendable, Hashable, CustomStringConvertible {
    /// At noon: the count ended with half a day.
    case noon
    /// At the end of the day.
    case endOfDay

    /// `noon` or `end of day`.
    package var description: String {
      switch self {
      case .noon: "noon"
      case .endOfDay: "end of day"
      }
    }
  }

  /// The last (working) day of the period.
  package var date: LocalDate
  /// Noon or end of that day.
  package var time: Time
  /// Years counted with plain weekends because no official schedule was loaded for them; empty when every
  /// day counted came from an official schedule.
  package var weekendsOnlyYears: Set<Int>

  /// A deadline on a date at the given time.
  package init(date: LocalDate, time: Time, weekendsOnlyYears: Set<Int> = []) {
    self.date = date
    self.time = time
    self.weekendsOnlyYears = weekendsOnlyYears
  }

  /// `2026-02-26 end of day` or `2026-02-26 noon`.
  package var description: String { "\(self.date) \(self.time)" }
}
