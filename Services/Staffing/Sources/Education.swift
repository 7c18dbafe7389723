/// The highest education (文化程度) a staff member has completed, ordered from lowest to highest.
///
/// §15 asks for 大专以上文化程度: `juniorCollege` or higher, the level itself included.
package enum Education: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
  /// Below junior college: senior high school, technical secondary school (中专) or less.
  case belowJuniorCollege = 0
  /// 大专: a junior college diploma.
  case juniorCollege = 1
  /// 本科: a bachelor's degree.
  case bachelor = 2
  /// 硕士研究生: a master's degree.
  case master = 3
  /// 博士研究生: a doctorate.
  case doctorate = 4

  /// Orders from lowest to highest education.
  package static func < (lhs: Education, rhs: Education) -> Bool {
    lhs.rawValue < rhs.rawValue
  }

  /// The English name with the Chinese term, e.g. `junior college (大专)`.
  package var description: String {
    switch self {
    case .belowJuniorCollege: "below junior college (大专以下)"
    case .juniorCollege: "junior college (大专)"
    case .bachelor: "bachelor (本科)"
    case .master: "master (硕士)"
    case .doctorate: "doctorate (博士)"
    }
  }
}
