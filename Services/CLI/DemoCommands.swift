import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "demo",
      abstract: "Guided tours of a system started with `yimen up --demo`.",
      discussion: "Example: yimen demo walkthrough",
      subcommands: [Walkthrough.self]
    )

    struct Walkthrough: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Play one case and one joint case through every state, one line per step.",
        discussion: """
          Needs the demo matters and the demo hall (yimen up --demo). Each step prints what was done, by whom, and \
          the state the case is in afterwards, e.g.

            accept 20261125-00001 at B-01 by 李明 (SJ-001) → accepted (3), due 2026-12-01

          The ordinary case: 430500-XK-001 received at window B-01 with two required materials left out, the \
          one-time notice of both, the applicant's resubmission, a second notice the system refuses (§30: it names a \
          material the first did not), acceptance, processing, the special procedure 现场核查, an approval and postal \
          delivery. The joint case 开办餐饮店: three matters of three departments submitted online with one \
          material left out, the lead department's merged notice, the resubmission, joint acceptance at B-01, each \
          department processing, deciding and delivering its own sub-case.

          Every request id starts with the prefix, so a run can be replayed or resumed with the same --prefix: the \
          changes it made are answered as before. The applicants follow from the prefix too: materials an applicant \
          once gave are not asked for again (§33), so each new prefix applies for someone new. The walkthrough stops \
          at the first unexpected answer, naming the step, with exit code 64 + the status code (1 when a call \
          succeeds that should not have).

          Examples:
            yimen demo walkthrough
            yimen demo walkthrough --prefix walk-3f9c2a1b     (replay that run)
          """
      )

      @Option(
        help: ArgumentHelp(
          "Start every request id with this: letters, digits, '-' and '_', at most 64 (default: a new one).",
          valueName: "prefix"
        )
      )
      var prefix: String?
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        if let prefix {
          guard (1...64).contains(prefix.count),
            prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
          else {
            throw ValidationError("--prefix '\(prefix)' must be 1 to 64 letters, digits, '-' or '_'.")
          }
        }
        if self.connection.principal != nil {
          throw ValidationError("The walkthrough acts as each person in turn; leave out --as.")
        }
      }

      func run() async throws {
        let prefix = self.prefix ?? "walk-" + UUID().uuidString.prefix(8).lowercased()
        let connection = self.connection
        do {
          try await connection.withClient { client in
            var tour = DemoTour(client: client, connection: connection, prefix: prefix)
            try await tour.run()
          }
        } catch let stopped as DemoTour.Stopped {
          FileHandle.standardError.write(Data("walkthrough stopped at: \(stopped.step)\n".utf8))
          if stopped.error.code == .unavailable || stopped.error.code == .deadlineExceeded {
            FileHandle.standardError.write(
              Data("is the system up with the cases service (yimen up --demo)?\n".utf8)
            )
          }
          throw CallFailure.report(stopped.error, json: connection.json)
        } catch let unexpected as DemoTour.Unexpected {
          FileHandle.standardError.write(Data("walkthrough stopped: \(unexpected.message)\n".utf8))
          throw ExitCode(1)
        }
      }
    }
  }
}

/// The walkthrough: the demo's facts, and the steps that play them.
struct DemoTour {
  /// A call failed: the step, and the error.
  struct Stopped: Error {
    var step: String
    var error: RPCError
  }

  /// Something other than a failed call went against the script.
  struct Unexpected: Error {
    var message: String
  }

  /// A department's staff member, acting as themselves: the principal id is the staff number.
  struct Staff {
    var id: String
    var department: String
    var principal: String { "id=\(self.id);role=staff;department=\(self.department)" }
  }

  // The demo facts: matters from the demo catalogue, the window and people from the demo hall.
  static let window = "B-01"
  static let food = "430500-XK-001"
  static let tax = "430500-XK-019"
  static let environment = "430500-XK-012"
  static let market = "市市场监督管理局"
  static let liMing = Staff(id: "SJ-001", department: Self.market)
  /// Who acts for each matter's department.
  static let staff: [String: Staff] = [
    Self.food: Self.liMing,
    Self.tax: Staff(id: "SW-001", department: "市税务局"),
    Self.environment: Staff(id: "HB-001", department: "市生态环境局"),
  ]
  static let decisions = [
    Self.food: "准予食品经营许可，核发《食品经营许可证》",
    Self.tax: "准予增值税专用发票最高开票限额十万元",
    Self.environment: "同意该建设项目环境影响报告表",
  ]

  /// 430500-XK-001's required materials the applicant gives ('营业执照' is obtained by data sharing).
  static let foodGiven = [
    "食品经营许可申请书", "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
    "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
  ]
  /// The two the ordinary case leaves out at first.
  static let foodLeftOut = ["食品安全管理人员名单及健康证明", "经营场所使用证明（产权证明或租赁合同）"]
  /// A material the ordinary case's first notice does not name: a second notice naming it breaks §30.
  static let notInNotice = "食品经营许可申请书"
  static let taxGiven = ["税务行政许可申请表", "增值税专用发票最高开票限额申请单"]
  static let environmentGiven = ["建设项目环境影响评价文件审批申请书", "环境影响报告书（表）全本"]
  /// The material the joint case leaves out at first.
  static let environmentLeftOut = "编制单位和编制人员情况表及信用承诺"
  static let trackingNumber = "1151234567890"

  let cases: Yimen_Cases_V1_Cases.Client<ZMQClient>
  let staffing: Yimen_Staffing_V1_Staffing.Client<ZMQClient>
  let connection: ConnectionOptions
  let prefix: String
  /// Staff names by staff number, from the hall board.
  var names: [String: String] = [:]

  init(client: GRPCClient<ZMQClient>, connection: ConnectionOptions, prefix: String) {
    self.cases = .init(wrapping: client)
    self.staffing = .init(wrapping: client)
    self.connection = connection
    self.prefix = prefix
  }

  mutating func run() async throws {
    self.heading(
      "walkthrough against \(self.connection.endpoint); request ids start with \(self.prefix)- "
        + "(replay: yimen demo walkthrough --prefix \(self.prefix))"
    )
    self.names = try await self.hall()
    let number = try await self.ordinaryCase()
    let joint = try await self.jointCase()
    self.heading("\ndone: case \(number) and joint case \(joint) went through every state")
  }

  // MARK: - The steps

  /// Checks that B-01 is open with 李明 (SJ-001) on post today, and learns the staff's names.
  func hall() async throws -> [String: String] {
    let board = try await self.call("the hall board, as \(Self.liMing.id)", as: Self.liMing) { metadata, options in
      try await self.staffing.getBoard(request: .init(message: .init(), metadata: metadata), options: options)
    }
    var names: [String: String] = [:]
    for row in board.rows {
      for person in row.onPost + row.away + (row.hasBPost ? [row.bPost] : []) { names[person.staffID] = person.name }
    }
    guard let row = board.rows.first(where: { $0.window.id == Self.window }), row.window.open,
      row.onPost.contains(where: { $0.staffID == Self.liMing.id })
    else {
      throw Unexpected(
        message: "window \(Self.window) is not open with \(Self.liMing.id) on post on \(board.date): the walkthrough "
          + "needs the demo hall (yimen up --demo), where 李明 (SJ-001) and 张伟 (SJ-002) serve at B-01"
      )
    }
    self.emit(
      "hall \(board.date): \(row.window.id) \(row.window.name)",
      "open, on post " + row.onPost.map { "\($0.name) (\($0.staffID))" }.joined(separator: ", ")
    )
    return names
  }

  /// The ordinary case, through every state; returns its number.
  func ordinaryCase() async throws -> String {
    let applicant = Self.person(self.prefix)
    let liMing = Self.liMing
    let by = self.who(liMing)
    self.heading("\nordinary case: \(Self.food) 食品经营许可（新办） for \(CasesCLI.applicant(applicant))")

    let submitted = try await self.step(
      "submit \(Self.food) at \(Self.window) by \(by), \(Self.foodGiven.count) materials",
      as: liMing,
      outcome: { "\(CasesCLI.state($0.state)): case \($0.number), query code \($0.queryCode)" }
    ) { metadata, options in
      try await self.cases.submitCase(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-submit")
            $0.matterCode = Self.food
            $0.channel = .window
            $0.windowID = Self.window
            $0.applicant = applicant
            $0.materials = Self.foodGiven
          },
          metadata: metadata
        ),
        options: options
      )
    }
    let number = submitted.number
    let queryCode = submitted.queryCode
    try Self.expectMissing(Self.foodLeftOut, in: submitted)

    _ = try await self.step(
      "supplement \(number) by \(by): " + Self.foodLeftOut.map { "\($0)=缺少" }.joined(separator: ", "),
      as: liMing
    ) { metadata, options in
      try await self.cases.requestSupplement(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-supplement")
            $0.number = number
            $0.items = Self.foodLeftOut.map { material in
              .with {
                $0.material = material
                $0.problem = "缺少"
              }
            }
          },
          metadata: metadata
        ),
        options: options
      )
    }

    _ = try await self.step(
      "resubmit \(number) by the applicant (query code \(queryCode)): " + Self.foodLeftOut.joined(separator: ", "),
      as: nil
    ) { metadata, options in
      try await self.cases.resubmit(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-resubmit")
            $0.number = number
            $0.queryCode = queryCode
            $0.materials = Self.foodLeftOut
          },
          metadata: metadata
        ),
        options: options
      )
    }

    // §30: a later notice may only name materials of the previous one.
    try await self.refusal(
      "supplement \(number) by \(by): \(Self.notInNotice)=未签字 (not in notice #1)",
      as: liMing,
      expected: .failedPrecondition
    ) { metadata, options in
      try await self.cases.requestSupplement(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-supplement-2")
            $0.number = number
            $0.items = [
              .with {
                $0.material = Self.notInNotice
                $0.problem = "未签字"
              }
            ]
          },
          metadata: metadata
        ),
        options: options
      )
    }

    _ = try await self.step("accept \(number) at \(Self.window) by \(by)", as: liMing) { metadata, options in
      try await self.cases.acceptCase(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-accept")
            $0.number = number
            $0.windowID = Self.window
          },
          metadata: metadata
        ),
        options: options
      )
    }
    _ = try await self.process(number, by: liMing, key: "case")

    _ = try await self.step(
      "special \(number) --start 现场核查 by \(by)",
      as: liMing,
      outcome: { CasesCLI.outcome($0) + "; " + CasesCLI.special($0.specialProcedures.last ?? .init(), started: true) }
    ) { metadata, options in
      try await self.cases.startSpecialProcedure(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-special-start")
            $0.number = number
            $0.name = "现场核查"
          },
          metadata: metadata
        ),
        options: options
      )
    }
    _ = try await self.step(
      "special \(number) --end by \(by)",
      as: liMing,
      outcome: { CasesCLI.outcome($0) + ", paused \($0.pausedWorkingDays) working days" }
    ) { metadata, options in
      try await self.cases.endSpecialProcedure(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("case-special-end")
            $0.number = number
          },
          metadata: metadata
        ),
        options: options
      )
    }

    _ = try await self.decide(number, matter: Self.food, key: "case")
    _ = try await self.deliver(number, matter: Self.food, method: .postal, key: "case")
    return number
  }

  /// The joint case 开办餐饮店, through every state; returns its number.
  func jointCase() async throws -> String {
    let applicant = Self.company(self.prefix)
    let liMing = Self.liMing
    let matters = [Self.food, Self.tax, Self.environment]
    self.heading("\njoint case 开办餐饮店 for \(CasesCLI.applicant(applicant))")

    let submitted = try await self.step(
      "joint submit 开办餐饮店 online by the applicant: \(matters.joined(separator: ", ")), lead \(Self.market)",
      as: nil,
      outcome: {
        "\(CasesCLI.state($0.state)): joint case \($0.number), query code \($0.queryCode), sub-cases "
          + $0.cases.map(\.number).joined(separator: ", ")
      }
    ) { metadata, options in
      try await self.cases.submitJointCase(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("joint-submit")
            $0.title = "开办餐饮店"
            $0.matterCodes = matters
            $0.leadDepartment = Self.market
            $0.channel = .online
            $0.applicant = applicant
            $0.materials = [
              (Self.food, Self.foodGiven + Self.foodLeftOut), (Self.tax, Self.taxGiven),
              (Self.environment, Self.environmentGiven),
            ].map { code, names in
              .with {
                $0.matterCode = code
                $0.materials = names
              }
            }
          },
          metadata: metadata
        ),
        options: options
      )
    }
    let number = submitted.number
    let queryCode = submitted.queryCode
    let environmental = try Self.subCase(Self.environment, of: submitted)
    try Self.expectMissing([Self.environmentLeftOut], in: environmental)

    _ = try await self.step(
      "joint supplement \(number) by \(self.who(liMing)): \(Self.environment):\(Self.environmentLeftOut)=缺少",
      as: liMing,
      outcome: { CasesCLI.state($0.state) }
    ) { metadata, options in
      try await self.cases.requestJointSupplement(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("joint-supplement")
            $0.number = number
            $0.items = [
              .with {
                $0.matterCode = Self.environment
                $0.item = .with {
                  $0.material = Self.environmentLeftOut
                  $0.problem = "缺少"
                }
              }
            ]
          },
          metadata: metadata
        ),
        options: options
      )
    }

    // The sub-case's own query code, or the joint case's where sub-cases have none of their own.
    let subCode = environmental.queryCode.isEmpty ? queryCode : environmental.queryCode
    _ = try await self.step(
      "resubmit \(environmental.number) (\(Self.environment)) by the applicant (query code \(subCode)): "
        + Self.environmentLeftOut,
      as: nil
    ) { metadata, options in
      try await self.cases.resubmit(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("joint-resubmit")
            $0.number = environmental.number
            $0.queryCode = subCode
            $0.materials = [Self.environmentLeftOut]
          },
          metadata: metadata
        ),
        options: options
      )
    }

    let accepted = try await self.step(
      "joint accept \(number) at \(Self.window) by \(self.who(liMing))",
      as: liMing,
      outcome: { joint in
        "\(CasesCLI.state(joint.state)); due "
          + joint.cases.map { "\($0.matterCode) \(CasesCLI.due($0))" }.joined(
            separator: ", "
          )
      }
    ) { metadata, options in
      try await self.cases.acceptJointCase(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("joint-accept")
            $0.number = number
            $0.windowID = Self.window
          },
          metadata: metadata
        ),
        options: options
      )
    }

    let subCases = try matters.map { try Self.subCase($0, of: accepted) }
    for sub in subCases {
      let key = "joint-\(sub.matterCode)"
      _ = try await self.process(sub.number, by: Self.staff[sub.matterCode]!, key: key)
      _ = try await self.decide(sub.number, matter: sub.matterCode, key: key)
    }
    _ = try await self.showJoint(number, queryCode: queryCode)
    for sub in subCases {
      _ = try await self.deliver(
        sub.number,
        matter: sub.matterCode,
        method: .windowPickup,
        key: "joint-\(sub.matterCode)"
      )
    }
    _ = try await self.showJoint(number, queryCode: queryCode)
    return number
  }

  /// `process NUMBER`, by the department's staff member.
  func process(_ number: String, by staff: Staff, key: String) async throws -> Yimen_Cases_V1_Case {
    try await self.step("process \(number) by \(self.who(staff))", as: staff) { metadata, options in
      try await self.cases.startProcessing(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("\(key)-process")
            $0.number = number
          },
          metadata: metadata
        ),
        options: options
      )
    }
  }

  /// `decide NUMBER --approve` with the approval seal, by the matter's department.
  func decide(_ number: String, matter: String, key: String) async throws -> Yimen_Cases_V1_Case {
    let staff = Self.staff[matter]!
    return try await self.step(
      "decide \(number) --approve, \(CasesCLI.seal(.approvalSeal)), by \(self.who(staff))",
      as: staff
    ) { metadata, options in
      try await self.cases.decideCase(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("\(key)-decide")
            $0.number = number
            $0.approved = true
            $0.text = Self.decisions[matter]!
            $0.seal = .approvalSeal
          },
          metadata: metadata
        ),
        options: options
      )
    }
  }

  /// `deliver NUMBER`, by the matter's department: postal (to the applicant's address) or window pickup.
  func deliver(
    _ number: String,
    matter: String,
    method: Yimen_Cases_V1_DeliveryMethod,
    key: String
  ) async throws -> Yimen_Cases_V1_Case {
    let staff = Self.staff[matter]!
    let postal = method == .postal
    return try await self.step(
      "deliver \(number) --method \(words("\(method)"))"
        + (postal ? " --tracking-number \(Self.trackingNumber)" : "") + " by \(self.who(staff))",
      as: staff,
      outcome: { "\(CasesCLI.outcome($0)); \(CasesCLI.delivery($0.delivery))" }
    ) { metadata, options in
      try await self.cases.deliverResult(
        request: .init(
          message: .with {
            $0.requestID = self.requestID("\(key)-deliver")
            $0.number = number
            $0.method = method
            if postal { $0.trackingNumber = Self.trackingNumber }
          },
          metadata: metadata
        ),
        options: options
      )
    }
  }

  /// `joint show NUMBER --query-code C`, as the applicant.
  func showJoint(_ number: String, queryCode: String) async throws -> Yimen_Cases_V1_JointCase {
    try await self.step(
      "joint show \(number) by the applicant (query code \(queryCode))",
      as: nil,
      outcome: { joint in
        "\(CasesCLI.state(joint.state)): "
          + joint.cases.map { "\($0.number) \(words("\($0.state)"))" }.joined(separator: ", ")
      }
    ) { metadata, options in
      try await self.cases.getJointCase(
        request: .init(
          message: .with {
            $0.number = number
            $0.queryCode = queryCode
          },
          metadata: metadata
        ),
        options: options
      )
    }
  }

  // MARK: - Calls and lines

  /// The request id of a step: the prefix and the step's key.
  func requestID(_ key: String) -> String { "\(self.prefix)-\(key)" }

  /// "李明 (SJ-001)", or the staff number alone when the hall board does not name the person.
  func who(_ staff: Staff) -> String {
    self.names[staff.id].map { "\($0) (\(staff.id))" } ?? staff.id
  }

  /// Makes one call as `staff` (nil: the applicant, without logging in); a failed call stops the walkthrough.
  func call<Response>(
    _ step: String,
    as staff: Staff?,
    _ body: (Metadata, CallOptions) async throws -> Response
  ) async throws -> Response {
    var options = self.connection
    options.principal = staff?.principal
    do {
      return try await body(options.metadata, options.callOptions)
    } catch let error as RPCError {
      throw Stopped(step: step, error: error)
    }
  }

  /// Makes one call and prints its line: the step, then its outcome (by default the case's state and due date).
  func step<Response: SwiftProtobuf.Message>(
    _ step: String,
    as staff: Staff?,
    outcome: (Response) -> String,
    _ body: (Metadata, CallOptions) async throws -> Response
  ) async throws -> Response {
    let response = try await self.call(step, as: staff, body)
    self.emit(step, outcome(response), response)
    return response
  }

  func step(
    _ step: String,
    as staff: Staff?,
    _ body: (Metadata, CallOptions) async throws -> Yimen_Cases_V1_Case
  ) async throws -> Yimen_Cases_V1_Case {
    try await self.step(step, as: staff, outcome: CasesCLI.outcome, body)
  }

  /// A call the system must refuse with `expected`: the refusal is printed as a step; success stops the walkthrough.
  func refusal(
    _ step: String,
    as staff: Staff?,
    expected: RPCError.Code,
    _ body: (Metadata, CallOptions) async throws -> Yimen_Cases_V1_Case
  ) async throws {
    do {
      let answer = try await self.call(step, as: staff, body)
      throw Unexpected(
        message: "\(step): expected \(CallFailure.name(expected)), but it was done → \(CasesCLI.outcome(answer))"
      )
    } catch let stopped as Stopped where stopped.error.code == expected {
      let error = stopped.error
      self.emit(step, "refused as expected: \(CallFailure.name(error.code)): \(error.message)", refused: error)
    }
  }

  /// Prints a line in text mode only.
  func heading(_ text: String) {
    if !self.connection.json { say(text) }
  }

  /// Prints a step: "STEP → OUTCOME", or with --json one object a line with the prefix, the response or the
  /// refusal.
  func emit(_ step: String, _ outcome: String, _ response: (any SwiftProtobuf.Message)? = nil, refused: RPCError? = nil)
  {
    guard self.connection.json else { return say("\(step) → \(outcome)") }
    var object: [String: Any] = ["prefix": self.prefix, "step": step, "outcome": outcome]
    if let response, let text = try? jsonText(response),
      let value = try? JSONSerialization.jsonObject(with: Data(text.utf8))
    {
      object["response"] = value
    }
    if let refused {
      object["refused"] = [
        "code": Status.Code(refused.code).rawValue, "name": CallFailure.name(refused.code), "message": refused.message,
      ]
    }
    guard
      let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return }
    say(String(decoding: data, as: UTF8.self))
  }

  // MARK: - Checks

  /// The sub-case of a joint case for a matter.
  static func subCase(_ matter: String, of joint: Yimen_Cases_V1_JointCase) throws -> Yimen_Cases_V1_Case {
    guard let sub = joint.cases.first(where: { $0.matterCode == matter }) else {
      throw Unexpected(message: "joint case \(joint.number) has no sub-case for \(matter)")
    }
    return sub
  }

  /// Stops unless each material is missing from the case: a notice is to ask for them.
  static func expectMissing(_ materials: [String], in item: Yimen_Cases_V1_Case) throws {
    for name in materials {
      let status = item.materials.first { $0.name == name }?.status
      guard status != .missing else { continue }
      let why =
        status == .reused
        ? "this applicant gave it in an earlier case (§33); run again with another --prefix"
        : "the demo guide of \(item.matterCode) is not as the walkthrough expects"
      throw Unexpected(
        message:
          "\(item.number): '\(name)' is \(status.map { words("\($0)") } ?? "not in the case"), not missing: \(why)"
      )
    }
  }

  // MARK: - The applicants

  /// The person who applies in the ordinary case: a 居民身份证号码 of 双清区 (430502), born 1988-04-12, whose
  /// sequence follows from the prefix.
  static func person(_ prefix: String) -> Yimen_Cases_V1_Applicant {
    let sequence = String(format: "%03d", Int(Self.hash(prefix) % 500) * 2)
    return .with {
      $0.kind = .person
      $0.name = "王晓燕"
      $0.idNumber = Self.residentID("43050219880412" + sequence)
      $0.phone = "13907395678"
      $0.address = "湖南省邵阳市双清区东大路100号"
    }
  }

  /// The company that applies in the joint case: a 统一社会信用代码 of 邵阳市 (430500) whose organisation code
  /// follows from the prefix.
  static func company(_ prefix: String) -> Yimen_Cases_V1_Applicant {
    let charset = Array(Self.creditCharacters)
    var value = Self.hash(prefix) >> 20
    var suffix = ""
    for _ in 0..<3 {
      suffix.append(charset[Int(value % 31)])
      value /= 31
    }
    return .with {
      $0.kind = .company
      $0.name = "邵阳市一门餐饮有限公司"
      $0.idNumber = Self.creditCode("91430500" + Self.organizationCode("MA4L0" + suffix))
      $0.phone = "13807390000"
      $0.address = "湖南省邵阳市双清区宝庆东路66号"
    }
  }

  /// FNV-1a: a hash that is the same in every run (Swift's Hasher is seeded per process).
  static func hash(_ text: String) -> UInt64 {
    text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
  }

  /// 17 digits and the GB 11643 check character.
  static func residentID(_ digits: String) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(digits, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
    return digits + String(Array("10X98765432")[sum % 11])
  }

  /// The characters of a unified social credit code (no I, O, S, V, Z).
  static let creditCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY"

  /// 8 characters and the GB 11714 check character: an organisation code.
  static func organizationCode(_ body: String) -> String {
    let weights = [3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + Self.value36($1.0) * $1.1 }
    let check = 11 - sum % 11
    return body + (check == 10 ? "X" : check == 11 ? "0" : String(check))
  }

  /// A digit's value, or a letter's (A = 10 … Z = 35).
  static func value36(_ character: Character) -> Int {
    character.wholeNumberValue ?? Int(character.asciiValue ?? 55) - 55
  }

  /// 17 characters and the GB 32100 check character: a unified social credit code.
  static func creditCode(_ body: String) -> String {
    let charset = Array(Self.creditCharacters)
    let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    let sum = zip(body, weights).reduce(0) { $0 + (charset.firstIndex(of: $1.0) ?? 0) * $1.1 }
    return body + String(charset[(31 - sum % 31) % 31])
  }
}
