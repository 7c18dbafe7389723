import Testing
import YimenCalendar
import YimenStaffing

@Suite("One eligible chief representative per stationed department (§29)")
struct ChiefRepresentativesTests {
  /// The day every check of these tests runs on.
  static let date = "2026-06-01"

  /// An otherwise eligible chief representative with the given rank and establishment status.
  static func chief(_ id: String, rank: Rank = .kezhang, inEstablishment: Bool = true) throws -> StaffMember {
    try member(
      id: id,
      name: "首席\(id)",
      category: inEstablishment ? .civilServant : .institution,
      inEstablishment: inEstablishment,
      rank: rank,
      role: .chiefRepresentative
    )
  }

  /// The §29 check of 市市场监管局's staff on `date`.
  static func check(_ staff: [StaffMember]) throws -> RuleCheck {
    ChiefRepresentatives.check(department: "市市场监管局", staff: staff, on: try day(Self.date))
  }

  @Test("one eligible chief among the staff passes")
  func one() throws {
    #expect(try Self.check([Self.chief("c1"), member(id: "s1"), member(id: "s2")]).isMet)
  }

  @Test("a department with nobody stationed needs no chief")
  func empty() throws {
    #expect(try Self.check([]).isMet)
  }

  @Test("a department without a chief")
  func missing() throws {
    let check = try Self.check([member(id: "s1"), member(id: "s2", role: .windowLeader)])
    #expect(
      check.violations.map(\.description) == [
        "chief_representative: 市市场监管局 has 2 stationed staff and no chief representative; designate exactly one (§29)"
      ]
    )
  }

  @Test("several chiefs, and every ineligible one, are reported at once")
  func multipleAndIneligible() throws {
    let check = try Self.check([
      Self.chief("c1"), Self.chief("c2", rank: .keyuan), Self.chief("c3", inEstablishment: false), member(id: "s1"),
    ])
    #expect(check.unmetRules == [.chiefRepresentative, .chiefRank, .establishment])
    #expect(
      check.violations.first?.message
        == "市市场监管局 has 3 chief representatives (首席c1, 首席c2, 首席c3); designate exactly one (§29)"
    )
    #expect(check.violations.map(\.staffID) == [nil, "c2", "c3"])
  }

  @Test("the chief's age and education can be waived, the rank cannot")
  func overrides() throws {
    let old = try member(
      id: "c1",
      born: "1965-01-01",
      education: .belowJuniorCollege,
      rank: .keyuan,
      role: .chiefRepresentative
    )
    let check = try ChiefRepresentatives.check(
      department: "市市场监管局",
      staff: [old],
      on: day(Self.date),
      overrides: [override(.age), override(.education)]
    )
    #expect(check.unmetRules == [.chiefRank])
    #expect(check.waivers.map(\.violation.rule) == [.age, .education])
  }
}
