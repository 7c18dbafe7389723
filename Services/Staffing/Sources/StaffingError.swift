/// A staffing action or input the rules refuse.
///
/// A refusal by the rules (`rulesNotMet`) lists every unmet rule at once in `violations`, so that a
/// department can fix everything in one go; the message joins them. The message is meant for a person.
package struct StaffingError: Error, Sendable, CustomStringConvertible {
  /// What kind of refusal this is.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
      case rulesNotMet
      case invalidTransition
      case invalidInput
    }

    private var wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
      self.wrapped = wrapped
    }

    /// One or more rules are not met and not waived; `violations` lists them all.
    package static let rulesNotMet = Code(.rulesNotMet)
    /// A step of a process taken out of order: e.g. confirming a stationing that is not in probation, or
    /// before its month of probation is over, or with a date before the previous step.
    package static let invalidTransition = Code(.invalidTransition)
    /// An input that is malformed: an empty name or reason, an override of a rule that cannot be
    /// overridden, an unknown staff member.
    package static let invalidInput = Code(.invalidInput)

    /// `rules not met`, `invalid transition` or `invalid input`.
    package var description: String {
      switch self.wrapped {
      case .rulesNotMet: "rules not met"
      case .invalidTransition: "invalid transition"
      case .invalidInput: "invalid input"
      }
    }
  }

  /// What kind of refusal this is.
  package var code: Code
  /// What is wrong, e.g. `age: 张三 is 46 on 2026-11-25; general staff must be 45 or younger (§15)`.
  package var message: String
  /// Every unmet rule, for `rulesNotMet`; empty otherwise.
  package var violations: [RuleViolation]

  /// An error with the given code, message and violations.
  package init(code: Code, message: String, violations: [RuleViolation] = []) {
    self.code = code
    self.message = message
    self.violations = violations
  }

  /// A `rulesNotMet` error listing the violations, their descriptions joined by `; ` as the message.
  package static func rulesNotMet(_ violations: [RuleViolation]) -> StaffingError {
    StaffingError(
      code: .rulesNotMet,
      message: violations.map(\.description).joined(separator: "; "),
      violations: violations
    )
  }

  /// An `invalidInput` error listing the problems, joined by `; `.
  static func invalidInput(_ problems: [String]) -> StaffingError {
    StaffingError(code: .invalidInput, message: problems.joined(separator: "; "))
  }

  /// `<code>: <message>`.
  package var description: String {
    "\(self.code): \(self.message)"
  }
}
