import Testing
import YimenCalendar
import YimenStaffing

@Suite("Who is on post: B stands in when A is away (§16)")
struct LeaveRosterTests {
  /// a1 away 06-08...06-12, b1 on 06-11, a2 on 06-10 (2026).
  static func roster() throws -> LeaveRoster {
    LeaveRoster(records: [
      try LeaveRecord(staffID: "a1", from: day("2026-06-08"), through: day("2026-06-12")),
      try LeaveRecord(staffID: "b1", from: day("2026-06-11"), through: day("2026-06-11")),
      try LeaveRecord(staffID: "a2", from: day("2026-06-10"), through: day("2026-06-10")),
    ])
  }

  @Test(
    "a single-person window",
    arguments: [
      ("2026-06-07", WindowCover.regular(staffIDs: ["a1"])),
      ("2026-06-08", .standIn(backupID: "b1")),
      ("2026-06-11", .uncovered),
      ("2026-06-12", .standIn(backupID: "b1")),
      ("2026-06-13", .regular(staffIDs: ["a1"])),
    ]
  )
  func singlePerson(date: String, cover: WindowCover) throws {
    let window = Window(id: "A-12", name: "企业登记", department: "市市场监管局", staffIDs: ["a1"], backupID: "b1")
    #expect(try Self.roster().coverFor(window, on: day(date)) == cover)
  }

  @Test("without a B post nobody covers for an absent A")
  func noBackup() throws {
    let window = Window(id: "A-12", name: "企业登记", department: "市市场监管局", staffIDs: ["a1"])
    #expect(try Self.roster().coverFor(window, on: day("2026-06-09")) == .uncovered)
    #expect(try Self.roster().coverFor(window, on: day("2026-06-09")).staffIDs.isEmpty)
  }

  @Test(
    "a two-person window is served by whoever is present; B only when both are away",
    arguments: [
      ("2026-06-07", WindowCover.regular(staffIDs: ["a1", "a2"])),
      ("2026-06-09", .regular(staffIDs: ["a2"])),
      ("2026-06-10", .standIn(backupID: "b1")),
    ]
  )
  func twoPeople(date: String, cover: WindowCover) throws {
    let window = Window(id: "A-13", name: "食品许可", department: "市市场监管局", staffIDs: ["a1", "a2"], backupID: "b1")
    #expect(try Self.roster().coverFor(window, on: day(date)) == cover)
  }

  @Test("a leave record cannot end before it starts")
  func invalidLeave() throws {
    let error = #expect(throws: StaffingError.self) {
      try LeaveRecord(staffID: "a1", from: day("2026-06-12"), through: day("2026-06-08"))
    }
    #expect(error?.message == "leave of a1 ends on 2026-06-08, before it starts on 2026-06-12")
  }
}
