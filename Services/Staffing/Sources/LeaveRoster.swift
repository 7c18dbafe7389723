package import YimenCalendar

/// The absences of staff, answering who is on post at a window on a given day.
package struct LeaveRoster: Sendable, Hashable {
  /// The absences, in any order; they may overlap.
  package let records: [LeaveRecord]

  /// A roster of the given absences.
  package init(records: [LeaveRecord]) {
    self.records = records
  }

  /// True when a record covers the person on the day.
  package func isAway(_ staffID: String, on date: LocalDate) -> Bool {
    self.records.contains { $0.staffID == staffID && $0.covers(date) }
  }

  /// Who is on post at a window on a day: the A posts who are not away; when all are away, the B post if
  /// named and not away (§16 AB岗: B stands in when A is on leave); otherwise nobody.
  package func coverFor(_ window: Window, on date: LocalDate) -> WindowCover {
    let present = window.staffIDs.filter { !self.isAway($0, on: date) }
    if !present.isEmpty {
      return .regular(staffIDs: present)
    }
    if let backupID = window.backupID, !self.isAway(backupID, on: date) {
      return .standIn(backupID: backupID)
    }
    return .uncovered
  }
}
