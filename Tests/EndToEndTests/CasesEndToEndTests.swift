import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenProtos
import YimenTransport

extension System {
  /// Starts yimen-cases on a fresh data directory and waits until it serves.
  @discardableResult
  func startCases(_ name: String = "cases") async throws -> URL {
    let data = self.logs.appendingPathComponent("\(name)-data")
    try await self.start(
      name,
      executable: "yimen-cases",
      arguments: [
        "--data", data.path, "--instance-id", name, "--heartbeat-ms", "100", "--deadline-check-seconds", "0.2",
      ],
      readyLine: "serving"
    )
    try await self.waitForInstances(1, of: "yimen.cases.v1.Cases")
    return data
  }

  /// The demo hall: gateway, matters and staffing with their demo data, and cases.
  static func demoHall() async throws -> System {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters(demo: true)
    try await system.startStaffing(demo: true)
    try await system.startCases()
    return system
  }
}

let liMingAs = "id=SJ-001;role=staff;department=市市场监督管理局"
let foodLicence = "430500-XK-001"
let foodMaterials = [
  "食品经营许可申请书", "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
  "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
  "食品安全管理人员名单及健康证明", "经营场所使用证明（产权证明或租赁合同）",
]

@Suite("End to end: cases through the gateway with matters and staffing", .serialized, .timeLimit(.minutes(2)))
struct CasesEndToEndTests {
  @Test("an application from receipt to delivery: guide from matters, acceptance checked with staffing")
  func ordinaryCase() async throws {
    let system = try await System.demoHall()
    try await system.withClient(serviceConfig: .retryingUnavailable) { client in
      let cases = Yimen_Cases_V1_Cases.Client(wrapping: client)
      let clerk = caller(liMingAs)
      var submission = Yimen_Cases_V1_SubmitCaseRequest.with {
        $0.requestID = "s-1"
        $0.matterCode = foodLicence
        $0.channel = .window
        $0.windowID = "B-01"
        $0.applicant = .with {
          $0.kind = .person
          $0.name = "王小明"
          $0.idNumber = "430502198804120013"
          $0.phone = "13807390000"
          $0.address = "邵阳市双清区宝庆中路1号"
        }
        $0.materials = Array(foodMaterials.dropLast(2)) + ["身份证复印件"]
      }
      let (extra, extraStatus) = await refusal {
        try await cases.submitCase(request: .init(message: submission, metadata: clerk))
      }
      #expect(extra?.code == .invalidArgument, "only the guide's materials (§30)")
      #expect(extraStatus?.details.compactMap(\.badRequest).flatMap(\.violations).map(\.field) == ["materials[3]"])
      submission.materials = Array(foodMaterials.dropLast(2))
      let received = try await cases.submitCase(request: .init(message: submission, metadata: clerk))
      let again = try await cases.submitCase(request: .init(message: submission, metadata: clerk))
      #expect(again.number == received.number, "a repeated request id returns the first result")
      #expect(received.state == .received)
      #expect(received.guideVersion >= 1)
      #expect(received.firstInquiryStaffID == "SJ-001")
      #expect(received.materials.first { $0.name == "营业执照" }?.status == .shared)
      #expect(received.materials.filter { $0.status == .missing }.count == 2)
      let number = received.number

      // Acceptance away from a serving window is refused and recorded (§41).
      let (elsewhere, elsewhereStatus) = await refusal {
        try await cases.acceptCase(
          request: .init(
            message: .with {
              $0.requestID = "a-0"; $0.number = number; $0.windowID = "B-09"
            },
            metadata: clerk
          )
        )
      }
      #expect(elsewhere?.code == .failedPrecondition)
      #expect(
        elsewhereStatus?.details.compactMap(\.preconditionFailure).flatMap(\.violations).map(\.type) == ["window"]
      )

      // The one-time notice lists both missing materials; a later one cannot add another.
      let missing = Array(foodMaterials.suffix(2))
      _ = try await cases.requestSupplement(
        request: .init(
          message: .with {
            $0.requestID = "n-1"
            $0.number = number
            $0.items = missing.map { name in
              .with {
                $0.material = name; $0.problem = "缺少"
              }
            }
          },
          metadata: clerk
        )
      )
      _ = try await cases.resubmit(
        .with {
          $0.requestID = "r-1"
          $0.number = number
          $0.queryCode = received.queryCode
          $0.materials = missing
        }
      )
      let accepted = try await cases.acceptCase(
        request: .init(
          message: .with {
            $0.requestID = "a-1"; $0.number = number; $0.windowID = "B-01"
          },
          metadata: clerk
        )
      )
      #expect(accepted.state == .accepted)
      #expect(accepted.acceptedWindowID == "B-01")
      #expect(!accepted.dueDate.isEmpty)
      let (second, secondStatus) = await refusal {
        try await cases.requestSupplement(
          request: .init(
            message: .with {
              $0.requestID = "n-2"
              $0.number = number
              $0.items = [
                .with {
                  $0.material = foodMaterials[0]; $0.problem = "未签字"
                }
              ]
            },
            metadata: clerk
          )
        )
      }
      #expect(second?.code == .failedPrecondition, "§30: only what the previous notice asked for")
      #expect(
        secondStatus?.details.compactMap(\.preconditionFailure).flatMap(\.violations).map(\.type) == ["one_time_notice"]
      )

      _ = try await cases.startProcessing(
        request: .init(
          message: .with {
            $0.requestID = "p-1"; $0.number = number
          },
          metadata: clerk
        )
      )
      let decided = try await cases.decideCase(
        request: .init(
          message: .with {
            $0.requestID = "d-1"
            $0.number = number
            $0.approved = true
            $0.text = "准予食品经营许可"
          },
          metadata: clerk
        )
      )
      #expect(decided.decision.seal == .approvalSeal, "§34: the approval seal by default")
      let delivered = try await cases.deliverResult(
        request: .init(
          message: .with {
            $0.requestID = "v-1"
            $0.number = number
            $0.method = .postal
            $0.trackingNumber = "EMS1234567890"
          },
          metadata: clerk
        )
      )
      #expect(delivered.state == .delivered)
      #expect(delivered.delivery.postageChargedFen == 0, "§36: postage is never charged")
      #expect(delivered.delivery.address == "邵阳市双清区宝庆中路1号")

      let (wrongCode, _) = await refusal {
        try await cases.getCase(
          .with {
            $0.number = number; $0.queryCode = "000000"
          }
        )
      }
      #expect(wrongCode?.code == .notFound)
      let mine = try await cases.getCase(
        .with {
          $0.number = number; $0.queryCode = received.queryCode
        }
      )
      #expect(mine.history.map(\.action).contains("accepted"))

      let refusals = try await cases.subscribe(
        request: .init(
          message: .with { $0.types = ["cases.case.acceptance_refused"] },
          metadata: caller("id=sv;role=supervisor")
        ),
        options: .timeout(.seconds(5))
      ) { response -> Yimen_Events_V1_Event? in
        for try await event in response.messages { return event }
        return nil
      }
      #expect(refusals?.subject == number, "Supervision sees the refused acceptance")
    }
  }
}

extension CasesEndToEndTests {
  @Test("three cases instances on one database, one killed with SIGKILL under load: every submission exactly once")
  func instanceKilled() async throws {
    let system = try System()
    try await system.startGateway()
    _ = try await system.startMatters(demo: true)
    let data = system.logs.appendingPathComponent("cases-data").path
    for name in ["cases-a", "cases-b", "cases-c"] {
      try await system.start(
        name,
        executable: "yimen-cases",
        arguments: ["--data", data, "--instance-id", name, "--heartbeat-ms", "100"],
        readyLine: "serving"
      )
    }
    try await system.waitForInstances(3, of: "yimen.cases.v1.Cases")
    let retrying = System.retrying("yimen.cases.v1.Cases")
    let total = 300
    try await system.withClient(serviceConfig: retrying) { client in
      let cases = Yimen_Cases_V1_Cases.Client(wrapping: client)
      let (completions, completed) = AsyncStream.makeStream(of: String.self)
      let numbers = try await withThrowingTaskGroup(of: String.self) { group in
        for index in 1...total {
          group.addTask {
            let received = try await cases.submitCase(
              request: .init(
                message: .with {
                  $0.requestID = "load-\(index)"
                  $0.matterCode = foodLicence
                  $0.channel = .online
                  $0.applicant = .with {
                    $0.kind = .person
                    $0.name = "申请人\(index)"
                    $0.idNumber = "430502198804120013"
                    $0.phone = "13807390000"
                  }
                  $0.materials = foodMaterials
                }
              ),
              options: .timeout(.seconds(60))
            )
            completed.yield(received.number)
            return received.number
          }
        }
        var count = 0
        for await _ in completions {
          count += 1
          if count == 60 { break }
        }
        system.signal("cases-b", SIGKILL)
        var numbers: [String] = []
        for try await number in group { numbers.append(number) }
        return numbers
      }
      #expect(numbers.count == total)
      #expect(Set(numbers).count == total, "every submission has its own number")
      let queue = try await cases.listQueue(
        request: .init(
          message: .with {
            $0.department = "市市场监督管理局"
            $0.pageSize = 200
          },
          metadata: caller(managementAs)
        )
      )
      let next = try await cases.listQueue(
        request: .init(
          message: .with {
            $0.department = "市市场监督管理局"
            $0.pageSize = 200
            $0.pageToken = queue.nextPageToken
          },
          metadata: caller(managementAs)
        )
      )
      #expect(queue.cases.count + next.cases.count == total, "no submission lost or made twice")
    }
  }
}

extension CasesEndToEndTests {
  @Test("yimen demo walkthrough plays an ordinary and a joint case through every state on the demo hall")
  func walkthrough() async throws {
    let system = try await System.demoHall()
    let run = try await system.cli(["demo", "walkthrough"])
    #expect(run.status == 0, "\(run.out)\n\(run.err)")
    for step in ["accepted (3)", "supplement (6)", "special (9)", "decided (11)", "delivered"] {
      #expect(run.out.contains(step), "\(step) in:\n\(run.out)")
    }
    #expect(run.out.contains("FAILED_PRECONDITION"), "the refused second notice is shown")
    let overdue = try await system.cli(["case", "overdue", "--as", managementAs])
    #expect(overdue.status == 0, "\(overdue.err)")
  }
}
