/// A day of the week, numbered as in ISO 8601: Monday is 1, Sunday is 7.
package enum Weekday: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 星期一.
  case monday = 1
  /// 星期二.
  case tuesday
  /// 星期三.
  case wednesday
  /// 星期四.
  case thursday
  /// 星期五.
  case friday
  /// 星期六.
  case saturday
  /// 星期日.
  case sunday

  /// True for Saturday and Sunday, the days off of an ordinary week.
  package var isWeekend: Bool { self == .saturday || self == .sunday }

  /// The English name, e.g. `Saturday`.
  package var description: String {
    switch self {
    case .monday: "Monday"
    case .tuesday: "Tuesday"
    case .wednesday: "Wednesday"
    case .thursday: "Thursday"
    case .friday: "Friday"
    case .saturday: "Saturday"
    case .sunday: "Sunday"
    }
  }
}
