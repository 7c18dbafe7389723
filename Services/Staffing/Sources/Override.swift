package import YimenCalendar

/// A written decision of the centre's management to waive one 原则上 rule for one check: e.g. to station a
/// 47-year-old specialist, or to rotate someone out before 2 years.
///
/// An override waives exactly its rule and nothing else; pass it to the check it was granted for (a
/// nomination, a rotation, an adjustment request), which keeps it in its `waivers` when it was needed.
/// Only rules whose `isOverridable` is true can be overridden: `age`, `education`, `tenure` and
/// `adjustment_share`. The 在编 rule, the chief representative's rank and the window posts cannot.
package struct Override: Sendable, Hashable {
  /// The rule waived.
  package let rule: StaffingRule
  /// Why, in writing; never empty.
  package let reason: String
  /// Who in the centre's management decided, e.g. a name or staff ID; never empty.
  package let approvedBy: String
  /// The day of the decision.
  package let date: LocalDate

  /// An override of `rule`, for a reason, by someone, on a date.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` listing every problem: a rule that cannot be overridden,
  ///   an empty reason, an empty `by`.
  package init(rule: StaffingRule, reason: String, by approvedBy: String, on date: LocalDate) throws(StaffingError) {
    var problems: [String] = []
    if !rule.isOverridable {
      problems.append("the \(rule) rule cannot be overridden")
    }
    if reason.isBlank {
      problems.append("an override of \(rule) needs a written reason")
    }
    if approvedBy.isBlank {
      problems.append("an override of \(rule) needs the name of who decided it")
    }
    guard problems.isEmpty else { throw StaffingError.invalidInput(problems) }
    self.rule = rule
    self.reason = reason
    self.approvedBy = approvedBy
    self.date = date
  }
}

extension String {
  /// True when the text is empty or only white space.
  var isBlank: Bool {
    self.allSatisfy(\.isWhitespace)
  }
}
