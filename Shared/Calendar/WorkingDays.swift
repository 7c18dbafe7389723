/// A number of working days in steps of half a day (the minimum unit of a time limit), e.g. 0.5, 3 or 20.
///
/// Stored exactly as a count of half days, so no rounding happens in deadline arithmetic. Encoded as a
/// JSON number of days (`1.5`).
package struct WorkingDays: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The largest count accepted: 10 000 days, far beyond any legal time limit, so that a typo cannot
  /// make a deadline computation run for centuries.
  package static let maximumDays = 10_000

  /// No working days: a deadline at the end of the start day.
  package static let zero = WorkingDays(uncheckedHalfDays: 0)

  /// The count in half days: 3 for 1.5 working days.
  package let halfDays: Int

  /// The given number of half days.
  ///
  /// - Throws: `CalendarError.Code.invalidWorkingDays` when negative or above `maximumDays`.
  package init(halfDays: Int) throws(CalendarError) {
    guard halfDays >= 0 else {
      throw CalendarError(
        code: .invalidWorkingDays,
        message: "working days must not be negative, got \(Double(halfDays) / 2)"
      )
    }
    guard halfDays <= Self.maximumDays * 2 else {
      throw CalendarError(
        code: .invalidWorkingDays,
        message: "working days must be at most \(Self.maximumDays), got \(Double(halfDays) / 2)"
      )
    }
    self.halfDays = halfDays
  }

  /// The given number of days, which must be a multiple of 0.5, e.g. `1.5`.
  ///
  /// - Throws: `CalendarError.Code.invalidWorkingDays` for a value that is negative, not a multiple of 0.5
  ///   (e.g. `0.3`), not finite, or above `maximumDays`.
  package init(_ days: Double) throws(CalendarError) {
    guard days.isFinite else {
      throw CalendarError(code: .invalidWorkingDays, message: "working days must be a finite number, got \(days)")
    }
    guard days >= 0 else {
      throw CalendarError(code: .invalidWorkingDays, message: "working days must not be negative, got \(days)")
    }
    guard days <= Double(Self.maximumDays) else {
      throw CalendarError(
        code: .invalidWorkingDays,
        message: "working days must be at most \(Self.maximumDays), got \(days)"
      )
    }
    let halves = days * 2
    guard halves == halves.rounded() else {
      throw CalendarError(
        code: .invalidWorkingDays,
        message: "working days must be a multiple of 0.5, got \(days)"
      )
    }
    try self.init(halfDays: Int(halves))
  }

  /// The given whole number of days.
  ///
  /// - Throws: `CalendarError.Code.invalidWorkingDays` when negative or above `maximumDays`.
  package init(days: Int) throws(CalendarError) {
    guard days >= 0 else {
      throw CalendarError(code: .invalidWorkingDays, message: "working days must not be negative, got \(days)")
    }
    guard days <= Self.maximumDays else {
      throw CalendarError(
        code: .invalidWorkingDays,
        message: "working days must be at most \(Self.maximumDays), got \(days)"
      )
    }
    try self.init(halfDays: days * 2)
  }

  private init(uncheckedHalfDays: Int) {
    self.halfDays = uncheckedHalfDays
  }

  /// The count in days: 1.5 for three half days.
  package var days: Double { Double(self.halfDays) / 2 }

  /// True when the count ends half way through a day (1.5, not 2).
  package var endsAtNoon: Bool { self.halfDays % 2 == 1 }

  /// Orders by length: 0.5 before 1.
  package static func < (lhs: WorkingDays, rhs: WorkingDays) -> Bool {
    lhs.halfDays < rhs.halfDays
  }

  /// `0.5`, `3` or `1.5`: whole counts without a decimal point.
  package var description: String {
    self.halfDays % 2 == 0 ? "\(self.halfDays / 2)" : "\(self.halfDays / 2).5"
  }
}

extension WorkingDays: Codable {
  /// Decodes a JSON number of days; a value that is not a multiple of 0.5 is a data-corrupted error.
  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let days = try container.decode(Double.self)
    do {
      try self.init(days)
    } catch {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
    }
  }

  /// Encodes a JSON number of days: an integer when whole, else `n.5`.
  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if self.halfDays % 2 == 0 {
      try container.encode(self.halfDays / 2)
    } else {
      try container.encode(self.days)
    }
  }
}
