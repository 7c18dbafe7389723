package import GRPCCore
package import GRPCProtobuf

/// Collects what is wrong with a request, field by field, and throws it as one
/// `INVALID_ARGUMENT` with `google.rpc.BadRequest` details — so a caller learns every problem at
/// once, in the message and in machine-readable form.
package struct FieldViolations: Sendable {
  package private(set) var violations: [ErrorDetails.BadRequest.FieldViolation] = []

  package init() {}

  /// Records a problem with `field` (a proto field path such as `guide.materials[2].copies`).
  package mutating func add(_ field: String, _ description: String) {
    self.violations.append(.init(field: field, description: description))
  }

  /// Records a problem when `condition` is false.
  package mutating func check(_ condition: Bool, _ field: String, _ description: @autoclosure () -> String) {
    if !condition { self.add(field, description()) }
  }

  package var isEmpty: Bool { self.violations.isEmpty }

  /// Throws the collected problems, if any.
  package func throwIfAny(_ summary: String = "The request is not valid") throws(GoogleRPCStatus) {
    guard !self.violations.isEmpty else { return }
    let list = self.violations.map { "\($0.field): \($0.violationDescription)" }.joined(separator: "; ")
    throw GoogleRPCStatus(
      code: .invalidArgument,
      message: "\(summary): \(list)",
      details: .badRequest(violations: self.violations)
    )
  }

  /// One problem, as an error to throw.
  package static func single(field: String, _ description: String) -> GoogleRPCStatus {
    var violations = FieldViolations()
    violations.add(field, description)
    return GoogleRPCStatus(
      code: .invalidArgument,
      message: "\(field): \(description)",
      details: .badRequest(violations: violations.violations)
    )
  }
}

extension GoogleRPCStatus {
  /// FAILED_PRECONDITION with google.rpc.PreconditionFailure details, one violation each: a rule
  /// not met, or a step its state does not allow (`type`), about `subject`.
  package static func failedPrecondition(
    _ message: String,
    violations: [(type: String, subject: String, description: String)]
  ) -> GoogleRPCStatus {
    GoogleRPCStatus(
      code: .failedPrecondition,
      message: message,
      details: .preconditionFailure(
        violations: violations.map { .init(type: $0.type, subject: $0.subject, description: $0.description) }
      )
    )
  }

  /// FAILED_PRECONDITION with one google.rpc.PreconditionFailure violation, its description the message.
  package static func failedPrecondition(_ type: String, subject: String, _ message: String) -> GoogleRPCStatus {
    Self.failedPrecondition(message, violations: [(type, subject, message)])
  }
}

extension GoogleRPCStatus {
  /// The google.rpc.PreconditionFailure violations of the details.
  package var preconditionViolations: [ErrorDetails.PreconditionFailure.Violation] {
    self.details.compactMap(\.preconditionFailure).flatMap(\.violations)
  }

  /// The `type` of each PreconditionFailure violation: the rules not met, or "transition".
  package var unmetTypes: [String] { self.preconditionViolations.map(\.type) }

  /// The `subject` of each PreconditionFailure violation.
  package var subjects: [String] { self.preconditionViolations.map(\.subject) }

  /// The fields of the google.rpc.BadRequest violations.
  package var fields: [String] {
    self.details.compactMap(\.badRequest).flatMap(\.violations).map(\.field)
  }
}
