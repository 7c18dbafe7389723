package import Foundation

/// One year's official schedule of public holidays and make-up working days (调休), as published by the
/// General Office of the State Council (国务院办公厅), read from a data file `YYYY.json`.
///
/// The file format is documented in `Holidays/README.md`:
///
/// ```json
/// {
///   "year": 2026,
///   "source": "国务院办公厅关于2026年部分节假日安排的通知",
///   "holidays": [{ "name": "春节", "from": "2026-02-15", "to": "2026-02-23" }],
///   "workdays": ["2026-02-14", "2026-02-28"]
/// }
/// ```
///
/// A schedule is validated when made: every date lies in its year, each holiday's `from` is not after its
/// `to`, holidays do not overlap, and each make-up working day is a Saturday or Sunday, listed once and not
/// inside a holiday. Dates of a notice that fall in the previous or next year belong in that year's file.
package struct HolidaySchedule: Sendable, Hashable {
  /// A public holiday: the consecutive days off (放假) announced under one name, weekends included.
  package struct Holiday: Sendable, Hashable {
    /// The holiday's name, e.g. 春节.
    package var name: String
    /// The first day off.
    package var from: LocalDate
    /// The last day off (inclusive).
    package var to: LocalDate

    /// A holiday from `from` through `to`, both included.
    package init(name: String, from: LocalDate, to: LocalDate) {
      self.name = name
      self.from = from
      self.to = to
    }
  }

  /// The year every date of the schedule lies in.
  package let year: Int
  /// The notice the dates come from, e.g. 国务院办公厅关于2026年部分节假日安排的通知.
  package let source: String
  /// The holidays, in file order.
  package let holidays: [Holiday]
  /// The make-up working days (调休上班): Saturdays and Sundays that are working days.
  package let workdays: [LocalDate]
  /// Where the schedule was read from (a file path), for messages.
  package let origin: String

  /// A validated schedule.
  ///
  /// - Throws: `CalendarError.Code.invalidHolidayData` naming `origin` and the offending entry when the
  ///   schedule breaks a rule listed on the type.
  package init(
    year: Int,
    source: String,
    holidays: [Holiday],
    workdays: [LocalDate],
    origin: String
  ) throws(CalendarError) {
    func fail(_ message: String) -> CalendarError {
      CalendarError(code: .invalidHolidayData, message: "\(origin): \(message)")
    }
    guard LocalDate.supportedYears.contains(year) else {
      throw fail("\"year\" \(year) is outside 1...9999")
    }
    guard !source.allSatisfy(\.isWhitespace) else {
      throw fail("\"source\" is empty: name the notice the dates come from")
    }
    var holidayOf: [LocalDate: Int] = [:]
    for (index, holiday) in holidays.enumerated() {
      let entry = "holidays[\(index)] (\(holiday.name))"
      guard !holiday.name.allSatisfy(\.isWhitespace) else {
        throw fail("holidays[\(index)]: \"name\" is empty")
      }
      for (field, date) in [("from", holiday.from), ("to", holiday.to)] where date.year != year {
        throw fail("\(entry): \"\(field)\" \(date) is not in \(year)")
      }
      guard holiday.from <= holiday.to else {
        throw fail("\(entry): \"to\" \(holiday.to) is before \"from\" \(holiday.from)")
      }
      for date in holiday.from...holiday.to {
        if let other = holidayOf[date] {
          throw fail("\(entry): \(date) is also in holidays[\(other)] (\(holidays[other].name))")
        }
        holidayOf[date] = index
      }
    }
    var seen: Set<LocalDate> = []
    for (index, date) in workdays.enumerated() {
      let entry = "workdays[\(index)] (\(date))"
      guard date.year == year else {
        throw fail("\(entry): not in \(year)")
      }
      guard seen.insert(date).inserted else {
        throw fail("\(entry): listed twice")
      }
      if let holiday = holidayOf[date] {
        throw fail(
          "\(entry): is both a make-up working day and a day off in holidays[\(holiday)] (\(holidays[holiday].name))"
        )
      }
      guard date.weekday.isWeekend else {
        throw fail(
          "\(entry): is a \(date.weekday), already a working day; make-up working days are Saturdays or Sundays"
        )
      }
    }
    self.year = year
    self.source = source
    self.holidays = holidays
    self.workdays = workdays
    self.origin = origin
  }

  /// Decodes and validates a schedule from the JSON of a holiday data file.
  ///
  /// - Parameter origin: Where the data came from (a file path), named in every error.
  /// - Throws: `CalendarError.Code.invalidHolidayData` when the data is not valid JSON, lacks a field, holds
  ///   a malformed date, or breaks a rule listed on the type.
  package init(json: Data, origin: String) throws(CalendarError) {
    let file: File
    do {
      file = try JSONDecoder().decode(File.self, from: json)
    } catch let error as DecodingError {
      throw CalendarError(code: .invalidHolidayData, message: "\(origin): \(Self.describe(error))")
    } catch {
      throw CalendarError(code: .invalidHolidayData, message: "\(origin): cannot decode", cause: error)
    }
    func date(_ text: String, _ entry: String) throws(CalendarError) -> LocalDate {
      do {
        return try LocalDate(parsing: text)
      } catch {
        throw CalendarError(code: .invalidHolidayData, message: "\(origin): \(entry): \(error.message)")
      }
    }
    var holidays: [Holiday] = []
    for (index, entry) in file.holidays.enumerated() {
      let label = "holidays[\(index)] (\(entry.name))"
      holidays.append(
        Holiday(
          name: entry.name,
          from: try date(entry.from, "\(label) \"from\""),
          to: try date(entry.to, "\(label) \"to\"")
        )
      )
    }
    var workdays: [LocalDate] = []
    for (index, text) in file.workdays.enumerated() {
      workdays.append(try date(text, "workdays[\(index)]"))
    }
    try self.init(year: file.year, source: file.source, holidays: holidays, workdays: workdays, origin: origin)
  }

  /// Reads, decodes and validates a holiday data file, which must be named after its year (`2026.json`).
  ///
  /// - Parameter origin: How to name the file in errors; its path by default.
  /// - Throws: `CalendarError.Code.invalidHolidayData` when the file cannot be read, is invalid, or holds
  ///   another year than its name says.
  package init(contentsOf file: URL, origin: String? = nil) throws(CalendarError) {
    let origin = origin ?? file.path
    let data: Data
    do {
      data = try Data(contentsOf: file)
    } catch {
      throw CalendarError(code: .invalidHolidayData, message: "\(origin): cannot read the file", cause: error)
    }
    try self.init(json: data, origin: origin)
    guard file.lastPathComponent == "\(self.year).json" else {
      throw CalendarError(
        code: .invalidHolidayData,
        message: "\(origin): holds \"year\" \(self.year), so it must be named \(self.year).json"
      )
    }
  }

  /// The JSON form of a holiday data file, with dates still as text so errors can name the entry.
  private struct File: Decodable {
    struct Entry: Decodable {
      var name: String
      var from: String
      var to: String
    }

    var year: Int
    var source: String
    var holidays: [Entry]
    var workdays: [String]
  }

  /// A one-line description of a decoding error, with the JSON path it happened at.
  private static func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      var text = ""
      for key in codingPath {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
      }
      return text.isEmpty ? "the top level" : text
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing \"\(key.stringValue)\" in \(path(context.codingPath))"
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)): expected \(Self.jsonType(type))"
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)): expected \(Self.jsonType(type)), found null"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
      }
      return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }

  /// How a holiday file's JSON names the type the decoder expected.
  private static func jsonType(_ type: Any.Type) -> String {
    if type == Int.self { return "a whole number" }
    if type == String.self { return "a string" }
    let name = String(describing: type)
    if name.hasPrefix("Array") { return "an array" }
    if name.hasPrefix("Dictionary") || type == File.self || type == File.Entry.self { return "an object" }
    return name
  }

}
