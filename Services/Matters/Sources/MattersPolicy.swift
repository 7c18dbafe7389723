package import GRPCCore
package import YimenProtos
package import YimenRuntime

/// Who may do what with matters (see matters.proto). Plain checks on a ``Principal``.
package enum MattersPolicy {
  /// Whether the caller may see a matter at all: secret matters only to their own department,
  /// the centre's management and supervisors.
  package static func canSee(_ matter: Yimen_Matters_V1_Matter, as principal: Principal) -> Bool {
    guard matter.secret else { return true }
    return Self.isInside(principal) || Self.actsFor(matter.department, principal)
  }

  /// Whether the caller may read drafts and the full review handbook of a matter.
  package static func canReadInternal(_ matter: Yimen_Matters_V1_Matter, as principal: Principal) -> Bool {
    Self.isInside(principal) || Self.actsFor(matter.department, principal)
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
    try Self.requireSignedIn(principal)
    guard principal.role == .management || Self.actsFor(department, principal) else {
      throw RPCError(
        code: .permissionDenied,
        message: "Only staff of \(department) or the centre's management may change its matters "
          + "(you are \(principal.role.rawValue)\(principal.department.map { " of \($0)" } ?? ""))."
      )
    }
  }

  /// Publishing versions and reviewing entry requests: the centre's management only.
  package static func requireManagement(_ principal: Principal, to action: String) throws(RPCError) {
    try Self.requireSignedIn(principal)
    guard principal.role == .management else {
      throw RPCError(
        code: .permissionDenied,
        message: "Only the centre's management may \(action) (you are \(principal.role.rawValue))."
      )
    }
  }

  /// The event feed carries every matter and document, secret ones included: it is for the
  /// centre's own people and other Yimen services.
  package static func requireFeedReader(_ principal: Principal) throws(RPCError) {
    try Self.requireSignedIn(principal)
    guard [.management, .supervisor, .service].contains(principal.role) else {
      throw RPCError(
        code: .permissionDenied,
        message: "The matters event feed is for the centre's management, supervisors and Yimen services "
          + "(you are \(principal.role.rawValue))."
      )
    }
  }

  static func requireSignedIn(_ principal: Principal) throws(RPCError) {
    guard principal.role != .public else {
      throw RPCError(
        code: .unauthenticated,
        message: "This change needs a signed-in caller: send yimen-principal (the CLI's --as)."
      )
    }
  }

  /// Staff or an integrator acting for the department.
  static func actsFor(_ department: String, _ principal: Principal) -> Bool {
    (principal.role == .staff || principal.role == .integrator) && principal.department == department
  }

  /// The centre's own people.
  static func isInside(_ principal: Principal) -> Bool {
    principal.role == .management || principal.role == .supervisor
  }
}
