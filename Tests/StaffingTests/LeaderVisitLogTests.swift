import Testing
import YimenCalendar
import YimenStaffing

@Suite("Leader visits: the deputy weekly, the main leader monthly (§17)")
struct LeaderVisitLogTests {
  @Test(
    "only ISO weeks wholly inside the period are judged",
    arguments: [
      // Sunday 03-01 to Tuesday 03-31: the week of 03-30 is cut off.
      ("2026-03-01", "2026-03-31", ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]),
      ("2026-03-02", "2026-03-08", ["2026-03-02"]),
      ("2026-03-02", "2026-03-07", []),
      ("2026-03-03", "2026-03-15", ["2026-03-09"]),
      ("2025-12-29", "2026-01-04", ["2025-12-29"]),
    ]
  )
  func fullWeeks(from: String, through: String, mondays: [String]) throws {
    let weeks = LeaderVisitLog.fullWeeks(in: try day(from)...day(through))
    #expect(weeks.map(\.lowerBound) == (try mondays.map(day)))
    #expect(weeks.allSatisfy { $0.lowerBound.weekday == .monday && $0.upperBound.weekday == .sunday })
  }

  @Test(
    "only calendar months wholly inside the period are judged",
    arguments: [
      ("2026-01-15", "2026-04-30", ["2026-02-01", "2026-03-01", "2026-04-01"]),
      ("2026-02-01", "2026-02-27", []),
      ("2026-02-01", "2026-02-28", ["2026-02-01"]),
      ("2028-02-01", "2028-02-28", []),
      ("2026-11-02", "2027-01-31", ["2026-12-01", "2027-01-01"]),
    ]
  )
  func fullMonths(from: String, through: String, firsts: [String]) throws {
    let months = LeaderVisitLog.fullMonths(in: try day(from)...day(through))
    #expect(months.map(\.lowerBound) == (try firsts.map(day)))
    #expect(months.allSatisfy { $0.upperBound.adding(days: 1).day == 1 })
  }

  @Test("departments whose deputy missed a week or whose main leader missed a month, in the order given")
  func gaps() throws {
    func visit(_ department: String, _ leader: LeaderVisit.Leader, _ date: String) throws -> LeaderVisit {
      LeaderVisit(department: department, leader: leader, date: try day(date))
    }
    let log = LeaderVisitLog(visits: [
      // 甲: a deputy visit every Wednesday, the main leader on 03-20: nothing missed.
      try visit("甲", .deputy, "2026-03-04"), try visit("甲", .deputy, "2026-03-11"),
      try visit("甲", .deputy, "2026-03-18"), try visit("甲", .deputy, "2026-03-25"),
      try visit("甲", .main, "2026-03-20"),
      // 乙: the deputy skips the week of 03-16 and the main leader's visit does not stand in for it; a
      // deputy visit on Sunday 03-01 is outside every judged week; the main leader's visit of 03-31 counts.
      try visit("乙", .deputy, "2026-03-01"), try visit("乙", .deputy, "2026-03-02"),
      try visit("乙", .deputy, "2026-03-13"), try visit("乙", .main, "2026-03-17"),
      try visit("乙", .deputy, "2026-03-29"),
      // Another department's visits count for nobody here.
      try visit("丁", .deputy, "2026-03-10"),
    ])
    let gaps = log.gaps(departments: ["乙", "甲", "丙"], period: try day("2026-03-01")...day("2026-03-31"))
    #expect(gaps.map(\.department) == ["乙", "丙"])
    #expect(gaps[0].missedWeeks == [try day("2026-03-16")...day("2026-03-22")])
    #expect(gaps[0].missedMonths.isEmpty)
    #expect(gaps[1].missedWeeks.count == 4)
    #expect(gaps[1].missedMonths == [try day("2026-03-01")...day("2026-03-31")])
  }

  @Test("with the holiday calendar, a week without a working day is not judged")
  func holidayWeek() throws {
    let period = try day("2026-02-01")...day("2026-02-28")
    let log = LeaderVisitLog(visits: [
      LeaderVisit(department: "甲", leader: .deputy, date: try day("2026-02-04")),
      LeaderVisit(department: "甲", leader: .deputy, date: try day("2026-02-14")),
      LeaderVisit(department: "甲", leader: .main, date: try day("2026-02-14")),
    ])
    // Spring Festival 2026: 02-15...02-23 off, so 02-16...02-22 has no working day; 02-23...03-01 is cut off.
    #expect(log.gaps(departments: ["甲"], period: period, calendar: try WorkingDayCalendar.bundled()).isEmpty)
    let judged = log.gaps(departments: ["甲"], period: period)
    #expect(judged.first?.missedWeeks == [try day("2026-02-16")...day("2026-02-22")])
  }
}
