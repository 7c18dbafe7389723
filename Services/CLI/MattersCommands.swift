import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct MattersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "matters",
      abstract: "The catalogue of matters (政务服务事项), their guides, handbooks and entry requests.",
      discussion: """
        Reading needs no login. Changes need --as: a department's staff edit their own matters
        (--as 'id=zhang;role=staff;department=市市场监督管理局'); the centre's management
        publishes and reviews (--as 'id=li;role=management'). Every change sends a new request
        id; pass --request-id to retry one safely.
        """,
      subcommands: [
        List.self, Search.self, Show.self, Guide.self, History.self, Create.self, Draft.self, Publish.self,
        RecordChange.self, EntryRequest.self, Review.self, EntryRequests.self,
      ]
    )

    /// A document kind from the command line.
    static func kind(_ text: String) throws -> Yimen_Matters_V1_DocumentKind {
      try protoEnum(text, option: "--kind")
    }

    static func client(
      _ connection: ConnectionOptions,
      _ body: @escaping @Sendable (Yimen_Matters_V1_Matters.Client<ZMQClient>) async throws -> Void
    )
      async throws
    {
      try await connection.withService(Yimen_Matters_V1_Matters.Client.init(wrapping:), body)
    }

    /// Runs a search and prints the page.
    static func search(_ message: Yimen_Matters_V1_SearchMattersRequest, _ connection: ConnectionOptions) async throws {
      try await Self.client(connection) { matters in
        let response = try await matters.searchMatters(
          request: .init(message: message, metadata: connection.metadata),
          options: connection.callOptions
        )
        try Self.printMatters(response, json: connection.json)
      }
    }

    static func printMatters(_ response: Yimen_Matters_V1_SearchMattersResponse, json: Bool) throws {
      if json { return print(try jsonText(response)) }
      printTable(
        ["CODE", "NAME", "TYPE", "DEPARTMENT", "ENTRY", "GUIDE"],
        response.matters.map {
          [
            $0.code, $0.name + ($0.secret ? " (涉密)" : ""), words("\($0.type)"), $0.department,
            words("\($0.entryStatus)"),
            $0.publishedGuideVersion == 0 ? "-" : "v\($0.publishedGuideVersion)",
          ]
        }
      )
      print(
        "\n\(response.matters.count) of \(response.total)"
          + (response.nextPageToken.isEmpty ? "" : "; next page: --page \(response.nextPageToken)")
      )
    }

    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the catalogue, optionally filtered.",
        discussion: "Examples: yimen matters list; yimen matters list --type licensing --department 市市场监督管理局"
      )

      @Option(help: "licensing, confirmation, adjudication, payment, reward, filing, other-power or public-service.")
      var type: String?
      @Option(help: "The competent department.") var department: String?
      @Option(name: .customLong("entry-status"), help: "entered, not-entered, withdrawn or cancelled.") var entryStatus:
        String?
      @Option(name: .customLong("page-size"), help: "Matters per page (at most 200).") var pageSize: UInt32 = 50
      @Option(help: "The page token printed with the previous page.") var page: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        var request = Yimen_Matters_V1_SearchMattersRequest()
        if let type { request.type = try protoEnum(type, option: "--type") }
        if let department { request.department = department }
        if let entryStatus { request.entryStatus = try protoEnum(entryStatus, option: "--entry-status") }
        request.pageSize = self.pageSize
        request.pageToken = self.page ?? ""
        let message = request
        try await MattersCommand.search(message, self.connection)
      }
    }

    struct Search: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Search matters by a fragment of their name or code.",
        discussion: "Examples: yimen matters search 食品; yimen matters search XK-00"
      )

      @Argument(help: "Part of a name (in Chinese) or of a code.") var text: String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Matters_V1_SearchMattersRequest.with { $0.query = self.text }
        try await MattersCommand.search(message, self.connection)
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a matter with its published guide, handbook steps and intermediary services.",
        discussion: "Example: yimen matters show 430500-XK-001"
      )

      @Argument(help: "The matter code.") var code: String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await MattersCommand.client(self.connection) { matters in
          let detail = try await matters.getMatter(
            request: .init(message: .with { $0.code = self.code }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(detail)) }
          let matter = detail.matter
          print("\(matter.code)  \(matter.name)\(matter.secret ? "  (涉密)" : "")")
          print(
            "type: \(words("\(matter.type)"))\(matter.type == .publicService ? " / \(words("\(matter.field)"))" : "")"
          )
          print(
            "department: \(matter.department); implementing body: \(matter.implementingBody); level: \(words("\(matter.level)"))"
          )
          print("entry: \(words("\(matter.entryStatus)"))")
          print("legal basis: \(matter.legalBasis)")
          guard detail.hasGuide else { return print("\nno published guide") }
          let guide = detail.guide.guide
          print("\nservice guide v\(detail.guide.version)")
          print(
            "  time limit: legal \(guide.legalLimitDays), promised \(guide.promisedLimitDays) working days; visits: \(guide.visits)"
          )
          print("  conditions: " + guide.acceptanceConditions.joined(separator: "; "))
          print("  materials:")
          for material in guide.materials {
            let notes = [
              words("\(material.form)"), "\(material.copies) copies", material.required ? "required" : "optional",
              material.shared ? "obtained by data sharing" : nil,
            ].compactMap { $0 }
            print("    - \(material.name) (\(notes.joined(separator: ", ")))")
          }
          print("  steps: " + guide.steps.map(\.name).joined(separator: " → "))
          if !guide.feeItems.isEmpty { print("  fees: " + guide.feeItems.joined(separator: ", ")) }
          print("  place: \(guide.place); hours: \(guide.hours)")
          print("  phones: consultation \(guide.consultationPhone), complaints \(guide.complaintPhone)")
          if !detail.handbookSteps.isEmpty {
            print("\nreview handbook v\(detail.handbookVersion): " + detail.handbookSteps.joined(separator: " → "))
          }
          for service in detail.intermediaries.services {
            print("\nintermediary service: \(service.name) (\(service.feeStandard))")
          }
        }
      }
    }

    struct Guide: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print a document version as JSON: the published one, or --version N.",
        discussion:
          "Examples: yimen matters guide 430500-XK-001; yimen matters guide 430500-XK-001 --kind handbook --version 1"
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "guide, handbook or intermediaries.") var kind = "guide"
      @Option(help: "The version; the published one when omitted.") var version: UInt32 = 0
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let kind = try MattersCommand.kind(self.kind)
        try await MattersCommand.client(self.connection) { matters in
          let document = try await matters.getDocument(
            request: .init(
              message: .with {
                $0.matterCode = self.code
                $0.kind = kind
                $0.version = self.version
              },
              metadata: self.connection.metadata
            ),
            options: self.connection.callOptions
          )
          print(try jsonText(document, pretty: !self.connection.json))
        }
      }
    }

    struct History: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Every version of a matter's guide (or handbook, intermediaries), newest first.",
        discussion: "Example: yimen matters history 430500-XK-001"
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "guide, handbook or intermediaries.") var kind = "guide"
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let kind = try MattersCommand.kind(self.kind)
        try await MattersCommand.client(self.connection) { matters in
          let response = try await matters.listVersions(
            request: .init(
              message: .with {
                $0.matterCode = self.code; $0.kind = kind
              },
              metadata: self.connection.metadata
            ),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["VERSION", "STATUS", "PUBLISHED", "BY", "CHANGED ON", "LATE"],
            response.versions.map {
              [
                "v\($0.version)", words("\($0.status)"),
                $0.publishedAtMs == 0
                  ? "-" : Date(timeIntervalSince1970: Double($0.publishedAtMs) / 1000).formatted(.iso8601),
                $0.publishedBy.isEmpty ? $0.createdBy : $0.publishedBy, $0.changedOn.isEmpty ? "-" : $0.changedOn,
                $0.late ? "late (\($0.workingDaysToPublish) working days)" : "",
              ]
            }
          )
        }
      }
    }

    struct Create: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Add a matter from JSON (yimen.matters.v1.Matter).",
        discussion: """
          Example:
            yimen matters create --as 'id=zhang;role=staff;department=市民政局' --data '{"code": "430500-QR-099",
              "name": "收养登记", "type": "CONFIRMATION", "department": "市民政局",
              "implementingBody": "邵阳市民政局", "legalBasis": "《中华人民共和国民法典》第一千一百零五条", "level": "CITY"}'
          --data also takes @FILE or - (standard input).
          """
      )

      @Option(help: "The matter as JSON, @FILE or -.") var data: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let matter: Yimen_Matters_V1_Matter = try protoMessage(self.data)
        let message = Yimen_Matters_V1_CreateMatterRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.matter = matter
        }
        try await MattersCommand.client(self.connection) { matters in
          let created = try await matters.createMatter(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(self.connection.json ? try jsonText(created) : "created \(created.code) \(created.name)")
        }
      }
    }

    struct Draft: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Save a draft guide, handbook or intermediary-service list from JSON.",
        discussion: """
          The JSON is a yimen.matters.v1.ServiceGuide (or ReviewHandbook, IntermediaryServices).
          Example: yimen matters draft 430500-XK-001 --data @guide.json --as 'id=zhang;role=staff;department=…'
          """
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "guide, handbook or intermediaries.") var kind = "guide"
      @Option(help: "The document as JSON, @FILE or -.") var data: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        var message = Yimen_Matters_V1_SaveDraftRequest()
        message.requestID = requestID(self.change.requestID)
        message.matterCode = self.code
        switch try MattersCommand.kind(self.kind) {
        case .guide: message.guide = try protoMessage(self.data)
        case .handbook: message.handbook = try protoMessage(self.data)
        default: message.intermediaries = try protoMessage(self.data)
        }
        let request = message
        try await MattersCommand.client(self.connection) { matters in
          let draft = try await matters.saveDraft(
            request: .init(message: request, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(draft) : "saved \(self.kind) draft v\(draft.version) of \(draft.matterCode)"
          )
        }
      }
    }

    struct Publish: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Publish a matter's draft (the centre's management).",
        discussion: "Example: yimen matters publish 430500-XK-001 --as 'id=li;role=management'"
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "guide, handbook or intermediaries.") var kind = "guide"
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Matters_V1_PublishRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.matterCode = self.code
          $0.kind = (try? MattersCommand.kind(self.kind)) ?? .unspecified
        }
        _ = try MattersCommand.kind(self.kind)
        try await MattersCommand.client(self.connection) { matters in
          let published = try await matters.publish(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(published)) }
          print("published \(self.kind) v\(published.version) of \(published.matterCode)")
          if published.late {
            print(
              "late: \(published.workingDaysToPublish) working days after the change of \(published.changedOn) (limit 3)"
            )
          }
        }
      }
    }

    struct RecordChange: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "record-change",
        abstract: "Record the day a guide's content changed; publish within 3 working days (§8).",
        discussion: "Example: yimen matters record-change 430500-XK-001 --on 2026-11-20 --summary '材料调整' --as …"
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "The day it changed, YYYY-MM-DD.") var on: String
      @Option(help: "What changed.") var summary: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Matters_V1_RecordGuideChangeRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.matterCode = self.code
          $0.changedOn = self.on
          $0.summary = self.summary
        }
        try await MattersCommand.client(self.connection) { matters in
          let recorded = try await matters.recordGuideChange(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(recorded) : "recorded; publish by the end of \(recorded.publishBy) to be on time"
          )
        }
      }
    }

    struct EntryRequest: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "entry-request",
        abstract: "Ask that a matter not enter the hall, or be changed, cancelled or withdrawn (§7).",
        discussion: """
          Example: yimen matters entry-request 430500-QT-002 --kind non-entry --reason-category secrecy \\
                     --reason '涉及国家秘密，不宜在大厅公开办理' --as 'id=zhang;role=staff;department=…'
          """
      )

      @Argument(help: "The matter code.") var code: String
      @Option(help: "non-entry, change, cancellation or withdrawal.") var kind: String
      @Option(name: .customLong("reason-category"), help: "secrecy, space or other.") var reasonCategory: String
      @Option(help: "The written reason.") var reason: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = try Yimen_Matters_V1_SubmitEntryRequestRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.matterCode = self.code
          $0.kind = try protoEnum(self.kind, option: "--kind")
          $0.reasonCategory = try protoEnum(self.reasonCategory, option: "--reason-category")
          $0.reason = self.reason
        }
        try await MattersCommand.client(self.connection) { matters in
          let submitted = try await matters.submitEntryRequest(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(submitted) : "submitted \(submitted.id); it waits for the centre's review"
          )
        }
      }
    }

    struct Review: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Approve or reject an entry request, with an opinion (the centre's management).",
        discussion: "Example: yimen matters review ER-000001 --approve --opinion '同意不进驻' --as 'id=li;role=management'"
      )

      @Argument(help: "The entry request id, e.g. ER-000001.") var id: String
      @Flag(exclusivity: .exclusive, help: "Approve or reject.") var decision: Decision
      @Option(help: "The written opinion.") var opinion: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Matters_V1_ReviewEntryRequestRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.entryRequestID = self.id
          $0.approve = self.decision == .approve
          $0.opinion = self.opinion
        }
        try await MattersCommand.client(self.connection) { matters in
          let reviewed = try await matters.reviewEntryRequest(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(self.connection.json ? try jsonText(reviewed) : "\(reviewed.id) \(words("\(reviewed.status)"))")
        }
      }
    }

    struct EntryRequests: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "entry-requests",
        abstract: "List entry requests (a department's own; all for the centre).",
        discussion: "Example: yimen matters entry-requests --status pending --as 'id=li;role=management'"
      )

      @Option(help: "Only this matter.") var code: String?
      @Option(help: "pending, approved or rejected.") var status: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        var message = Yimen_Matters_V1_ListEntryRequestsRequest()
        message.matterCode = self.code ?? ""
        if let status { message.status = try protoEnum(status, option: "--status") }
        let request = message
        try await MattersCommand.client(self.connection) { matters in
          let response = try await matters.listEntryRequests(
            request: .init(message: request, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          printTable(
            ["ID", "MATTER", "KIND", "STATUS", "REASON", "OPINION"],
            response.entryRequests.map {
              [$0.id, $0.matterCode, words("\($0.kind)"), words("\($0.status)"), $0.reason, $0.opinion]
            }
          )
        }
      }
    }
  }
}
