package import Foundation

extension LocalDate {
  /// The local date of an instant at a fixed UTC offset.
  package init(_ instant: Date, at offset: UTCOffset) {
    let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset.seconds
    // Floor division, so instants before 1970 land on the right day too.
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    self.init(daysSinceEpoch: days)
  }

  /// Today's date in a zone, by default Asia/Shanghai (UTC+8, no daylight saving time; see `UTCOffset.shanghai`).
  ///
  /// - Parameter now: The current instant; tests pass a fixed one.
  package static func today(in offset: UTCOffset = .shanghai, now: Date = Date()) -> LocalDate {
    LocalDate(now, at: offset)
  }
}
