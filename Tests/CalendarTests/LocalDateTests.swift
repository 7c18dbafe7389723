import Foundation
import Testing
import YimenCalendar

@Suite("LocalDate")
struct LocalDateTests {
  @Test(
    "parses YYYY-MM-DD and prints it back",
    arguments: ["2026-02-14", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"]
  )
  func roundTrip(text: String) throws {
    let date = try LocalDate(parsing: text)
    #expect(date.description == text)
  }

  @Test(
    "rejects malformed and impossible dates with a clear error",
    arguments: [
      ("2026-02-30", "day 30 is outside 1...28 for 2026-02"),
      ("2025-02-29", "day 29 is outside 1...28 for 2025-02"),
      ("1900-02-29", "day 29 is outside 1...28 for 1900-02"),
      ("2026-04-31", "day 31 is outside 1...30 for 2026-04"),
      ("2026-13-01", "month 13 is outside 1...12"),
      ("2026-00-10", "month 0 is outside 1...12"),
      ("2026-01-00", "day 0 is outside 1...31"),
      ("0000-01-01", "year 0 is outside 1...9999"),
      ("2026-2-14", "is not a date in the form YYYY-MM-DD"),
      ("2026/02/14", "is not a date in the form YYYY-MM-DD"),
      ("2026-02-14T00:00", "is not a date in the form YYYY-MM-DD"),
      ("", "is not a date in the form YYYY-MM-DD"),
      ("２０２６-02-14", "is not a date in the form YYYY-MM-DD"),
    ]
  )
  func rejects(text: String, reason: String) {
    let error = #expect(throws: CalendarError.self) { try LocalDate(parsing: text) }
    #expect(error?.code == .invalidDate)
    #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    #expect(LocalDate(text) == nil)
  }

  @Test("knows leap years")
  func leapYears() {
    #expect(LocalDate.isLeapYear(2024))
    #expect(LocalDate.isLeapYear(2000))
    #expect(!LocalDate.isLeapYear(1900))
    #expect(!LocalDate.isLeapYear(2026))
  }

  @Test(
    "computes the weekday",
    arguments: [
      ("1970-01-01", Weekday.thursday), ("2026-02-14", .saturday), ("2026-02-12", .thursday),
      ("2026-10-08", .thursday), ("2025-01-27", .monday), ("2000-02-29", .tuesday), ("0001-01-01", .monday),
      ("1969-12-31", .wednesday),
    ]
  )
  func weekday(text: String, weekday: Weekday) throws {
    #expect(try LocalDate(parsing: text).weekday == weekday)
  }

  @Test(
    "adds days across months, years and leap days",
    arguments: [
      ("2026-02-28", 1, "2026-03-01"), ("2024-02-28", 1, "2024-02-29"), ("2024-02-29", 365, "2025-02-28"),
      ("2025-12-31", 1, "2026-01-01"), ("2026-01-01", -1, "2025-12-31"), ("2026-03-01", -1, "2026-02-28"),
      ("1970-01-01", -1, "1969-12-31"), ("2026-02-12", 0, "2026-02-12"),
    ]
  )
  func adding(start: String, days: Int, expected: String) throws {
    let date = try LocalDate(parsing: start)
    let result = date.adding(days: days)
    #expect(result.description == expected)
    #expect(date.days(until: result) == days)
  }

  @Test("every day of 1900...2100 survives the round trip through days since 1970")
  func epochRoundTrip() throws {
    var date = try LocalDate(parsing: "1900-01-01")
    let end = try LocalDate(parsing: "2100-12-31")
    var days = date.daysSinceEpoch
    while date <= end {
      #expect(LocalDate(daysSinceEpoch: days) == date)
      let next = try LocalDate(parsing: date.description).adding(days: 1)
      #expect(next.daysSinceEpoch == days + 1)
      date = next
      days += 1
    }
  }

  @Test("orders dates and iterates ranges day by day")
  func ordering() throws {
    let start = try LocalDate(parsing: "2026-02-27")
    let end = try LocalDate(parsing: "2026-03-02")
    #expect(start < end)
    #expect(try LocalDate(parsing: "2025-12-31") < LocalDate(parsing: "2026-01-01"))
    #expect((start...end).map(\.description) == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"])
  }

  @Test("encodes and decodes as a YYYY-MM-DD string")
  func codable() throws {
    let date = try LocalDate(parsing: "2026-02-14")
    let json = try JSONEncoder().encode([date])
    #expect(String(decoding: json, as: UTF8.self) == #"["2026-02-14"]"#)
    #expect(try JSONDecoder().decode([LocalDate].self, from: json) == [date])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
    }
  }

  @Test(
    "today in Asia/Shanghai is the UTC+8 date",
    arguments: [
      // 2026-02-14 15:59:59 UTC is 23:59:59 in Shanghai; one second later it is the 15th there.
      (1_771_084_799.0, "2026-02-14", "2026-02-14"),
      (1_771_084_800.0, "2026-02-15", "2026-02-14"),
      // 2026-02-14 23:30 UTC is 07:30 on the 15th in Shanghai.
      (1_771_111_800.0, "2026-02-15", "2026-02-14"),
      (-1.0, "1970-01-01", "1969-12-31"),
    ]
  )
  func today(seconds: Double, shanghai: String, utc: String) {
    let now = Date(timeIntervalSince1970: seconds)
    #expect(LocalDate.today(now: now).description == shanghai)
    #expect(LocalDate.today(in: .shanghai, now: now).description == shanghai)
    #expect(LocalDate.today(in: UTCOffset(seconds: 0), now: now).description == utc)
    #expect(UTCOffset.shanghai.description == "UTC+08:00")
  }
}
