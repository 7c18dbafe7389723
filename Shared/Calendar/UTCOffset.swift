/// A fixed offset from UTC, for time zones without daylight saving time.
package struct UTCOffset: Sendable, Hashable, CustomStringConvertible {
  /// Seconds east of UTC, e.g. 28 800 for UTC+8.
  package var seconds: Int

  /// The offset of the given number of seconds east of UTC.
  package init(seconds: Int) {
    self.seconds = seconds
  }

  /// The offset of the given number of whole hours east of UTC.
  package init(hours: Int) {
    self.init(seconds: hours * 3600)
  }

  /// Asia/Shanghai, China Standard Time: UTC+8 all year.
  ///
  /// China has used one time zone and no daylight saving time since 1992 (it last observed summer time
  /// in 1991), so a fixed offset gives the right local date for every date Yimen deals with, without a
  /// time zone database.
  package static let shanghai = UTCOffset(hours: 8)

  /// `UTC+08:00` style.
  package var description: String {
    let sign = self.seconds < 0 ? "-" : "+"
    let minutes = abs(self.seconds) / 60
    let hours = minutes / 60
    let rest = minutes % 60
    return "UTC\(sign)\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
  }
}
