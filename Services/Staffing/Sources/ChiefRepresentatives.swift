package import YimenCalendar

/// The §29 rule for a stationed department: exactly one chief representative (首席事务代表), who is 在编,
/// 副科长 or higher, and meets the §15 conditions of a window leader.
package enum ChiefRepresentatives {
  /// Checks a department's stationed staff on a day: every unmet rule at once.
  ///
  /// - `chief_representative`: none or more than one chief representative, for a department that has
  ///   stationed staff (a department with nobody stationed needs none).
  /// - For each chief representative, their eligibility (`StaffMember.eligibility(on:overrides:)`):
  ///   `establishment`, `chief_rank`, and the overridable `age` and `education`.
  ///
  /// - Parameters:
  ///   - staff: The department's stationed staff, with their roles.
  ///   - overrides: Overrides of `age` or `education` for the chief representative.
  package static func check(
    department: String,
    staff: [StaffMember],
    on date: LocalDate,
    overrides: [Override] = []
  ) -> RuleCheck {
    var check = RuleCheck()
    guard !staff.isEmpty else { return check }
    let chiefs = staff.filter { $0.role == .chiefRepresentative }
    check.expect(
      !chiefs.isEmpty,
      .chiefRepresentative,
      "\(department) has \(staff.count) stationed staff and no chief representative; designate exactly one (§29)"
    )
    check.expect(
      chiefs.count <= 1,
      .chiefRepresentative,
      "\(department) has \(chiefs.count) chief representatives (\(chiefs.map(\.name).joined(separator: ", "))); "
        + "designate exactly one (§29)"
    )
    for chief in chiefs {
      check.append(chief.eligibility(on: date, overrides: overrides))
    }
    return check
  }
}
