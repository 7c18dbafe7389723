import Foundation
import SwiftProtobuf
package import YimenProtos
package import YimenStorage

/// The rules every matter and document must meet before it is stored. Plain functions over the
/// protobuf types: tests drive them directly.
package enum MatterValidation {
  /// 事项编码: a 6-digit area code, 2–4 capital letters for the type, a 3–6 digit sequence.
  package static func isValidCode(_ code: String) -> Bool {
    let parts = code.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return false }
    return parts[0].count == 6 && parts[0].allSatisfy(\.isASCIIDigit)
      && (2...4).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
      && (3...6).contains(parts[2].count) && parts[2].allSatisfy(\.isASCIIDigit)
  }

  /// Checks a matter's own fields (not the output-only ones).
  package static func check(
    _ matter: Yimen_Matters_V1_Matter,
    prefix: String = "matter",
    into violations: inout FieldViolations
  ) {
    violations.check(
      Self.isValidCode(matter.code),
      "\(prefix).code",
      "'\(matter.code)' is not a matter code like 430500-XK-001 (area code, type letters, sequence)."
    )
    Self.text(matter.name, "\(prefix).name", range: 2...100, into: &violations)
    violations.check(
      Self.isKnown(matter.type),
      "\(prefix).type",
      "Choose one of the 7 administrative power types or PUBLIC_SERVICE."
    )
    if matter.type == .publicService {
      violations.check(
        Self.isKnown(matter.field),
        "\(prefix).field",
        "A public service needs its field (EDUCATION … DISABILITY)."
      )
    } else {
      violations.check(matter.field == .unspecified, "\(prefix).field", "Only public services have a field.")
    }
    Self.text(matter.department, "\(prefix).department", range: 2...100, into: &violations)
    Self.text(matter.implementingBody, "\(prefix).implementing_body", range: 2...100, into: &violations)
    Self.text(matter.legalBasis, "\(prefix).legal_basis", range: 2...2_000, into: &violations)
    violations.check(Self.isKnown(matter.level), "\(prefix).level", "Choose CITY, COUNTY or TOWNSHIP.")
  }

  /// Checks a service guide (§8).
  package static func check(
    _ guide: Yimen_Matters_V1_ServiceGuide,
    prefix: String = "guide",
    into violations: inout FieldViolations
  ) {
    violations.check(
      !guide.acceptanceConditions.isEmpty,
      "\(prefix).acceptance_conditions",
      "At least one acceptance condition."
    )
    for (index, condition) in guide.acceptanceConditions.enumerated() {
      Self.text(condition, "\(prefix).acceptance_conditions[\(index)]", range: 1...1_000, into: &violations)
    }
    violations.check(!guide.materials.isEmpty, "\(prefix).materials", "At least one material.")
    var names: Set<String> = []
    for (index, material) in guide.materials.enumerated() {
      let field = "\(prefix).materials[\(index)]"
      Self.text(material.name, "\(field).name", range: 1...200, into: &violations)
      violations.check(names.insert(material.name).inserted, "\(field).name", "'\(material.name)' is listed twice.")
      violations.check(Self.isKnown(material.form), "\(field).form", "Choose ORIGINAL, COPY or ELECTRONIC.")
      violations.check((1...99).contains(material.copies), "\(field).copies", "Between 1 and 99 copies.")
    }
    Self.limit(guide.legalLimitDays, "\(prefix).legal_limit_days", into: &violations)
    Self.limit(guide.promisedLimitDays, "\(prefix).promised_limit_days", into: &violations)
    violations.check(
      guide.promisedLimitDays <= guide.legalLimitDays,
      "\(prefix).promised_limit_days",
      "The promised limit (\(guide.promisedLimitDays)) may not exceed the legal limit (\(guide.legalLimitDays))."
    )
    violations.check(!guide.steps.isEmpty, "\(prefix).steps", "At least one process step.")
    for (index, step) in guide.steps.enumerated() {
      Self.text(step.name, "\(prefix).steps[\(index)].name", range: 1...100, into: &violations)
    }
    for (index, step) in guide.specialSteps.enumerated() {
      Self.text(step.name, "\(prefix).special_steps[\(index)].name", range: 1...100, into: &violations)
    }
    for (index, fee) in guide.feeItems.enumerated() {
      Self.text(fee, "\(prefix).fee_items[\(index)]", range: 1...50, into: &violations)
    }
    Self.text(guide.place, "\(prefix).place", range: 2...200, into: &violations)
    Self.text(guide.hours, "\(prefix).hours", range: 2...200, into: &violations)
    violations.check(guide.visits <= 10, "\(prefix).visits", "At most 10 visits.")
    Self.phone(guide.consultationPhone, "\(prefix).consultation_phone", into: &violations)
    Self.phone(guide.complaintPhone, "\(prefix).complaint_phone", into: &violations)
    for (index, mode) in guide.channelModes.enumerated() {
      violations.check(Self.isKnown(mode), "\(prefix).channel_modes[\(index)]", "Unknown channel mode.")
    }
  }

  /// Checks a review handbook (§9).
  package static func check(
    _ handbook: Yimen_Matters_V1_ReviewHandbook,
    prefix: String = "handbook",
    into violations: inout FieldViolations
  ) {
    violations.check(!handbook.steps.isEmpty, "\(prefix).steps", "At least one review step.")
    for (index, step) in handbook.steps.enumerated() {
      let field = "\(prefix).steps[\(index)]"
      Self.text(step.name, "\(field).name", range: 1...100, into: &violations)
      Self.text(step.content, "\(field).content", range: 1...2_000, into: &violations)
      Self.text(step.standard, "\(field).standard", range: 1...2_000, into: &violations)
    }
    Self.text(handbook.misconductConsequences, "\(prefix).misconduct_consequences", range: 1...2_000, into: &violations)
  }

  /// Checks a list of intermediary services (§11).
  package static func check(
    _ list: Yimen_Matters_V1_IntermediaryServices,
    prefix: String = "intermediaries",
    into violations: inout FieldViolations
  ) {
    for (index, service) in list.services.enumerated() {
      let field = "\(prefix).services[\(index)]"
      Self.text(service.name, "\(field).name", range: 1...200, into: &violations)
      Self.text(service.conditions, "\(field).conditions", range: 1...2_000, into: &violations)
      Self.text(service.process, "\(field).process", range: 1...2_000, into: &violations)
      Self.text(service.feeStandard, "\(field).fee_standard", range: 1...500, into: &violations)
      violations.check(
        service.timeLimitDays >= 0 && Self.isHalfDays(service.timeLimitDays),
        "\(field).time_limit_days",
        "Working days in steps of 0.5 (0 when none is set)."
      )
    }
  }

  // MARK: Pieces

  static func text(_ value: String, _ field: String, range: ClosedRange<Int>, into violations: inout FieldViolations) {
    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty {
      violations.add(field, "Required.")
    } else if !range.contains(trimmed.count) {
      violations.add(field, "Between \(range.lowerBound) and \(range.upperBound) characters (has \(trimmed.count)).")
    }
  }

  static func limit(_ days: Double, _ field: String, into violations: inout FieldViolations) {
    violations.check(
      days > 0 && days <= 365 && Self.isHalfDays(days),
      field,
      "Working days greater than 0 and at most 365, in steps of 0.5 (got \(days))."
    )
  }

  static func isHalfDays(_ days: Double) -> Bool {
    days.isFinite && (days * 2).rounded() == days * 2
  }

  static func phone(_ value: String, _ field: String, into violations: inout FieldViolations) {
    let allowed = value.allSatisfy { $0.isASCIIDigit || $0 == "-" || $0 == " " }
    violations.check(
      allowed && (5...20).contains(value.count),
      field,
      "A telephone number such as 0739-5321234 or 12345."
    )
  }

  /// A value the proto defines, other than its zero "unspecified".
  static func isKnown<E: SwiftProtobuf.Enum & CaseIterable>(_ value: E) -> Bool {
    value.rawValue > 0 && E.allCases.contains(value)
  }
}

extension Character {
  var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}
