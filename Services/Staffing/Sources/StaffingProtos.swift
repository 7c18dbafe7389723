package import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
package import YimenStorage

// The conversions between the staffing rules' plain types and the wire messages of
// staffing.proto, and the reading of request fields.

package typealias ProtoWindow = Yimen_Staffing_V1_Window
package typealias ProtoStaffRecord = Yimen_Staffing_V1_StaffRecord
package typealias ProtoViolation = Yimen_Staffing_V1_Violation

extension Education {
  init?(_ proto: Yimen_Staffing_V1_Education) {
    switch proto {
    case .belowJuniorCollege: self = .belowJuniorCollege
    case .juniorCollege: self = .juniorCollege
    case .bachelor: self = .bachelor
    case .master: self = .master
    case .doctorate: self = .doctorate
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }
}

extension Rank {
  init?(_ proto: Yimen_Staffing_V1_Rank) {
    switch proto {
    case .noRank: self = .none
    case .banshiyuan: self = .banshiyuan
    case .keyuan: self = .keyuan
    case .fukezhang: self = .fukezhang
    case .kezhang: self = .kezhang
    case .fuchuzhang: self = .fuchuzhang
    case .chuzhang: self = .chuzhang
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }
}

extension StaffRole {
  init?(_ proto: Yimen_Staffing_V1_Role) {
    switch proto {
    case .reviewer: self = .reviewer
    case .general: self = .general
    case .windowLeader: self = .windowLeader
    case .chiefRepresentative: self = .chiefRepresentative
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }

  var proto: Yimen_Staffing_V1_Role {
    switch self {
    case .reviewer: .reviewer
    case .general: .general
    case .windowLeader: .windowLeader
    case .chiefRepresentative: .chiefRepresentative
    }
  }
}

extension StaffCategory {
  init?(_ proto: Yimen_Staffing_V1_StaffCategory) {
    switch proto {
    case .civilServant: self = .civilServant
    case .institution: self = .institution
    case .purchasedService: self = .purchasedService
    case .other: self = .other
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }

  /// The group of the annual assessment (§18): civil servants, institution staff, and the others.
  var assessmentGroup: Yimen_Staffing_V1_AssessmentGroup {
    switch self {
    case .civilServant: .assessmentCivilServants
    case .institution: .assessmentInstitution
    case .purchasedService, .other: .assessmentOther
    }
  }
}

extension StaffMember {
  /// The member of a request or a stored record, every problem with its field.
  ///
  /// - Parameter field: The path of the member in the request, e.g. `member`.
  static func from(
    _ proto: Yimen_Staffing_V1_StaffMember,
    field: String,
    into violations: inout FieldViolations
  ) -> StaffMember? {
    violations.check(StaffingIDs.isValidStaffID(proto.id), "\(field).id", StaffingIDs.staffIDRule)
    violations.check(
      (1...40).contains(proto.name.count) && !proto.name.isBlank,
      "\(field).name",
      "Required, at most 40 characters."
    )
    violations.check(
      (1...60).contains(proto.department.count) && !proto.department.isBlank,
      "\(field).department",
      "Required, at most 60 characters."
    )
    let category = StaffCategory(proto.category)
    violations.check(
      category != nil,
      "\(field).category",
      "Required: CIVIL_SERVANT, INSTITUTION, PURCHASED_SERVICE or OTHER."
    )
    let birthDate = violations.date(proto.birthDate, "\(field).birth_date")
    let education = Education(proto.education)
    violations.check(education != nil, "\(field).education", "Required: BELOW_JUNIOR_COLLEGE … DOCTORATE.")
    let rank = Rank(proto.rank)
    violations.check(rank != nil, "\(field).rank", "Required: NO_RANK, BANSHIYUAN … CHUZHANG.")
    let role = StaffRole(proto.role)
    violations.check(role != nil, "\(field).role", "Required: REVIEWER, GENERAL or WINDOW_LEADER.")
    guard let category, let birthDate, let education, let rank, let role else { return nil }
    do {
      return try StaffMember(
        id: proto.id,
        name: proto.name,
        department: proto.department,
        category: category,
        inEstablishment: proto.inEstablishment,
        birthDate: birthDate,
        education: education,
        rank: rank,
        role: role
      )
    } catch {
      violations.add(field, error.message)
      return nil
    }
  }
}

extension Stationing.State {
  /// The state of a recorded step, or nil for a malformed record.
  init?(_ step: Yimen_Staffing_V1_StationingStep) {
    guard let date = LocalDate(step.date) else { return nil }
    switch step.state {
    case .nominated: self = .nominated(on: date)
    case .approved: self = .approved(on: date)
    case .rejected: self = .rejected(on: date, opinion: step.note)
    case .probation: self = .probation(start: date)
    case .stationed: self = .stationed(on: date)
    case .replacementRequired: self = .replacementRequired(on: date, reason: step.note)
    case .left: self = .left(on: date)
    case .returned: self = .returned(on: date)
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }

  /// The step recording the state, by a principal, with a note (an opinion or a reason).
  func step(by: String, note: String = "") -> Yimen_Staffing_V1_StationingStep {
    var step = Yimen_Staffing_V1_StationingStep()
    step.date = self.date.description
    step.by = by
    step.note = note
    switch self {
    case .nominated: step.state = .nominated
    case .approved: step.state = .approved
    case .rejected(_, let opinion):
      step.state = .rejected
      step.note = opinion
    case .probation: step.state = .probation
    case .stationed: step.state = .stationed
    case .replacementRequired(_, let reason):
      step.state = .replacementRequired
      step.note = reason
    case .left: step.state = .left
    case .returned: step.state = .returned
    }
    return step
  }
}

extension RuleViolation {
  var proto: ProtoViolation {
    .with {
      $0.rule = self.rule.code
      $0.subject = self.staffID ?? ""
      $0.message = self.message
    }
  }
}

extension Waiver {
  var proto: Yimen_Staffing_V1_Waiver {
    .with {
      $0.violation = self.violation.proto
      $0.override = .with {
        $0.rule = self.override.rule.code
        $0.reason = self.override.reason
        $0.approvedBy = self.override.approvedBy
        $0.date = self.override.date.description
      }
    }
  }
}

extension Override {
  /// The overrides of a request, granted by `principal` on `date`, every problem with its field.
  ///
  /// - Parameter allowed: The rules the request's check judges; an override of another rule would
  ///   waive nothing, so it is refused rather than silently ignored.
  static func from(
    _ protos: [Yimen_Staffing_V1_Override],
    allowed: [StaffingRule],
    by principal: String,
    on date: LocalDate,
    into violations: inout FieldViolations
  ) -> [Override] {
    var overrides: [Override] = []
    for (index, proto) in protos.enumerated() {
      let field = "overrides[\(index)]"
      guard let rule = StaffingRule(code: proto.rule), !rule.isOverridable || allowed.contains(rule) else {
        violations.add(
          "\(field).rule",
          "'\(proto.rule)' cannot be overridden here: one of \(allowed.map(\.code).joined(separator: ", "))."
        )
        continue
      }
      do {
        overrides.append(try Override(rule: rule, reason: proto.reason, by: principal, on: date))
      } catch {
        violations.add(field, error.message)
      }
    }
    return overrides
  }
}

extension StaffingError {
  /// The gRPC form: FAILED_PRECONDITION with google.rpc.PreconditionFailure for unmet rules and steps
  /// out of order; INVALID_ARGUMENT with google.rpc.BadRequest (at `field`) for malformed input.
  ///
  /// - Parameter subject: The PreconditionFailure subject of a step out of order, and of an unmet rule
  ///   that names no staff member (e.g. the window id).
  func status(field: String = "", subject: String = "") -> GoogleRPCStatus {
    if self.code == .rulesNotMet {
      return .failedPrecondition(
        "Rules not met: \(self.message)",
        violations: self.violations.map { ($0.rule.code, $0.staffID ?? subject, $0.message) }
      )
    }
    if self.code == .invalidTransition {
      return .failedPrecondition("transition", subject: subject, self.message)
    }
    return FieldViolations.single(field: field, self.message)
  }
}

extension RuleCheck {
  /// Throws the unmet rules as FAILED_PRECONDITION listing every one (see `StaffingError.status`);
  /// `subject` is the subject of those that name no staff member.
  func requireMet(subject: String = "") throws(GoogleRPCStatus) {
    guard self.isMet else { throw StaffingError.rulesNotMet(self.violations).status(subject: subject) }
  }
}

extension FieldViolations {
  /// A `YYYY-MM-DD` field; when empty, `empty` (nil: the field is required).
  mutating func date(_ text: String, _ field: String, empty: LocalDate? = nil) -> LocalDate? {
    if text.isEmpty {
      if empty == nil { self.add(field, "Required, YYYY-MM-DD.") }
      return empty
    }
    do {
      return try LocalDate(parsing: text)
    } catch {
      self.add(field, "\(error) (expected YYYY-MM-DD).")
      return nil
    }
  }

  /// The most days a department may date a step back; the centre's management records older steps.
  static let backdatingLimit = 30

  /// Each value of a repeated field once: a repeat is reported at its index, e.g. `staff_ids[2]`.
  mutating func checkDistinct<Value: Hashable>(_ values: [Value], _ field: String) {
    var seen: Set<Value> = []
    for (index, value) in values.enumerated() where !seen.insert(value).inserted {
      self.add("\(field)[\(index)]", "\(value) is listed twice.")
    }
  }

  /// The date of a change: empty for today, never after today, and for anyone but the centre's
  /// management at most `backdatingLimit` days back (so that rules judged on the date, such as the
  /// age limits, cannot be dodged by dating a step in the past).
  mutating func changeDate(_ text: String, _ field: String = "date", today: LocalDate, by principal: Principal)
    -> LocalDate
  {
    guard let date = self.date(text, field, empty: today) else { return today }
    self.check(date <= today, field, "\(date) is in the future; record a step on or after the day it is taken.")
    if principal.role != .management {
      self.check(
        date >= today.adding(days: -Self.backdatingLimit),
        field,
        "\(date) is more than \(Self.backdatingLimit) days ago; the centre's management records older steps."
      )
    }
    return date
  }

}

/// The forms of identifiers.
enum StaffingIDs {
  static let staffIDRule = "Required: 1 to 32 letters, digits, '-' or '_'."
  static let windowIDRule = "Required: 1 to 16 letters, digits or '-'."

  static func isValidStaffID(_ id: String) -> Bool {
    (1...32).contains(id.count)
      && id.unicodeScalars.allSatisfy { Self.isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" }
  }

  static func isValidWindowID(_ id: String) -> Bool {
    (1...16).contains(id.count) && id.unicodeScalars.allSatisfy { Self.isASCIIAlphanumeric($0) || $0 == "-" }
  }

  private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }
}
