import Testing
import YimenCalendar

/// A date from its `YYYY-MM-DD` form.
func day(_ text: String) throws -> LocalDate {
  try LocalDate(parsing: text)
}

@Suite("WorkingDayCalendar with the bundled 2025 and 2026 schedules")
struct WorkingDayCalendarTests {
  let calendar: WorkingDayCalendar

  init() throws {
    self.calendar = try WorkingDayCalendar.bundled()
  }

  @Test(
    "adds whole working days across holidays and make-up working days",
    arguments: [
      // Spring Festival 2026: Saturday 02-14 is a make-up working day, 02-15...02-23 are off.
      ("2026-02-12", 5, "2026-02-26"),
      // National Day 2026: 10-01...10-07 off, Saturday 10-10 is a make-up working day.
      ("2026-09-30", 1, "2026-10-08"),
      ("2026-09-30", 3, "2026-10-10"),
      ("2026-09-30", 4, "2026-10-12"),
      // Spring Festival 2025: 01-28...02-04 off.
      ("2025-01-27", 1, "2025-02-05"),
      // National Day and Mid-Autumn 2025: 10-01...10-08 off, Sunday 09-28 and Saturday 10-11 work.
      ("2025-09-26", 1, "2025-09-28"),
      ("2025-09-30", 1, "2025-10-09"),
      ("2025-09-30", 3, "2025-10-11"),
      // Labour Day 2026: 05-01...05-05 off, Saturday 05-09 works.
      ("2026-04-30", 1, "2026-05-06"),
      ("2026-04-30", 4, "2026-05-09"),
      // Across the new year: 2026-01-01...01-03 off, Sunday 01-04 works.
      ("2025-12-31", 1, "2026-01-04"),
      ("2026-01-01", 10, "2026-01-15"),
      // An ordinary week: Monday + 5 is next Monday.
      ("2026-03-02", 5, "2026-03-09"),
    ]
  )
  func addWholeDays(start: String, days: Int, expected: String) throws {
    let deadline = self.calendar.addWorkingDays(to: try day(start), try WorkingDays(days: days))
    #expect(deadline.date == (try day(expected)))
    #expect(deadline.time == .endOfDay)
    #expect(deadline.weekendsOnlyYears.isEmpty)
    #expect(self.calendar.workingDays(between: try day(start), and: deadline.date) == days)
  }

  @Test("a make-up Saturday is a working day and counts")
  func makeUpSaturday() throws {
    let saturday = try day("2026-02-28")
    #expect(saturday.weekday == .saturday)
    #expect(self.calendar.kind(of: saturday) == .makeUpWorkday)
    #expect(self.calendar.isWorkingDay(saturday))
    #expect(self.calendar.addWorkingDays(to: try day("2026-02-27"), try WorkingDays(1)).date == saturday)
    #expect(!self.calendar.isWorkingDay(try day("2026-03-07")), "an ordinary Saturday")
  }

  @Test(
    "half days end at noon, whole days at the end of the day",
    arguments: [
      (0.0, "2026-03-02", WorkingDeadline.Time.endOfDay), (0.5, "2026-03-03", .noon), (1, "2026-03-03", .endOfDay),
      (1.5, "2026-03-04", .noon), (2, "2026-03-04", .endOfDay), (5.5, "2026-03-10", .noon),
    ]
  )
  func halfDays(days: Double, expected: String, time: WorkingDeadline.Time) throws {
    let monday = try day("2026-03-02")
    #expect(monday.weekday == .monday)
    let deadline = self.calendar.addWorkingDays(to: monday, try WorkingDays(days))
    #expect(deadline == WorkingDeadline(date: try day(expected), time: time))
  }

  @Test("half a day from the day before a holiday ends at noon on the next working day")
  func halfDayAcrossHoliday() throws {
    let deadline = self.calendar.addWorkingDays(to: try day("2026-09-30"), try WorkingDays(0.5))
    #expect(deadline.description == "2026-10-08 noon")
  }

  @Test("zero working days end on the start date, even a holiday")
  func zeroDays() throws {
    let deadline = self.calendar.addWorkingDays(to: try day("2026-02-16"), .zero)
    #expect(deadline == WorkingDeadline(date: try day("2026-02-16"), time: .endOfDay))
  }

  @Test("counting starts the day after a start date that is itself a day off")
  func startOnHoliday() throws {
    #expect(self.calendar.addWorkingDays(to: try day("2026-02-21"), try WorkingDays(1)).date == (try day("2026-02-24")))
  }

  @Test(
    "counts working days after the first date, up to and including the second",
    arguments: [
      ("2026-02-12", "2026-02-26", 5),
      ("2026-02-26", "2026-02-12", -5),
      ("2026-02-13", "2026-02-23", 1),  // only the make-up Saturday 02-14
      ("2026-02-14", "2026-02-23", 0),
      ("2026-02-23", "2026-02-24", 1),
      ("2026-02-24", "2026-02-24", 0),
      ("2026-09-30", "2026-10-12", 4),
      ("2025-12-31", "2026-01-04", 1),
      ("2025-01-02", "2025-12-31", 247),  // 248 working days in 2025, minus the start 01-02
      ("2024-12-31", "2025-12-31", 248),
      ("2025-12-31", "2026-12-31", 248),
    ]
  )
  func between(from: String, to: String, expected: Int) throws {
    #expect(self.calendar.workingDays(between: try day(from), and: try day(to)) == expected)
  }

  @Test("classifies the days of a year for display")
  func daysOfYear() throws {
    let days = try self.calendar.days(in: 2026)
    #expect(days.count == 365)
    #expect(days.first?.date == (try day("2026-01-01")))
    #expect(days.last?.date == (try day("2026-12-31")))
    #expect(days.filter { $0.kind.isWorkingDay }.count == 248)
    #expect(days.filter { $0.kind == .makeUpWorkday }.count == 6)
    let byDate = Dictionary(uniqueKeysWithValues: days.map { ($0.date, $0.kind) })
    #expect(byDate[try day("2026-02-16")] == .holiday(name: "春节"))
    #expect(byDate[try day("2026-01-03")] == .holiday(name: "元旦"), "a Saturday inside a holiday is the holiday")
    #expect(byDate[try day("2026-02-14")] == .makeUpWorkday)
    #expect(byDate[try day("2026-03-07")] == .weekend)
    #expect(byDate[try day("2026-03-09")] == .workday)
    #expect(days[44].description == "2026-02-14 Saturday make-up workday")
    #expect(try self.calendar.days(in: 2024).count == 366)
    #expect(throws: CalendarError.self) { try self.calendar.days(in: 0) }
  }

  @Test("a year without a schedule falls back to plain weekends, and says so")
  func unknownYear() throws {
    #expect(self.calendar.years == [2025, 2026])
    #expect(self.calendar.coverage(for: 2026) == .official)
    #expect(self.calendar.coverage(for: 2027) == .weekendsOnly)
    #expect(self.calendar.schedule(for: 2027) == nil)
    // 2027-01-01 is a Friday: without a schedule it counts as a working day.
    #expect(self.calendar.kind(of: try day("2027-01-01")) == .workday)
    let deadline = self.calendar.addWorkingDays(to: try day("2026-12-30"), try WorkingDays(3))
    #expect(deadline.date == (try day("2027-01-04")))
    #expect(deadline.weekendsOnlyYears == [2027])
    #expect(self.calendar.addWorkingDays(to: try day("2026-12-29"), try WorkingDays(2)).weekendsOnlyYears.isEmpty)
    #expect(
      self.calendar.weekendsOnlyYears(from: try day("2024-06-01"), through: try day("2027-01-01")) == [2024, 2027]
    )
    #expect(self.calendar.weekendsOnlyYears(from: try day("2026-06-01"), through: try day("2025-01-01")).isEmpty)
  }

  @Test("an empty calendar counts weekends only")
  func empty() throws {
    let calendar = WorkingDayCalendar(schedules: [])
    let deadline = calendar.addWorkingDays(to: try day("2026-02-12"), try WorkingDays(5))
    #expect(deadline.date == (try day("2026-02-19")))
    #expect(deadline.weekendsOnlyYears == [2026])
  }
}
