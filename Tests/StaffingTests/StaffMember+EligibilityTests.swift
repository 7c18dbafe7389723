import Testing
import YimenCalendar
import YimenStaffing

@Suite("§15 and §29 eligibility")
struct StaffMemberEligibilityTests {
  @Test(
    "age limits include the number: eligible up to the day before the 46th or 56th birthday",
    arguments: [
      (StaffRole.general, "1980-11-25", "2026-11-24", 45, true),
      (.general, "1980-11-25", "2026-11-25", 46, false),
      (.reviewer, "1980-11-25", "2026-11-24", 45, true),
      (.reviewer, "1980-11-25", "2026-11-25", 46, false),
      (.windowLeader, "1970-06-15", "2026-06-14", 55, true),
      (.windowLeader, "1970-06-15", "2026-06-15", 56, false),
      (.chiefRepresentative, "1970-06-15", "2026-06-14", 55, true),
      (.chiefRepresentative, "1970-06-15", "2026-06-15", 56, false),
      // Born on 29 February: the 46th birthday in 2026, a common year, is 1 March.
      (.general, "1980-02-29", "2026-02-28", 45, true),
      (.general, "1980-02-29", "2026-03-01", 46, false),
      // In a leap year it is 29 February itself.
      (.general, "1982-02-28", "2028-02-28", 46, false),
      (.windowLeader, "1972-02-29", "2028-02-28", 55, true),
      (.windowLeader, "1972-02-29", "2028-02-29", 56, false),
    ]
  )
  func ageLimits(role: StaffRole, born: String, on date: String, age: Int, eligible: Bool) throws {
    let person = try member(born: born, rank: .kezhang, role: role)
    let check = person.eligibility(on: try day(date))
    #expect(person.age(on: try day(date)) == age)
    #expect(check.isMet == eligible)
    #expect(check.unmetRules == (eligible ? [] : [.age]))
  }

  @Test("a refusal names the rule, the age, the day and the limit")
  func ageMessage() throws {
    let person = try member(born: "1980-11-25")
    let error = #expect(throws: StaffingError.self) {
      try person.eligibility(on: day("2026-11-25")).require()
    }
    #expect(error?.code == .rulesNotMet)
    #expect(
      error?.description
        == "rules not met: age: 张三 is 46 on 2026-11-25; general staff must be 45 or younger (§15)"
    )
    #expect(error?.violations.map(\.staffID) == ["s1"])
  }

  @Test("education must be junior college (大专) or higher", arguments: Education.allCases)
  func education(education: Education) throws {
    let check = try member(education: education).eligibility(on: day("2026-06-01"))
    #expect(check.isMet == (education >= .juniorCollege))
    if education == .belowJuniorCollege {
      #expect(
        check.violations.map(\.description) == [
          "education: 张三 has education below junior college (大专以下); "
            + "general staff need junior college (大专) or higher (§15)"
        ]
      )
    }
  }

  @Test(
    "reviewers and chief representatives must be 在编; general staff and window leaders need not",
    arguments: [
      (StaffRole.reviewer, false), (.general, true), (.windowLeader, true), (.chiefRepresentative, false),
    ]
  )
  func establishment(role: StaffRole, eligibleOutside: Bool) throws {
    let outside = try member(category: .institution, inEstablishment: false, rank: .kezhang, role: role)
    let inside = try member(category: .institution, inEstablishment: true, rank: .kezhang, role: role)
    let date = try day("2026-06-01")
    #expect(outside.eligibility(on: date).unmetRules == (eligibleOutside ? [] : [.establishment]))
    #expect(inside.eligibility(on: date).isMet)
  }

  @Test("a chief representative holds rank 副科长 or higher", arguments: Rank.allCases)
  func chiefRank(rank: Rank) throws {
    let chief = try member(rank: rank, role: .chiefRepresentative)
    let check = chief.eligibility(on: try day("2026-06-01"))
    #expect(check.unmetRules == (rank >= .fukezhang ? [] : [.chiefRank]))
  }

  @Test("rank does not matter for other roles", arguments: [StaffRole.general, .reviewer, .windowLeader])
  func rankIrrelevant(role: StaffRole) throws {
    #expect(try member(rank: .none, role: role).eligibility(on: day("2026-06-01")).isMet)
  }

  @Test("every unmet condition is listed at once")
  func everyViolation() throws {
    let chief = try member(
      category: .institution,
      inEstablishment: false,
      born: "1970-01-10",
      education: .belowJuniorCollege,
      rank: .keyuan,
      role: .chiefRepresentative
    )
    let error = #expect(throws: StaffingError.self) {
      try chief.eligibility(on: day("2026-06-01")).require()
    }
    #expect(error?.violations.map(\.rule) == [.establishment, .age, .education, .chiefRank])
    #expect(
      error?.message
        == [
          "establishment: 张三 is not 在编; chief representatives must hold an establishment post (§29)",
          "age: 张三 is 56 on 2026-06-01; chief representatives must be 55 or younger (§15)",
          "education: 张三 has education below junior college (大专以下); "
            + "chief representatives need junior college (大专) or higher (§15)",
          "chief_rank: 张三 holds rank 科员 (section member); chief representatives must hold 副科长 (deputy section chief) "
            + "or higher (§29)",
        ].joined(separator: "; ")
    )
  }

  @Test("an override waives exactly its own rule and is kept as a waiver")
  func overrideWaivesOneRule() throws {
    let person = try member(born: "1978-01-01", education: .belowJuniorCollege)
    let date = try day("2026-06-01")
    let ageOverride = try override(.age)
    let waived = person.eligibility(on: date, overrides: [ageOverride])
    #expect(waived.unmetRules == [.education])
    #expect(waived.waivers.map(\.violation.rule) == [.age])
    #expect(waived.waivers.first?.override == ageOverride)

    let both = person.eligibility(on: date, overrides: [ageOverride, try override(.education)])
    #expect(both.isMet)
    #expect(both.waivers.map(\.violation.rule) == [.age, .education])
  }

  @Test("an override is not used when the rule is met")
  func unusedOverride() throws {
    let check = try member().eligibility(on: day("2026-06-01"), overrides: [override(.age)])
    #expect(check.isMet)
    #expect(check.waivers.isEmpty)
  }

  @Test("the age and establishment rules of a reviewer: only age can be waived")
  func establishmentNotWaived() throws {
    let reviewer = try member(category: .institution, inEstablishment: false, born: "1975-01-01", role: .reviewer)
    let check = try reviewer.eligibility(on: day("2026-06-01"), overrides: [override(.age), override(.education)])
    #expect(check.unmetRules == [.establishment])
    #expect(check.waivers.map(\.violation.rule) == [.age])
  }

  @Test("a staff member's facts must be complete and consistent, every problem listed")
  func invalidMember() throws {
    let error = #expect(throws: StaffingError.self) {
      try StaffMember(
        id: "p9",
        name: " ",
        department: "",
        category: .purchasedService,
        inEstablishment: true,
        birthDate: day("1995-01-01"),
        education: .juniorCollege,
        rank: .none,
        role: .general
      )
    }
    #expect(error?.code == .invalidInput)
    #expect(
      error?.message
        == "staff member p9 needs a name; staff member p9 needs a department; "
        + "staff member p9 is provided by a purchased service (政府购买服务) and cannot be 在编"
    )
  }
}
