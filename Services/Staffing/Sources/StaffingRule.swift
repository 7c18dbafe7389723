/// A staffing rule a check can find unmet, named by a stable code (`age`, `tenure`, `adjustment_share`…).
///
/// Rules the measures state 原则上 ("as a rule") can be waived by an `Override` from the centre's
/// management: `age`, `education`, `tenure` and `adjustment_share`. The others cannot: 在编 status for
/// reviewers and chief representatives (§15 (一), §29), the chief representative's rank (§29), one chief
/// representative per department (§29), and the window posts (§16).
package struct StaffingRule: Hashable, Sendable, CustomStringConvertible {
  private enum Wrapped: String, Hashable, Sendable, CaseIterable {
    case establishment
    case age
    case education
    case chiefRank = "chief_rank"
    case tenure
    case adjustmentShare = "adjustment_share"
    case backupPost = "backup_post"
    case windowStaffed = "window_staffed"
    case chiefRepresentative = "chief_representative"
  }

  private var wrapped: Wrapped

  private init(_ wrapped: Wrapped) {
    self.wrapped = wrapped
  }

  /// The rule with the given code, or nil when there is none, e.g. `StaffingRule(code: "tenure")`.
  package init?(code: String) {
    guard let wrapped = Wrapped(rawValue: code) else { return nil }
    self.wrapped = wrapped
  }

  /// `establishment`: reviewers and chief representatives must be 在编 (§15 (一), §29). Not overridable.
  package static let establishment = StaffingRule(.establishment)
  /// `age`: at most 45 full years for general staff and reviewers, 55 for window leaders and chief
  /// representatives, on the day checked (§15 (四), 原则上).
  package static let age = StaffingRule(.age)
  /// `education`: 大专 or higher (§15 (四), 原则上).
  package static let education = StaffingRule(.education)
  /// `chief_rank`: a chief representative holds rank 副科长 or higher (§29). Not overridable.
  package static let chiefRank = StaffingRule(.chiefRank)
  /// `tenure`: a stationed person stays at least 2 years before being rotated out (§16, 原则上).
  package static let tenure = StaffingRule(.tenure)
  /// `adjustment_share`: one adjustment request changes at most 50% of the department's stationed staff
  /// (§16, 原则上).
  package static let adjustmentShare = StaffingRule(.adjustmentShare)
  /// `backup_post`: a window served by one person names a different person for its B post (§16). Not
  /// overridable.
  package static let backupPost = StaffingRule(.backupPost)
  /// `window_staffed`: a window has at least one person on post before it opens. Not overridable.
  package static let windowStaffed = StaffingRule(.windowStaffed)
  /// `chief_representative`: each stationed department has exactly one chief representative (§29). Not
  /// overridable.
  package static let chiefRepresentative = StaffingRule(.chiefRepresentative)

  /// Every rule, in the order above.
  package static var all: [StaffingRule] { Wrapped.allCases.map(StaffingRule.init) }

  /// The stable code, e.g. `adjustment_share`: the form used on the wire and in messages.
  package var code: String { self.wrapped.rawValue }

  /// True for the rules the measures state 原则上, which an `Override` may waive.
  package var isOverridable: Bool {
    switch self.wrapped {
    case .age, .education, .tenure, .adjustmentShare: true
    case .establishment, .chiefRank, .backupPost, .windowStaffed, .chiefRepresentative: false
    }
  }

  /// The code, e.g. `tenure`.
  package var description: String { self.code }
}
