package import GRPCCore
import GRPCProtobuf
import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// Windows: creating and changing them, their posts, opening and closing, and the hall board.
extension StaffingDirectory {
  /// A window whose fields and matters were checked, before any transaction begins (the check
  /// calls the matters service, which must not happen while the database is locked for writing).
  package struct CheckedWindow: Sendable {
    let window: ProtoWindow
  }

  /// Checks a window for CreateWindow or UpdateWindow: the caller, its fields, and its matters with
  /// the matters service.
  package func check(_ input: ProtoWindow, as principal: Principal) async throws -> CheckedWindow {
    try principal.requireManagement(to: "create and change windows")
    try await self.validate(input)
    return CheckedWindow(window: Self.describing(input))
  }

  /// Adds a window, closed, with nobody on post.
  package func createWindow(_ input: ProtoWindow, as principal: Principal) async throws -> ProtoWindow {
    try await self.createWindow(try await self.check(input, as: principal), as: principal)
  }

  /// Adds a checked window, closed, with nobody on post.
  package func createWindow(_ checked: CheckedWindow, as principal: Principal) async throws -> ProtoWindow {
    try principal.requireManagement(to: "create windows")
    return try await self.store.write { database in
      let id = checked.window.id
      if try await database.select().column("id").from("windows").where("id", .equal, SQLBind(id)).first() != nil {
        throw RPCError(code: .alreadyExists, message: "A window \(id) already exists.")
      }
      var window = checked.window
      try await Self.save(&window, new: true, in: database)
      try await Store.append(type: "staffing.window.created", subject: window.id, payload: window, in: database)
      return Self.present(window, as: principal)
    }
  }

  /// Replaces a window's type, scope, plate, department and matters; its posts and state stay.
  package func updateWindow(_ input: ProtoWindow, as principal: Principal) async throws -> ProtoWindow {
    try await self.updateWindow(try await self.check(input, as: principal), as: principal)
  }

  /// Replaces a window's descriptive fields with checked ones; its posts and state stay.
  package func updateWindow(_ checked: CheckedWindow, as principal: Principal) async throws -> ProtoWindow {
    try principal.requireManagement(to: "change windows")
    return try await self.store.write { database in
      let input = checked.window
      let existing = try await Self.requireWindow(input.id, in: database)
      if input.department != existing.department && !(existing.aStaffIds.isEmpty && existing.bStaffID.isEmpty) {
        throw GoogleRPCStatus.failedPrecondition(
          "posts",
          subject: input.id,
          "Window \(input.id) has people on post; clear its posts before giving it to another department."
        )
      }
      var window = input
      window.open = existing.open
      window.aStaffIds = existing.aStaffIds
      window.bStaffID = existing.bStaffID
      window.closedReason = existing.closedReason
      try await Self.save(&window, new: false, in: database)
      try await Store.append(type: "staffing.window.changed", subject: window.id, payload: window, in: database)
      return Self.present(window, as: principal)
    }
  }

  /// Names the A posts and the B post of a window.
  package func assignPosts(_ request: Yimen_Staffing_V1_AssignPostsRequest, as principal: Principal) async throws
    -> ProtoWindow
  {
    var violations = FieldViolations()
    violations.check(request.aStaffIds.count <= 10, "a_staff_ids", "At most 10 people on post at one window.")
    violations.checkDistinct(request.aStaffIds, "a_staff_ids")
    violations.check(
      request.bStaffID.isEmpty || !request.aStaffIds.contains(request.bStaffID),
      "b_staff_id",
      "The B post must be another person than the A posts (§16)."
    )
    try violations.throwIfAny("The posts are not valid")
    return try await self.store.write { database in
      var window = try await Self.requireWindow(request.windowID, in: database)
      if window.type == .department {
        try principal.requireDepartmentOrManagement(window.department, to: "name the posts of window \(window.id)")
      } else {
        try principal.requireManagement(to: "name the posts of the centre's window \(window.id)")
      }
      let windows = try await Self.windows(in: database)
      let named =
        request.aStaffIds.enumerated().map { ("a_staff_ids[\($0.offset)]", $0.element) }
        + (request.bStaffID.isEmpty ? [] : [("b_staff_id", request.bStaffID)])
      for (field, id) in named {
        let record = try await Self.requireStaff(id, field: field, in: database)
        guard Self.isOnPost(record.state) else {
          throw GoogleRPCStatus.failedPrecondition(
            "posts",
            subject: id,
            "\(record.member.name) (\(id)) is not in probation or stationed; only people at the centre take posts."
          )
        }
        if window.type == .department && record.member.department != window.department {
          throw GoogleRPCStatus.failedPrecondition(
            "posts",
            subject: id,
            "\(record.member.name) (\(id)) is staff of \(record.member.department), not of \(window.department)."
          )
        }
        if field != "b_staff_id", let other = windows.first(where: { $0.id != window.id && $0.aStaffIds.contains(id) })
        {
          throw GoogleRPCStatus.failedPrecondition(
            "posts",
            subject: id,
            "\(record.member.name) (\(id)) is on post at window \(other.id); take them off there first."
          )
        }
      }
      window.aStaffIds = request.aStaffIds
      window.bStaffID = request.bStaffID
      if window.open {
        try Self.rules(window).openingCheck().requireMet(subject: window.id)
      }
      try await Self.save(&window, new: false, in: database)
      try await Store.append(type: "staffing.window.changed", subject: window.id, payload: window, in: database)
      return Self.present(window, as: principal)
    }
  }

  /// Opens a window whose posts meet §16.
  package func openWindow(id: String, as principal: Principal) async throws -> ProtoWindow {
    try principal.requireManagement(to: "open windows")
    return try await self.store.write { database in
      var window = try await Self.requireWindow(id, in: database)
      guard !window.open else {
        throw GoogleRPCStatus.failedPrecondition("transition", subject: id, "Window \(id) is already open.")
      }
      try Self.rules(window).openingCheck().requireMet(subject: window.id)
      window.open = true
      window.closedReason = ""
      try await Self.save(&window, new: false, in: database)
      try await Store.append(type: "staffing.window.opened", subject: window.id, payload: window, in: database)
      return Self.present(window, as: principal)
    }
  }

  /// Closes a window, with the reason.
  package func closeWindow(id: String, reason: String, as principal: Principal) async throws -> ProtoWindow {
    try principal.requireManagement(to: "close windows")
    var violations = FieldViolations()
    violations.check(
      (1...200).contains(reason.count) && !reason.isBlank,
      "reason",
      "Required, at most 200 characters."
    )
    try violations.throwIfAny()
    return try await self.store.write { database in
      var window = try await Self.requireWindow(id, in: database)
      guard window.open else {
        throw GoogleRPCStatus.failedPrecondition("transition", subject: id, "Window \(id) is already closed.")
      }
      window.open = false
      window.closedReason = reason
      try await Self.save(&window, new: false, in: database)
      try await Store.append(type: "staffing.window.closed", subject: window.id, payload: window, in: database)
      return Self.present(window, as: principal)
    }
  }

  package func window(id: String, as principal: Principal) async throws -> ProtoWindow {
    try await self.store.read { database in
      Self.present(try await Self.requireWindow(id, in: database), as: principal)
    }
  }

  package func windows(_ request: Yimen_Staffing_V1_ListWindowsRequest, as principal: Principal) async throws
    -> [ProtoWindow]
  {
    try await self.store.read { database in
      try await Self.windows(in: database).filter { window in
        (request.type == .unspecified || window.type == request.type)
          && (request.department.isEmpty || window.department == request.department)
          && (request.matterCode.isEmpty || window.matterCodes.contains(request.matterCode))
          && (!request.openOnly || window.open)
      }
      .map { Self.present($0, as: principal) }
    }
  }

  /// The hall on a day: who serves each window, with B posts standing in for absent A posts.
  package func board(date text: String, as principal: Principal) async throws -> Yimen_Staffing_V1_Board {
    try principal.requireSignedIn(to: "see who is on post")
    var violations = FieldViolations()
    let date = violations.date(text, "date", empty: self.today()) ?? self.today()
    try violations.throwIfAny()
    return try await self.store.read { database in
      let windows = try await Self.windows(in: database)
      let staff = try await Self.staff(in: database)
      let names = Dictionary(staff.map { ($0.member.id, $0.member.name) }, uniquingKeysWith: { first, _ in first })
      let roster = LeaveRoster(
        records: try await Self.leave(in: database).compactMap { leave in
          guard let from = LocalDate(leave.from), let through = LocalDate(leave.through) else { return nil }
          return try? LeaveRecord(staffID: leave.staffID, from: from, through: through)
        }
      )
      func person(_ id: String) -> Yimen_Staffing_V1_Person {
        .with {
          $0.staffID = id
          $0.name = names[id] ?? id
        }
      }
      var board = Yimen_Staffing_V1_Board()
      board.date = date.description
      board.rows = windows.map { window in
        var row = Yimen_Staffing_V1_BoardRow()
        row.window = Self.present(window, as: principal)
        row.away = window.aStaffIds.filter { roster.isAway($0, on: date) }.map(person)
        if !window.bStaffID.isEmpty { row.bPost = person(window.bStaffID) }
        guard window.open else {
          row.cover = .closed
          return row
        }
        let cover = roster.coverFor(Self.rules(window), on: date)
        switch cover {
        case .regular: row.cover = .regular
        case .standIn: row.cover = .standIn
        case .uncovered: row.cover = .uncovered
        }
        row.onPost = cover.staffIDs.map(person)
        return row
      }
      return board
    }
  }

  // MARK: Helpers

  /// The descriptive fields of a window from a request.
  private static func describing(_ input: ProtoWindow) -> ProtoWindow {
    var window = ProtoWindow()
    window.id = input.id
    window.type = input.type
    window.scope = input.scope
    window.name = input.name
    window.department = input.department
    window.matterCodes = input.matterCodes
    return window
  }

  /// Checks a window's fields, and its matters against the catalogue.
  private func validate(_ window: ProtoWindow) async throws {
    var violations = FieldViolations()
    violations.check(StaffingIDs.isValidWindowID(window.id), "window.id", StaffingIDs.windowIDRule)
    violations.check(
      window.type != .unspecified && Yimen_Staffing_V1_WindowType.allCases.contains(window.type),
      "window.type",
      "Required: COMPREHENSIVE, CONSULTATION, ONE_THING, ASSISTED, CROSS_PROVINCE, IN_PROVINCE, COMPLAINTS, "
        + "ENTERPRISE_POLICY, GOVERNMENT_OPENNESS or DEPARTMENT."
    )
    if window.type == .comprehensive {
      violations.check(
        window.scope == .undifferentiated || window.scope == .byField,
        "window.scope",
        "A comprehensive window is UNDIFFERENTIATED (无差别) or BY_FIELD (分领域)."
      )
    } else {
      violations.check(window.scope == .unspecified, "window.scope", "Only comprehensive windows have a scope.")
    }
    violations.check(
      (1...60).contains(window.name.count) && !window.name.isBlank,
      "window.name",
      "Required, at most 60 characters."
    )
    if window.type == .department {
      violations.check(!window.department.isBlank, "window.department", "A department window needs its department.")
    } else {
      violations.check(
        window.department.isEmpty,
        "window.department",
        "Only DEPARTMENT windows belong to a department; the others are the centre's."
      )
    }
    violations.check(window.matterCodes.count <= 500, "window.matter_codes", "At most 500 matters.")
    for (index, code) in window.matterCodes.enumerated() {
      violations.check(!code.isEmpty, "window.matter_codes[\(index)]", "Empty matter code.")
    }
    violations.checkDistinct(window.matterCodes, "window.matter_codes")
    try violations.throwIfAny("The window is not valid")
    guard !window.matterCodes.isEmpty else { return }
    let found = try await self.matters.matters(window.matterCodes)
    for (index, code) in window.matterCodes.enumerated() {
      let field = "window.matter_codes[\(index)]"
      guard let matter = found[code] else {
        violations.add(field, "No matter \(code) in the catalogue.")
        continue
      }
      violations.check(matter.entered, field, "\(code) is not entered in the hall; a window cannot serve it.")
      if window.type == .department {
        violations.check(
          matter.department == window.department,
          field,
          "\(code) is a matter of \(matter.department), not of \(window.department)."
        )
      }
    }
    try violations.throwIfAny("The window's matters are not valid")
  }
}
