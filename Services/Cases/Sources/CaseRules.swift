package import YimenCalendar
package import YimenProtos

package typealias CaseState = Yimen_Cases_V1_CaseState

/// The steps of a case and the states each may be taken from: the life of an application (§26,
/// §30, §34, §36), with the exchange codes of its states.
///
/// ```
/// RECEIVED(1) ─┬─ accept ─→ ACCEPTED(3) ─ process ─→ PROCESSING(8) ⇄ SPECIAL(9/10) ─ decide ─→ DECIDED(11) ─ deliver ─→ DELIVERED
///              ├─ reject ─→ NOT_ACCEPTED(4)            │
///              └─ supplement ─→ SUPPLEMENT(6) ─ resubmit ─→ back where it was
/// withdraw: from any state before the decision ─→ WITHDRAWN
/// ```
package enum CaseStep: String, Sendable, CaseIterable {
  case accept, reject, requestSupplement, resubmit, startProcessing, startSpecial, endSpecial, decide, deliver, withdraw

  /// The states the step may be taken from.
  package var allowedFrom: Set<CaseState> {
    switch self {
    case .accept: [.received]
    case .reject: [.received, .supplement]
    case .requestSupplement: [.received, .accepted, .processing]
    case .resubmit: [.supplement]
    case .startProcessing: [.accepted]
    case .startSpecial: [.processing]
    case .endSpecial: [.special]
    case .decide: [.accepted, .processing]
    case .deliver: [.decided]
    case .withdraw: [.received, .supplement, .accepted, .processing, .special]
    }
  }

  /// The words for messages: `accept`, `request a supplement for` …
  package var phrase: String {
    switch self {
    case .accept: "accept"
    case .reject: "refuse to accept"
    case .requestSupplement: "request a supplement for"
    case .resubmit: "resubmit"
    case .startProcessing: "start processing"
    case .startSpecial: "start a special procedure for"
    case .endSpecial: "end the special procedure of"
    case .decide: "decide"
    case .deliver: "deliver the result of"
    case .withdraw: "withdraw"
    }
  }
}

extension CaseState {
  /// `received (1)`: the name with the exchange code.
  package var label: String {
    switch self {
    case .received: "received (1)"
    case .accepted: "accepted (3)"
    case .notAccepted: "not accepted (4)"
    case .supplement: "supplement (6)"
    case .processing: "processing (8)"
    case .special: "special procedure (9)"
    case .decided: "decided (11)"
    case .delivered: "delivered"
    case .withdrawn: "withdrawn"
    case .unspecified, .UNRECOGNIZED: "unknown"
    }
  }

  /// True while the deadline runs or is paused: accepted and not yet decided.
  package var isUnderDeadline: Bool {
    [.accepted, .processing, .special].contains(self) || self == .supplement
  }
}

/// One problem with a request, at a field of it.
package struct CaseProblem: Sendable, Hashable {
  package var field: String
  package var message: String
  /// True when the request is well formed but breaks a rule (§30, §33), rather than malformed.
  package var breaksRule: Bool

  package init(_ field: String, _ message: String, breaksRule: Bool = false) {
    self.field = field
    self.message = message
    self.breaksRule = breaksRule
  }
}

/// The one-time notice (一次性告知, §30): everything missing or wrong at once, only materials of the
/// guide, never what the applicant need not give again (§33), and after a first notice only what it
/// asked for.
package enum OneTimeNotice {
  /// The problems with a notice's items, each at `items[i]`; empty when it may be issued.
  ///
  /// - Parameters:
  ///   - materials: The case's materials as recorded (every material of the guide).
  ///   - previous: The items of the previous notice, or nil for the first notice.
  package static func problems(
    items: [Yimen_Cases_V1_NoticeItem],
    materials: [Yimen_Cases_V1_CaseMaterial],
    previous: [Yimen_Cases_V1_NoticeItem]?,
    field: String = "items"
  ) -> [CaseProblem] {
    var problems: [CaseProblem] = []
    if items.isEmpty {
      problems.append(CaseProblem(field, "List every missing or faulty material at once; at least one."))
    }
    var seen: Set<String> = []
    for (index, item) in items.enumerated() {
      let path = "\(field)[\(index)]"
      if item.problem.allSatisfy(\.isWhitespace) || item.problem.count > 200 {
        problems.append(CaseProblem("\(path).problem", "Say what is missing or wrong, in at most 200 characters."))
      }
      if !seen.insert(item.material).inserted {
        problems.append(
          CaseProblem("\(path).material", "\(item.material) is listed twice; give one item per material.")
        )
        continue
      }
      guard let material = materials.first(where: { $0.name == item.material }) else {
        problems.append(
          CaseProblem(
            "\(path).material",
            "\(item.material) is not a material of the guide; only the guide's materials may be asked for (§30)."
          )
        )
        continue
      }
      switch material.status {
      case .shared:
        problems.append(
          CaseProblem(
            "\(path).material",
            "\(item.material) is obtained by data sharing and never asked for (§33).",
            breaksRule: true
          )
        )
      case .reused:
        problems.append(
          CaseProblem(
            "\(path).material",
            "\(item.material) was given in case \(material.reusedFrom) and is not asked for again (§33).",
            breaksRule: true
          )
        )
      default: break
      }
      if let previous, !previous.contains(where: { $0.material == item.material }) {
        problems.append(
          CaseProblem(
            "\(path).material",
            "\(item.material) was not in the previous notice: after a one-time notice only what it asked for "
              + "may be asked again (§30).",
            breaksRule: true
          )
        )
      }
    }
    // Everything at once: a material still missing cannot be left for a later notice, which could not name it.
    let listed = Set(items.map(\.material))
    let left = materials.filter { $0.status == .missing && !listed.contains($0.name) }.map(\.name)
    if !items.isEmpty && !left.isEmpty {
      problems.append(
        CaseProblem(
          field,
          "\(left.joined(separator: ", ")) is missing too: a one-time notice lists everything missing at once (§30).",
          breaksRule: true
        )
      )
    }
    return problems
  }
}

/// The time limit of an accepted case (限时办结): the promised working days from the day after
/// acceptance, moved by the working days the case spent paused — in a supplement after acceptance,
/// or in a special procedure that does not count toward the limit.
package struct CaseClock: Sendable {
  package let calendar: WorkingDayCalendar

  package init(calendar: WorkingDayCalendar) {
    self.calendar = calendar
  }

  /// The working days after `start` through `end`: those a pause from `start` to `end` takes away.
  package func pausedDays(from start: LocalDate, to end: LocalDate) -> Int {
    max(0, self.calendar.workingDays(between: start, and: end))
  }

  /// The paused working days of a case as of `today` (a pause still open counts up to today).
  package func pausedDays(_ record: Yimen_Cases_V1_Case, today: LocalDate) -> Int {
    var days = 0
    for notice in record.notices where notice.afterAcceptance {
      guard let from = LocalDate(notice.issuedOn) else { continue }
      days += self.pausedDays(from: from, to: LocalDate(notice.answeredOn) ?? today)
    }
    for special in record.specialProcedures where !special.countsTowardLimit {
      guard let from = LocalDate(special.startedOn) else { continue }
      days += self.pausedDays(from: from, to: LocalDate(special.endedOn) ?? today)
    }
    return days
  }

  /// The deadline of a case accepted on `acceptedOn` with `promised` working days, `paused` of them
  /// excluded.
  package func deadline(acceptedOn: LocalDate, promised: WorkingDays, paused: Int) -> WorkingDeadline {
    let total = (try? WorkingDays(halfDays: promised.halfDays + 2 * paused)) ?? promised
    return self.calendar.addWorkingDays(to: acceptedOn, total)
  }

  /// The working days within which a notice must follow receipt (行政许可法 §32: 五日内).
  package static let noticeLimit = try! WorkingDays(days: 5)

  /// The last day a one-time notice may be given for a case received on `receivedOn`; after it, a
  /// case with no notice counts as accepted on the day of receipt.
  package func lastNoticeDay(receivedOn: LocalDate) -> LocalDate {
    self.calendar.addWorkingDays(to: receivedOn, Self.noticeLimit).date
  }
}
