import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenProtos
import YimenTransport

#if canImport(Glibc)
  import Glibc
#endif

let staffAs = "id=zhang;role=staff;department=市民政局"
let managementAs = "id=li;role=management"

extension System {
  /// Starts yimen-matters on a fresh data directory and waits until it serves.
  func startMatters(_ name: String = "matters", demo: Bool = false) async throws -> URL {
    let data = self.logs.appendingPathComponent("\(name)-data")
    try await self.start(
      name,
      executable: "yimen-matters",
      arguments: ["--data", data.path, "--instance-id", name, "--heartbeat-ms", "100"] + (demo ? ["--demo"] : []),
      readyLine: "serving"
    )
    try await self.waitForInstances(1, of: "yimen.matters.v1.Matters")
    return data
  }
}

let adoption =
  #"{"code": "430500-QR-099", "name": "收养登记", "type": "CONFIRMATION", "department": "市民政局", "implementingBody": "邵阳市民政局", "legalBasis": "《中华人民共和国民法典》第一千一百零五条", "level": "CITY"}"#

let adoptionGuide = #"""
  {"acceptanceConditions": ["收养人与被收养人符合民法典规定的条件"],
   "materials": [{"name": "收养登记申请书", "form": "ORIGINAL", "copies": 1, "required": true},
                 {"name": "居民身份证", "form": "ELECTRONIC", "copies": 1, "required": true, "shared": true}],
   "legalLimitDays": 30, "promisedLimitDays": 10,
   "steps": [{"name": "申请"}, {"name": "审查"}, {"name": "登记"}],
   "place": "邵阳市政务服务中心 二楼 民政窗口", "hours": "工作日 9:00-17:00", "visits": 1,
   "consultationPhone": "0739-5301201", "complaintPhone": "12345"}
  """#

@Suite("End to end: matters through the gateway", .serialized, .timeLimit(.minutes(2)))
struct MattersEndToEndTests {
  @Test("create, draft, publish, search, entry request and review with the CLI; wrong roles refused")
  func lifecycle() async throws {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters()

    let anonymous = try await system.cli(["matters", "create", "--data", adoption])
    #expect(anonymous.status == 64 + 16, "UNAUTHENTICATED: \(anonymous.err)")
    let wrongDepartment = try await system.cli([
      "matters", "create", "--data", adoption, "--as", "id=x;role=staff;department=市教育局",
    ])
    #expect(wrongDepartment.status == 64 + 7, "PERMISSION_DENIED: \(wrongDepartment.err)")

    let created = try await system.cli([
      "matters", "create", "--data", adoption, "--as", staffAs, "--request-id", "create-1",
    ])
    #expect(created.status == 0, "\(created.err)")
    let retried = try await system.cli([
      "matters", "create", "--data", adoption, "--as", staffAs, "--request-id", "create-1",
    ])
    #expect(retried.status == 0, "a retry with the same request id returns the first result: \(retried.err)")
    let duplicate = try await system.cli(["matters", "create", "--data", adoption, "--as", staffAs])
    #expect(duplicate.status == 64 + 6, "ALREADY_EXISTS: \(duplicate.err)")

    var invalidGuide = adoptionGuide.replacingOccurrences(
      of: #""promisedLimitDays": 10"#,
      with: #""promisedLimitDays": 40"#
    )
    let invalid = try await system.cli(["matters", "draft", "430500-QR-099", "--data", invalidGuide, "--as", staffAs])
    #expect(invalid.status == 64 + 3)
    #expect(invalid.err.contains("guide.promised_limit_days"))
    invalidGuide = adoptionGuide
    let drafted = try await system.cli(["matters", "draft", "430500-QR-099", "--data", invalidGuide, "--as", staffAs])
    #expect(drafted.status == 0, "\(drafted.err)")
    let publishByStaff = try await system.cli(["matters", "publish", "430500-QR-099", "--as", staffAs])
    #expect(publishByStaff.status == 64 + 7)
    let published = try await system.cli(["matters", "publish", "430500-QR-099", "--as", managementAs])
    #expect(published.status == 0, "\(published.err)")
    #expect(published.out.contains("published guide v1"))

    let search = try await system.cli(["matters", "search", "收养"])
    #expect(search.out.contains("430500-QR-099"))
    let show = try await system.cli(["matters", "show", "430500-QR-099"])
    #expect(show.out.contains("收养登记申请书"))
    #expect(show.out.contains("obtained by data sharing"))

    let request = try await system.cli([
      "matters", "entry-request", "430500-QR-099", "--kind", "non-entry", "--reason-category", "space",
      "--reason", "场地不足，在婚姻登记处分厅办理", "--as", staffAs, "--json",
    ])
    #expect(request.status == 0, "\(request.err)")
    let id = try Yimen_Matters_V1_EntryRequest(jsonString: request.out.trimmingCharacters(in: .whitespacesAndNewlines))
      .id
    let reviewed = try await system.cli(["matters", "review", id, "--approve", "--opinion", "同意", "--as", managementAs])
    #expect(reviewed.status == 0, "\(reviewed.err)")
    let listed = try await system.cli(["matters", "list", "--entry-status", "not-entered"])
    #expect(listed.out.contains("430500-QR-099"), "an approved non-entered matter is still in the catalogue")

    let calendar = try await system.cli(["calendar", "add", "2026-02-12", "5"])
    #expect(calendar.out.contains("2026-02-26"))
    let badDate = try await system.cli(["calendar", "add", "2026-02-30", "1"])
    #expect(badDate.status == 64 + 3)
  }

  @Test("a consumer killed with SIGKILL and restarted applies every event exactly once")
  func consumerExactlyOnce() async throws {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters()
    let total = 40
    try await system.withClient { client in
      let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
      for index in 1...total {
        var matter = try Yimen_Matters_V1_Matter(jsonString: adoption)
        matter.code = String(format: "430500-QR-%03d", index)
        _ = try await matters.createMatter(
          request: .init(
            message: .with {
              $0.requestID = "c\(index)"; $0.matter = matter
            },
            metadata: ["yimen-principal": "\(staffAs)"]
          )
        )
      }
    }
    let sinkData = system.logs.appendingPathComponent("sink-data").path
    try await system.start(
      "sink-1",
      executable: "yimen-event-sink",
      arguments: ["--data", sinkData, "--delay-ms", "20"],
      readyLine: "consuming"
    )
    try await waitForApplied(system, sinkData) { $0 >= 10 }
    system.signal("sink-1", SIGKILL)
    _ = await system.waitForExit("sink-1")
    // More events while it is down, then a restart.
    try await system.withClient { client in
      let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
      for index in (total + 1)...(total + 10) {
        var matter = try Yimen_Matters_V1_Matter(jsonString: adoption)
        matter.code = String(format: "430500-QR-%03d", index)
        _ = try await matters.createMatter(
          request: .init(
            message: .with {
              $0.requestID = "c\(index)"; $0.matter = matter
            },
            metadata: ["yimen-principal": "\(staffAs)"]
          )
        )
      }
    }
    try await system.start(
      "sink-2",
      executable: "yimen-event-sink",
      arguments: ["--data", sinkData],
      readyLine: "consuming"
    )
    let (applied, distinct) = try await waitForApplied(system, sinkData) { $0 >= total + 10 }
    #expect(applied == total + 10)
    #expect(distinct == applied, "no event applied twice")
  }

  @Test("three instances on one database, one killed with SIGKILL mid-load: every change lands exactly once")
  func threeInstancesKillOne() async throws {
    let system = try System()
    try await system.startGateway()
    let data = system.logs.appendingPathComponent("shared-data").path
    // All three start at once on a new database: they race to migrate it.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for name in ["matters-a", "matters-b", "matters-c"] {
        group.addTask {
          try await system.start(
            name,
            executable: "yimen-matters",
            arguments: ["--data", data, "--instance-id", name, "--heartbeat-ms", "100"],
            readyLine: "serving"
          )
        }
      }
      try await group.waitForAll()
    }
    try await system.waitForInstances(3, of: "yimen.matters.v1.Matters")
    let retrying = System.retrying("yimen.matters.v1.Matters")
    let total = 600
    try await system.withClient(serviceConfig: retrying) { client in
      let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
      let (completions, completed) = AsyncStream.makeStream(of: Void.self)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 1...total {
          group.addTask {
            var matter = try Yimen_Matters_V1_Matter(jsonString: adoption)
            matter.code = String(format: "430500-QR-%03d", index)
            _ = try await matters.createMatter(
              request: .init(
                message: .with {
                  $0.requestID = "load-\(index)"
                  $0.matter = matter
                },
                metadata: ["yimen-principal": "\(staffAs)"]
              ),
              options: .timeout(.seconds(60))
            )
            completed.yield()
          }
        }
        // Kill one instance while calls are in flight on all three.
        var count = 0
        for await _ in completions {
          count += 1
          if count == 100 { break }
        }
        system.signal("matters-b", SIGKILL)
        try await group.waitForAll()
      }
      let listed = try await matters.searchMatters(.with { $0.pageSize = 1 })
      #expect(listed.total == UInt32(total))
      let stats = try await Yimen_Gateway_V1_Registry.Client(wrapping: client).getStats(.init())
      #expect(stats.counters.instancesLost >= 1, "the gateway saw the instance die")
      let created = try await matters.subscribe(
        request: .init(
          message: .with { $0.types = ["matters.matter.created"] },
          metadata: ["yimen-principal": "id=sv;role=supervisor"]
        ),
        options: .timeout(.seconds(2))
      ) {
        response in
        var subjects: [String] = []
        do {
          for try await event in response.messages {
            subjects.append(event.subject)
            if subjects.count == total { break }
          }
        } catch {}
        return subjects
      }
      #expect(created.count == total)
      #expect(Set(created).count == total, "no change applied twice")
    }
  }

  @Test("up --demo: the demo catalogue is served; loading it again changes nothing")
  func demo() async throws {
    let system = try System()
    try await system.startGateway()
    let data = try await system.startMatters("matters-1", demo: true)
    let first = try await system.cli(["matters", "list", "--json", "--page-size", "200"])
    let catalogue = try Yimen_Matters_V1_SearchMattersResponse(jsonString: first.out)
    #expect(catalogue.total >= 40)
    #expect(Set(catalogue.matters.map(\.department)).count >= 10)
    #expect(catalogue.matters.allSatisfy { !$0.secret }, "secret matters are not shown to the public")
    system.signal("matters-1", SIGTERM)
    #expect(await system.waitForExit("matters-1") == 0)
    try await system.start(
      "matters-2",
      executable: "yimen-matters",
      arguments: ["--data", data.path, "--demo", "--heartbeat-ms", "100"],
      readyLine: "demo.added=0"
    )
  }
}

/// Waits (bounded) until the sink reports a count that satisfies `condition`; returns (applied, distinct).
@discardableResult
func waitForApplied(_ system: System, _ data: String, _ condition: (Int) -> Bool) async throws -> (Int, Int) {
  let deadline = ContinuousClock.now + .seconds(30)
  var last = (0, 0)
  while ContinuousClock.now < deadline {
    let report = try await system.run("yimen-event-sink", ["--data", data, "--report"])
    let numbers = report.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    if numbers.count == 2 {
      last = (numbers[0], numbers[1])
      if condition(last.0) { return last }
    }
    try await Task.sleep(for: .milliseconds(100))
  }
  throw SystemError.notReady("the sink applied \(last.0) events; expected more within 30 s")
}
