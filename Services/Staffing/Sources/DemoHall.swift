package import Logging
import SQLKit
import SwiftProtobuf
import YimenCalendar
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// The demo hall bundled with the service: the centre's comprehensive windows run by purchased-service
/// clerks, department windows of eight demo departments (some single-person with a B post), a chief
/// representative for each department, one person in probation, one on leave today (so a B post stands
/// in), one forced return with its replacement due and one overdue, leader visits and an observer.
///
/// Dates are counted back from today, so the demo looks the same whenever it is loaded; every step goes
/// through the directory's own rules.
package enum DemoHall {
  /// The principal the demo loader acts as.
  package static let loader = Principal(id: "demo-loader", role: .management)

  typealias Member = Yimen_Staffing_V1_StaffMember

  /// A person of the demo: who, and how many days ago they were nominated (stationed a month and a
  /// week later; nil days: still in probation).
  struct Person {
    var member: Member
    var nominatedDaysAgo: Int
    var inProbation = false
  }

  static func person(
    _ id: String,
    _ name: String,
    _ department: String,
    _ category: Yimen_Staffing_V1_StaffCategory,
    born: String,
    _ education: Yimen_Staffing_V1_Education,
    _ rank: Yimen_Staffing_V1_Rank,
    _ role: Yimen_Staffing_V1_Role = .general,
    nominated daysAgo: Int,
    probation: Bool = false
  ) -> Person {
    let member = Member.with {
      $0.id = id
      $0.name = name
      $0.department = department
      $0.category = category
      $0.inEstablishment = category == .civilServant || category == .institution
      $0.birthDate = born
      $0.education = education
      $0.rank = rank
      $0.role = role
    }
    return Person(member: member, nominatedDaysAgo: daysAgo, inProbation: probation)
  }

  static let centre = StaffingDirectory.centre
  static let market = "市市场监督管理局"
  static let housing = "市住房和城乡建设局"
  static let resources = "市自然资源和规划局"
  static let hr = "市人力资源和社会保障局"
  static let police = "市公安局"
  static let tax = "市税务局"
  static let health = "市卫生健康委员会"
  static let civil = "市民政局"

  static let people: [Person] = [
    person("ZX-001", "周婷", centre, .purchasedService, born: "1996-04-12", .juniorCollege, .noRank, nominated: 1_000),
    person("ZX-002", "吴敏", centre, .purchasedService, born: "1994-09-03", .bachelor, .noRank, nominated: 900),
    person("ZX-003", "郑洁", centre, .purchasedService, born: "1998-01-20", .juniorCollege, .noRank, nominated: 500),
    person("ZX-004", "王芳", centre, .purchasedService, born: "1992-06-30", .bachelor, .noRank, nominated: 800),
    person("ZX-005", "冯雪", centre, .purchasedService, born: "1997-11-11", .juniorCollege, .noRank, nominated: 300),
    person("ZX-006", "陈静", centre, .purchasedService, born: "1995-02-28", .bachelor, .noRank, nominated: 200),
    person(
      "SJ-001",
      "李明",
      market,
      .civilServant,
      born: "1980-05-16",
      .master,
      .kezhang,
      .windowLeader,
      nominated: 1_200
    ),
    person("SJ-002", "张伟", market, .civilServant, born: "1990-03-08", .bachelor, .keyuan, .reviewer, nominated: 950),
    person("SJ-003", "刘洋", market, .institution, born: "1993-12-01", .bachelor, .noRank, nominated: 600),
    person("SJ-004", "赵强", market, .civilServant, born: "1988-07-22", .bachelor, .keyuan, .reviewer, nominated: 880),
    person(
      "ZJ-001",
      "孙磊",
      housing,
      .civilServant,
      born: "1982-10-10",
      .bachelor,
      .fukezhang,
      .windowLeader,
      nominated: 1_100
    ),
    person("ZJ-002", "黄丽", housing, .institution, born: "1991-08-19", .juniorCollege, .noRank, nominated: 700),
    person(
      "ZY-001",
      "何军",
      resources,
      .civilServant,
      born: "1979-01-05",
      .bachelor,
      .kezhang,
      .windowLeader,
      nominated: 1_300
    ),
    person("ZY-002", "林娜", resources, .civilServant, born: "1992-04-25", .master, .keyuan, .reviewer, nominated: 650),
    person("ZY-003", "高峰", resources, .institution, born: "1989-09-09", .bachelor, .noRank, nominated: 400),
    person(
      "RS-001",
      "罗欣",
      hr,
      .civilServant,
      born: "1983-03-14",
      .bachelor,
      .fukezhang,
      .windowLeader,
      nominated: 1_000
    ),
    person("RS-002", "梁晨", hr, .institution, born: "1994-05-05", .juniorCollege, .noRank, nominated: 550),
    person(
      "GA-001",
      "宋刚",
      police,
      .civilServant,
      born: "1981-11-30",
      .bachelor,
      .kezhang,
      .windowLeader,
      nominated: 1_150
    ),
    person("GA-002", "谢婷", police, .civilServant, born: "1993-02-17", .bachelor, .keyuan, nominated: 720),
    person("GA-003", "韩冰", police, .civilServant, born: "1990-06-06", .bachelor, .keyuan, nominated: 860),
    person("SW-001", "唐亮", tax, .civilServant, born: "1984-08-08", .master, .fukezhang, .windowLeader, nominated: 990),
    person("SW-002", "许诺", tax, .civilServant, born: "1995-10-21", .bachelor, .keyuan, .reviewer, nominated: 480),
    person(
      "WJ-001",
      "邓华",
      health,
      .civilServant,
      born: "1978-12-12",
      .bachelor,
      .kezhang,
      .windowLeader,
      nominated: 1_250
    ),
    person(
      "WJ-002",
      "曹颖",
      health,
      .institution,
      born: "1996-07-07",
      .bachelor,
      .noRank,
      nominated: 20,
      probation: true
    ),
    person(
      "MZ-001",
      "彭涛",
      civil,
      .civilServant,
      born: "1985-04-04",
      .bachelor,
      .fukezhang,
      .windowLeader,
      nominated: 800
    ),
  ]

  /// Windows: id, type, scope, plate, department, matters, A posts, B post, open.
  static let windows: [(ProtoWindow, [String], String, Bool)] = [
    (window("Z-01", .comprehensive, .undifferentiated, "综合受理 1号窗", "", []), ["ZX-001"], "ZX-002", true),
    (
      window(
        "Z-02",
        .comprehensive,
        .byField,
        "综合受理 企业开办",
        "",
        ["430500-XK-001", "430500-XK-002", "430500-XK-019"]
      ), ["ZX-002", "ZX-003"], "", true
    ),
    (window("Z-03", .consultation, .unspecified, "综合咨询", "", []), ["ZX-004"], "ZX-001", true),
    (window("Z-04", .complaints, .unspecified, "办不成事反映", "", []), ["ZX-005"], "ZX-004", true),
    (window("Z-05", .assisted, .unspecified, "帮办代办", "", []), ["ZX-006"], "ZX-005", true),
    (window("Z-06", .crossProvince, .unspecified, "跨省通办", "", []), [], "", false),
    (
      window("B-01", .department, .unspecified, "市场监管 企业登记", market, ["430500-XK-001", "430500-XK-002"]),
      ["SJ-001", "SJ-002"], "", true
    ),
    (window("B-02", .department, .unspecified, "市场监管 食品经营", market, ["430500-XK-003"]), ["SJ-003"], "SJ-002", true),
    (
      window("B-03", .department, .unspecified, "住建 施工许可", housing, ["430500-XK-004", "430500-BA-004"]),
      ["ZJ-001"], "ZJ-002", true
    ),
    (
      window("B-04", .department, .unspecified, "不动产登记", resources, ["430500-QR-001", "430500-QR-002"]),
      ["ZY-001", "ZY-002", "ZY-003"], "", true
    ),
    (
      window("B-05", .department, .unspecified, "人社 社会保险", hr, ["430500-GG-002", "430500-GG-003", "430500-GG-004"]),
      ["RS-001", "RS-002"], "", true
    ),
    (window("B-06", .department, .unspecified, "公安 户籍", police, ["430500-QR-006"]), ["GA-002"], "GA-001", true),
    (
      window("B-07", .department, .unspecified, "税务 综合", tax, ["430500-XK-019", "430500-JL-002"]),
      ["SW-001", "SW-002"], "", true
    ),
    (window("B-08", .department, .unspecified, "卫健 医疗机构", health, ["430500-XK-007"]), ["WJ-002"], "WJ-001", true),
    (
      window("B-09", .department, .unspecified, "民政 婚姻登记", civil, ["430500-QR-003", "430500-QR-004"]), ["MZ-001"], "",
      false
    ),
  ]

  /// The chief representative of each department (§29), with the powers delegated.
  static let chiefs: [(String, String)] = [
    (market, "SJ-001"), (housing, "ZJ-001"), (resources, "ZY-001"), (hr, "RS-001"), (police, "GA-001"),
    (tax, "SW-001"), (health, "WJ-001"), (civil, "MZ-001"),
  ]

  static func window(
    _ id: String,
    _ type: Yimen_Staffing_V1_WindowType,
    _ scope: Yimen_Staffing_V1_ComprehensiveScope,
    _ name: String,
    _ department: String,
    _ matters: [String]
  ) -> ProtoWindow {
    .with {
      $0.id = id
      $0.type = type
      $0.scope = scope
      $0.name = name
      $0.department = department
      $0.matterCodes = matters
    }
  }

  /// Every matter code the demo windows serve, with the department it belongs to in the demo catalogue.
  package static var matterCodes: [MatterSummary] {
    Self.windows.flatMap { window, _, _, _ in
      window.matterCodes.map {
        MatterSummary(
          code: $0,
          department: window.department.isEmpty ? Self.owner(of: $0) : window.department,
          entered: true
        )
      }
    }
  }

  /// The demo catalogue's department of a matter a comprehensive window serves.
  private static func owner(of code: String) -> String {
    code == "430500-XK-019" ? Self.tax : Self.market
  }

  /// Adds the demo hall when the database has no windows and no staff yet; otherwise changes nothing.
  ///
  /// - Returns: true when the demo was added.
  @discardableResult
  package static func install(into directory: StaffingDirectory, logger: Logger) async throws -> Bool {
    let demo = StaffingDirectory(
      store: directory.store,
      calendar: directory.calendar,
      matters: KnownMatters(Self.matterCodes),
      today: directory.today
    )
    let today = directory.today()
    // One transaction: replicas loading the demo at the same time add it exactly once.
    let installed = try await directory.store.write { database in
      let existing =
        try await database.select().column("id").from("windows").limit(1).all().count
        + database.select().column("id").from("staff").limit(1).all().count
      guard existing == 0 else { return false }
      try await Self.build(with: demo, today: today)
      return true
    }
    logger.info("demo hall", metadata: ["demo.added": "\(installed)"])
    return installed
  }

  private static func build(with directory: StaffingDirectory, today: LocalDate) async throws {
    let me = Self.loader
    for person in Self.people {
      let nominated = today.adding(days: -person.nominatedDaysAgo)
      _ = try await directory.nominate(
        .with {
          $0.member = person.member
          $0.date = nominated.description
        },
        as: me
      )
      let id = person.member.id
      _ = try await directory.review(
        .with {
          $0.staffID = id
          $0.approve = true
          $0.opinion = "同意"
          $0.date = nominated.adding(days: 3).description
        },
        as: me
      )
      let probation = nominated.adding(days: 5)
      _ = try await directory.startProbation(staffID: id, date: probation.description, as: me)
      if !person.inProbation {
        _ = try await directory.confirm(staffID: id, date: probation.adding(months: 1).description, as: me)
      }
    }
    for (department, staffID) in Self.chiefs {
      _ = try await directory.designateChief(
        .with {
          $0.department = department
          $0.staffID = staffID
          $0.powers = [.manageCases, .decide, .manageStaff, .keepSeal, .liaise]
          $0.date = today.adding(days: -30).description
        },
        as: me
      )
    }
    for (window, a, b, open) in Self.windows {
      _ = try await directory.createWindow(window, as: me)
      _ = try await directory.assignPosts(
        .with {
          $0.windowID = window.id
          $0.aStaffIds = a
          $0.bStaffID = b
        },
        as: me
      )
      if open { _ = try await directory.openWindow(id: window.id, as: me) }
    }
    // A post on leave today: the B post of B-06 stands in.
    _ = try await directory.recordLeave(
      .with {
        $0.staffID = "GA-002"
        $0.from = today.adding(days: -1).description
        $0.through = today.adding(days: 2).description
        $0.reason = "年休假"
      },
      as: me
    )
    // A forced return whose replacement is due, and one whose replacement is overdue.
    _ = try await directory.issueNotice(
      .with {
        $0.staffID = "SJ-004"
        $0.kind = .forcedReturn
        $0.ground = .repeatedBreachesOfCentreRules
        $0.reason = "三次无故离岗"
        $0.date = today.adding(days: -3).description
      },
      as: me
    )
    _ = try await directory.issueNotice(
      .with {
        $0.staffID = "GA-003"
        $0.kind = .forcedReturn
        $0.ground = .incompetentAnnualRating
        $0.date = today.adding(days: -30).description
      },
      as: me
    )
    for (department, leader, name, daysAgo) in [
      (Self.market, Yimen_Staffing_V1_Leader.deputy, "陈副局长", 2), (Self.market, .main, "王局长", 10),
      (Self.hr, .deputy, "刘副局长", 4), (Self.police, .main, "杨局长", 20),
    ] {
      _ = try await directory.recordVisit(
        .with {
          $0.department = department
          $0.leader = leader
          $0.leaderName = name
          $0.date = today.adding(days: -daysAgo).description
        },
        as: me
      )
    }
    _ = try await directory.startObservation(
      .with {
        $0.observation = .with {
          $0.personID = "GY-2026-07"
          $0.name = "马骁"
          $0.department = Self.hr
          $0.start = today.adding(days: -14).description
        }
        $0.category = .civilServant
      },
      as: me
    )
  }
}

/// A fixed set of matters, for loading the demo without the matters service, and for tests.
package struct KnownMatters: MatterDirectory {
  let known: [String: MatterSummary]

  package init(_ matters: [MatterSummary]) {
    self.known = Dictionary(matters.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
  }

  package func matters(_ codes: [String]) async throws -> [String: MatterSummary] {
    self.known.filter { codes.contains($0.key) }
  }
}
