package import YimenCalendar

/// A department's request to rotate stationed staff out of the centre (调整), judged by §16: at most 50%
/// of its stationed staff in one request, each after at least 2 years at the window.
///
/// The request counts the people who leave; the people who come in are nominated separately
/// (`Stationing.nominate`), and a request that only adds people changes nobody. "Stationed" means formally
/// stationed on the request date (`Stationing.isStationed(on:)`); people in probation do not count.
package struct AdjustmentRequest: Sendable, Hashable {
  /// The department asking.
  package let department: String
  /// The day of the request, on which the stationed staff are counted and tenures measured.
  package let date: LocalDate
  /// The IDs of the stationed staff to rotate out.
  package let outgoingStaffIDs: [String]

  /// A request by a department on a date to rotate out the given staff.
  package init(department: String, date: LocalDate, outgoingStaffIDs: [String]) {
    self.department = department
    self.date = date
    self.outgoingStaffIDs = outgoingStaffIDs
  }

  /// The most people one request may change out of `stationedCount`: "不得超过50%" includes exactly half,
  /// and an odd count rounds down, so 5 → 2, 4 → 2, 1 → 0, 0 → 0.
  package static func maximumChanges(stationedCount: Int) -> Int {
    stationedCount / 2
  }

  /// Checks the request against the department's stationings: every unmet rule at once.
  ///
  /// - `adjustment_share`: at most `maximumChanges` of the department's stationed staff leave. 原则上:
  ///   overridable, so a department of one can rotate its only person with an override.
  /// - `tenure`: each person leaving has at least 2 full years at the window. 原则上: overridable; an
  ///   override covers every person of the request.
  ///
  /// - Parameter stationings: The stationings of the centre (or of the department); others are ignored.
  /// - Throws: `StaffingError.Code.invalidInput` when an outgoing ID is not a stationed person of the
  ///   department on the date, or is listed twice.
  package func check(stationings: [Stationing], overrides: [Override] = []) throws(StaffingError) -> RuleCheck {
    let stationed = stationings.filter { $0.member.department == self.department && $0.isStationed(on: self.date) }
    let byID = Dictionary(stationed.map { ($0.member.id, $0) }, uniquingKeysWith: { first, _ in first })
    var problems: [String] = []
    var seen: Set<String> = []
    for id in self.outgoingStaffIDs {
      if !seen.insert(id).inserted {
        problems.append("\(id) is listed twice")
      } else if byID[id] == nil {
        problems.append("\(id) is not stationed for \(self.department) on \(self.date)")
      }
    }
    guard problems.isEmpty else { throw StaffingError.invalidInput(problems) }

    var check = RuleCheck()
    let limit = Self.maximumChanges(stationedCount: stationed.count)
    check.expect(
      self.outgoingStaffIDs.count <= limit,
      .adjustmentShare,
      overrides: overrides,
      "the request changes \(self.outgoingStaffIDs.count) of the \(stationed.count) staff \(self.department) has "
        + "stationed on \(self.date); one request may change at most \(limit) (50%) (§16)"
    )
    for id in self.outgoingStaffIDs {
      if let stationing = byID[id] {
        check.append(stationing.rotationCheck(on: self.date, overrides: overrides))
      }
    }
    return check
  }
}
