import Testing
import YimenCalendar

@Suite("LocalDate months, anniversaries and full years")
struct LocalDatePeriodsTests {
  @Test(
    "adding months keeps the day or falls back to the month's last day",
    arguments: [
      ("2026-01-15", 1, "2026-02-15"),
      ("2026-01-31", 1, "2026-02-28"),
      ("2028-01-31", 1, "2028-02-29"),
      ("2026-03-31", 1, "2026-04-30"),
      ("2026-12-31", 1, "2027-01-31"),
      ("2026-11-30", 3, "2027-02-28"),
      ("2027-11-30", 3, "2028-02-29"),
      ("2026-03-31", -1, "2026-02-28"),
      ("2026-01-10", -1, "2025-12-10"),
      ("2024-02-29", 12, "2025-02-28"),
      ("2026-05-20", 0, "2026-05-20"),
    ]
  )
  func addingMonths(start: String, months: Int, expected: String) throws {
    #expect(try day(start).adding(months: months) == day(expected))
  }

  @Test(
    "anniversaries of 29 February fall on 1 March in common years",
    arguments: [
      ("2000-02-29", 1, "2001-03-01"),
      ("2000-02-29", 4, "2004-02-29"),
      ("2000-02-29", 100, "2100-03-01"),
      ("2000-02-28", 1, "2001-02-28"),
      ("2026-03-02", 2, "2028-03-02"),
    ]
  )
  func anniversaries(date: String, years: Int, expected: String) throws {
    #expect(try day(date).anniversary(years) == day(expected))
  }

  @Test(
    "full years count the anniversary day itself",
    arguments: [
      ("1980-11-25", "2026-11-24", 45),
      ("1980-11-25", "2026-11-25", 46),
      ("2000-02-29", "2001-02-28", 0),
      ("2000-02-29", "2001-03-01", 1),
      ("2000-02-29", "2004-02-28", 3),
      ("2000-02-29", "2004-02-29", 4),
      ("1990-12-31", "2026-12-30", 35),
      ("1990-12-31", "2026-12-31", 36),
      ("2000-01-01", "1999-12-31", -1),
    ]
  )
  func completedYears(from: String, until: String, expected: Int) throws {
    #expect(try day(from).completedYears(until: day(until)) == expected)
  }
}
