/// One unmet rule: which rule, whom it concerns, and what is wrong in words a department understands.
package struct RuleViolation: Sendable, Hashable, CustomStringConvertible {
  /// The rule not met.
  package var rule: StaffingRule
  /// The staff member concerned, or nil when the rule concerns a department, window or request as a whole.
  package var staffID: String?
  /// What is wrong and what the rule asks, e.g. `张三 is 46 on 2026-11-25; general staff must be 45 or
  /// younger (§15)`.
  package var message: String

  /// A violation of a rule, about a staff member or (with nil) about the whole subject checked.
  package init(rule: StaffingRule, staffID: String? = nil, message: String) {
    self.rule = rule
    self.staffID = staffID
    self.message = message
  }

  /// `<rule code>: <message>`, e.g. `age: 张三 is 46 on 2026-11-25; general staff must be 45 or younger (§15)`.
  package var description: String {
    "\(self.rule): \(self.message)"
  }
}
