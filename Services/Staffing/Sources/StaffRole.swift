/// What a staff member does at a window, which decides the §15 and §29 conditions they must meet.
package enum StaffRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 审核审批人员: reviews and decides applications; must be in establishment (§15 (一)).
  case reviewer
  /// 一般工作人员: accepts, guides and handles cases without deciding them.
  case general
  /// 窗口负责人: leads a department's windows; the 55-year age limit applies (§15 (四)).
  case windowLeader = "window_leader"
  /// 首席事务代表: the one delegated representative of a department (§29).
  case chiefRepresentative = "chief_representative"

  /// The oldest age in full years (周岁) at which the role may be taken, the number itself included: 45 for
  /// general staff and reviewers, 55 for window leaders and chief representatives (§15 (四)).
  ///
  /// §15 sets no limit for chief representatives; they lead a department's windows, so the window leader
  /// limit applies to them.
  package var maximumAge: Int {
    switch self {
    case .reviewer, .general: 45
    case .windowLeader, .chiefRepresentative: 55
    }
  }

  /// True when the role needs 在编 status: reviewers (§15 (一)) and chief representatives (§29).
  package var requiresEstablishment: Bool {
    self == .reviewer || self == .chiefRepresentative
  }

  /// The lowest rank the role needs: 副科长 for a chief representative (§29), none otherwise.
  package var minimumRank: Rank? {
    self == .chiefRepresentative ? .fukezhang : nil
  }

  /// The section that sets the role's 在编 condition: `§29` for a chief representative, else `§15`.
  var establishmentSection: String {
    self == .chiefRepresentative ? "§29" : "§15"
  }

  /// The people in the role, for messages: `general staff`, `reviewers`, `window leaders`, `chief representatives`.
  package var plural: String {
    switch self {
    case .reviewer: "reviewers"
    case .general: "general staff"
    case .windowLeader: "window leaders"
    case .chiefRepresentative: "chief representatives"
    }
  }

  /// The English name with the Chinese term, e.g. `window leader (窗口负责人)`.
  package var description: String {
    switch self {
    case .reviewer: "reviewer (审核审批)"
    case .general: "general staff"
    case .windowLeader: "window leader (窗口负责人)"
    case .chiefRepresentative: "chief representative (首席事务代表)"
    }
  }
}
