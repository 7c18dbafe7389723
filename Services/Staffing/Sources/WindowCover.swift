/// Who serves a window on a day, from `LeaveRoster.coverFor(_:on:)`.
package enum WindowCover: Sendable, Hashable {
  /// The window's own people (A posts) who are not away, in the window's order; at least one.
  case regular(staffIDs: [String])
  /// Every A post is away and the B post stands in (协办替岗).
  case standIn(backupID: String)
  /// Nobody can serve: every A post is away and there is no B post, or the B post is away too.
  case uncovered

  /// The people serving, whichever the case; empty when uncovered.
  package var staffIDs: [String] {
    switch self {
    case .regular(let staffIDs): staffIDs
    case .standIn(let backupID): [backupID]
    case .uncovered: []
    }
  }
}
