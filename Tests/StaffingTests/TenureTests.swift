import Testing
import YimenCalendar
import YimenStaffing

@Suite("Tenure and the facts derived from it (§16, §21, §22, §23)")
struct TenureTests {
  @Test(
    "full years and months at the window, grassroots experience at 1 year, recommendable at 3",
    arguments: [
      ("2025-03-02", "2026-03-01", 0, 11, false, false),
      ("2025-03-02", "2026-03-02", 1, 0, true, false),
      ("2023-03-02", "2026-03-01", 2, 11, true, false),
      ("2023-03-02", "2026-03-02", 3, 0, true, true),
      ("2020-07-15", "2026-09-14", 6, 1, true, true),
      ("2024-02-29", "2025-02-28", 0, 11, false, false),
      ("2024-02-29", "2025-03-01", 1, 0, true, false),
      ("2026-01-31", "2026-02-27", 0, 0, false, false),
      ("2026-01-31", "2026-02-28", 0, 1, false, false),
      ("2026-03-02", "2026-03-02", 0, 0, false, false),
      ("2026-03-02", "2026-01-01", 0, 0, false, false),
    ]
  )
  func facts(since: String, asOf: String, years: Int, months: Int, grassroots: Bool, recommendable: Bool) throws {
    let tenure = Tenure(since: try day(since), asOf: try day(asOf))
    #expect(tenure.years == years)
    #expect(tenure.months == months)
    #expect(tenure.countsAsGrassrootsExperience == grassroots)
    #expect(tenure.isRecommendable == recommendable)
  }

  @Test(
    "rotation is allowed from the second anniversary",
    arguments: [("2026-03-02", "2028-03-02"), ("2024-02-29", "2026-03-01"), ("2028-02-29", "2030-03-01")]
  )
  func rotation(since: String, allowedFrom: String) throws {
    #expect(Tenure(since: try day(since), asOf: try day(since)).rotationAllowedFrom == (try day(allowedFrom)))
  }

  @Test(
    "a new uniform is due every 2 years from stationing; on a due day, that day",
    arguments: [
      ("2026-03-02", "2026-03-02", "2028-03-02"),
      ("2026-03-02", "2028-03-01", "2028-03-02"),
      ("2026-03-02", "2028-03-02", "2028-03-02"),
      ("2026-03-02", "2028-03-03", "2030-03-02"),
      ("2024-02-29", "2025-06-01", "2026-03-01"),
      ("2024-02-29", "2027-01-01", "2028-02-29"),
    ]
  )
  func uniform(since: String, asOf: String, due: String) throws {
    #expect(Tenure(since: try day(since), asOf: try day(asOf)).nextUniformDue == (try day(due)))
  }

  @Test(
    "tenure reads as years and months",
    arguments: [("2025-03-01", "2026-05-10", "1 year 2 months"), ("2025-03-01", "2025-04-01", "0 years 1 month")]
  )
  func description(since: String, asOf: String, text: String) throws {
    #expect(Tenure(since: try day(since), asOf: try day(asOf)).description == text)
  }

  @Test("a stationing's tenure stops on the day the person leaves")
  func tenureAfterLeaving() throws {
    var stationing = try stationed(member(), on: "2025-03-02")
    try stationing.leave(on: day("2027-03-02"))
    let tenure = try #require(stationing.tenure(on: day("2029-01-01")))
    #expect(tenure.years == 2)
    #expect(!tenure.isRecommendable)
  }
}
