import Testing
import YimenCalendar
import YimenStaffing

@Suite("Overrides of 原则上 rules")
struct OverrideTests {
  @Test("only the 原则上 rules can be overridden", arguments: StaffingRule.all)
  func overridable(rule: StaffingRule) throws {
    #expect(rule.isOverridable == [.age, .education, .tenure, .adjustmentShare].contains(rule))
    if rule.isOverridable {
      #expect(try override(rule).rule == rule)
    } else {
      let error = #expect(throws: StaffingError.self) { try override(rule) }
      #expect(error?.code == .invalidInput)
      #expect(error?.message == "the \(rule.code) rule cannot be overridden")
    }
  }

  @Test("an override needs a reason and who decided, every problem listed")
  func reasonAndAuthor() throws {
    let error = #expect(throws: StaffingError.self) {
      try Override(rule: .establishment, reason: "  ", by: "", on: day("2026-01-01"))
    }
    #expect(
      error?.message
        == "the establishment rule cannot be overridden; an override of establishment needs a written reason; "
        + "an override of establishment needs the name of who decided it"
    )
  }

  @Test("rule codes round-trip", arguments: StaffingRule.all)
  func codes(rule: StaffingRule) {
    #expect(StaffingRule(code: rule.code) == rule)
  }

  @Test("unknown codes are refused")
  func unknownCode() {
    #expect(StaffingRule(code: "seniority") == nil)
  }
}
