package import YimenCalendar

/// The recorded leader visits (§17), reporting the departments whose leaders did not come often enough.
///
/// §17 asks the deputy leader (分管领导) to visit at least once a week and the main leader (主要领导) at least
/// once a month, 原则上. A report over a period judges only the ISO weeks (Monday–Sunday) and calendar months
/// that lie wholly inside it: a week or month cut by the period's start or end is not judged, because part
/// of it is unseen. One leader's visit does not count for the other.
package struct LeaderVisitLog: Sendable, Hashable {
  /// The visits, in any order.
  package let visits: [LeaderVisit]

  /// A log of the given visits.
  package init(visits: [LeaderVisit]) {
    self.visits = visits
  }

  /// The departments with a missed week or month in the period, in the order given; departments with
  /// none are left out.
  ///
  /// - Parameters:
  ///   - departments: The departments to judge (those stationed at the centre); visits of others are ignored.
  ///   - period: The reporting period, both ends included.
  ///   - calendar: When given, a week or month without a single working day (e.g. 2026-02-16...02-22 in
  ///     the Spring Festival holiday) is not judged: the centre is closed. Without it, every full week and
  ///     month is judged.
  package func gaps(
    departments: [String],
    period: ClosedRange<LocalDate>,
    calendar: WorkingDayCalendar? = nil
  ) -> [VisitGap] {
    let isJudged = { (span: ClosedRange<LocalDate>) in
      guard let calendar else { return true }
      return span.contains { calendar.isWorkingDay($0) }
    }
    let weeks = Self.fullWeeks(in: period).filter(isJudged)
    let months = Self.fullMonths(in: period).filter(isJudged)
    var gaps: [VisitGap] = []
    for department in departments {
      let deputyDays = self.visitDays(department, .deputy)
      let mainDays = self.visitDays(department, .main)
      let missedWeeks = weeks.filter { week in !deputyDays.contains { week.contains($0) } }
      let missedMonths = months.filter { month in !mainDays.contains { month.contains($0) } }
      if !missedWeeks.isEmpty || !missedMonths.isEmpty {
        gaps.append(VisitGap(department: department, missedWeeks: missedWeeks, missedMonths: missedMonths))
      }
    }
    return gaps
  }

  /// The ISO weeks, Monday through Sunday, that lie wholly inside the period, in order.
  package static func fullWeeks(in period: ClosedRange<LocalDate>) -> [ClosedRange<LocalDate>] {
    let firstMonday = period.lowerBound.adding(days: (8 - period.lowerBound.weekday.rawValue) % 7)
    var weeks: [ClosedRange<LocalDate>] = []
    var monday = firstMonday
    while monday.adding(days: 6) <= period.upperBound {
      weeks.append(monday...monday.adding(days: 6))
      monday = monday.adding(days: 7)
    }
    return weeks
  }

  /// The calendar months, first through last day, that lie wholly inside the period, in order.
  package static func fullMonths(in period: ClosedRange<LocalDate>) -> [ClosedRange<LocalDate>] {
    let start = period.lowerBound
    var first = start.day == 1 ? start : try! LocalDate(year: start.year, month: start.month, day: 1).adding(months: 1)
    var months: [ClosedRange<LocalDate>] = []
    while true {
      let last = first.adding(days: LocalDate.daysInMonth(first.month, of: first.year) - 1)
      guard last <= period.upperBound else { break }
      months.append(first...last)
      first = last.adding(days: 1)
    }
    return months
  }

  private func visitDays(_ department: String, _ leader: LeaderVisit.Leader) -> [LocalDate] {
    self.visits.filter { $0.department == department && $0.leader == leader }.map(\.date)
  }
}
