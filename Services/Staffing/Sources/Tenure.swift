package import YimenCalendar

/// How long a person has been stationed at a window, as of a date, and the facts that follow from it.
///
/// Computed on demand from the stationing date, never stored. Full years count like an age (see
/// `LocalDate.anniversary(_:)`): the anniversary day completes the year. The months are the full months
/// since the last anniversary.
package struct Tenure: Sendable, Hashable, CustomStringConvertible {
  /// The years a person stays at the window before being rotated out, 原则上 (§16).
  package static let yearsBeforeRotation = 2
  /// The years that count as grassroots experience, 满一年以上 (含一年) (§22).
  package static let yearsForGrassrootsExperience = 1
  /// The consecutive years after which the centre may recommend the person for promotion (§23).
  package static let yearsForRecommendation = 3
  /// The years between uniform replacements (§21).
  package static let yearsBetweenUniforms = 2

  /// The day formal stationing began.
  package let since: LocalDate
  /// The day the tenure is measured on (the last day counted).
  package let asOf: LocalDate
  /// Full years at the window.
  package let years: Int
  /// Full months after the last full year, 0...11.
  package let months: Int

  /// The tenure from `since` to `asOf`; zero when `asOf` is before `since`.
  package init(since: LocalDate, asOf: LocalDate) {
    self.since = since
    self.asOf = asOf
    guard since <= asOf else {
      self.years = 0
      self.months = 0
      return
    }
    let years = since.completedYears(until: asOf)
    let lastAnniversary = since.anniversary(years)
    var months = 0
    while months < 11 && lastAnniversary.adding(months: months + 1) <= asOf {
      months += 1
    }
    self.years = years
    self.months = months
  }

  /// True from the first anniversary: ≥ 1 year at a window counts as grassroots experience (§22).
  package var countsAsGrassrootsExperience: Bool {
    self.years >= Self.yearsForGrassrootsExperience
  }

  /// True from the third anniversary: 3 consecutive years make the person recommendable for promotion
  /// (§23), the centre's judgement of merit aside.
  package var isRecommendable: Bool {
    self.years >= Self.yearsForRecommendation
  }

  /// The first day the person may be rotated out without an override: the second anniversary (§16), on
  /// which exactly 2 years are complete.
  package var rotationAllowedFrom: LocalDate {
    self.since.anniversary(Self.yearsBeforeRotation)
  }

  /// The next day a new uniform is due, on or after `asOf`: every second anniversary of stationing (§21).
  /// On a due day itself, that day.
  package var nextUniformDue: LocalDate {
    var cycle = 1
    while self.since.anniversary(cycle * Self.yearsBetweenUniforms) < self.asOf {
      cycle += 1
    }
    return self.since.anniversary(cycle * Self.yearsBetweenUniforms)
  }

  /// `1 year 2 months`, `0 years 11 months`.
  package var description: String {
    "\(self.years) \(self.years == 1 ? "year" : "years") \(self.months) \(self.months == 1 ? "month" : "months")"
  }
}
