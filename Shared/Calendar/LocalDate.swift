/// A calendar date without a time or a time zone, in the proleptic Gregorian calendar, e.g. 2026-02-14.
///
/// Years 1 through 9999 are supported, so that every date has a four-digit `YYYY-MM-DD` form. The date is
/// its text form in `Codable` and `description`. Arithmetic is plain integer arithmetic on days; no
/// Foundation `Calendar` is involved.
package struct LocalDate: Sendable, Hashable {
  /// The years a date may have.
  package static let supportedYears = 1...9999

  /// The year, 1...9999.
  package let year: Int
  /// The month, 1...12.
  package let month: Int
  /// The day of the month, 1...28/29/30/31.
  package let day: Int

  /// The date with the given year, month and day.
  ///
  /// - Throws: `CalendarError.Code.invalidDate` when the date does not exist (e.g. 2026-02-29) or the year
  ///   is outside 1...9999.
  package init(year: Int, month: Int, day: Int) throws(CalendarError) {
    guard Self.supportedYears.contains(year) else {
      throw CalendarError(code: .invalidDate, message: "year \(year) is outside 1...9999")
    }
    guard (1...12).contains(month) else {
      throw CalendarError(code: .invalidDate, message: "month \(month) is outside 1...12")
    }
    let length = Self.daysInMonth(month, of: year)
    guard (1...length).contains(day) else {
      throw CalendarError(
        code: .invalidDate,
        message: "day \(day) is outside 1...\(length) for \(year)-\(Self.twoDigits(month))"
      )
    }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses the `YYYY-MM-DD` form, e.g. `2026-02-14`: exactly four, two and two ASCII digits.
  ///
  /// - Throws: `CalendarError.Code.invalidDate` for any other form or a date that does not exist
  ///   (e.g. `2026-02-30`, `2025-02-29`).
  package init(parsing text: String) throws(CalendarError) {
    let bytes = Array(text.utf8)
    let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      bytes[0..<4].allSatisfy(isDigit), bytes[5..<7].allSatisfy(isDigit), bytes[8..<10].allSatisfy(isDigit)
    else {
      throw CalendarError(code: .invalidDate, message: "\"\(text)\" is not a date in the form YYYY-MM-DD")
    }
    let number = { (range: Range<Int>) in
      bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
    do {
      try self.init(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    } catch {
      throw CalendarError(code: .invalidDate, message: "\"\(text)\" is not a valid date: \(error.message)")
    }
  }

  /// The date `days` days since 1970-01-01 (negative before it).
  ///
  /// Traps when the result is outside years 1...9999.
  package init(daysSinceEpoch days: Int) {
    // Howard Hinnant's civil_from_days, valid for the whole proleptic Gregorian calendar.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    precondition(Self.supportedYears.contains(year), "date \(days) days from 1970-01-01 is outside years 1...9999")
    self.year = year
    self.month = month
    self.day = day
  }

  /// The number of days since 1970-01-01 (negative before it).
  package var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let year = self.month <= 2 ? self.year - 1 : self.year
    let era = (year >= 0 ? year : year - 399) / 400
    let yearOfEra = year - era * 400
    let dayOfYear = (153 * (self.month > 2 ? self.month - 3 : self.month + 9) + 2) / 5 + self.day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The day of the week.
  package var weekday: Weekday {
    // 1970-01-01 was a Thursday (ISO 4).
    let offset = ((self.daysSinceEpoch % 7) + 7 + 3) % 7
    return Weekday(rawValue: offset + 1)!
  }

  /// The date `days` days later (earlier when negative).
  ///
  /// Traps when the result is outside years 1...9999.
  package func adding(days: Int) -> LocalDate {
    days == 0 ? self : LocalDate(daysSinceEpoch: self.daysSinceEpoch + days)
  }

  /// The number of days from this date to `other`: positive when `other` is later.
  package func days(until other: LocalDate) -> Int {
    other.daysSinceEpoch - self.daysSinceEpoch
  }

  /// January 1 of the given year (which must be in 1...9999).
  package static func firstDay(of year: Int) throws(CalendarError) -> LocalDate {
    try LocalDate(year: year, month: 1, day: 1)
  }

  /// December 31 of the given year (which must be in 1...9999).
  package static func lastDay(of year: Int) throws(CalendarError) -> LocalDate {
    try LocalDate(year: year, month: 12, day: 31)
  }

  /// True for years divisible by 4, except centuries not divisible by 400.
  package static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// The number of days in a month (1...12) of a year.
  package static func daysInMonth(_ month: Int, of year: Int) -> Int {
    switch month {
    case 2: self.isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }
}

extension LocalDate: Comparable {
  /// Orders by year, then month, then day.
  package static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }
}

extension LocalDate: Strideable {
  /// The number of days from this date to `other`, so that `start...end` can be iterated day by day.
  package func distance(to other: LocalDate) -> Int {
    self.days(until: other)
  }

  /// The date `n` days later; traps outside years 1...9999.
  package func advanced(by n: Int) -> LocalDate {
    self.adding(days: n)
  }
}

extension LocalDate: LosslessStringConvertible {
  /// Parses `YYYY-MM-DD`, or nil when the text is not a valid date; `init(parsing:)` says why.
  package init?(_ description: String) {
    guard let date = try? LocalDate(parsing: description) else { return nil }
    self = date
  }

  /// The `YYYY-MM-DD` form.
  package var description: String {
    let year = String(self.year)
    return String(repeating: "0", count: 4 - year.count) + year + "-" + Self.twoDigits(self.month) + "-"
      + Self.twoDigits(self.day)
  }
}

extension LocalDate: Codable {
  /// Decodes the `YYYY-MM-DD` string form; any other value is a data-corrupted error.
  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    do {
      self = try LocalDate(parsing: text)
    } catch {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
    }
  }

  /// Encodes the `YYYY-MM-DD` string form.
  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(self.description)
  }
}
