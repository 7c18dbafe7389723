/// An unmet 原则上 rule that an override waived: kept with the check's result so that the written reason
/// stays on record with what it excused.
package struct Waiver: Sendable, Hashable {
  /// The rule that was not met.
  package var violation: RuleViolation
  /// The override that waived it.
  package var override: Override

  /// The given violation waived by the given override.
  package init(violation: RuleViolation, override: Override) {
    self.violation = violation
    self.override = override
  }
}
