/// A service window (窗口) with the people on post (A posts) and, optionally, a named B post (协办替岗).
///
/// A window served by one person is a single-person window (单人制窗口): §16 requires a B post, a different
/// person who stands in when A is away, before it opens. `LeaveRoster.coverFor(_:on:)` says who is on post
/// on a day.
package struct Window: Sendable, Hashable, Identifiable {
  /// A stable identifier, e.g. `A-12`.
  package let id: String
  /// The name on the plate, e.g. `市场监管局 企业登记`.
  package let name: String
  /// The department whose window this is, or the centre for a comprehensive window.
  package let department: String
  /// The IDs of the people on post (主办, A posts), in order.
  package let staffIDs: [String]
  /// The ID of the B post (协办替岗), when named.
  package let backupID: String?

  /// A window with its people on post and an optional B post.
  package init(id: String, name: String, department: String, staffIDs: [String], backupID: String? = nil) {
    self.id = id
    self.name = name
    self.department = department
    self.staffIDs = staffIDs
    self.backupID = backupID
  }

  /// True when exactly one person is on post.
  package var isSinglePerson: Bool { self.staffIDs.count == 1 }

  /// The conditions for opening the window, every unmet one: someone on post (`window_staffed`), a B post
  /// for a single-person window (`backup_post`), and a B post who is not one of the A posts
  /// (`backup_post`). None is overridable.
  package func openingCheck() -> RuleCheck {
    var check = RuleCheck()
    check.expect(
      !self.staffIDs.isEmpty,
      .windowStaffed,
      "window \(self.id) (\(self.name)) has nobody on post; name at least one person before it opens"
    )
    if self.isSinglePerson {
      check.expect(
        self.backupID != nil,
        .backupPost,
        staffID: self.staffIDs[0],
        "window \(self.id) (\(self.name)) is served by \(self.staffIDs[0]) alone; "
          + "name a B post (协办替岗) before it opens (§16)"
      )
    }
    if let backupID = self.backupID {
      check.expect(
        !self.staffIDs.contains(backupID),
        .backupPost,
        staffID: backupID,
        "window \(self.id) (\(self.name)): the B post \(backupID) is already on post there; "
          + "the B post must be another person (§16)"
      )
    }
    return check
  }
}
