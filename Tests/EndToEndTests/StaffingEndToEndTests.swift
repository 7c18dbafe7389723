import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenProtos
import YimenTransport

extension System {
  /// Starts yimen-staffing on a fresh data directory and waits until it serves.
  @discardableResult
  func startStaffing(_ name: String = "staffing", demo: Bool = false) async throws -> URL {
    let data = self.logs.appendingPathComponent("\(name)-data")
    try await self.start(
      name,
      executable: "yimen-staffing",
      arguments: [
        "--data", data.path, "--instance-id", name, "--heartbeat-ms", "100", "--overdue-check-seconds", "0.2",
      ] + (demo ? ["--demo"] : []),
      readyLine: "serving"
    )
    try await self.waitForInstances(1, of: "yimen.staffing.v1.Staffing")
    return data
  }
}

/// A day counted from today in Asia/Shanghai, as YYYY-MM-DD.
func shanghaiDay(_ offset: Int) -> String {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
  let day = calendar.date(byAdding: .day, value: offset, to: Date())!
  let parts = calendar.dateComponents([.year, .month, .day], from: day)
  return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
}

/// The metadata of a call made as a principal.
func caller(_ principal: String) -> Metadata {
  ["yimen-principal": .string(principal)]
}

/// Runs a call that must fail, and returns its error with the google.rpc.Status details.
func refusal<T: Sendable>(_ call: () async throws -> T) async -> (RPCError?, GoogleRPCStatus?) {
  do {
    _ = try await call()
    return (nil, nil)
  } catch let error as RPCError {
    return (error, try? error.unpackGoogleRPCStatus())
  } catch {
    return (nil, nil)
  }
}

let marketAs = "id=zhang;role=staff;department=市市场监督管理局"
let educationAs = "id=wu;role=staff;department=市教育局"

func marketMember(_ id: String, _ name: String, born: String = "1990-03-08") -> Yimen_Staffing_V1_StaffMember {
  .with {
    $0.id = id
    $0.name = name
    $0.department = "市市场监督管理局"
    $0.category = .civilServant
    $0.inEstablishment = true
    $0.birthDate = born
    $0.education = .bachelor
    $0.rank = .keyuan
    $0.role = .general
  }
}

@Suite("End to end: staffing through the gateway", .serialized, .timeLimit(.minutes(2)))
struct StaffingEndToEndTests {
  @Test("windows checked against matters, stationing, A/B posts, the board, a forced return that becomes overdue")
  func hall() async throws {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters(demo: true)
    try await system.startStaffing()
    try await system.withClient { client in
      let staffing = Yimen_Staffing_V1_Staffing.Client(wrapping: client)
      let manager = caller(managementAs)
      let market = caller(marketAs)
      var window = Yimen_Staffing_V1_Window.with {
        $0.id = "B-01"
        $0.type = .department
        $0.name = "市场监管 企业登记"
        $0.department = "市市场监督管理局"
        $0.matterCodes = ["430500-XK-001", "430500-XK-999", "430500-XK-004"]
      }

      // The matters service is asked about every code: unknown and other departments' codes are named.
      let (badMatters, badStatus) = await refusal {
        try await staffing.createWindow(
          request: .init(
            message: .with {
              $0.requestID = "w-0"; $0.window = window
            },
            metadata: manager
          )
        )
      }
      #expect(badMatters?.code == .invalidArgument)
      let fields = badStatus?.details.compactMap(\.badRequest).flatMap(\.violations).map(\.field) ?? []
      #expect(fields == ["window.matter_codes[1]", "window.matter_codes[2]"], "\(badMatters?.message ?? "")")
      window.matterCodes = ["430500-XK-001", "430500-XK-002"]
      _ = try await staffing.createWindow(
        request: .init(
          message: .with {
            $0.requestID = "w-1"; $0.window = window
          },
          metadata: manager
        )
      )

      // A department nominates its own people only; the centre takes them through probation.
      let (foreign, _) = await refusal {
        try await staffing.nominateStaff(
          request: .init(
            message: .with {
              $0.requestID = "n-x"; $0.member = marketMember("SJ-101", "张伟")
            },
            metadata: caller(educationAs)
          )
        )
      }
      #expect(foreign?.code == .permissionDenied)
      // A department dates its steps at most 30 days back; the centre records older history.
      let (backdated, _) = await refusal {
        try await staffing.nominateStaff(
          request: .init(
            message: .with {
              $0.requestID = "n-old"
              $0.member = marketMember("SJ-101", "张伟")
              $0.date = shanghaiDay(-120)
            },
            metadata: market
          )
        )
      }
      #expect(backdated?.code == .invalidArgument)
      for (index, (id, name)) in [("SJ-101", "张伟"), ("SJ-102", "刘洋")].enumerated() {
        _ = try await staffing.nominateStaff(
          request: .init(
            message: .with {
              $0.requestID = "n-\(index)"
              $0.member = marketMember(id, name)
              $0.date = shanghaiDay(-120)
            },
            metadata: manager
          )
        )
        _ = try await staffing.reviewNomination(
          request: .init(
            message: .with {
              $0.requestID = "r-\(index)"
              $0.staffID = id
              $0.approve = true
              $0.date = shanghaiDay(-115)
            },
            metadata: manager
          )
        )
        _ = try await staffing.startProbation(
          request: .init(
            message: .with {
              $0.requestID = "p-\(index)"; $0.staffID = id; $0.date = shanghaiDay(-110)
            },
            metadata: manager
          )
        )
        let confirmed = try await staffing.confirmStationing(
          request: .init(
            message: .with {
              $0.requestID = "c-\(index)"; $0.staffID = id; $0.date = shanghaiDay(-70)
            },
            metadata: manager
          )
        )
        #expect(confirmed.state == .stationed)
      }

      // A single-person window needs its B post before it opens.
      _ = try await staffing.assignPosts(
        request: .init(
          message: .with {
            $0.requestID = "a-1"; $0.windowID = "B-01"; $0.aStaffIds = ["SJ-101"]
          },
          metadata: market
        )
      )
      let (unopened, unopenedStatus) = await refusal {
        try await staffing.openWindow(
          request: .init(
            message: .with {
              $0.requestID = "o-1"; $0.windowID = "B-01"
            },
            metadata: manager
          )
        )
      }
      #expect(unopened?.code == .failedPrecondition)
      let rules = unopenedStatus?.details.compactMap(\.preconditionFailure).flatMap(\.violations).map(\.type) ?? []
      #expect(rules == ["backup_post"])
      _ = try await staffing.assignPosts(
        request: .init(
          message: .with {
            $0.requestID = "a-2"; $0.windowID = "B-01"; $0.aStaffIds = ["SJ-101"]; $0.bStaffID = "SJ-102"
          },
          metadata: market
        )
      )
      let opened = try await staffing.openWindow(
        request: .init(
          message: .with {
            $0.requestID = "o-2"; $0.windowID = "B-01"
          },
          metadata: manager
        )
      )
      #expect(opened.open)
      let publicView = try await staffing.getWindow(.with { $0.id = "B-01" })
      #expect(publicView.matterCodes == ["430500-XK-001", "430500-XK-002"])
      #expect(publicView.aStaffIds.isEmpty, "the public sees the plate and the matters, not who is on post")

      // A on leave today: B stands in.
      _ = try await staffing.recordLeave(
        request: .init(
          message: .with {
            $0.requestID = "l-1"
            $0.leave = .with {
              $0.staffID = "SJ-101"; $0.from = shanghaiDay(0); $0.through = shanghaiDay(1); $0.reason = "年休假"
            }
          },
          metadata: market
        )
      )
      let board = try await staffing.getBoard(request: .init(message: .init(), metadata: market))
      let row = try #require(board.rows.first { $0.window.id == "B-01" })
      #expect(row.cover == .standIn)
      #expect(row.onPost.map(\.staffID) == ["SJ-102"])

      // A forced return dated 30 days ago: the replacement is overdue, and the service says so once.
      let notice = try await staffing.issueReturnNotice(
        request: .init(
          message: .with {
            $0.requestID = "ret-1"
            $0.notice = .with {
              $0.staffID = "SJ-102"
              $0.kind = .forcedReturn
              $0.ground = .breachOfLawOrDiscipline
              $0.date = shanghaiDay(-30)
            }
          },
          metadata: manager
        )
      )
      #expect(notice.status == .overdue)
      #expect(notice.copiedTo.count == 2)
      let overdue = try await staffing.subscribe(
        request: .init(message: .with { $0.types = ["staffing.replacement.overdue"] }, metadata: manager),
        options: .timeout(.seconds(10))
      ) { response -> Yimen_Events_V1_Event? in
        for try await event in response.messages { return event }
        return nil
      }
      #expect(overdue?.subject == String(notice.id))
      let returned = try await staffing.getStaff(
        request: .init(message: .with { $0.staffID = "SJ-102" }, metadata: market)
      )
      #expect(returned.state == .returned)
      #expect(returned.backupWindowIds.isEmpty, "a returned person leaves the B post")
      let listed = try await staffing.listReturnNotices(
        request: .init(message: .with { $0.overdueOnly = true }, metadata: market)
      )
      #expect(listed.notices.map(\.id) == [notice.id])
    }
  }
}

extension StaffingEndToEndTests {
  @Test("the demo hall with the CLI: the board, a refusal listing every unmet rule, an override, permissions")
  func demoWithCLI() async throws {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters(demo: true)
    try await system.startStaffing(demo: true)

    let board = try await system.cli(["windows", "board", "--as", managementAs])
    #expect(board.status == 0, "\(board.err)")
    let standIn = board.out.split(separator: "\n").first { $0.hasPrefix("B-06") }.map(String.init) ?? ""
    #expect(standIn.contains("stand-in") && standIn.contains("宋刚"), "B-06: the B post stands in: \(board.out)")
    let plates = try await system.cli(["windows", "list"])
    #expect(plates.out.contains("市场监管 企业登记"))
    #expect(!plates.out.contains("SJ-001"), "the public does not see who is on post")

    // 46 today, no 大专, not 在编, nominated as a reviewer: every unmet rule at once.
    let born = shanghaiDay(-(46 * 366))
    let nominate = [
      "staff", "nominate", "--id", "SJ-201", "--name", "钱进", "--department", "市市场监督管理局", "--category",
      "institution", "--birth", born, "--education", "below_junior_college", "--rank", "no_rank", "--role",
      "reviewer",
    ]
    let refused = try await system.cli(nominate + ["--as", marketAs])
    #expect(refused.status == 64 + 9, "FAILED_PRECONDITION: \(refused.err)")
    for rule in ["establishment:", "age:", "education:"] {
      #expect(refused.err.contains(rule), "\(rule) in \(refused.err)")
    }
    let general = nominate.map { $0 == "reviewer" ? "general" : $0 }
    let overrideByDepartment = try await system.cli(
      general + ["--override", "age=急需", "--override", "education=急需", "--as", marketAs]
    )
    #expect(overrideByDepartment.status == 64 + 7, "only management overrides: \(overrideByDepartment.err)")
    let overridden = try await system.cli(
      general + ["--override", "age=急需的食品检验专家", "--override", "education=急需", "--as", managementAs, "--json"]
    )
    #expect(overridden.status == 0, "\(overridden.err)")
    let record = try Yimen_Staffing_V1_StaffRecord(jsonString: overridden.out)
    #expect(record.waivers.map(\.override.rule).sorted() == ["age", "education"])
    #expect(record.waivers.allSatisfy { $0.override.approvedBy == "li" })

    let otherDepartment = try await system.cli(["staff", "show", "SJ-001", "--as", educationAs])
    #expect(otherDepartment.status == 64 + 7, "\(otherDepartment.err)")
    let notices = try await system.cli(["staff", "notices", "--overdue", "--as", managementAs, "--json"])
    let overdue = try Yimen_Staffing_V1_ListReturnNoticesResponse(jsonString: notices.out)
    #expect(overdue.notices.map(\.staffID) == ["GA-003"])
  }
}
