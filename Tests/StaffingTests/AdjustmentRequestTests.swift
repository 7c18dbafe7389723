import Testing
import YimenCalendar
import YimenStaffing

@Suite("Adjustment requests: the 50% rule and tenure (§16)")
struct AdjustmentRequestTests {
  /// The department every request of these tests is for.
  static let department = "市市场监管局"

  /// `count` people of the department stationed on 2023-01-02, long enough to rotate in 2026.
  static func staff(_ count: Int) throws -> [Stationing] {
    try (0..<count).map { try stationed(member(id: "s\($0)", name: "员工\($0)"), on: "2023-01-02") }
  }

  @Test(
    "not more than 50%: exactly half passes, odd counts round down",
    arguments: [(0, 0), (1, 0), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3)]
  )
  func share(stationedCount: Int, maximum: Int) throws {
    #expect(AdjustmentRequest.maximumChanges(stationedCount: stationedCount) == maximum)
    let stationings = try Self.staff(stationedCount)
    let date = try day("2026-06-01")
    let atLimit = AdjustmentRequest(
      department: Self.department,
      date: date,
      outgoingStaffIDs: (0..<maximum).map { "s\($0)" }
    )
    #expect(try atLimit.check(stationings: stationings).isMet)
    guard maximum < stationedCount else { return }
    let overLimit = AdjustmentRequest(
      department: Self.department,
      date: date,
      outgoingStaffIDs: (0...maximum).map { "s\($0)" }
    )
    let check = try overLimit.check(stationings: stationings)
    #expect(check.unmetRules == [.adjustmentShare])
    #expect(
      check.violations.first?.message
        == "the request changes \(maximum + 1) of the \(stationedCount) staff 市市场监管局 has stationed on 2026-06-01; "
        + "one request may change at most \(maximum) (50%) (§16)"
    )
  }

  @Test("a department of one can rotate its only person with an override, which is kept")
  func shareOverride() throws {
    let request = AdjustmentRequest(department: Self.department, date: try day("2026-06-01"), outgoingStaffIDs: ["s0"])
    let check = try request.check(stationings: Self.staff(1), overrides: [override(.adjustmentShare)])
    #expect(check.isMet)
    #expect(check.waivers.map(\.violation.rule) == [.adjustmentShare])
  }

  @Test("the share and every short tenure are reported at once")
  func everyViolation() throws {
    var stationings = try Self.staff(2)
    stationings.append(try stationed(member(id: "n1", name: "新人甲"), on: "2025-09-01"))
    stationings.append(try stationed(member(id: "n2", name: "新人乙"), on: "2026-01-05"))
    let request = AdjustmentRequest(
      department: Self.department,
      date: try day("2026-06-01"),
      outgoingStaffIDs: ["s0", "n1", "n2"]
    )
    let error = #expect(throws: StaffingError.self) { try request.check(stationings: stationings).require() }
    #expect(error?.violations.map(\.rule) == [.adjustmentShare, .tenure, .tenure])
    #expect(error?.violations.map(\.staffID) == [nil, "n1", "n2"])

    let waived = try request.check(stationings: stationings, overrides: [override(.tenure)])
    #expect(waived.unmetRules == [.adjustmentShare])
    #expect(waived.waivers.map(\.violation.staffID) == ["n1", "n2"])
  }

  @Test("only the department's formally stationed staff count")
  func whoCounts() throws {
    var stationings = try Self.staff(2)
    // Another department's staff, a person in probation and a person who has left do not count.
    stationings.append(try stationed(member(id: "x1", department: "市税务局"), on: "2023-01-02"))
    var probation = try Stationing.nominate(member(id: "p1"), on: day("2026-05-01"))
    try probation.approve(on: day("2026-05-02"))
    try probation.startProbation(on: day("2026-05-10"))
    stationings.append(probation)
    var gone = try stationed(member(id: "g1"), on: "2023-01-02")
    try gone.leave(on: day("2026-01-05"))
    stationings.append(gone)

    let request = AdjustmentRequest(
      department: Self.department,
      date: try day("2026-06-01"),
      outgoingStaffIDs: ["s0", "s1"]
    )
    #expect(try request.check(stationings: stationings).unmetRules == [.adjustmentShare])
  }

  @Test("outgoing staff must be stationed in the department and listed once")
  func unknownStaff() throws {
    let request = AdjustmentRequest(
      department: Self.department,
      date: try day("2026-06-01"),
      outgoingStaffIDs: ["s0", "s0", "zz"]
    )
    let error = #expect(throws: StaffingError.self) { try request.check(stationings: Self.staff(4)) }
    #expect(error?.code == .invalidInput)
    #expect(error?.message == "s0 is listed twice; zz is not stationed for 市市场监管局 on 2026-06-01")
  }
}
