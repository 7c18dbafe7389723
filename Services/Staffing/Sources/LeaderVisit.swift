package import YimenCalendar

/// A department leader's visit to the centre to learn how its windows work (§17).
package struct LeaderVisit: Sendable, Hashable {
  /// Which leader visited.
  package enum Leader: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 分管领导: the leader in charge of the windows, who visits at least once a week.
    case deputy
    /// 主要领导: the head of the department, who visits at least once a month.
    case main

    /// `deputy leader (分管领导)` or `main leader (主要领导)`.
    package var description: String {
      switch self {
      case .deputy: "deputy leader (分管领导)"
      case .main: "main leader (主要领导)"
      }
    }
  }

  /// The department whose leader visited.
  package let department: String
  /// Which leader.
  package let leader: Leader
  /// The day of the visit.
  package let date: LocalDate

  /// A visit by a department's leader on a day.
  package init(department: String, leader: Leader, date: LocalDate) {
    self.department = department
    self.leader = leader
    self.date = date
  }
}
