import Testing
import YimenCalendar
import YimenStaffing

@Suite("Observation of new civil servants (§19)")
struct ObservationTests {
  @Test(
    "three calendar months from the start, month ends clamped",
    arguments: [
      ("2026-01-15", "2026-04-15"),
      ("2026-11-30", "2027-02-28"),
      ("2027-11-30", "2028-02-29"),
      ("2026-03-31", "2026-06-30"),
      ("2026-12-31", "2027-03-31"),
    ]
  )
  func end(start: String, end: String) throws {
    let observation = try Observation(member: member(), start: day(start))
    let endDate = try day(end)
    #expect(observation.end == endDate)
    #expect(observation.status(on: try day(start).adding(days: -1)) == .notStarted)
    #expect(observation.status(on: try day(start)) == .observing)
    #expect(observation.status(on: endDate.adding(days: -1)) == .observing)
    #expect(observation.status(on: endDate) == .completed)
  }

  @Test("only civil servants observe", arguments: [StaffCategory.institution, .purchasedService, .other])
  func civilServantsOnly(category: StaffCategory) throws {
    let person = try member(category: category, inEstablishment: false)
    let error = #expect(throws: StaffingError.self) { try Observation(member: person, start: day("2026-01-15")) }
    #expect(error?.code == .invalidInput)
  }
}
