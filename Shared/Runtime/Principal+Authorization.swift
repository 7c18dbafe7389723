package import GRPCCore

/// The checks every service makes of its caller; each service's policy adds what is its own.
extension Principal {
  /// The centre's own people and other Yimen services: management, supervisors and services.
  package var isCentre: Bool {
    self.role == .management || self.role == .supervisor || self.role == .service
  }

  /// Staff or an integrator acting for the department.
  package func actsFor(_ department: String) -> Bool {
    (self.role == .staff || self.role == .integrator) && self.department == department
  }

  /// `management`, `staff of 市市场监督管理局`: who the caller is, for messages.
  package var roleDescription: String {
    self.role.rawValue + (self.department.map { " of \($0)" } ?? "")
  }

  /// Returns for any caller but the anonymous public.
  ///
  /// - Throws: UNAUTHENTICATED for the public.
  package func requireSignedIn(to action: String = "make this change") throws(RPCError) {
    guard self.role != .public else {
      throw RPCError(
        code: .unauthenticated,
        message: "To \(action) you need a signed-in caller: send yimen-principal (the CLI's --as)."
      )
    }
  }

  /// Returns for the centre's management.
  ///
  /// - Throws: UNAUTHENTICATED for the public, PERMISSION_DENIED for anyone else.
  package func requireManagement(to action: String) throws(RPCError) {
    try self.requireSignedIn(to: action)
    guard self.role == .management else {
      throw RPCError(
        code: .permissionDenied,
        message: "Only the centre's management may \(action) (you are \(self.roleDescription))."
      )
    }
  }

  /// Returns for the centre's management and for the department's own staff or integrator.
  ///
  /// - Throws: UNAUTHENTICATED for the public, PERMISSION_DENIED for anyone else.
  package func requireDepartmentOrManagement(_ department: String, to action: String) throws(RPCError) {
    try self.requireSignedIn(to: action)
    guard self.role == .management || self.actsFor(department) else {
      throw RPCError(
        code: .permissionDenied,
        message: "Only staff of \(department) or the centre's management may \(action) "
          + "(you are \(self.roleDescription))."
      )
    }
  }

  /// Returns for the centre's management, supervisors and Yimen services.
  ///
  /// - Parameter what: What is asked for, for the message: `The visit report`.
  /// - Throws: UNAUTHENTICATED for the public, PERMISSION_DENIED for anyone else.
  package func requireCentre(for what: String) throws(RPCError) {
    try self.requireSignedIn(to: "read \(what.lowercased())")
    guard self.isCentre else {
      throw RPCError(
        code: .permissionDenied,
        message: "\(what) is for the centre's management, supervisors and Yimen services "
          + "(you are \(self.roleDescription))."
      )
    }
  }

  /// An event feed carries everything a service holds: it is for the centre's management,
  /// supervisors and Yimen services.
  ///
  /// - Throws: UNAUTHENTICATED for the public, PERMISSION_DENIED for anyone else.
  package func requireFeedReader(_ feed: String) throws(RPCError) {
    try self.requireCentre(for: "The \(feed) event feed")
  }
}
