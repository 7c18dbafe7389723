/// Working days in Asia/Shanghai: Monday to Friday, minus official public holidays, plus make-up working
/// days (调休), from one `HolidaySchedule` per year.
///
/// A year without a schedule falls back to plain weekends. That is never silent: `coverage(for:)` tells,
/// and every `WorkingDeadline` lists the years it counted that way, so the caller can warn. The calendar
/// never prints or logs.
///
/// A value type, immutable once made; cheap to share across tasks. Make it with `load(environment:)`
/// (bundled data plus `YIMEN_HOLIDAYS_DIR`), `bundled()` or `init(schedules:)`.
package struct WorkingDayCalendar: Sendable {
  /// Whether a year's working days come from an official schedule.
  package enum Coverage: Sendable, Hashable {
    /// A schedule was loaded for the year: holidays and make-up working days are known.
    case official
    /// No schedule: only Saturdays and Sundays are days off, which is wrong around public holidays.
    case weekendsOnly
  }

  /// The schedules by year.
  private let schedules: [Int: HolidaySchedule]
  /// The dates that are not what their weekday says: holidays and make-up working days.
  private let exceptions: [LocalDate: DayKind]

  /// A calendar with the given schedules; a later schedule for a year replaces an earlier one.
  package init(schedules: [HolidaySchedule]) {
    var byYear: [Int: HolidaySchedule] = [:]
    for schedule in schedules {
      byYear[schedule.year] = schedule
    }
    var exceptions: [LocalDate: DayKind] = [:]
    for schedule in byYear.values {
      for holiday in schedule.holidays {
        for date in holiday.from...holiday.to {
          exceptions[date] = .holiday(name: holiday.name)
        }
      }
      for date in schedule.workdays {
        exceptions[date] = .makeUpWorkday
      }
    }
    self.schedules = byYear
    self.exceptions = exceptions
  }

  /// The years with an official schedule, ascending.
  package var years: [Int] { self.schedules.keys.sorted() }

  /// The schedule of a year, or nil when the year counts plain weekends only.
  package func schedule(for year: Int) -> HolidaySchedule? {
    self.schedules[year]
  }

  /// Whether a year's working days come from an official schedule or from plain weekends.
  package func coverage(for year: Int) -> Coverage {
    self.schedules[year] == nil ? .weekendsOnly : .official
  }

  /// The years between two dates (both included, in either order) that have no official schedule.
  package func weekendsOnlyYears(from first: LocalDate, through last: LocalDate) -> Set<Int> {
    let years = min(first.year, last.year)...max(first.year, last.year)
    return Set(years.filter { self.schedules[$0] == nil })
  }

  /// What a date is: a workday, a weekend day, a holiday or a make-up working day.
  ///
  /// In a year without a schedule, only `workday` and `weekend` occur.
  package func kind(of date: LocalDate) -> DayKind {
    if let kind = self.exceptions[date] {
      return kind
    }
    return date.weekday.isWeekend ? .weekend : .workday
  }

  /// True when deadlines count the date: a workday or a make-up working day.
  package func isWorkingDay(_ date: LocalDate) -> Bool {
    self.kind(of: date).isWorkingDay
  }

  /// The deadline `days` working days after `start`.
  ///
  /// Counting starts the day after `start` (the day of acceptance does not count), whatever `start` is.
  /// Each working day gives two half days, the first ending at noon: from a Monday before a normal week,
  /// 0.5 ends Tuesday at noon, 1 at the end of Tuesday, 1.5 Wednesday at noon. Zero days ends at the end
  /// of `start` itself.
  ///
  /// The result lists the years whose days were counted with plain weekends. Takes time proportional to
  /// the number of calendar days covered; traps past year 9999.
  package func addWorkingDays(to start: LocalDate, _ days: WorkingDays) -> WorkingDeadline {
    guard days.halfDays > 0 else {
      return WorkingDeadline(date: start, time: .endOfDay)
    }
    let wholeDaysNeeded = (days.halfDays + 1) / 2
    var counted = 0
    var date = start
    var weekendsOnlyYears: Set<Int> = []
    while counted < wholeDaysNeeded {
      date = date.adding(days: 1)
      if self.schedules[date.year] == nil {
        weekendsOnlyYears.insert(date.year)
      }
      if self.isWorkingDay(date) {
        counted += 1
      }
    }
    return WorkingDeadline(
      date: date,
      time: days.endsAtNoon ? .noon : .endOfDay,
      weekendsOnlyYears: weekendsOnlyYears
    )
  }

  /// The signed number of working days from `d1` to `d2`.
  ///
  /// When `d2` is after `d1`: the working days in (d1, d2], that is after `d1`, up to and including `d2`
  /// (so `workingDays(between: start, and: addWorkingDays(to: start, n).date) == n` for whole `n`). When
  /// `d2` is before `d1`: minus the working days in (d2, d1]. Zero when they are equal. Hence
  /// `workingDays(between: a, and: b) == -workingDays(between: b, and: a)`.
  ///
  /// Use `weekendsOnlyYears(from:through:)` to know whether any of the years counted lacks a schedule.
  /// Takes time proportional to the number of days between the dates.
  package func workingDays(between d1: LocalDate, and d2: LocalDate) -> Int {
    guard d1 != d2 else { return 0 }
    let (earlier, later, sign) = d1 < d2 ? (d1, d2, 1) : (d2, d1, -1)
    var count = 0
    for date in earlier.adding(days: 1)...later where self.isWorkingDay(date) {
      count += 1
    }
    return sign * count
  }

  /// Every date of a year with its kind, January 1 first, for showing the year (`yimen calendar show`).
  ///
  /// Check `coverage(for:)` too: without a schedule the year shows plain weekends.
  ///
  /// - Throws: `CalendarError.Code.invalidDate` for a year outside 1...9999.
  package func days(in year: Int) throws(CalendarError) -> [CalendarDay] {
    let first = try LocalDate.firstDay(of: year)
    let last = try LocalDate.lastDay(of: year)
    return (first...last).map { CalendarDay(date: $0, kind: self.kind(of: $0)) }
  }
}
