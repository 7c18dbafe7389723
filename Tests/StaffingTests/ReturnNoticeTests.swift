import Testing
import YimenCalendar
import YimenStaffing

@Suite("Forced returns and adjustment proposals: a replacement within 10 working days (§41)")
struct ReturnNoticeTests {
  /// The bundled 2025 and 2026 schedules.
  let calendar: WorkingDayCalendar

  init() throws {
    self.calendar = try WorkingDayCalendar.bundled()
  }

  /// A forced return letter for s1 (annual rating 不称职) dated on the given day.
  static func notice(_ date: String) throws -> ReturnNotice {
    try ReturnNotice(
      staffID: "s1",
      department: "市市场监管局",
      kind: .forcedReturn(.incompetentAnnualRating),
      date: day(date)
    )
  }

  @Test(
    "the due day is the 10th working day after the letter",
    arguments: [
      // National Day 2026: 09-29 (1), 09-30 (2), 10-01...10-07 off, 10-08 (3), 10-09 (4), Saturday 10-10 is a
      // make-up working day (5), 10-12 (6), 10-13 (7), 10-14 (8), 10-15 (9), 10-16 (10).
      ("2026-09-28", "2026-10-16"),
      // An ordinary fortnight: Monday → the Monday two weeks later.
      ("2026-03-02", "2026-03-16"),
      // Spring Festival 2026: 02-13 (1), Saturday 02-14 works (2), 02-15...02-23 off, 02-24...02-27 (3–6),
      // Saturday 02-28 works (7), 03-02 (8), 03-03 (9), 03-04 (10).
      ("2026-02-12", "2026-03-04"),
      // A letter on a holiday: counting starts the next day all the same; 10-04...10-07 are still off, so
      // 10-08 (1), 10-09 (2), 10-10 (3), 10-12...10-16 (4–8), 10-19 (9), 10-20 (10).
      ("2026-10-03", "2026-10-20"),
    ]
  )
  func due(letter: String, due: String) throws {
    let deadline = try Self.notice(letter).replacementDue(calendar: self.calendar)
    #expect(deadline.date == (try day(due)))
    #expect(deadline.time == .endOfDay)
    #expect(deadline.weekendsOnlyYears.isEmpty)
  }

  @Test("overdue from the day after the due day while no replacement is recorded")
  func overdue() throws {
    let notice = try Self.notice("2026-09-28")
    let due = try day("2026-10-16")
    #expect(notice.status(on: try day("2026-09-28"), calendar: self.calendar) == .pending(due: due))
    #expect(notice.status(on: due, calendar: self.calendar) == .pending(due: due))
    #expect(!notice.isOverdue(on: due, calendar: self.calendar))
    #expect(notice.status(on: try day("2026-10-17"), calendar: self.calendar) == .overdue(due: due))
    #expect(notice.isOverdue(on: try day("2026-10-17"), calendar: self.calendar))
  }

  @Test(
    "a replacement on the due day is in time; the day after is late",
    arguments: [("2026-10-16", true), ("2026-10-08", true), ("2026-10-17", false)]
  )
  func replacement(on replaced: String, inTime: Bool) throws {
    var notice = try Self.notice("2026-09-28")
    try notice.recordReplacement(on: day(replaced))
    let replacedOn = try day(replaced)
    let due = try day("2026-10-16")
    let later = try day("2026-11-01")
    #expect(
      notice.status(on: later, calendar: self.calendar)
        == (inTime ? .replacedInTime(on: replacedOn) : .replacedLate(on: replacedOn, due: due))
    )
    #expect(!notice.isOverdue(on: later, calendar: self.calendar))
    // Before the replacement day the record does not yet count.
    #expect(notice.status(on: replacedOn.adding(days: -1), calendar: self.calendar) != .replacedInTime(on: replacedOn))
  }

  @Test("a replacement is recorded once, not before the letter")
  func recordingMisuse() throws {
    var notice = try Self.notice("2026-09-28")
    let early = #expect(throws: StaffingError.self) { try notice.recordReplacement(on: day("2026-09-27")) }
    #expect(early?.message == "the replacement for s1 cannot be on 2026-09-27, before the letter of 2026-09-28")
    try notice.recordReplacement(on: day("2026-10-09"))
    let twice = #expect(throws: StaffingError.self) { try notice.recordReplacement(on: day("2026-10-10")) }
    #expect(twice?.message == "the replacement for s1 was already recorded on 2026-10-09")
  }

  @Test(
    "a forced return is filed with organisation and HR; an adjustment proposal needs a reason",
    arguments: ReturnNotice.Ground.allCases
  )
  func kinds(ground: ReturnNotice.Ground) throws {
    let forced = try ReturnNotice(
      staffID: "s1",
      department: "市市场监管局",
      kind: .forcedReturn(ground),
      date: day("2026-03-02")
    )
    #expect(forced.isFiledWithOrganisationAndHR)
    let proposal = try ReturnNotice(
      staffID: "s1",
      department: "市市场监管局",
      kind: .adjustmentProposal(reason: "身体原因不适合窗口工作"),
      date: day("2026-03-02")
    )
    #expect(!proposal.isFiledWithOrganisationAndHR)
    #expect(proposal.replacementDue(calendar: self.calendar) == forced.replacementDue(calendar: self.calendar))
    let error = #expect(throws: StaffingError.self) {
      try ReturnNotice(
        staffID: "s1",
        department: "市市场监管局",
        kind: .adjustmentProposal(reason: ""),
        date: day("2026-03-02")
      )
    }
    #expect(error?.code == .invalidInput)
  }
}
