/// The result of checking rules: every unmet rule, and every unmet rule an override waived.
///
/// A check never stops at the first problem, so `violations` lists them all; `require()` turns them into
/// one `rulesNotMet` error.
package struct RuleCheck: Sendable, Hashable {
  /// The unmet rules no override waived, in the order checked.
  package private(set) var violations: [RuleViolation] = []
  /// The unmet rules an override waived, with the override; keep them with the decision.
  package private(set) var waivers: [Waiver] = []

  /// A check with nothing found yet.
  package init() {}

  /// True when no rule is unmet (waived rules count as met).
  package var isMet: Bool { self.violations.isEmpty }

  /// The rules of the violations, in order.
  package var unmetRules: [StaffingRule] { self.violations.map(\.rule) }

  /// Returns when every rule is met or waived.
  ///
  /// - Throws: `StaffingError.Code.rulesNotMet` listing every violation.
  package func require() throws(StaffingError) {
    guard self.isMet else { throw StaffingError.rulesNotMet(self.violations) }
  }

  /// Records a violation of `rule` unless `condition` holds; a violation of an overridable rule with an
  /// override among `overrides` becomes a waiver instead.
  mutating func expect(
    _ condition: Bool,
    _ rule: StaffingRule,
    staffID: String? = nil,
    overrides: [Override] = [],
    _ message: @autoclosure () -> String
  ) {
    guard !condition else { return }
    let violation = RuleViolation(rule: rule, staffID: staffID, message: message())
    if rule.isOverridable, let override = overrides.first(where: { $0.rule == rule }) {
      self.waivers.append(Waiver(violation: violation, override: override))
    } else {
      self.violations.append(violation)
    }
  }

  /// Adds another check's violations and waivers after this one's.
  mutating func append(_ other: RuleCheck) {
    self.violations += other.violations
    self.waivers += other.waivers
  }
}
