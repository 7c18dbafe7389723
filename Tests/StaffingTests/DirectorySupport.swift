import Foundation
import GRPCCore
import GRPCProtobuf
import Logging
import SwiftProtobuf
import Testing
import YimenCalendar
import YimenProtos
import YimenRuntime
import YimenStaffing
import YimenStorage

// Helpers for the tests of `StaffingDirectory` over a real SQLite store.

typealias Member = Yimen_Staffing_V1_StaffMember

/// The departments of the tests (names as in the demo catalogue).
enum Dept {
  static let market = "市市场监督管理局"
  static let civil = "市民政局"
  static let tax = "市税务局"
  static let centre = StaffingDirectory.centre
}

let manager = Principal(id: "li", role: .management)
let marketStaff = Principal(id: "zhang", role: .staff, department: Dept.market)
let civilStaff = Principal(id: "wang", role: .staff, department: Dept.civil)
let supervisor = Principal(id: "zhou", role: .supervisor)

/// The matters the tests' windows may serve.
let knownMatters = [
  MatterSummary(code: "430500-XK-001", department: Dept.market, entered: true),
  MatterSummary(code: "430500-XK-002", department: Dept.market, entered: true),
  MatterSummary(code: "430500-XK-003", department: Dept.market, entered: false),
  MatterSummary(code: "430500-QR-003", department: Dept.civil, entered: true),
  MatterSummary(code: "430500-XK-019", department: Dept.tax, entered: true),
]

/// A directory over a fresh SQLite file in a temporary directory, with "today" fixed.
func directory(today: String = "2026-06-15") async throws -> StaffingDirectory {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-staffing-\(UUID().uuidString)")
  let store = try await Store.open(
    directory: folder.path,
    name: "staffing",
    migrations: StaffingMigrations.all,
    logger: Logger(label: "test")
  )
  let date = try day(today)
  return StaffingDirectory(
    store: store,
    calendar: try WorkingDayCalendar.bundled(),
    matters: KnownMatters(knownMatters),
    today: { date }
  )
}

extension StaffingDirectory {
  /// The same hall (the same store) seen on another day.
  func on(_ date: String) throws -> StaffingDirectory {
    let today = try day(date)
    return StaffingDirectory(store: self.store, calendar: self.calendar, matters: self.matters, today: { today })
  }
}

/// A person to nominate, by default a 在编 civil servant of the market department who meets every §15
/// condition for a general role in 2026 (36 on 2026-06-15).
func nominee(
  _ id: String,
  _ department: String = Dept.market,
  name: String? = nil,
  category: Yimen_Staffing_V1_StaffCategory = .civilServant,
  inEstablishment: Bool? = nil,
  born: String = "1990-06-15",
  education: Yimen_Staffing_V1_Education = .bachelor,
  rank: Yimen_Staffing_V1_Rank = .keyuan,
  role: Yimen_Staffing_V1_Role = .general
) -> Member {
  .with {
    $0.id = id
    $0.name = name ?? "员工\(id)"
    $0.department = department
    $0.category = category
    $0.inEstablishment = inEstablishment ?? (category == .civilServant || category == .institution)
    $0.birthDate = born
    $0.education = education
    $0.rank = rank
    $0.role = role
  }
}

/// An override of a rule, as a manager writes it in a request.
func waive(_ rule: String, reason: String = "窗口急需专业人员") -> Yimen_Staffing_V1_Override {
  .with {
    $0.rule = rule
    $0.reason = reason
  }
}

extension StaffingDirectory {
  /// Nominates a person on a day.
  @discardableResult
  func nominate(
    _ member: Member,
    on date: String,
    overrides: [Yimen_Staffing_V1_Override] = [],
    as principal: Principal = manager
  ) async throws -> ProtoStaffRecord {
    try await self.nominate(
      .with {
        $0.member = member
        $0.date = date
        $0.overrides = overrides
      },
      as: principal
    )
  }

  /// Nominates and approves a person and starts their probation on `start` (nominated a week before,
  /// approved two days before).
  @discardableResult
  func startInProbation(_ member: Member, from start: String) async throws -> ProtoStaffRecord {
    let start = try day(start)
    try await self.nominate(member, on: start.adding(days: -7).description, as: manager)
    _ = try await self.review(
      .with {
        $0.staffID = member.id
        $0.approve = true
        $0.opinion = "同意"
        $0.date = start.adding(days: -2).description
      },
      as: manager
    )
    return try await self.startProbation(staffID: member.id, date: start.description, as: manager)
  }

  /// Takes a person through nomination, approval and a month of probation to formal stationing on `date`.
  @discardableResult
  func station(_ member: Member, on date: String = "2024-06-15") async throws -> ProtoStaffRecord {
    let stationed = try day(date)
    try await self.startInProbation(member, from: stationed.adding(months: -1).description)
    return try await self.confirm(staffID: member.id, date: stationed.description, as: manager)
  }

  /// Creates a window and names its posts (as management), and opens it when asked.
  @discardableResult
  func window(
    _ id: String,
    _ type: Yimen_Staffing_V1_WindowType = .department,
    department: String = Dept.market,
    matters: [String] = [],
    a: [String] = [],
    b: String = "",
    open: Bool = false
  ) async throws -> ProtoWindow {
    _ = try await self.createWindow(
      .with {
        $0.id = id
        $0.type = type
        $0.name = "窗口 \(id)"
        $0.department = type == .department ? department : ""
        $0.matterCodes = matters
      },
      as: manager
    )
    var window = try await self.assignPosts(
      .with {
        $0.windowID = id
        $0.aStaffIds = a
        $0.bStaffID = b
      },
      as: manager
    )
    if open { window = try await self.openWindow(id: id, as: manager) }
    return window
  }

  /// A staff member as management sees them, with the facts as of today (or `asOf`).
  func person(_ id: String, asOf: String = "") async throws -> ProtoStaffRecord {
    try await self.staffMember(id: id, asOf: asOf, as: manager)
  }

  /// The types of every event in the outbox, in order.
  func eventTypes() async throws -> [String] {
    try await self.store.events(after: 0).map(\.type)
  }

  /// Everything the hall holds, as management sees it: to compare before and after a refusal.
  func snapshot() async throws -> HallSnapshot {
    HallSnapshot(
      events: try await self.store.events(after: 0).map { "\($0.type) \($0.subject)" },
      staff: try await self.staffList(.init(), as: manager),
      windows: try await self.windows(.init(), as: manager),
      departments: try await self.departments(problemsOnly: false, as: manager),
      notices: try await self.notices(.init(), as: manager)
    )
  }
}

/// The stored state of a hall.
struct HallSnapshot: Equatable {
  var events: [String]
  var staff: [ProtoStaffRecord]
  var windows: [ProtoWindow]
  var departments: [Yimen_Staffing_V1_Department]
  var notices: [Yimen_Staffing_V1_ReturnNotice]
}
