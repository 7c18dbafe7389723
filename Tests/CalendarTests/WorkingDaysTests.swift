import Foundation
import Testing
import YimenCalendar

@Suite("WorkingDays")
struct WorkingDaysTests {
  @Test("accepts multiples of 0.5 and stores half days", arguments: [(0.0, 0), (0.5, 1), (1, 2), (1.5, 3), (20, 40)])
  func accepts(days: Double, halfDays: Int) throws {
    let value = try WorkingDays(days)
    #expect(value.halfDays == halfDays)
    #expect(value.days == days)
    #expect(try WorkingDays(halfDays: halfDays) == value)
  }

  @Test(
    "rejects values that are not a non-negative multiple of 0.5",
    arguments: [
      (0.3, "must be a multiple of 0.5, got 0.3"), (1.25, "must be a multiple of 0.5"),
      (-1, "must not be negative, got -1.0"), (-0.5, "must not be negative"), (Double.nan, "finite"),
      (Double.infinity, "finite"), (10_000.5, "at most 10000"),
    ]
  )
  func rejects(days: Double, reason: String) {
    let error = #expect(throws: CalendarError.self) { try WorkingDays(days) }
    #expect(error?.code == .invalidWorkingDays)
    #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
  }

  @Test("rejects negative whole and half-day counts")
  func rejectsNegativeCounts() {
    #expect(throws: CalendarError.self) { try WorkingDays(days: -1) }
    #expect(throws: CalendarError.self) { try WorkingDays(halfDays: -1) }
  }

  @Test("prints and encodes as a number of days", arguments: [(1, "0.5"), (2, "1"), (3, "1.5"), (40, "20")])
  func description(halfDays: Int, text: String) throws {
    let value = try WorkingDays(halfDays: halfDays)
    #expect(value.description == text)
    let json = try JSONEncoder().encode([value])
    #expect(String(decoding: json, as: UTF8.self) == "[\(text)]")
    #expect(try JSONDecoder().decode([WorkingDays].self, from: json) == [value])
  }

  @Test("decoding rejects a count that is not a multiple of 0.5")
  func decodingRejects() {
    #expect(throws: DecodingError.self) { try JSONDecoder().decode([WorkingDays].self, from: Data("[0.3]".utf8)) }
  }
}
