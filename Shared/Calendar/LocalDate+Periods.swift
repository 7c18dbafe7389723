extension LocalDate {
  /// The date `months` calendar months later (earlier when negative): the same day of the month, or the
  /// last day of the target month when it is shorter, so 2026-01-31 + 1 month is 2026-02-28 and
  /// 2028-01-31 + 1 month is 2028-02-29 (民法典 §203: a period without a corresponding day ends on the
  /// last day of the month).
  ///
  /// Used for periods counted in months: probation (§16) and observation (§19). Traps outside years
  /// 1...9999.
  package func adding(months: Int) -> LocalDate {
    let index = self.year * 12 + (self.month - 1) + months
    let year = index / 12
    let month = index % 12 + 1
    let day = Swift.min(self.day, LocalDate.daysInMonth(month, of: year))
    return try! LocalDate(year: year, month: month, day: day)
  }

  /// The `years`-th anniversary of this date (earlier when negative): the same month and day, except that
  /// 29 February falls on 1 March in a common year.
  ///
  /// Chinese practice counts 周岁 by the calendar date, and someone born on 29 February has not lived a full
  /// year until 28 February is over, so the birthday in a common year is 1 March. The same anniversary
  /// counts full years at a window (§16, §22, §23) and the uniform cycle (§21). Traps outside years
  /// 1...9999.
  package func anniversary(_ years: Int) -> LocalDate {
    let year = self.year + years
    if self.month == 2 && self.day == 29 && !LocalDate.isLeapYear(year) {
      return try! LocalDate(year: year, month: 3, day: 1)
    }
    return try! LocalDate(year: year, month: self.month, day: self.day)
  }

  /// The number of full years from this date to `date`: the anniversaries reached by that day, the
  /// anniversary day itself included (see `anniversary(_:)`). Negative when `date` is earlier.
  package func completedYears(until date: LocalDate) -> Int {
    let years = date.year - self.year
    return self.anniversary(years) <= date ? years : years - 1
  }
}
