import Foundation
import GRPCCore
import GRPCProtobuf
import Logging
import SwiftProtobuf
import Testing
import YimenCalendar
import YimenCases
import YimenProtos
import YimenRuntime
import YimenStorage

// Helpers for the tests of `CaseOffice` over a real SQLite store, with a fixed hall (`KnownHall`) of
// matters and windows and a fixed "today" (2026-11-02, a Monday, unless a test says otherwise).

typealias Notice = Yimen_Cases_V1_NoticeItem

/// The departments of the tests (names as in the demo catalogue).
enum Dept {
  static let market = "市市场监督管理局"
  static let tax = "市税务局"
  static let fire = "市消防救援支队"
  static let civil = "市民政局"
  static let centre = "市政务服务中心"
}

/// The matters of the tests.
enum Matter {
  /// 食品经营许可 (market): 10 working days; every kind of material; two special steps; two §33 modes.
  static let food = "430500-XK-001"
  /// 食品经营许可变更 (market): 5 working days.
  static let change = "430500-XK-002"
  /// 个体工商户名称变更 (market): half a working day.
  static let rename = "430500-XK-004"
  /// 不进驻 (market): not entered in the hall.
  static let secret = "430500-XK-009"
  /// 税务登记 (tax): 5 working days.
  static let taxRegistration = "430500-XK-019"
  /// 公众聚集场所投入使用营业前消防安全检查 (fire): 10 working days.
  static let fireCheck = "430500-XK-031"
  /// 社会团体成立登记 (civil): no published guide yet.
  static let society = "430500-QR-003"
}

/// The materials of the food licence's guide.
enum Material {
  static let form = "食品经营许可申请书"
  static let licence = "营业执照"  // required, obtainable by data sharing
  static let identity = "法定代表人身份证明"
  static let plan = "经营场所平面布局图"
  static let health = "从业人员健康证明"  // optional
  static let rules = "食品安全管理制度"  // optional
}

/// The food licence's special steps: an on-site check that counts toward the limit, an expert review that
/// does not.
enum Special {
  static let inspection = "现场核查"
  static let review = "专家评审"
}

func material(_ name: String, required: Bool = true, shared: Bool = false) -> Yimen_Matters_V1_Material {
  .with {
    $0.name = name
    $0.form = .original
    $0.copies = 1
    $0.required = required
    $0.shared = shared
  }
}

func guide(
  days: Double,
  materials: [Yimen_Matters_V1_Material],
  special: [(String, Bool)] = [],
  modes: [Yimen_Matters_V1_ChannelMode] = []
) -> Yimen_Matters_V1_ServiceGuide {
  .with {
    $0.channelModes = modes
    $0.acceptanceConditions = ["申请人具备相应资格"]
    $0.materials = materials
    $0.legalLimitDays = max(days, 20)
    $0.promisedLimitDays = days
    $0.steps = [.with { $0.name = "受理" }, .with { $0.name = "审查" }, .with { $0.name = "决定" }]
    $0.specialSteps = special.map { name, counts in
      .with {
        $0.name = name
        $0.countsTowardLimit = counts
      }
    }
    $0.place = "市政务服务中心一楼"
    $0.hours = "工作日 9:00-17:00"
    $0.visits = 1
  }
}

let guides: [MatterGuide] = [
  MatterGuide(
    code: Matter.food,
    name: "食品经营许可",
    department: Dept.market,
    version: 3,
    guide: guide(
      days: 10,
      materials: [
        material(Material.form),
        material(Material.licence, shared: true),
        material(Material.identity),
        material(Material.plan),
        material(Material.health, required: false),
        material(Material.rules, required: false),
      ],
      special: [(Special.inspection, true), (Special.review, false)],
      modes: [.onlinePrereviewOfflineReceipt, .offlineHandlingOnlineResult]
    )
  ),
  MatterGuide(
    code: Matter.change,
    name: "食品经营许可变更",
    department: Dept.market,
    version: 1,
    guide: guide(days: 5, materials: [material(Material.form), material(Material.licence, shared: true)])
  ),
  MatterGuide(
    code: Matter.rename,
    name: "个体工商户名称变更",
    department: Dept.market,
    version: 2,
    guide: guide(days: 0.5, materials: [material("变更登记申请书")])
  ),
  MatterGuide(
    code: Matter.secret,
    name: "涉密事项",
    department: Dept.market,
    entered: false,
    version: 1,
    guide: guide(days: 5, materials: [material("申请书")])
  ),
  MatterGuide(
    code: Matter.taxRegistration,
    name: "税务登记",
    department: Dept.tax,
    version: 1,
    guide: guide(
      days: 5,
      materials: [material("税务登记表"), material(Material.licence, shared: true), material("经营场所证明")]
    )
  ),
  MatterGuide(
    code: Matter.fireCheck,
    name: "公众聚集场所投入使用营业前消防安全检查",
    department: Dept.fire,
    version: 1,
    guide: guide(
      days: 10,
      materials: [material("消防安全检查申请表"), material(Material.plan), material("消防设施检测报告", required: false)]
    )
  ),
  MatterGuide(code: Matter.society, name: "社会团体成立登记", department: Dept.civil, version: 0, guide: .init()),
]

/// The windows: an open market window (two A posts and a B post), a closed one, one serving only the
/// change of licence, the centre's 无差别 comprehensive window, and the tax and fire windows.
let hallWindows: [HallWindow] = [
  HallWindow(
    id: "A01",
    open: true,
    department: Dept.market,
    matterCodes: [Matter.food, Matter.change, Matter.rename],
    staffIDs: ["M-101", "M-102"],
    backupID: "M-103"
  ),
  HallWindow(id: "A02", open: false, department: Dept.market, matterCodes: [Matter.food], staffIDs: ["M-104"]),
  HallWindow(id: "A03", open: true, department: Dept.market, matterCodes: [Matter.change], staffIDs: ["M-105"]),
  HallWindow(id: "C01", open: true, department: "", servesEverything: true, matterCodes: [], staffIDs: ["Z-201"]),
  HallWindow(id: "T01", open: true, department: Dept.tax, matterCodes: [Matter.taxRegistration], staffIDs: ["T-301"]),
  HallWindow(id: "F01", open: true, department: Dept.fire, matterCodes: [Matter.fireCheck], staffIDs: ["F-401"]),
]

let marketClerk = Principal(id: "M-101", role: .staff, department: Dept.market)
let marketBackup = Principal(id: "M-103", role: .staff, department: Dept.market)
/// On post at the closed window A02.
let closedClerk = Principal(id: "M-104", role: .staff, department: Dept.market)
/// On post at A03, which serves only the change of licence.
let changeClerk = Principal(id: "M-105", role: .staff, department: Dept.market)
/// Staff of the market department on post nowhere.
let backOffice = Principal(id: "M-106", role: .staff, department: Dept.market)
let centreClerk = Principal(id: "Z-201", role: .staff, department: Dept.centre)
let taxClerk = Principal(id: "T-301", role: .staff, department: Dept.tax)
let fireClerk = Principal(id: "F-401", role: .staff, department: Dept.fire)
let manager = Principal(id: "li", role: .management)
let supervisor = Principal(id: "zhou", role: .supervisor)
/// The applicant, not signed in.
let citizen = Principal.anonymous

/// Valid identifiers: GB 11643 check digits and a GB 32100 check character, computed independently.
enum ID {
  static let person = "43050219850312001X"
  static let otherPerson = "430502199207040028"
  static let thirdPerson = "430502197811200033"
  static let company = "91430500MA4L12345Y"
}

func person(_ id: String = ID.person, name: String = "王芳", address: String = "湖南省邵阳市双清区宝庆东路 1 号")
  -> Yimen_Cases_V1_Applicant
{
  .with {
    $0.kind = .person
    $0.name = name
    $0.idNumber = id
    $0.phone = "13907391234"
    $0.address = address
  }
}

func company(_ id: String = ID.company) -> Yimen_Cases_V1_Applicant {
  .with {
    $0.kind = .company
    $0.name = "邵阳市宝庆餐饮有限公司"
    $0.idNumber = id
    $0.phone = "0739-5301101"
    $0.address = "湖南省邵阳市大祥区红旗路 8 号"
  }
}

/// Every required material of the food licence but the shared one.
let completeFood = [Material.form, Material.identity, Material.plan]

func day(_ text: String) throws -> LocalDate {
  try LocalDate(parsing: text)
}

/// The letters of query codes: no 0/O, 1/I/L.
let queryCodeLetters = Set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

/// A well-formed query code that is not `code`.
func anotherCode(_ code: String) -> String {
  code.hasPrefix("2") ? "3" + code.dropFirst() : "2" + code.dropFirst()
}

/// The hall of the tests.
let knownHall = KnownHall(guides: guides, windows: hallWindows)

/// The hall with window A01 closed.
let hallWithA01Closed = KnownHall(
  guides: guides,
  windows: hallWindows.map { window in
    var window = window
    if window.id == "A01" { window.open = false }
    return window
  }
)

/// The matters and staffing services away: every lookup is UNAVAILABLE.
struct AwayHall: MatterGuides, HallWindows {
  func guide(_ code: String) async throws -> MatterGuide? {
    throw RPCError(code: .unavailable, message: "Cannot read matter \(code) from the matters service.")
  }

  func window(_ id: String) async throws -> HallWindow? {
    throw RPCError(code: .unavailable, message: "Cannot read window \(id) from the staffing service.")
  }
}

/// A folder for a fresh store.
func newFolder() -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("yimen-cases-\(UUID().uuidString)").path
}

/// A case office over a fresh SQLite file in a temporary directory (or the store in `folder`, as another
/// instance would open it), with "today" fixed.
func newOffice(today: String = "2026-11-02", warningDays: Int = 2, folder: String = newFolder()) async throws
  -> CaseOffice
{
  let store = try await Store.open(
    directory: folder,
    name: "cases",
    migrations: CasesMigrations.all,
    logger: Logger(label: "test")
  )
  let hall = knownHall
  let date = try day(today)
  return CaseOffice(
    store: store,
    calendar: try WorkingDayCalendar.bundled(),
    guides: hall,
    windows: hall,
    warningDays: warningDays,
    today: { date }
  )
}

func notice(_ material: String, _ problem: String = "缺少") -> Notice {
  .with {
    $0.material = material
    $0.problem = problem
  }
}

extension CaseOffice {
  /// The same office (the same store) seen on another day.
  func on(_ date: String) throws -> CaseOffice {
    let today = try day(date)
    return CaseOffice(
      store: self.store,
      calendar: self.calendar,
      guides: self.guides,
      windows: self.windows,
      warningDays: self.warningDays,
      today: { today }
    )
  }

  /// The same office (the same store and day) reading matters and windows from `hall`.
  func reading(_ hall: some MatterGuides & HallWindows) -> CaseOffice {
    CaseOffice(
      store: self.store,
      calendar: self.calendar,
      guides: hall,
      windows: hall,
      warningDays: self.warningDays,
      today: self.today
    )
  }

  /// Submits an application: by default the food licence with every required material, online, by the
  /// applicant.
  @discardableResult
  func submit(
    _ matter: String = Matter.food,
    materials: [String] = completeFood,
    applicant: Yimen_Cases_V1_Applicant = person(),
    channel: Yimen_Cases_V1_Channel = .online,
    window: String = "",
    as principal: Principal = citizen
  ) async throws -> ProtoCase {
    let request = Yimen_Cases_V1_SubmitCaseRequest.with {
      $0.requestID = UUID().uuidString
      $0.matterCode = matter
      $0.channel = channel
      $0.applicant = applicant
      $0.materials = materials
      $0.windowID = window
    }
    return try await self.submit(try await self.prepare(request), as: principal)
  }

  /// Accepts a case at a window (A01 by M-101 by default), as the service does: the window checked, a refusal
  /// recorded outside the change's transaction, then the change.
  @discardableResult
  func accept(_ number: String, at window: String = "A01", as principal: Principal = marketClerk) async throws
    -> ProtoCase
  {
    let check = try await self.checkWindow(window, as: principal)
    try await self.screen(number: number, check)
    return try await self.accept(number: number, check)
  }

  @discardableResult
  func notify(_ number: String, _ items: [Notice], as principal: Principal = marketClerk) async throws -> ProtoCase {
    try await self.requestSupplement(number: number, items: items, as: principal)
  }

  @discardableResult
  func resubmit(_ number: String, _ materials: [String], queryCode: String, as principal: Principal = citizen)
    async throws -> ProtoCase
  {
    try await self.resubmit(
      .with {
        $0.number = number
        $0.queryCode = queryCode
        $0.materials = materials
      },
      as: principal
    )
  }

  @discardableResult
  func decide(
    _ number: String,
    approved: Bool = true,
    text: String = "准予许可",
    seal: Yimen_Cases_V1_Seal = .unspecified,
    basis: String = "",
    as principal: Principal = marketClerk
  ) async throws -> ProtoCase {
    try await self.decide(
      .with {
        $0.number = number
        $0.approved = approved
        $0.text = text
        $0.seal = seal
        $0.sealBasis = basis
      },
      as: principal
    )
  }

  @discardableResult
  func deliver(
    _ number: String,
    _ method: Yimen_Cases_V1_DeliveryMethod = .windowPickup,
    tracking: String = "",
    address: String = "",
    as principal: Principal = marketClerk
  ) async throws -> ProtoCase {
    try await self.deliver(
      .with {
        $0.number = number
        $0.method = method
        $0.trackingNumber = tracking
        $0.address = address
      },
      as: principal
    )
  }

  @discardableResult
  func withdraw(_ number: String, queryCode: String, as principal: Principal = citizen) async throws -> ProtoCase {
    try await self.withdraw(
      .with {
        $0.number = number
        $0.queryCode = queryCode
        $0.reason = "不再需要"
      },
      as: principal
    )
  }

  /// A case as management sees it today.
  func show(_ number: String) async throws -> ProtoCase {
    try await self.get(number: number, queryCode: "", as: manager)
  }

  func queue(
    _ department: String = "",
    state: CaseState = .unspecified,
    matter: String = "",
    window: String = "",
    dueWithin: UInt32 = 0,
    overdueOnly: Bool = false,
    pageSize: UInt32 = 0,
    pageToken: String = "",
    as principal: Principal = marketClerk
  ) async throws -> Yimen_Cases_V1_ListQueueResponse {
    try await self.queue(
      .with {
        $0.department = department
        $0.state = state
        $0.matterCode = matter
        $0.windowID = window
        $0.dueWithinDays = dueWithin
        $0.overdueOnly = overdueOnly
        $0.pageSize = pageSize
        $0.pageToken = pageToken
      },
      as: principal
    )
  }

  /// The types of every event in the outbox, in order.
  func eventTypes() async throws -> [String] {
    try await self.store.events(after: 0).map(\.type)
  }

  /// Every event as `type subject`.
  func eventLines() async throws -> [String] {
    try await self.store.events(after: 0).map { "\($0.type) \($0.subject)" }
  }

  /// Every event with the query codes its payload carries (a joint case's own and its sub-cases'), and
  /// the number the payload is about.
  func eventQueryCodes() async throws -> [(event: String, number: String, codes: [String])] {
    try await self.store.events(after: 0).map { event in
      if event.type.hasPrefix("cases.joint.") {
        let joint = try ProtoJointCase(serializedBytes: event.payload)
        return ("\(event.type) \(event.subject)", joint.number, [joint.queryCode] + joint.cases.map(\.queryCode))
      }
      let record = try ProtoCase(serializedBytes: event.payload)
      return ("\(event.type) \(event.subject)", record.number, [record.queryCode])
    }
  }

  /// Everything the office holds, as management sees it: to compare before and after a refusal.
  func snapshot() async throws -> CaseSnapshot {
    var cases: [ProtoCase] = []
    for department in [Dept.market, Dept.tax, Dept.fire, Dept.civil] {
      cases += try await self.queue(department, pageSize: 200, as: manager).cases
    }
    return CaseSnapshot(events: try await self.eventLines(), cases: cases)
  }
}

/// The stored state of an office.
struct CaseSnapshot: Equatable {
  var events: [String]
  var cases: [ProtoCase]
}

extension Yimen_Cases_V1_Case {
  /// The status of each material, by name.
  var statuses: [String: Yimen_Cases_V1_MaterialStatus] {
    Dictionary(uniqueKeysWithValues: self.materials.map { ($0.name, $0.status) })
  }

  /// The actions of the history, in order.
  var actions: [String] { self.history.map(\.action) }
}
