/// A calendar input that cannot be used: a malformed date, a working-day count that is not a multiple
/// of 0.5, or a holiday data file that is unreadable or inconsistent.
///
/// The message is meant for a person: for holiday files it names the file and the entry at fault.
package struct CalendarError: Error, Sendable, CustomStringConvertible {
  /// What kind of input was wrong.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
      case invalidDate
      case invalidWorkingDays
      case invalidHolidayData
    }

    private var wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
      self.wrapped = wrapped
    }

    /// A date that does not exist or is not written `YYYY-MM-DD`, or a year outside 1...9999.
    package static let invalidDate = Code(.invalidDate)
    /// A working-day count that is negative, not a multiple of 0.5, or too large.
    package static let invalidWorkingDays = Code(.invalidWorkingDays)
    /// A holiday data file (or its directory) that cannot be read, decoded or validated.
    package static let invalidHolidayData = Code(.invalidHolidayData)

    /// `invalid date`, `invalid working days` or `invalid holiday data`.
    package var description: String {
      switch self.wrapped {
      case .invalidDate: "invalid date"
      case .invalidWorkingDays: "invalid working days"
      case .invalidHolidayData: "invalid holiday data"
      }
    }
  }

  /// What kind of input was wrong.
  package var code: Code
  /// What is wrong and where, e.g. `2026.json: holidays[1] (春节): "to" 2026-02-13 is before "from" 2026-02-15`.
  package var message: String
  /// The underlying error, e.g. the file system or JSON decoding error, when there is one.
  package var cause: (any Error & Sendable)?

  /// An error with the given code, message and optional cause.
  package init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.cause = cause
  }

  /// `<code>: <message>`, then the cause in parentheses when there is one.
  package var description: String {
    if let cause = self.cause {
      return "\(self.code): \(self.message) (\(cause))"
    }
    return "\(self.code): \(self.message)"
  }
}
