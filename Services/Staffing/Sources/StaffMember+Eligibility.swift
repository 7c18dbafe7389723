package import YimenCalendar

extension StaffMember {
  /// The age in full years (周岁) on a date: the number of birthdays reached by that day, the birthday itself
  /// included.
  ///
  /// A person born on 29 February has the birthday on 1 March in common years: on 28 February they have not
  /// yet lived the full year. Negative for a date before the birth.
  package func age(on date: LocalDate) -> Int {
    self.birthDate.completedYears(until: date)
  }

  /// The §15 and §29 conditions for the person's role, on the day they are checked (the nomination date):
  /// every unmet one.
  ///
  /// - 在编 (`establishment`) for reviewers and chief representatives; not overridable.
  /// - Age (`age`) at most `role.maximumAge` full years: 以下 includes the number (民法典 §1259), so a general
  ///   staff member qualifies at 45 up to the day before the 46th birthday. 原则上: overridable.
  /// - Education (`education`) 大专 or higher. 原则上: overridable.
  /// - Rank (`chief_rank`) 副科长 or higher for a chief representative; not overridable.
  ///
  /// The conditions apply when a person is put forward; someone already stationed who passes an age limit
  /// is not refused by them.
  package func eligibility(on date: LocalDate, overrides: [Override] = []) -> RuleCheck {
    var check = RuleCheck()
    let role = self.role
    if role.requiresEstablishment {
      check.expect(
        self.inEstablishment,
        .establishment,
        staffID: self.id,
        "\(self.name) is not 在编; \(role.plural) must hold an establishment post (\(role.establishmentSection))"
      )
    }
    let age = self.age(on: date)
    check.expect(
      age <= role.maximumAge,
      .age,
      staffID: self.id,
      overrides: overrides,
      "\(self.name) is \(age) on \(date); \(role.plural) must be \(role.maximumAge) or younger (§15)"
    )
    check.expect(
      self.education >= .juniorCollege,
      .education,
      staffID: self.id,
      overrides: overrides,
      "\(self.name) has education \(self.education); \(role.plural) need \(Education.juniorCollege) or higher (§15)"
    )
    if let minimumRank = role.minimumRank {
      check.expect(
        self.rank >= minimumRank,
        .chiefRank,
        staffID: self.id,
        "\(self.name) holds rank \(self.rank); \(role.plural) must hold \(minimumRank) or higher (§29)"
      )
    }
    return check
  }
}
