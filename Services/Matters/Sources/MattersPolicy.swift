package import GRPCCore
package import YimenProtos
package import YimenRuntime

/// Who may do what with matters (see matters.proto). Plain checks on a ``Principal``; the checks
/// every service shares are in `Principal+Authorization.swift`.
package enum MattersPolicy {
  /// Whether the caller may see a matter at all: secret matters only to their own department,
  /// the centre's management, supervisors and Yimen services.
  package static func canSee(_ matter: Yimen_Matters_V1_Matter, as principal: Principal) -> Bool {
    guard matter.secret else { return true }
    return principal.isCentre || principal.actsFor(matter.department)
  }

  /// Whether the caller may read drafts and the full review handbook of a matter.
  package static func canReadInternal(_ matter: Yimen_Matters_V1_Matter, as principal: Principal) -> Bool {
    principal.isCentre || principal.actsFor(matter.department)
  }

  /// The full review handbook is for the department's staff and the centre (the public sees its step names).
  package static func requireHandbookAccess(_ kind: Yimen_Matters_V1_DocumentKind, insider: Bool) throws(RPCError) {
    if kind == .handbook && !insider {
      throw RPCError(
        code: .permissionDenied,
        message: "The review handbook is for the department's staff and the centre."
      )
    }
  }

  /// Editing a matter and its drafts, recording guide changes, submitting entry requests.
  package static func requireEdit(department: String, as principal: Principal) throws(RPCError) {
    try principal.requireDepartmentOrManagement(department, to: "change its matters")
  }
}
