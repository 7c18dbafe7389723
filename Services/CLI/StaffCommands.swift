import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "staff",
      abstract: "The people departments station in the hall: nomination to return (§15–§25, §29, §41).",
      discussion: """
        Every command needs --as. A department's staff act for their own people: nominations, roles, adjustments, \
        leave, the chief representative, observation, leader visits and replacements. The centre's management also \
        reviews nominations, starts probation, confirms stationing, requires replacements, issues return letters and \
        grants --override. Supervisors read everything.

        a department: --as 'id=zhang;role=staff;department=市市场监督管理局'
        management:   --as 'id=li;role=management'

        Dates are YYYY-MM-DD in Asia/Shanghai; an omitted --date is today. Enum values are the proto names in any \
        case, with - or _ (window_leader, window-leader). Every change prints a new request id on standard error; \
        pass --request-id to retry one safely. --json prints the response for scripts.
        """,
      subcommands: [
        Nominate.self, Review.self, Probation.self, Confirm.self, RequireReplacement.self, Role.self, Adjust.self,
        Leave.self, Show.self, List.self, Chief.self, Department.self, Departments.self, Observe.self,
        Observations.self, Visit.self, VisitReport.self, Return.self, Replacement.self, Notices.self,
      ]
    )

    /// Prints a changed staff record: JSON, or the summary line and the waivers of the rules overridden.
    static func printChange(
      _ record: Yimen_Staffing_V1_StaffRecord,
      _ summary: String,
      overrides: [Yimen_Staffing_V1_Override] = [],
      json: Bool
    ) throws {
      if json { return print(try jsonText(record)) }
      print(summary)
      let rules = Set(overrides.map(\.rule))
      StaffingCLI.printWaivers(record.waivers.filter { rules.contains($0.override.rule) })
    }

    /// "S-001 张三".
    static func who(_ record: Yimen_Staffing_V1_StaffRecord) -> String {
      "\(record.member.id) \(record.member.name)"
    }

    /// "1y 8m", or "-" before formal stationing.
    static func tenure(_ facts: Yimen_Staffing_V1_StaffFacts) -> String {
      facts.tenureYears == 0 && facts.tenureMonths == 0 ? "-" : "\(facts.tenureYears)y \(facts.tenureMonths)m"
    }

    /// A department's counts, chief representative, history and problems.
    static func printDepartment(_ department: Yimen_Staffing_V1_Department) {
      print(department.name)
      print(
        "on post: \(department.onPostCount); formally stationed: \(department.stationedCount); "
          + "one adjustment may change at most \(department.maxChanges)"
      )
      if department.hasChiefRepresentative {
        let chief = department.chiefRepresentative
        print(
          "chief representative: \(chief.name) (\(chief.staffID)) since \(chief.from), designated by \(chief.designatedBy)"
        )
        print("  powers: " + chief.powers.map { words("\($0)") }.joined(separator: ", "))
      } else {
        print("chief representative: none")
      }
      if !department.chiefHistory.isEmpty {
        print("\nchief representatives:")
        print(
          indented(
            tableText(
              ["STAFF", "NAME", "FROM", "UNTIL", "BY", "POWERS"],
              department.chiefHistory.map {
                [
                  $0.staffID, $0.name, $0.from, $0.until.isEmpty ? "in office" : $0.until, $0.designatedBy,
                  $0.powers.map { words("\($0)") }.joined(separator: ", "),
                ]
              }
            )
          )
        )
      }
      StaffingCLI.printViolations(department.problems, heading: "problems")
    }

    /// A return notice, several lines.
    static func printNotice(_ notice: Yimen_Staffing_V1_ReturnNotice) {
      print(
        "return notice #\(notice.id), \(words("\(notice.kind)")): \(notice.staffID) \(notice.staffName) "
          + "(\(notice.department)), dated \(notice.date), issued by \(notice.issuedBy)"
      )
      if notice.kind == .forcedReturn { print("ground: \(words("\(notice.ground)"))") }
      if !notice.reason.isEmpty { print("reason: \(notice.reason)") }
      print("replacement due: \(notice.replacementDue) (10 working days); status: \(words("\(notice.status)"))")
      if !notice.replacementStaffID.isEmpty {
        print("replaced by \(notice.replacementStaffID) on \(notice.replacedOn)")
      }
      if !notice.copiedTo.isEmpty { print("copied to: " + notice.copiedTo.joined(separator: ", ")) }
    }

    struct Nominate: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Put a person forward for the hall; §15 is checked on the nomination date.",
        discussion: """
          A department puts its own people forward. §15 (在编 for reviewers, age, education) is checked on the \
          nomination date and every unmet rule is reported at once; only the centre's management may waive age or \
          education with --override.

          Examples:
            yimen staff nominate --id S-001 --name 张三 --department 市市场监督管理局 \\
              --category civil_servant --in-establishment --birth 1988-04-02 \\
              --education bachelor --rank keyuan --role reviewer \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff nominate --id S-002 --name 李四 --department 市市场监督管理局 \\
              --category institution --birth 1969-01-15 --education junior_college \\
              --rank no_rank --role general --as 'id=li;role=management' \\
              --override 'age=specialist needed for the new licence line'
          """
      )

      @Option(name: .customLong("id"), help: "The staff number: letters, digits, '-' and '_'.") var id: String
      @Option(help: "The person's name.") var name: String
      @Option(help: "The stationing department.") var department: String
      @Option(help: "\(choices(Yimen_Staffing_V1_StaffCategory.self)).") var category: String
      @Flag(name: .customLong("in-establishment"), help: "The person is 在编.") var inEstablishment = false
      @Option(help: ArgumentHelp("The birth date.", valueName: "yyyy-mm-dd")) var birth: String
      @Option(help: "\(choices(Yimen_Staffing_V1_Education.self)).") var education: String
      @Option(help: "\(choices(Yimen_Staffing_V1_Rank.self)).") var rank: String
      @Option(help: "reviewer, general or window-leader (chief representatives are designated: yimen staff chief).")
      var role: String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var overrides: OverrideOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the enum options read.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_NominateStaffRequest {
        try .with {
          $0.requestID = requestID
          $0.member = try .with {
            $0.id = self.id
            $0.name = self.name
            $0.department = self.department
            $0.category = try protoEnum(self.category, option: "--category")
            $0.inEstablishment = self.inEstablishment
            $0.birthDate = self.birth
            $0.education = try protoEnum(self.education, option: "--education")
            $0.rank = try protoEnum(self.rank, option: "--rank")
            $0.role = try protoEnum(self.role, option: "--role")
          }
          $0.date = self.date ?? ""
          $0.overrides = try self.overrides.parsed()
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.nominateStaff(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "nominated \(StaffCommand.who(record)) (\(record.member.department)); it waits for the centre's review",
            overrides: message.overrides,
            json: self.connection.json
          )
        }
      }
    }

    struct Review: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Approve or reject a nomination, with the centre's opinion (management).",
        discussion: """
          The centre's management approves a nomination or rejects it; --reject needs --opinion, the centre's reason \
          in writing, and is final.

          Examples:
            yimen staff review S-001 --approve --as 'id=li;role=management'
            yimen staff review S-002 --reject --opinion '学历不符合要求' \\
              --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Flag(exclusivity: .exclusive, help: "Approve or reject.") var decision: Decision
      @Option(help: "The centre's opinion; required to reject.") var opinion: String?
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        if self.decision == .reject, (self.opinion ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
          throw ValidationError("--reject needs --opinion: the centre's reason, in writing.")
        }
      }

      func run() async throws {
        let message = Yimen_Staffing_V1_ReviewNominationRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.staffID = self.id
          $0.approve = self.decision == .approve
          $0.opinion = self.opinion ?? ""
          $0.date = self.date ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.reviewNomination(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "\(StaffCommand.who(record)) \(words("\(record.state)"))",
            json: self.connection.json
          )
        }
      }
    }

    struct Probation: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Start an approved person's month of training and probation (management).",
        discussion: """
          The person was approved; stationing may be confirmed one calendar month later (yimen staff confirm).

          Example:
            yimen staff probation S-001 --date 2026-03-02 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_StartProbationRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.staffID = self.id
          $0.date = self.date ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.startProbation(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "\(StaffCommand.who(record)) in probation from \(record.history.last?.date ?? "?"); "
              + "stationing may be confirmed from \(orDash(record.facts.confirmableFrom))",
            json: self.connection.json
          )
        }
      }
    }

    struct Confirm: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Confirm formal stationing, a calendar month or more after probation began (management).",
        discussion: """
          yimen staff show prints the first day stationing may be confirmed (confirmable from).

          Example:
            yimen staff confirm S-001 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_ConfirmStationingRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.staffID = self.id
          $0.date = self.date ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.confirmStationing(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "\(StaffCommand.who(record)) stationed from \(record.history.last?.date ?? "?")",
            json: self.connection.json
          )
        }
      }
    }

    struct RequireReplacement: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "require-replacement",
        abstract: "Find a person unfit in probation: the department must send another (management).",
        discussion: """
          The step is final: the department nominates someone else.

          Example:
            yimen staff require-replacement S-001 --reason '试用期内多次迟到' \\
              --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(help: "Why, in writing.") var reason: String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_RequireReplacementRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.staffID = self.id
          $0.reason = self.reason
          $0.date = self.date ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.requireReplacement(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "\(StaffCommand.who(record)) \(words("\(record.state)")): the department must send another",
            json: self.connection.json
          )
        }
      }
    }

    struct Role: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Give a person a new role; §15 and §29 are checked again for it.",
        discussion: """
          reviewer, general or window-leader; §15 is checked again for a new role. --rank and --education record a \
          promotion or a degree gained (the chief representative's too, without --role); omitted, the recorded ones \
          stay. Only the centre's management may waive age or education with --override.

          Examples:
            yimen staff role S-001 --role window_leader --rank fukezhang \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff role S-002 --role window_leader --as 'id=li;role=management' \\
              --override 'age=熟悉企业登记全流程'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(help: "reviewer, general or window-leader (omitted: the role stays).") var role: String?
      @Option(help: "\(choices(Yimen_Staffing_V1_Rank.self)).") var rank: String?
      @Option(help: "\(choices(Yimen_Staffing_V1_Education.self)).") var education: String?
      @OptionGroup var overrides: OverrideOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the enum options read.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_ChangeRoleRequest {
        var request = Yimen_Staffing_V1_ChangeRoleRequest()
        request.requestID = requestID
        request.staffID = self.id
        if let role { request.role = try protoEnum(role, option: "--role") }
        if let rank { request.rank = try protoEnum(rank, option: "--rank") }
        if let education { request.education = try protoEnum(education, option: "--education") }
        request.overrides = try self.overrides.parsed()
        return request
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.changeRole(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try StaffCommand.printChange(
            record,
            "\(StaffCommand.who(record)) is now \(words("\(record.member.role)")) "
              + "(\(words("\(record.member.rank)")), \(words("\(record.member.education)")))",
            overrides: message.overrides,
            json: self.connection.json
          )
        }
      }
    }

    struct Adjust: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Rotate stationed staff out: at most 50% at once, each after 2 years (§16).",
        discussion: """
          Each person leaves on --date. One request changes at most 50% of the department's stationed staff, each \
          after 2 years of stationing; the centre's management may waive either with --override 'tenure=…' or \
          --override 'adjustment_share=…'.

          Examples:
            yimen staff adjust --department 市市场监督管理局 --staff S-001 --staff S-004 \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff adjust --department 市市场监督管理局 --staff S-005 \\
              --override 'tenure=本人工作调动' --as 'id=li;role=management'
          """
      )

      @Option(help: "The department.") var department: String
      @Option(
        name: .customLong("staff"),
        help: ArgumentHelp("A stationed person to rotate out; repeat for several.", valueName: "staff-id")
      )
      var staffIDs: [String]
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var overrides: OverrideOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = try Yimen_Staffing_V1_SubmitAdjustmentRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.department = self.department
          $0.staffIds = self.staffIDs
          $0.date = self.date ?? ""
          $0.overrides = try self.overrides.parsed()
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let adjustment = try await staffing.submitAdjustment(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(adjustment)) }
          print(
            "\(adjustment.department): \(adjustment.staffIds.joined(separator: ", ")) leave on \(adjustment.date) "
              + "(\(adjustment.staffIds.count) of \(adjustment.stationedCount) stationed; "
              + "at most \(adjustment.maxChanges) at once)"
          )
          StaffingCLI.printWaivers(adjustment.waivers)
        }
      }
    }

    struct Leave: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Record leave, training or sick leave: the B post stands in when every A post is away.",
        discussion: """
          Both days are included, at most 366 days; leave may lie ahead. On those days the person is away, and the B \
          post stands in at a window whose every A post is away.

          Example:
            yimen staff leave S-001 --from 2026-12-01 --through 2026-12-05 \\
              --reason 年休假 --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(help: ArgumentHelp("The first day away.", valueName: "yyyy-mm-dd")) var from: String
      @Option(help: ArgumentHelp("The last day away.", valueName: "yyyy-mm-dd")) var through: String
      @Option(help: "Why, e.g. 年休假, 培训, 病假.") var reason: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_RecordLeaveRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.leave = .with {
            $0.staffID = self.id
            $0.from = self.from
            $0.through = self.through
            $0.reason = self.reason
          }
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let leave = try await staffing.recordLeave(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(leave)
              : "recorded leave #\(leave.id): \(leave.staffID) away \(leave.from) to \(leave.through) (\(leave.reason))"
          )
        }
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a person: facts, state and history, waivers, posts, derived facts and leave.",
        discussion: """
          The derived facts (age, tenure, grassroots experience, recommendation for promotion, the next uniform, \
          when rotation and confirmation are allowed, the assessment group, whether the person is away) are computed \
          for --as-of.

          Examples:
            yimen staff show S-001 --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff show S-001 --as-of 2027-03-01 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id.") var id: String
      @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The day the derived facts are computed for (default: today).", valueName: "yyyy-mm-dd")
      )
      var asOf: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_GetStaffRequest.with {
          $0.staffID = self.id
          $0.asOf = self.asOf ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let record = try await staffing.getStaff(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(record)) }
          Self.printRecord(record)
        }
      }

      static func printRecord(_ record: Yimen_Staffing_V1_StaffRecord) {
        let member = record.member
        let facts = record.facts
        Swift.print("\(member.id)  \(member.name)  \(member.department)")
        Swift.print(
          "\(words("\(member.category)"))\(member.inEstablishment ? ", in establishment (在编)" : ""); "
            + "born \(member.birthDate); education: \(words("\(member.education)")); "
            + "rank: \(words("\(member.rank)")); role: \(words("\(member.role)"))"
        )
        Swift.print("state: \(words("\(record.state)"))")
        let backups = record.backupWindowIds.joined(separator: ", ")
        Swift.print(
          "A post: \(record.windowID.isEmpty ? "none" : record.windowID); B post: \(backups.isEmpty ? "none" : backups)"
        )

        let derived = [
          ["age", "\(facts.age)"],
          ["tenure", StaffCommand.tenure(facts)],
          ["grassroots experience", facts.grassrootsExperience ? "yes (§22)" : "no"],
          ["recommendable", facts.recommendable ? "yes (§23)" : "no"],
          ["next uniform", orDash(facts.nextUniformDue)],
          ["rotation allowed from", orDash(facts.rotationAllowedFrom)],
          ["confirmable from", orDash(facts.confirmableFrom)],
          ["assessment group", String(words("\(facts.assessmentGroup)").trimmingPrefix("assessment-"))],
          ["away", facts.away ? "yes (on leave)" : "no"],
        ]
        Swift.print("\nas of \(facts.asOf):")
        Swift.print(indented(tableText(derived[0], Array(derived.dropFirst()))))

        Swift.print("\nhistory:")
        Swift.print(
          indented(
            tableText(
              ["DATE", "STATE", "BY", "NOTE"],
              record.history.map { [$0.date, words("\($0.state)"), $0.by, $0.note] }
            )
          )
        )
        if !record.waivers.isEmpty {
          Swift.print("")
          StaffingCLI.printWaivers(record.waivers)
        }
        if !record.leave.isEmpty {
          Swift.print("\nleave:")
          Swift.print(
            indented(
              tableText(
                ["ID", "FROM", "THROUGH", "REASON", "RECORDED BY"],
                record.leave.map { ["\($0.id)", $0.from, $0.through, $0.reason, $0.recordedBy] }
              )
            )
          )
        }
      }
    }

    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List staff, by department and id.",
        discussion: """
          A department sees its own people; the centre's management and supervisors see everyone.

          Examples:
            yimen staff list --state stationed \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff list --window A-03 --as 'id=li;role=management'
          """
      )

      @Option(help: "Only this department's people.") var department: String?
      @Option(help: "\(choices(Yimen_Staffing_V1_StationingState.self)).") var state: String?
      @Option(help: "Only the people at this window (A or B post).") var window: String?
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        if let state { _ = try protoEnum(state, as: Yimen_Staffing_V1_StationingState.self, option: "--state") }
      }

      func run() async throws {
        var request = Yimen_Staffing_V1_ListStaffRequest()
        request.department = self.department ?? ""
        if let state { request.state = try protoEnum(state, option: "--state") }
        request.windowID = self.window ?? ""
        let message = request
        try await StaffingCLI.client(self.connection) { staffing in
          let response = try await staffing.listStaff(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["ID", "NAME", "DEPARTMENT", "ROLE", "STATE", "SINCE", "POSTS", "TENURE", "AWAY"],
            response.staff.map {
              let posts = ($0.windowID.isEmpty ? [] : ["A \($0.windowID)"]) + $0.backupWindowIds.map { "B \($0)" }
              return [
                $0.member.id, $0.member.name, $0.member.department, words("\($0.member.role)"),
                words("\($0.state)"), $0.history.last?.date ?? "-",
                posts.isEmpty ? "-" : posts.joined(separator: ", "), StaffCommand.tenure($0.facts),
                $0.facts.away ? "away" : "",
              ]
            }
          )
          print("\n\(response.staff.count == 1 ? "1 person" : "\(response.staff.count) people")")
        }
      }
    }

    struct Chief: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Designate a department's chief representative (首席事务代表, §29) and the powers delegated.",
        discussion: """
          The person is of the department, in probation or stationed, 在编, 副科长 or higher, and meets the window \
          leader's age and education conditions (the centre's management may waive those with --override). The \
          previous chief representative goes back to their former role.

          Examples:
            yimen staff chief --department 市市场监督管理局 --staff S-003 \\
              --power manage_cases --power decide --power keep_seal \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen staff chief --department 市市场监督管理局 --staff S-006 --power liaise \\
              --override 'age=熟悉审批业务，暂无合适人选' --as 'id=li;role=management'
          """
      )

      @Option(help: "The department.") var department: String
      @Option(name: .customLong("staff"), help: ArgumentHelp("The person designated.", valueName: "staff-id"))
      var staffID: String
      @Option(
        name: .customLong("power"),
        help: "A power delegated, repeat for several: \(choices(Yimen_Staffing_V1_DelegatedPower.self))."
      )
      var powers: [String]
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var overrides: OverrideOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the enum options read.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_DesignateChiefRepresentativeRequest {
        try .with {
          $0.requestID = requestID
          $0.department = self.department
          $0.staffID = self.staffID
          $0.powers = try self.powers.map { try protoEnum($0, option: "--power") }
          $0.date = self.date ?? ""
          $0.overrides = try self.overrides.parsed()
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let department = try await staffing.designateChiefRepresentative(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(department)) }
          StaffCommand.printDepartment(department)
        }
      }
    }

    struct Department: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a stationed department: counts, chief representative with history, unmet rules.",
        discussion: """
          Problems are the unmet §29 rules: no chief representative, or one who no longer qualifies.

          Example:
            yimen staff department 市市场监督管理局 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The department's name.") var name: String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await StaffingCLI.client(self.connection) { staffing in
          let department = try await staffing.getDepartment(
            request: .init(message: .with { $0.name = self.name }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(department)) }
          StaffCommand.printDepartment(department)
        }
      }
    }

    struct Departments: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the stationed departments with their counts and chief representatives.",
        discussion: """
          Examples:
            yimen staff departments --as 'id=li;role=management'
            yimen staff departments --problems-only --as 'id=li;role=management'
          """
      )

      @Flag(name: .customLong("problems-only"), help: "Only departments with unmet §29 rules.") var problemsOnly = false
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await StaffingCLI.client(self.connection) { staffing in
          let response = try await staffing.listDepartments(
            request: .init(message: .with { $0.problemsOnly = self.problemsOnly }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["DEPARTMENT", "ON POST", "STATIONED", "MAX CHANGES", "CHIEF REPRESENTATIVE", "PROBLEMS"],
            response.departments.map {
              [
                $0.name, "\($0.onPostCount)", "\($0.stationedCount)", "\($0.maxChanges)",
                $0.hasChiefRepresentative
                  ? "\($0.chiefRepresentative.name) (\($0.chiefRepresentative.staffID))" : "-",
                $0.problems.isEmpty ? "-" : $0.problems.map(\.rule).joined(separator: ", "),
              ]
            }
          )
        }
      }
    }

    struct Observe: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Start a newly recruited civil servant's 3 months of observation (见学, §19).",
        discussion: """
          Observation lasts 3 calendar months from --start, which may be up to 90 days ahead. The person need not be \
          a staff member.

          Example:
            yimen staff observe --person GWY-2026-017 --name 王五 \\
              --department 市市场监督管理局 --start 2026-12-01 \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Option(name: .customLong("person"), help: "The civil servant's id (not necessarily a staff id).")
      var personID: String
      @Option(help: "The person's name.") var name: String
      @Option(help: "The department.") var department: String
      @Option(help: "civil-servant (§19 concerns newly recruited civil servants only).") var category =
        "civil_servant"
      @Option(help: ArgumentHelp("The first day (default: today).", valueName: "yyyy-mm-dd")) var start: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the enum options read.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_StartObservationRequest {
        try .with {
          $0.requestID = requestID
          $0.observation = .with {
            $0.personID = self.personID
            $0.name = self.name
            $0.department = self.department
            $0.start = self.start ?? ""
          }
          $0.category = try protoEnum(self.category, option: "--category")
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let observation = try await staffing.startObservation(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(observation)
              : "observation #\(observation.id): \(observation.name) (\(observation.department)) "
                + "\(observation.start) to \(observation.end), \(words("\(observation.status)"))"
          )
        }
      }
    }

    struct Observations: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List observations (见学).",
        discussion: """
          Example:
            yimen staff observations --status observing --as 'id=li;role=management'
          """
      )

      @Option(help: "Only this department's.") var department: String?
      @Option(help: "\(choices(Yimen_Staffing_V1_ObservationStatus.self)).") var status: String?
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        if let status { _ = try protoEnum(status, as: Yimen_Staffing_V1_ObservationStatus.self, option: "--status") }
      }

      func run() async throws {
        var request = Yimen_Staffing_V1_ListObservationsRequest()
        request.department = self.department ?? ""
        if let status { request.status = try protoEnum(status, option: "--status") }
        let message = request
        try await StaffingCLI.client(self.connection) { staffing in
          let response = try await staffing.listObservations(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["ID", "PERSON", "NAME", "DEPARTMENT", "START", "END", "STATUS"],
            response.observations.map {
              ["\($0.id)", $0.personID, $0.name, $0.department, $0.start, $0.end, words("\($0.status)")]
            }
          )
        }
      }
    }

    struct Visit: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Record a department leader's visit to the centre (§17).",
        discussion: """
          Deputy (分管) leaders visit at least weekly, main (主要) leaders at least monthly; yimen staff visit-report \
          lists the departments whose leaders did not.

          Example:
            yimen staff visit --department 市市场监督管理局 --leader deputy --name 赵六 \\
              --notes '检查窗口服务' \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Option(help: "The department.") var department: String
      @Option(help: "\(choices(Yimen_Staffing_V1_Leader.self)).") var leader: String
      @Option(help: "The leader's name.") var name: String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @Option(help: "What the visit was about.") var notes: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws { _ = try self.request() }

      /// The request, with the enum options read.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_RecordLeaderVisitRequest {
        try .with {
          $0.requestID = requestID
          $0.visit = try .with {
            $0.department = self.department
            $0.leader = try protoEnum(self.leader, option: "--leader")
            $0.leaderName = self.name
            $0.date = self.date ?? ""
            $0.notes = self.notes ?? ""
          }
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let visit = try await staffing.recordLeaderVisit(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(visit)
              : "recorded visit #\(visit.id): \(words("\(visit.leader)")) leader \(visit.leaderName) "
                + "of \(visit.department) on \(visit.date)"
          )
        }
      }
    }

    struct VisitReport: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "visit-report",
        abstract: "Departments whose deputy leader missed a week or main leader missed a month (§17).",
        discussion: """
          The departments with someone on post whose deputy leader missed an ISO week or whose main leader missed a \
          calendar month. Only whole weeks and months inside the period are judged, and only those with a working \
          day.

          Example:
            yimen staff visit-report --from 2026-01-01 --through 2026-06-30 \\
              --as 'id=li;role=management'
          """
      )

      @Option(help: ArgumentHelp("The first day.", valueName: "yyyy-mm-dd")) var from: String
      @Option(help: ArgumentHelp("The last day (at most 366 days in all).", valueName: "yyyy-mm-dd")) var through:
        String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_GetVisitReportRequest.with {
          $0.from = self.from
          $0.through = self.through
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let report = try await staffing.getVisitReport(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(report)) }
          guard !report.gaps.isEmpty else {
            return print("\(report.from) to \(report.through): every department's leaders visited as required")
          }
          printTable(
            ["DEPARTMENT", "WEEKS MISSED (DEPUTY LEADER)", "MONTHS MISSED (MAIN LEADER)"],
            report.gaps.map {
              [$0.department, Self.missed($0.missedWeeks, "week"), Self.missed($0.missedMonths, "month")]
            }
          )
          print("\n\(report.from) to \(report.through): \(report.gaps.count) departments with missed visits")
        }
      }

      /// "11 weeks: 2026-09-07…2026-11-22": the count, and the periods with adjacent ones joined.
      static func missed(_ periods: [Yimen_Staffing_V1_DateRange], _ unit: String) -> String {
        guard !periods.isEmpty else { return "-" }
        var spans: [Yimen_Staffing_V1_DateRange] = []
        for period in periods {
          if let last = spans.last, Self.dayAfter(last.through) == period.from {
            spans[spans.count - 1].through = period.through
          } else {
            spans.append(period)
          }
        }
        return "\(periods.count) \(unit)\(periods.count == 1 ? "" : "s"): "
          + spans.map { "\($0.from)…\($0.through)" }.joined(separator: ", ")
      }

      /// The day after a YYYY-MM-DD date, or nil for a malformed one.
      static func dayAfter(_ date: String) -> String? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard parts.count == 3,
          let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
          let next = calendar.date(byAdding: .day, value: 1, to: day)
        else { return nil }
        let components = calendar.dateComponents([.year, .month, .day], from: next)
        return String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
      }
    }

    struct Return: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Issue a forced return (强制退回) or adjustment proposal (调整建议) letter (§41, management).",
        discussion: """
          --ground issues a forced return (强制退回): the person leaves at once and the letter is copied to the \
          organisation and human-resources departments. --propose issues an adjustment proposal (调整建议) with the \
          facts in --reason: the person leaves when the replacement is in place. Either way the department records a \
          replacement within 10 working days (yimen staff replacement).

          Examples:
            yimen staff return S-001 --ground incompetent_annual_rating \\
              --as 'id=li;role=management'
            yimen staff return S-004 --propose --reason '群众投诉较多，服务态度差' \\
              --as 'id=li;role=management'
          """
      )

      @Argument(help: "The staff id of a stationed person.") var id: String
      @Option(help: "A forced return on this ground: \(choices(Yimen_Staffing_V1_ReturnGround.self)).")
      var ground: String?
      @Flag(help: "An adjustment proposal instead (needs --reason).") var propose = false
      @Option(help: "The facts; required with --propose.") var reason: String?
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        guard (self.ground != nil) != self.propose else {
          throw ValidationError("Give either --ground (a forced return) or --propose (an adjustment proposal).")
        }
        if self.propose, (self.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
          throw ValidationError("--propose needs --reason: the facts, in writing.")
        }
        _ = try self.request()
      }

      /// The request: --ground makes a forced return, --propose an adjustment proposal.
      func request(requestID: String = "") throws -> Yimen_Staffing_V1_IssueReturnNoticeRequest {
        var notice = Yimen_Staffing_V1_ReturnNotice()
        notice.staffID = self.id
        if let ground {
          notice.kind = .forcedReturn
          notice.ground = try protoEnum(ground, option: "--ground")
        } else {
          notice.kind = .adjustmentProposal
        }
        notice.reason = self.reason ?? ""
        notice.date = self.date ?? ""
        return .with {
          $0.requestID = requestID
          $0.notice = notice
        }
      }

      func run() async throws {
        let message = try self.request(requestID: requestID(self.change.requestID))
        try await StaffingCLI.client(self.connection) { staffing in
          let issued = try await staffing.issueReturnNotice(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(issued)) }
          StaffCommand.printNotice(issued)
        }
      }
    }

    struct Replacement: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Record the person who replaces one a return letter concerns.",
        discussion: """
          The replacement is another person of the department, nominated on or after the letter's date and not \
          rejected. NOTICE-ID is the number yimen staff return and yimen staff notices print.

          Example:
            yimen staff replacement 7 --staff S-009 \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Argument(help: "The return notice's number.") var noticeID: UInt64
      @Option(name: .customLong("staff"), help: ArgumentHelp("The replacement.", valueName: "staff-id")) var staffID:
        String
      @Option(help: StaffingCLI.dateHelp) var date: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_RecordReplacementRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.noticeID = self.noticeID
          $0.replacementStaffID = self.staffID
          $0.date = self.date ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let notice = try await staffing.recordReplacement(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(notice)) }
          StaffCommand.printNotice(notice)
        }
      }
    }

    struct Notices: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List return letters with the state of their replacement.",
        discussion: """
          STATUS is pending, overdue (past the 10th working day after the letter), replaced-in-time or \
          replaced-late.

          Examples:
            yimen staff notices --overdue --as 'id=li;role=management'
            yimen staff notices --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Option(help: "Only this department's.") var department: String?
      @Flag(help: "Only letters whose replacement is late.") var overdue = false
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_ListReturnNoticesRequest.with {
          $0.department = self.department ?? ""
          $0.overdueOnly = self.overdue
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let response = try await staffing.listReturnNotices(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["ID", "KIND", "STAFF", "DEPARTMENT", "DATE", "DUE", "STATUS", "REPLACEMENT"],
            response.notices.map {
              [
                "\($0.id)", words("\($0.kind)"), "\($0.staffID) \($0.staffName)", $0.department, $0.date,
                $0.replacementDue, words("\($0.status)"),
                $0.replacementStaffID.isEmpty ? "-" : "\($0.replacementStaffID) (\($0.replacedOn))",
              ]
            }
          )
        }
      }
    }
  }
}

/// `--override RULE=REASON`, repeatable: the centre's management waives a 原则上 rule in writing.
struct OverrideOptions: ParsableArguments {
  @Option(
    name: .customLong("override"),
    help: ArgumentHelp(
      "Waive a 原则上 rule, in writing (management; repeatable): age, education, tenure or adjustment_share.",
      valueName: "rule=reason"
    )
  )
  var texts: [String] = []

  func validate() throws { _ = try self.parsed() }

  /// The overrides, or a ValidationError for one not of the form RULE=REASON.
  func parsed() throws -> [Yimen_Staffing_V1_Override] {
    try self.texts.map { text in
      guard let (rule, reason) = pair(text), !rule.contains(where: \.isWhitespace) else {
        throw ValidationError(
          "--override '\(text)' is not of the form RULE=REASON, e.g. --override 'age=specialist needed for the new licence line'."
        )
      }
      return .with {
        $0.rule = rule
        $0.reason = reason
      }
    }
  }
}

/// What `yimen windows` and `yimen staff` share: the Staffing client and how rules print.
enum StaffingCLI {
  static var dateHelp: ArgumentHelp {
    ArgumentHelp("The day it happened (default: today; not in the future).", valueName: "yyyy-mm-dd")
  }

  static func client(
    _ connection: ConnectionOptions,
    _ body: @escaping @Sendable (Yimen_Staffing_V1_Staffing.Client<ZMQClient>) async throws -> Void
  )
    async throws
  {
    try await connection.withService(Yimen_Staffing_V1_Staffing.Client.init(wrapping:), body)
  }

  /// A person by name, or by staff id when the name is unknown.
  static func name(_ person: Yimen_Staffing_V1_Person) -> String {
    person.name.isEmpty ? person.staffID : person.name
  }

  /// "rule [subject]: message".
  static func text(_ violation: Yimen_Staffing_V1_Violation) -> String {
    "\(violation.rule)\(violation.subject.isEmpty ? "" : " [\(violation.subject)]"): \(violation.message)"
  }

  /// Unmet rules under a heading; nothing when there are none.
  static func printViolations(_ violations: [Yimen_Staffing_V1_Violation], heading: String) {
    guard !violations.isEmpty else { return }
    print("\(heading):")
    for violation in violations { print("  - " + self.text(violation)) }
  }

  /// Waived rules with who waived them, when and why; nothing when there are none.
  static func printWaivers(_ waivers: [Yimen_Staffing_V1_Waiver]) {
    guard !waivers.isEmpty else { return }
    print("waived:")
    for waiver in waivers {
      let override = waiver.override
      print(
        "  - \(self.text(waiver.violation)) — by \(override.approvedBy) on \(override.date): \(override.reason)"
      )
    }
  }
}
