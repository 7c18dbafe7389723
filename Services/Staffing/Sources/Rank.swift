/// A staff member's post rank (职务层次), ordered from lowest to highest.
///
/// The ranks of a city's departments stop at 处长 (a city bureau is led at 处 level). §29 asks the chief
/// representative to be 副科长 or higher: `fukezhang` or any later case.
package enum Rank: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
  /// No rank: institution, purchased-service or other staff without a civil-service post.
  case none = 0
  /// 办事员: clerk.
  case banshiyuan = 1
  /// 科员: section member.
  case keyuan = 2
  /// 副科长: deputy section chief (副科级).
  case fukezhang = 3
  /// 科长: section chief (正科级).
  case kezhang = 4
  /// 副处长: deputy division chief (副处级).
  case fuchuzhang = 5
  /// 处长: division chief (正处级).
  case chuzhang = 6

  /// Orders from lowest to highest rank.
  package static func < (lhs: Rank, rhs: Rank) -> Bool {
    lhs.rawValue < rhs.rawValue
  }

  /// The Chinese title with an English gloss, e.g. `副科长 (deputy section chief)`.
  package var description: String {
    switch self {
    case .none: "no rank"
    case .banshiyuan: "办事员 (clerk)"
    case .keyuan: "科员 (section member)"
    case .fukezhang: "副科长 (deputy section chief)"
    case .kezhang: "科长 (section chief)"
    case .fuchuzhang: "副处长 (deputy division chief)"
    case .chuzhang: "处长 (division chief)"
    }
  }
}
