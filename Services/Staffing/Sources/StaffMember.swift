package import YimenCalendar

/// A person a department stations (派驻) at the centre or puts forward for it, with the facts §15 and §29
/// judge.
///
/// An immutable value: when a fact changes (a promotion, a new role), make a new one. Age and eligibility
/// are in `StaffMember+Eligibility.swift`.
package struct StaffMember: Sendable, Hashable, Identifiable {
  /// A stable identifier, e.g. the staff number; never empty.
  package let id: String
  /// The person's name, used in messages; never empty.
  package let name: String
  /// The department that stations the person (派驻机构); never empty.
  package let department: String
  /// The person's category (§18, §20).
  package let category: StaffCategory
  /// True when the person holds an establishment post (在编).
  package let inEstablishment: Bool
  /// The date of birth, from which the age in full years (周岁) is counted.
  package let birthDate: LocalDate
  /// The highest education completed.
  package let education: Education
  /// The post rank.
  package let rank: Rank
  /// What the person does, or is put forward to do, at the centre.
  package let role: StaffRole

  /// A staff member with the given facts.
  ///
  /// - Throws: `StaffingError.Code.invalidInput` listing every problem: an empty ID, name or department, or
  ///   a purchased-service person marked 在编 (purchased services are by definition outside establishment).
  package init(
    id: String,
    name: String,
    department: String,
    category: StaffCategory,
    inEstablishment: Bool,
    birthDate: LocalDate,
    education: Education,
    rank: Rank,
    role: StaffRole
  ) throws(StaffingError) {
    var problems: [String] = []
    if id.isBlank {
      problems.append("a staff member needs an ID")
    }
    if name.isBlank {
      problems.append("staff member \(id) needs a name")
    }
    if department.isBlank {
      problems.append("staff member \(id) needs a department")
    }
    if category == .purchasedService && inEstablishment {
      problems.append("staff member \(id) is provided by a purchased service (政府购买服务) and cannot be 在编")
    }
    guard problems.isEmpty else { throw StaffingError.invalidInput(problems) }
    self.id = id
    self.name = name
    self.department = department
    self.category = category
    self.inEstablishment = inEstablishment
    self.birthDate = birthDate
    self.education = education
    self.rank = rank
    self.role = role
  }
}
