import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "case",
      abstract: "Applications (办件) from receipt to the delivered result (§26, §30, §31, §33, §34, §36).",
      discussion: """
        An applicant needs no login: they submit, follow their case with its number and query code, supply what a \
        one-time notice asks for and withdraw. A department's staff act on their department's cases — accept (on \
        post at a hall window that serves the matter, §41), reject, notices, processing, special procedures, \
        decisions, delivery — and read its queue; their principal id is their staff number in Staffing. The \
        centre's management reads everything and may act on any case.

        an applicant:  (no --as)
        a department:  --as 'id=SJ-001;role=staff;department=市市场监督管理局'
        management:    --as 'id=li;role=management'

        States print with their exchange codes: received (1), accepted (3), not-accepted (4), supplement (6), \
        processing (8), special (9), decided (11), delivered (12), withdrawn (13). Deadlines count working days \
        from the day after acceptance. Every change prints a new request id on standard error; pass --request-id \
        to retry one safely. --json prints the response for scripts.
        """,
      subcommands: [
        Submit.self, Show.self, History.self, Accept.self, Reject.self, Supplement.self, Resubmit.self,
        Process.self, Special.self, Decide.self, Deliver.self, Withdraw.self, Queue.self, Overdue.self, Joint.self,
      ]
    )

    struct Submit: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Apply for a matter with a published guide (接件); prints the case number and query code.",
        discussion: """
          Name each material given as the guide names it (yimen matters show CODE); materials obtainable by data \
          sharing, or given in an earlier case of the same applicant, are never asked for. The applicant needs both \
          the case number and the query code to follow the case. At a hall window, --window records where it was \
          received and the staff member (--as) who served the applicant first (首问负责).

          Examples:
            yimen case submit 430500-XK-001 --applicant-kind person --name 王晓燕 \\
              --id-number 430502198804120021 --phone 13907391234 \\
              --material 食品经营许可申请书 --material 经营场所使用证明（产权证明或租赁合同）
            yimen case submit 430500-XK-001 --applicant-kind company \\
              --name 邵阳市一门餐饮有限公司 --id-number 91430500MA4L0XXX3H \\
              --phone 13807390000 --material 食品经营许可申请书 --window B-01 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The matter code, e.g. 430500-XK-001.") var matter: String
      @OptionGroup var applicant: ApplicantOptions
      @Option(
        name: .customLong("material"),
        help: ArgumentHelp("A material given, as named in the guide; repeat for several.", valueName: "name")
      )
      var materials: [String] = []
      @OptionGroup var receipt: ReceiptOptions
      @Option(help: "An appointment, e.g. '2026-11-26 09:30' (never required, §33).") var appointment: String?
      @Option(help: "A §33 mode the guide offers: \(choices(Yimen_Matters_V1_ChannelMode.self)).") var mode: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the options read.
      func request(requestID: String = "") throws -> Yimen_Cases_V1_SubmitCaseRequest {
        try .with {
          $0.requestID = requestID
          $0.matterCode = self.matter
          $0.channel = try self.receipt.parsedChannel()
          $0.windowID = self.receipt.windowID ?? ""
          $0.applicant = try self.applicant.applicant()
          $0.materials = self.materials
          $0.appointment = self.appointment ?? ""
          if let mode = self.mode { $0.mode = try protoEnum(mode, option: "--mode") }
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await CasesCLI.client(self.connection) { cases in
          let submitted = try await cases.submitCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(submitted)) }
          print(
            "received case \(submitted.number): \(submitted.matterCode) \(submitted.matterName), "
              + "\(submitted.department) → \(CasesCLI.outcome(submitted))"
          )
          CasesCLI.printReceipt(number: submitted.number, queryCode: submitted.queryCode, command: "case show")
          let missing = submitted.materials.filter { $0.status == .missing }.map(\.name)
          if !missing.isEmpty { print("missing: " + missing.joined(separator: "; ")) }
        }
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a case: applicant, materials, notices, acceptance, deadline, decision and delivery.",
        discussion: """
          The applicant gives the query code; staff of the case's department and the centre need none. A wrong \
          number and a wrong query code get the same NOT_FOUND. The due date is the end of that day, or noon when \
          the limit ends in half a day; while the case is paused it assumes the pause ends today.

          Examples:
            yimen case show 20261125-00001 --query-code 483920
            yimen case show 20261125-00001 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number, e.g. 20261125-00001.") var number: String
      @Option(name: .customLong("query-code"), help: "The applicant's query code.") var queryCode: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await CasesCLI.getCase(self.number, queryCode: self.queryCode, self.connection) { found in
          CasesCLI.printCase(found)
        }
      }
    }

    struct History: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Every step of a case: when, the state it led to, what happened, by whom, where.",
        discussion: """
          BY is the principal id: a staff number, "applicant" for the applicant, "system" for automatic steps such \
          as a case deemed accepted.

          Examples:
            yimen case history 20261125-00001 --query-code 483920
            yimen case history 20261125-00001 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(name: .customLong("query-code"), help: "The applicant's query code.") var queryCode: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await CasesCLI.getCase(self.number, queryCode: self.queryCode, self.connection) { found in
          print("\(found.number)  \(found.matterName)  \(CasesCLI.state(found.state))\n")
          print(CasesCLI.historyTable(found.history))
        }
      }
    }

    struct Accept: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Accept a case (受理) at the hall window where you are on post; the deadline starts.",
        discussion: """
          The caller must be on post (an A post, or the B post) at an open hall window that serves the matter \
          (§41): the principal id is the staff number in Staffing. The promised limit counts from the next working \
          day.

          Example:
            yimen case accept 20261125-00001 --window B-01 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(name: .customLong("window"), help: "The hall window where you are on post, e.g. B-01.") var windowID:
        String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_AcceptCaseRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.windowID = self.windowID
        }
        try await CasesCLI.client(self.connection) { cases in
          let accepted = try await cases.acceptCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(
            accepted,
            "accepted \(accepted.number) at \(accepted.acceptedWindowID) by \(accepted.acceptedBy)",
            json: self.connection.json
          )
        }
      }
    }

    struct Reject: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Refuse to accept a case (不予受理), with the reason; final.",
        discussion: """
          Example:
            yimen case reject 20261125-00001 --reason '申请事项不属于本部门职权范围' \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(help: "Why it is not accepted, told to the applicant.") var reason: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_RejectCaseRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.reason = self.reason
        }
        try await CasesCLI.client(self.connection) { cases in
          let rejected = try await cases.rejectCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(
            rejected,
            "\(rejected.number) not accepted: \(self.reason)",
            json: self.connection.json
          )
        }
      }
    }

    struct Supplement: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Issue the one-time notice (一次性告知, §30) of every missing or faulty material.",
        discussion: """
          Name every problem at once, each a material of the guide and what is wrong with it; none obtainable by \
          sharing or given in an earlier case. A later notice may only name materials of the previous one (a new \
          defect in what was supplied). Before acceptance the notice must come within 5 working days of receipt; \
          after acceptance the clock pauses until the applicant resubmits.

          Examples:
            yimen case supplement 20261125-00001 \\
              --item '食品安全管理人员名单及健康证明=缺少' \\
              --item '经营场所使用证明（产权证明或租赁合同）=复印件不清晰' \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(
        name: .customLong("item"),
        help: ArgumentHelp(
          "A material and its problem, e.g. '营业执照=未签字'; repeat for several.",
          valueName: "material=problem"
        )
      )
      var items: [String]
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.items.map(CasesCLI.noticeItem) }

      func run() async throws {
        let message = try Yimen_Cases_V1_RequestSupplementRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.items = try self.items.map(CasesCLI.noticeItem)
        }
        try await CasesCLI.client(self.connection) { cases in
          let noticed = try await cases.requestSupplement(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(noticed)) }
          let notice = noticed.notices.last ?? .init()
          print("one-time notice #\(notice.number) for \(noticed.number) → \(CasesCLI.outcome(noticed))")
          for item in notice.items { print("  - \(item.material): \(item.problem)") }
        }
      }
    }

    struct Resubmit: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Supply what the one-time notice asked for (the applicant, or staff for them).",
        discussion: """
          Each material must be one the notice named. The applicant gives the query code; staff of the department \
          need none.

          Example:
            yimen case resubmit 20261125-00001 --query-code 483920 \\
              --material 食品安全管理人员名单及健康证明 \\
              --material 经营场所使用证明（产权证明或租赁合同）
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(
        name: .customLong("material"),
        help: ArgumentHelp("A material supplied, as named in the notice; repeat for several.", valueName: "name")
      )
      var materials: [String]
      @Option(name: .customLong("query-code"), help: "The applicant's query code.") var queryCode: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_ResubmitRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.queryCode = self.queryCode ?? ""
          $0.materials = self.materials
        }
        try await CasesCLI.client(self.connection) { cases in
          let resubmitted = try await cases.resubmit(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(
            resubmitted,
            "\(resubmitted.number): supplied \(self.materials.joined(separator: ", "))",
            json: self.connection.json
          )
        }
      }
    }

    struct Process: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Begin processing (办理) an accepted case.",
        discussion: """
          Example:
            yimen case process 20261125-00001 \\
              --as 'id=SJ-002;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_StartProcessingRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
        }
        try await CasesCLI.client(self.connection) { cases in
          let processing = try await cases.startProcessing(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(processing, "\(processing.number) in processing", json: self.connection.json)
        }
      }
    }

    struct Special: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Start (--start NAME) or end (--end) a special procedure (特别程序).",
        discussion: """
          A special step of the guide keeps its rule on whether its time counts toward the limit; any other \
          procedure does not count, and the due date moves by the working days it takes.

          Examples:
            yimen case special 20261125-00001 --start 现场核查 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
            yimen case special 20261125-00001 --end \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(help: ArgumentHelp("Start this procedure, e.g. 现场核查, 专家评审, 听证.", valueName: "name")) var start: String?
      @Flag(help: "End the procedure under way.") var end = false
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        guard (self.start != nil) != self.end else {
          throw ValidationError("Give either --start NAME or --end.")
        }
      }

      func run() async throws {
        let id = requestID(self.change.requestID)
        let number = self.number
        let start = self.start
        try await CasesCLI.client(self.connection) { cases in
          let updated: Yimen_Cases_V1_Case
          if let start {
            updated = try await cases.startSpecialProcedure(
              request: .init(
                message: .with {
                  $0.requestID = id
                  $0.number = number
                  $0.name = start
                },
                metadata: self.connection.metadata
              ),
              options: self.connection.callOptions
            )
          } else {
            updated = try await cases.endSpecialProcedure(
              request: .init(
                message: .with {
                  $0.requestID = id
                  $0.number = number
                },
                metadata: self.connection.metadata
              ),
              options: self.connection.callOptions
            )
          }
          try CasesCLI.printChange(
            updated,
            "\(updated.number): " + CasesCLI.special(updated.specialProcedures.last ?? .init(), started: start != nil),
            json: self.connection.json
          )
        }
      }
    }

    struct Decide: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Decide a case (办结): approve or deny, with the decision text and the seal (§34).",
        discussion: """
          The approval seal (行政审批专用章) is the default; the department seal or a special seal only where a law \
          requires it, named with --seal-basis.

          Examples:
            yimen case decide 20261125-00001 --approve \\
              --text '准予食品经营许可，核发《食品经营许可证》' \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
            yimen case decide 20261125-00002 --deny --text '经营场所不符合食品安全要求' \\
              --seal department_seal --seal-basis '《中华人民共和国食品安全法》第三十五条' \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Flag(exclusivity: .exclusive, help: "Approve or deny.") var verdict: Verdict
      @Option(help: "The decision text (决定书 summary).") var text: String
      @Option(help: "\(choices(Yimen_Cases_V1_Seal.self)) (default: approval-seal).") var seal: String?
      @Option(name: .customLong("seal-basis"), help: "The law that requires a seal other than the approval seal.")
      var sealBasis: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        let request = try self.request()
        if request.seal != .unspecified, request.seal != .approvalSeal, request.sealBasis.isEmpty {
          throw ValidationError("--seal \(self.seal ?? "") needs --seal-basis: the law that requires it (§34).")
        }
      }

      /// The request, with the options read.
      func request(requestID: String = "") throws -> Yimen_Cases_V1_DecideCaseRequest {
        var request = Yimen_Cases_V1_DecideCaseRequest()
        request.requestID = requestID
        request.number = self.number
        request.approved = self.verdict == .approve
        request.text = self.text
        if let seal { request.seal = try protoEnum(seal, option: "--seal") }
        request.sealBasis = self.sealBasis ?? ""
        return request
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await CasesCLI.client(self.connection) { cases in
          let decided = try await cases.decideCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(
            decided,
            "\(decided.number) \(CasesCLI.decision(decided.decision))",
            json: self.connection.json
          )
        }
      }
    }

    struct Deliver: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Deliver the result: window pickup or postal delivery, never charged to the applicant (§36).",
        discussion: """
          Postal delivery needs the carrier's tracking number; it goes to the applicant's address unless --address \
          gives another. Postage is never charged (0 fen).

          Examples:
            yimen case deliver 20261125-00001 --method postal \\
              --tracking-number 1151234567890 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
            yimen case deliver 20261125-00001 --method window_pickup \\
              --as 'id=SJ-002;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(help: "\(choices(Yimen_Cases_V1_DeliveryMethod.self)).") var method: String
      @Option(name: .customLong("tracking-number"), help: "Postal: the carrier's tracking number.") var trackingNumber:
        String?
      @Option(help: "Postal: where to (default: the applicant's address).") var address: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        let request = try self.request()
        if request.method == .postal, request.trackingNumber.isEmpty {
          throw ValidationError("--method postal needs --tracking-number.")
        }
        if request.method == .windowPickup, self.trackingNumber != nil || self.address != nil {
          throw ValidationError("--tracking-number and --address are for --method postal.")
        }
      }

      /// The request, with the options read.
      func request(requestID: String = "") throws -> Yimen_Cases_V1_DeliverResultRequest {
        try .with {
          $0.requestID = requestID
          $0.number = self.number
          $0.method = try protoEnum(self.method, option: "--method")
          $0.trackingNumber = self.trackingNumber ?? ""
          $0.address = self.address ?? ""
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await CasesCLI.client(self.connection) { cases in
          let delivered = try await cases.deliverResult(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(
            delivered,
            "\(delivered.number) delivered: \(CasesCLI.delivery(delivered.delivery))",
            json: self.connection.json
          )
        }
      }
    }

    struct Withdraw: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Withdraw a case before its decision (the applicant).",
        discussion: """
          Example:
            yimen case withdraw 20261125-00001 --query-code 483920 --reason '经营场所变更，重新申请'
          """
      )

      @Argument(help: "The case number.") var number: String
      @Option(name: .customLong("query-code"), help: "The applicant's query code.") var queryCode: String?
      @Option(help: "Why, if the applicant says.") var reason: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_WithdrawCaseRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.queryCode = self.queryCode ?? ""
          $0.reason = self.reason ?? ""
        }
        try await CasesCLI.client(self.connection) { cases in
          let withdrawn = try await cases.withdrawCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try CasesCLI.printChange(withdrawn, "\(withdrawn.number) withdrawn", json: self.connection.json)
        }
      }
    }

    struct Queue: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "A department's cases, oldest first, optionally filtered.",
        discussion: """
          Staff see their own department's queue (--department defaults to it); the centre's management names the \
          department. WINDOW is where the case was accepted, or where it was received before acceptance.

          Examples:
            yimen case queue --state received \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
            yimen case queue --department 市市场监督管理局 --due-within 2 \\
              --as 'id=li;role=management'
          """
      )

      @Option(help: "The department (default: the caller's; required for the centre).") var department: String?
      @Option(help: "\(choices(Yimen_Cases_V1_CaseState.self)).") var state: String?
      @Option(name: .customLong("matter"), help: "Only this matter code.") var matterCode: String?
      @Option(name: .customLong("window"), help: "Only cases of this window.") var windowID: String?
      @Option(name: .customLong("due-within"), help: "Only cases due within this many working days.") var dueWithin:
        UInt32?
      @Flag(help: "Only overdue cases.") var overdue = false
      @Option(name: .customLong("page-size"), help: "Cases per page (at most 200; default 50).") var pageSize: UInt32?
      @Option(name: .customLong("page-token"), help: "The token printed with the previous page.") var pageToken: String?
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the options read.
      func request() throws -> Yimen_Cases_V1_ListQueueRequest {
        var request = Yimen_Cases_V1_ListQueueRequest()
        request.department = self.department ?? ""
        if let state { request.state = try protoEnum(state, option: "--state") }
        request.matterCode = self.matterCode ?? ""
        request.windowID = self.windowID ?? ""
        request.dueWithinDays = self.dueWithin ?? 0
        request.overdueOnly = self.overdue
        request.pageSize = self.pageSize ?? 0
        request.pageToken = self.pageToken ?? ""
        return request
      }

      func run() async throws {
        let message = try self.request()
        try await CasesCLI.client(self.connection) { cases in
          let response = try await cases.listQueue(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["NUMBER", "MATTER", "APPLICANT", "STATE", "DUE", "WINDOW"],
            response.cases.map {
              [
                $0.number, $0.matterCode, $0.applicant.name, CasesCLI.state($0.state), CasesCLI.due($0),
                orDash($0.acceptedWindowID.isEmpty ? $0.firstInquiryWindowID : $0.acceptedWindowID),
              ]
            }
          )
          print(
            "\n\(response.cases.count == 1 ? "1 case" : "\(response.cases.count) cases")"
              + (response.nextPageToken.isEmpty ? "" : "; next page: --page-token \(response.nextPageToken)")
          )
        }
      }
    }

    struct Overdue: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Overdue cases, by department and window.",
        discussion: """
          Without --department: every department for the centre, the caller's own for a department's staff.

          Examples:
            yimen case overdue --as 'id=li;role=management'
            yimen case overdue --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Option(help: "Only this department's.") var department: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_ListOverdueRequest.with { $0.department = self.department ?? "" }
        try await CasesCLI.client(self.connection) { cases in
          let response = try await cases.listOverdue(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          guard !response.groups.isEmpty else { return print("no overdue cases") }
          var lines: [String] = []
          var department: String?
          for group in response.groups {
            if group.department != department {
              if department != nil { lines.append("") }
              department = group.department
              lines.append(group.department)
            }
            let count = group.numbers.count == 1 ? "1 case" : "\(group.numbers.count) cases"
            lines.append("  \(group.windowID.isEmpty ? "no window" : group.windowID): \(count)")
            lines.append(contentsOf: group.numbers.map { "    \($0)" })
          }
          print(lines.joined(separator: "\n"))
          let total = response.groups.reduce(0) { $0 + $1.numbers.count }
          print("\n\(total == 1 ? "1 overdue case" : "\(total) overdue cases")")
        }
      }
    }
  }
}

extension Yimen.CaseCommand {
  struct Joint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Joint cases (联办, 一件事, §31): one application for matters of several departments.",
      discussion: """
        The applicant submits once; the lead department accepts every sub-case at once at its hall window and \
        issues one merged notice. Each department then processes, decides and delivers its own sub-case with the \
        ordinary commands (yimen case process SUB-CASE-NUMBER …).

        Examples:
          yimen case joint show J20261125-00007 --query-code 615204
          yimen case joint accept J20261125-00007 --window B-01 \\
            --as 'id=SJ-001;role=staff;department=市市场监督管理局'
        """,
      subcommands: [Submit.self, Show.self, Accept.self, Supplement.self]
    )

    struct Submit: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Apply for several matters at once, with a lead department; prints the number and query code.",
        discussion: """
          Two or more distinct matters with published guides; the lead department is the department of one of \
          them. Materials are named per matter: --material 'CODE=NAME'.

          Example:
            yimen case joint submit --title 开办餐饮店 --matter 430500-XK-001 \\
              --matter 430500-XK-019 --lead 市市场监督管理局 --applicant-kind company \\
              --name 邵阳市一门餐饮有限公司 --id-number 91430500MA4L0XXX3H \\
              --phone 13807390000 --material '430500-XK-001=食品经营许可申请书' \\
              --material '430500-XK-019=税务行政许可申请表'
          """
      )

      @Option(help: "What the applicant wants done, e.g. 开办餐饮店.") var title: String
      @Option(name: .customLong("matter"), help: "A matter code; repeat for each (two or more).") var matterCodes:
        [String]
      @Option(name: .customLong("lead"), help: "The lead department: the department of one of the matters.")
      var leadDepartment: String
      @OptionGroup var applicant: ApplicantOptions
      @Option(
        name: .customLong("material"),
        help: ArgumentHelp("A material given for one matter; repeat for several.", valueName: "code=name")
      )
      var materials: [String] = []
      @OptionGroup var receipt: ReceiptOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the options read; materials are grouped by matter in the order of --matter.
      func request(requestID: String = "") throws -> Yimen_Cases_V1_SubmitJointCaseRequest {
        var given: [String: [String]] = [:]
        for text in self.materials {
          guard let (code, name) = pair(text) else {
            throw ValidationError("--material '\(text)' is not of the form CODE=NAME, e.g. '430500-XK-001=食品经营许可申请书'.")
          }
          guard self.matterCodes.contains(code) else {
            throw ValidationError("--material '\(text)': \(code) is not one of the --matter codes.")
          }
          given[code, default: []].append(name)
        }
        var seen: Set<String> = []
        let codes = self.matterCodes.filter { seen.insert($0).inserted }
        return try .with {
          $0.requestID = requestID
          $0.title = self.title
          $0.matterCodes = self.matterCodes
          $0.leadDepartment = self.leadDepartment
          $0.channel = try self.receipt.parsedChannel()
          $0.windowID = self.receipt.windowID ?? ""
          $0.applicant = try self.applicant.applicant()
          $0.materials = codes.compactMap { code in
            given[code].map { names in
              .with {
                $0.matterCode = code
                $0.materials = names
              }
            }
          }
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await CasesCLI.client(self.connection) { cases in
          let joint = try await cases.submitJointCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(joint)) }
          print("received joint case \(joint.number) \(joint.title) → \(CasesCLI.state(joint.state))")
          CasesCLI.printReceipt(number: joint.number, queryCode: joint.queryCode, command: "case joint show")
          print("")
          print(CasesCLI.subCaseTable(joint.cases))
          let missing = joint.cases.flatMap { sub in
            sub.materials.filter { $0.status == .missing }.map { "\(sub.matterCode) \($0.name)" }
          }
          if !missing.isEmpty { print("\nmissing: " + missing.joined(separator: "; ")) }
        }
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a joint case: its state, each sub-case on one line, the merged notices.",
        discussion: """
          The applicant gives the query code. `yimen case show SUB-CASE-NUMBER` shows a sub-case in full.

          Examples:
            yimen case joint show J20261125-00007 --query-code 615204
            yimen case joint show J20261125-00007 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The joint case number, e.g. J20261125-00007.") var number: String
      @Option(name: .customLong("query-code"), help: "The applicant's query code.") var queryCode: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_GetJointCaseRequest.with {
          $0.number = self.number
          $0.queryCode = self.queryCode ?? ""
        }
        try await CasesCLI.client(self.connection) { cases in
          let joint = try await cases.getJointCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(joint)) }
          CasesCLI.printJoint(joint)
        }
      }
    }

    struct Accept: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Accept every sub-case at once, at the lead department's hall window (lead department).",
        discussion: """
          The caller is of the lead department and on post at an open hall window that serves the lead's matter \
          (§41); each sub-case's deadline starts with its own promised limit.

          Example:
            yimen case joint accept J20261125-00007 --window B-01 \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The joint case number.") var number: String
      @Option(name: .customLong("window"), help: "The hall window where you are on post, e.g. B-01.") var windowID:
        String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Cases_V1_AcceptJointCaseRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.windowID = self.windowID
        }
        try await CasesCLI.client(self.connection) { cases in
          let joint = try await cases.acceptJointCase(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(joint)) }
          print("accepted joint case \(joint.number) at \(self.windowID) → \(CasesCLI.state(joint.state))\n")
          print(CasesCLI.subCaseTable(joint.cases))
        }
      }
    }

    struct Supplement: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Issue the lead department's merged one-time notice across the sub-cases (§30, §31).",
        discussion: """
          Every item for every sub-case at once: the matter code, the material and its problem.

          Example:
            yimen case joint supplement J20261125-00007 \\
              --item '430500-XK-012:编制单位和编制人员情况表及信用承诺=缺少' \\
              --as 'id=SJ-001;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The joint case number.") var number: String
      @Option(
        name: .customLong("item"),
        help: ArgumentHelp(
          "A matter's material and its problem; repeat for several.",
          valueName: "code:material=problem"
        )
      )
      var items: [String]
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.items.map(CasesCLI.jointNoticeItem) }

      func run() async throws {
        let message = try Yimen_Cases_V1_RequestJointSupplementRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.number = self.number
          $0.items = try self.items.map(CasesCLI.jointNoticeItem)
        }
        try await CasesCLI.client(self.connection) { cases in
          let joint = try await cases.requestJointSupplement(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(joint)) }
          let notice = joint.notices.last ?? .init()
          print("merged one-time notice #\(notice.number) for \(joint.number) → \(CasesCLI.state(joint.state))")
          for item in message.items { print("  - \(item.matterCode) \(item.item.material): \(item.item.problem)") }
        }
      }
    }
  }
}

/// --approve or --deny.
enum Verdict: String, EnumerableFlag {
  case approve, deny
}

/// The applicant of a submission: --applicant-kind, --name, --id-number, --phone, --address.
struct ApplicantOptions: ParsableArguments {
  @Option(name: .customLong("applicant-kind"), help: "person (居民身份证号码) or company (统一社会信用代码).")
  var kind: String
  @Option(help: "The applicant's name: a person's, or a company's registered name.") var name: String
  @Option(
    name: .customLong("id-number"),
    help: "The 18-character ID number or unified social credit code, with its check character."
  )
  var idNumber: String
  @Option(help: "A mobile number (11 digits starting with 1) or a fixed line.") var phone: String
  @Option(help: "The applicant's address (postal delivery goes there by default).") var address: String?

  func validate() throws { _ = try self.applicant() }

  func applicant() throws -> Yimen_Cases_V1_Applicant {
    try .with {
      $0.kind = try protoEnum(self.kind, option: "--applicant-kind")
      $0.name = self.name
      $0.idNumber = self.idNumber
      $0.phone = self.phone
      $0.address = self.address ?? ""
    }
  }
}

/// How and where a submission arrives: --channel, --window.
struct ReceiptOptions: ParsableArguments {
  @Option(help: "\(choices(Yimen_Cases_V1_Channel.self)) (default: window with --window, otherwise online).")
  var channel: String?
  @Option(
    name: .customLong("window"),
    help: "The hall window where it is received; the caller (--as) is then the first-inquiry staff member."
  )
  var windowID: String?

  func validate() throws { _ = try self.parsedChannel() }

  func parsedChannel() throws -> Yimen_Cases_V1_Channel {
    guard let channel else { return self.windowID == nil ? .online : .window }
    return try protoEnum(channel, option: "--channel")
  }
}

/// What the `yimen case` commands and `yimen demo` share: the Cases client and how cases print.
enum CasesCLI {
  static func client(
    _ connection: ConnectionOptions,
    _ body: @escaping @Sendable (Yimen_Cases_V1_Cases.Client<ZMQClient>) async throws -> Void
  )
    async throws
  {
    try await connection.withService(Yimen_Cases_V1_Cases.Client.init(wrapping:), body)
  }

  /// Gets a case and hands it to `body`, or prints it as JSON with --json.
  static func getCase(
    _ number: String,
    queryCode: String?,
    _ connection: ConnectionOptions,
    _ body: @escaping @Sendable (Yimen_Cases_V1_Case) -> Void
  ) async throws {
    let message = Yimen_Cases_V1_GetCaseRequest.with {
      $0.number = number
      $0.queryCode = queryCode ?? ""
    }
    try await Self.client(connection) { cases in
      let found = try await cases.getCase(
        request: .init(message: message, metadata: connection.metadata),
        options: connection.callOptions
      )
      if connection.json { return print(try jsonText(found)) }
      body(found)
    }
  }

  /// "received (1)": the state with its exchange code.
  static func state(_ state: Yimen_Cases_V1_CaseState) -> String {
    "\(words("\(state)")) (\(state.rawValue))"
  }

  /// The state, and the due date while the case runs against it: "accepted (3), due 2026-12-01"; a case
  /// decided late says so: "decided (11), overdue".
  static func outcome(_ item: Yimen_Cases_V1_Case) -> String {
    let running: Set<Yimen_Cases_V1_CaseState> = [.accepted, .supplement, .processing, .special]
    if running.contains(item.state), !item.dueDate.isEmpty { return "\(self.state(item.state)), due \(self.due(item))" }
    return self.state(item.state) + (item.overdue ? ", overdue" : "")
  }

  /// "2026-12-01", "2026-12-01 noon", "2026-12-01 (overdue)", or "-" before acceptance.
  static func due(_ item: Yimen_Cases_V1_Case) -> String {
    guard !item.dueDate.isEmpty else { return "-" }
    return item.dueDate + (item.dueAtNoon ? " noon" : "") + (item.overdue ? " (overdue)" : "")
  }

  /// "3", "2.5" working days.
  static func days(_ days: Double) -> String {
    days == days.rounded() ? String(Int(days)) : String(days)
  }

  /// A changed case: JSON, or what happened and the state it is in now.
  static func printChange(_ item: Yimen_Cases_V1_Case, _ summary: String, json: Bool) throws {
    print(json ? try jsonText(item) : "\(summary) → \(self.outcome(item))")
  }

  /// The number and query code of a new case, set apart: the applicant needs both.
  static func printReceipt(number: String, queryCode: String, command: String) {
    print("")
    print(indented(tableText(["case number", number], [["query code", orDash(queryCode)]])))
    print("")
    guard !queryCode.isEmpty else { return }
    print("Give both to the applicant: yimen \(command) \(number) --query-code \(queryCode)")
  }

  /// "王晓燕 (person 430502198804120021)".
  static func applicant(_ applicant: Yimen_Cases_V1_Applicant) -> String {
    "\(applicant.name) (\(words("\(applicant.kind)")) \(applicant.idNumber))"
  }

  /// "provided", "reused from 20261101-00003", "shared", "missing", "optional".
  static func status(_ material: Yimen_Cases_V1_CaseMaterial) -> String {
    switch material.status {
    case .reused: material.reusedFrom.isEmpty ? "reused" : "reused from \(material.reusedFrom)"
    case .shared: "shared (data sharing)"
    default: words("\(material.status)")
    }
  }

  /// "行政审批专用章 (approval seal)".
  static func seal(_ seal: Yimen_Cases_V1_Seal) -> String {
    switch seal {
    case .departmentSeal: "部门行政印章 (department seal)"
    case .specialSeal: "特殊专用印章 (special seal)"
    default: "行政审批专用章 (approval seal)"
    }
  }

  /// "approved on 2026-11-27 by SJ-001, 行政审批专用章 (approval seal): 准予…".
  static func decision(_ decision: Yimen_Cases_V1_Decision) -> String {
    (decision.approved ? "approved" : "denied")
      + (decision.decidedOn.isEmpty ? "" : " on \(decision.decidedOn)")
      + (decision.decidedBy.isEmpty ? "" : " by \(decision.decidedBy)")
      + ", \(self.seal(decision.seal))" + (decision.sealBasis.isEmpty ? "" : " under \(decision.sealBasis)")
      + (decision.text.isEmpty ? "" : ": \(decision.text)")
  }

  /// "postal, tracking 1151234567890, to 湖南省…, postage charged 0 fen, on 2026-11-27 by SJ-001".
  static func delivery(_ delivery: Yimen_Cases_V1_Delivery) -> String {
    var parts = [words("\(delivery.method)")]
    if delivery.method == .postal {
      parts.append("tracking \(delivery.trackingNumber)")
      if !delivery.address.isEmpty { parts.append("to \(delivery.address)") }
    }
    parts.append("postage charged \(delivery.postageChargedFen) fen")
    if !delivery.deliveredOn.isEmpty {
      parts.append("on \(delivery.deliveredOn)" + (delivery.deliveredBy.isEmpty ? "" : " by \(delivery.deliveredBy)"))
    }
    return parts.joined(separator: ", ")
  }

  /// "现场核查 started (does not count toward the limit)" or "… ended".
  static func special(_ procedure: Yimen_Cases_V1_SpecialProcedure, started: Bool) -> String {
    "\(procedure.name) \(started ? "started" : "ended") "
      + "(\(procedure.countsTowardLimit ? "counts" : "does not count") toward the limit)"
  }

  /// "#1 of 2026-11-25 by SJ-001, before acceptance; answered 2026-11-26" and its items, one a line.
  static func notice(_ notice: Yimen_Cases_V1_SupplementNotice) -> String {
    let head =
      "#\(notice.number) of \(orDash(notice.issuedOn)) by \(orDash(notice.issuedBy)), "
      + (notice.afterAcceptance ? "after acceptance (the clock pauses)" : "before acceptance")
      + (notice.answeredOn.isEmpty ? "; not answered yet" : "; answered \(notice.answeredOn)")
    return ([head] + notice.items.map { "  - \($0.material): \($0.problem)" }).joined(separator: "\n")
  }

  /// "2026-11-25 09:31": a time in Asia/Shanghai.
  static func time(_ milliseconds: Int64) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
  }

  /// A case's history as a table; `states: false` leaves out the state column (a joint case's lead actions).
  static func historyTable(_ history: [Yimen_Cases_V1_CaseEvent], states: Bool = true) -> String {
    let rows = history.map {
      [
        $0.atMs > 0 ? self.time($0.atMs) : $0.date, self.state($0.state),
        $0.action.replacingOccurrences(of: "_", with: " "), orDash($0.by), orDash($0.windowID), $0.note,
      ]
    }
    let header = ["DATE", "STATE", "ACTION", "BY", "WINDOW", "NOTE"]
    guard !states else { return tableText(header, rows) }
    let withoutState = { (row: [String]) in Array(row.prefix(1) + row.dropFirst(2)) }
    return tableText(withoutState(header), rows.map(withoutState))
  }

  /// The sub-cases of a joint case, one a line.
  static func subCaseTable(_ cases: [Yimen_Cases_V1_Case]) -> String {
    tableText(
      ["NUMBER", "MATTER", "DEPARTMENT", "STATE", "DUE"],
      cases.map { [$0.number, $0.matterCode, $0.department, self.state($0.state), self.due($0)] }
    )
  }

  /// A case in full.
  static func printCase(_ item: Yimen_Cases_V1_Case) {
    print("\(item.number)  \(item.matterName)  \(self.state(item.state))\n")
    let applicant = item.applicant
    var rows: [[String]] = [
      ["matter", "\(item.matterCode) \(item.matterName), guide v\(item.guideVersion)"],
      ["department", item.department],
      ["channel", words("\(item.channel)")],
      [
        "applicant",
        self.applicant(applicant) + (applicant.phone.isEmpty ? "" : ", phone \(applicant.phone)")
          + (applicant.address.isEmpty ? "" : ", \(applicant.address)"),
      ],
    ]
    if !item.queryCode.isEmpty { rows.append(["query code", item.queryCode]) }
    if !item.jointNumber.isEmpty { rows.append(["joint case", item.jointNumber]) }
    if !item.appointment.isEmpty { rows.append(["appointment", item.appointment]) }
    rows.append(["received", orDash(item.receivedOn)])
    rows.append([
      "first inquiry",
      item.firstInquiryStaffID.isEmpty
        ? "-"
        : item.firstInquiryStaffID + (item.firstInquiryWindowID.isEmpty ? "" : " at \(item.firstInquiryWindowID)"),
    ])
    if item.deemedAccepted {
      rows.append(["accepted", "\(item.acceptedOn), deemed: no notice within 5 working days of receipt"])
    } else if item.acceptedOn.isEmpty {
      rows.append(["accepted", "not yet"])
    } else {
      rows.append(["accepted", "\(item.acceptedOn) by \(orDash(item.acceptedBy)) at \(orDash(item.acceptedWindowID))"])
    }
    if !item.guideSpecialSteps.isEmpty {
      rows.append([
        "guide's special steps",
        item.guideSpecialSteps.map {
          "\($0.name) (\($0.countsTowardLimit ? "counts" : "does not count") toward the limit)"
        }
        .joined(separator: ", "),
      ])
    }
    if !item.dueDate.isEmpty {
      rows.append(["promised limit", "\(self.days(item.promisedLimitDays)) working days"])
      rows.append([
        "due",
        item.dueDate + (item.dueAtNoon ? " at noon" : " (end of day)")
          + (item.state == .supplement || item.state == .special ? ", if the pause ends today" : ""),
      ])
      rows.append(["paused", "\(item.pausedWorkingDays) working days"])
      rows.append(["overdue", item.overdue ? "YES" : "no"])
    }
    if item.hasDecision { rows.append(["decision", self.decision(item.decision)]) }
    if item.hasDelivery { rows.append(["delivery", self.delivery(item.delivery)]) }
    print(indented(tableText(rows[0], Array(rows.dropFirst()))))

    print("\nmaterials:")
    print(
      indented(
        tableText(
          ["NAME", "REQUIRED", "STATUS"],
          item.materials.map { [$0.name, $0.required ? "yes" : "no", self.status($0)] }
        )
      )
    )
    if !item.notices.isEmpty {
      print("\none-time notices:")
      for notice in item.notices { print(indented(self.notice(notice))) }
    }
    if !item.specialProcedures.isEmpty {
      print("\nspecial procedures:")
      print(
        indented(
          tableText(
            ["NAME", "COUNTS TOWARD LIMIT", "STARTED", "ENDED"],
            item.specialProcedures.map {
              [$0.name, $0.countsTowardLimit ? "yes" : "no", orDash($0.startedOn), orDash($0.endedOn)]
            }
          )
        )
      )
    }
  }

  /// A joint case: its state, the sub-cases one a line, the merged notices and the lead's actions.
  static func printJoint(_ joint: Yimen_Cases_V1_JointCase) {
    print("\(joint.number)  \(joint.title)  \(self.state(joint.state))")
    print("lead department: \(joint.leadDepartment)")
    print("applicant: \(self.applicant(joint.applicant))")
    if !joint.queryCode.isEmpty { print("query code: \(joint.queryCode)") }
    print("")
    print(self.subCaseTable(joint.cases))
    if !joint.notices.isEmpty {
      print("\nmerged one-time notices:")
      for notice in joint.notices {
        let head =
          "#\(notice.number) of \(orDash(notice.issuedOn)) by \(orDash(notice.issuedBy))"
          + (notice.answeredOn.isEmpty ? "; not answered yet" : "; answered \(notice.answeredOn)")
        let items = notice.items.map { "  - \($0.matterCode) \($0.item.material): \($0.item.problem)" }
        print(indented(([head] + items).joined(separator: "\n")))
      }
    }
    if !joint.leadActions.isEmpty {
      print("\nlead department's actions:")
      print(indented(self.historyTable(joint.leadActions, states: false)))
    }
  }

  /// "MATERIAL=PROBLEM" as a notice item.
  static func noticeItem(_ text: String) throws -> Yimen_Cases_V1_NoticeItem {
    guard let (material, problem) = pair(text) else {
      throw ValidationError("--item '\(text)' is not of the form MATERIAL=PROBLEM, e.g. --item '营业执照=未签字'.")
    }
    return .with {
      $0.material = material
      $0.problem = problem
    }
  }

  /// "CODE:MATERIAL=PROBLEM" as a joint notice item.
  static func jointNoticeItem(_ text: String) throws -> Yimen_Cases_V1_JointNoticeItem {
    guard let (code, rest) = pair(text, separator: ":"), let (material, problem) = pair(rest) else {
      throw ValidationError(
        "--item '\(text)' is not of the form CODE:MATERIAL=PROBLEM, e.g. --item '430500-XK-012:环境影响报告书（表）全本=缺少'."
      )
    }
    return .with {
      $0.matterCode = code
      $0.item = .with {
        $0.material = material
        $0.problem = problem
      }
    }
  }
}
