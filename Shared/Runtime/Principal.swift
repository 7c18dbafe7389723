import Foundation
package import GRPCCore

/// Who is calling: read from the `yimen-principal` request metadata.
///
/// The value is `id=…;role=…;department=…` (any order; department optional). The CLI sets it
/// with `--as`; a later version of the gateway will authenticate callers and set it itself.
package struct Principal: Sendable, Hashable, CustomStringConvertible {
  /// The metadata key.
  package static let metadataKey = "yimen-principal"

  /// The roles Yimen knows.
  package enum Role: String, Sendable, CaseIterable {
    /// Anyone, not logged in: reads the public catalogue, submits and follows own cases.
    case `public`
    /// A window clerk of a department.
    case staff
    /// The centre's management.
    case management
    /// Supervisors (效能监督).
    case supervisor
    /// A department system connected through an integrator key.
    case integrator
    /// Another Yimen service (event consumers, cross-service reads).
    case service
  }

  package var id: String
  package var role: Role
  package var department: String?

  package init(id: String, role: Role, department: String? = nil) {
    self.id = id
    self.role = role
    self.department = department
  }

  /// The anonymous public caller.
  package static let anonymous = Principal(id: "anonymous", role: .public)

  /// Parses `id=…;role=…;department=…`.
  package init?(parsing text: String) {
    var fields: [String: String] = [:]
    for pair in text.split(separator: ";") {
      let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[1].isEmpty else { return nil }
      fields[parts[0]] = parts[1]
    }
    guard let id = fields["id"], let role = fields["role"].flatMap(Role.init(rawValue:)) else { return nil }
    self.init(id: id, role: role, department: fields["department"])
  }

  /// The caller of a request: anonymous when no principal was sent.
  ///
  /// - Throws: UNAUTHENTICATED when the metadata holds an unreadable principal.
  package init(metadata: Metadata) throws(RPCError) {
    guard let text = metadata[stringValues: Self.metadataKey].first(where: { _ in true }) else {
      self = .anonymous
      return
    }
    guard let principal = Principal(parsing: text) else {
      throw RPCError(
        code: .unauthenticated,
        message:
          "Unreadable \(Self.metadataKey) '\(text)': expected id=…;role=…[;department=…] with role one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))."
      )
    }
    self = principal
  }

  /// The metadata form, `id=…;role=…[;department=…]`.
  package var description: String {
    "id=\(self.id);role=\(self.role.rawValue)" + (self.department.map { ";department=\($0)" } ?? "")
  }
}
