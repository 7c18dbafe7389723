import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct WindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "windows",
      abstract: "The hall's windows (§12–§14): name plates, matters, who is on post, the day's board.",
      discussion: """
        Reading windows needs no login; who is on post shows only to callers signed in with --as. The centre's \
        management creates, changes, opens and closes windows; a department (or the management) names the A and B \
        posts of its own windows.

        management:   --as 'id=li;role=management'
        a department: --as 'id=zhang;role=staff;department=市市场监督管理局'

        Every change prints a new request id on standard error; pass --request-id to retry one safely. --json prints \
        the response for scripts.
        """,
      subcommands: [
        List.self, Show.self, Board.self, Create.self, Update.self, Posts.self, Open.self, Close.self,
      ]
    )

    /// "comprehensive (undifferentiated)", "department".
    static func type(_ window: Yimen_Staffing_V1_Window) -> String {
      words("\(window.type)") + (window.scope == .unspecified ? "" : " (\(words("\(window.scope)")))")
    }

    /// A window in a few lines.
    static func printWindow(_ window: Yimen_Staffing_V1_Window) {
      print("\(window.id)  \(window.name)  \(window.open ? "open" : "closed")")
      print("type: \(Self.type(window))" + (window.department.isEmpty ? "" : "; department: \(window.department)"))
      print("matters: " + (window.matterCodes.isEmpty ? "-" : window.matterCodes.joined(separator: ", ")))
      if !window.aStaffIds.isEmpty || !window.bStaffID.isEmpty {
        print(
          "A posts: \(window.aStaffIds.isEmpty ? "-" : window.aStaffIds.joined(separator: ", ")); "
            + "B post: \(orDash(window.bStaffID))"
        )
      }
      if !window.open, !window.closedReason.isEmpty { print("closed: \(window.closedReason)") }
      StaffingCLI.printViolations(window.problems, heading: "cannot open now")
    }

    /// Prints a changed window: JSON, or what happened and why it cannot open, if it cannot.
    static func printChange(_ window: Yimen_Staffing_V1_Window, _ summary: String, json: Bool) throws {
      if json { return print(try jsonText(window)) }
      print(summary)
      StaffingCLI.printViolations(window.problems, heading: "cannot open now")
    }

    /// The options that describe a window, for create and update.
    struct WindowOptions: ParsableArguments {
      @Option(help: "\(choices(Yimen_Staffing_V1_WindowType.self)).") var type: String
      @Option(help: "For comprehensive windows: \(choices(Yimen_Staffing_V1_ComprehensiveScope.self)).")
      var scope: String?
      @Option(help: "The name plate, e.g. '市场监管局 企业登记' (1 to 60 characters).") var name: String
      @Option(help: "The department, for a department's own window (its matters must be that department's).")
      var department: String?
      @Option(name: .customLong("matter"), help: "The code of a matter served here; repeat for several.")
      var matterCodes: [String] = []

      func validate() throws { _ = try self.window(id: "") }

      /// The window with this id.
      func window(id: String) throws -> Yimen_Staffing_V1_Window {
        var window = Yimen_Staffing_V1_Window()
        window.id = id
        window.type = try protoEnum(self.type, option: "--type")
        if let scope { window.scope = try protoEnum(scope, option: "--scope") }
        window.name = self.name
        window.department = self.department ?? ""
        window.matterCodes = self.matterCodes
        return window
      }
    }

    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the windows in id order, optionally filtered.",
        discussion: """
          Examples:
            yimen windows list
            yimen windows list --matter 430500-XK-001 --open-only
            yimen windows list --type department --department 市市场监督管理局 \\
              --as 'id=li;role=management'
          """
      )

      @Option(help: "\(choices(Yimen_Staffing_V1_WindowType.self)).") var type: String?
      @Option(help: "Only this department's windows.") var department: String?
      @Option(name: .customLong("matter"), help: "Only windows that serve this matter code.") var matterCode: String?
      @Flag(name: .customLong("open-only"), help: "Only open windows.") var openOnly = false
      @OptionGroup var connection: ConnectionOptions

      func validate() throws {
        if let type { _ = try protoEnum(type, as: Yimen_Staffing_V1_WindowType.self, option: "--type") }
      }

      func run() async throws {
        var request = Yimen_Staffing_V1_ListWindowsRequest()
        if let type { request.type = try protoEnum(type, option: "--type") }
        request.department = self.department ?? ""
        request.matterCode = self.matterCode ?? ""
        request.openOnly = self.openOnly
        let message = request
        try await StaffingCLI.client(self.connection) { staffing in
          let response = try await staffing.listWindows(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(response)) }
          // The posts are left out for callers who are not signed in: no column rather than a column of "-".
          let columns = self.connection.principal == nil ? 6 : 8
          printTable(
            Array(["ID", "NAME PLATE", "TYPE", "DEPARTMENT", "MATTERS", "STATE", "A POSTS", "B POST"].prefix(columns)),
            response.windows.map {
              let row = [
                $0.id, $0.name, WindowsCommand.type($0), $0.department.isEmpty ? "-" : $0.department,
                "\($0.matterCodes.count)",
                $0.open ? "open" : $0.problems.isEmpty ? "closed" : "closed (cannot open)",
                $0.aStaffIds.isEmpty ? "-" : $0.aStaffIds.joined(separator: ", "), orDash($0.bStaffID),
              ]
              return Array(row.prefix(columns))
            }
          )
          let open = response.windows.filter(\.open).count
          print("\n\(response.windows.count) window\(response.windows.count == 1 ? "" : "s"), \(open) open")
        }
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Show a window: plate, type, matters, posts and why it cannot open, if it cannot.",
        discussion: """
          The posts show only to a caller signed in; "cannot open now" lists every rule opening the window would \
          fail.

          Examples:
            yimen windows show A-03
            yimen windows show A-03 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The window id, e.g. A-03.") var id: String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.getWindow(
            request: .init(message: .with { $0.id = self.id }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(window)) }
          WindowsCommand.printWindow(window)
        }
      }
    }

    struct Board: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "The hall on a day: each window, who is on post, who is away and who stands in.",
        discussion: """
          One line per window: id, name plate, open or closed, the cover and who serves. The cover is regular (its \
          own people), stand-in (every A post is away and the B post serves), uncovered (nobody can serve) or \
          closed. Needs a caller signed in.

            A-03  市场监管局 企业登记  open  stand-in  李四 (B, for 张三 away)

          Examples:
            yimen windows board --as 'id=li;role=management'
            yimen windows board --date 2026-12-01 \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
          """
      )

      @Option(help: ArgumentHelp("The day (default: today).", valueName: "yyyy-mm-dd")) var date: String?
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await StaffingCLI.client(self.connection) { staffing in
          let board = try await staffing.getBoard(
            request: .init(message: .with { $0.date = self.date ?? "" }, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          if self.connection.json { return print(try jsonText(board)) }
          print("hall board, \(board.date)\n")
          printTable(
            ["WINDOW", "NAME PLATE", "STATE", "COVER", "ON POST"],
            board.rows.map {
              [$0.window.id, $0.window.name, $0.window.open ? "open" : "closed", words("\($0.cover)"), Self.onPost($0)]
            }
          )
          let count = { (cover: Yimen_Staffing_V1_Cover) in board.rows.filter { $0.cover == cover }.count }
          print(
            "\n\(board.rows.count) windows: \(count(.regular)) regular, \(count(.standIn)) stand-in, "
              + "\(count(.uncovered)) uncovered, \(count(.closed)) closed"
          )
        }
      }

      /// Who serves, who is away and the B post: "李四 (B, for 张三 away)".
      static func onPost(_ row: Yimen_Staffing_V1_BoardRow) -> String {
        let serving = row.onPost.map(StaffingCLI.name).joined(separator: ", ")
        let away = row.away.map(StaffingCLI.name).joined(separator: ", ")
        let backup = row.hasBPost ? StaffingCLI.name(row.bPost) : ""
        switch row.cover {
        case .standIn:
          return "\(serving) (B, \(away.isEmpty ? "standing in" : "for \(away) away"))"
        case .closed:
          return row.window.closedReason.isEmpty ? "-" : "(\(row.window.closedReason))"
        case .uncovered:
          let notes = [
            away.isEmpty ? (row.window.aStaffIds.isEmpty ? "no A post" : nil) : "\(away) away",
            backup.isEmpty ? "no B post" : "B \(backup) unavailable",
          ]
          return "nobody (" + notes.compactMap { $0 }.joined(separator: "; ") + ")"
        default:
          let notes = [away.isEmpty ? nil : "\(away) away", backup.isEmpty ? nil : "B \(backup)"]
          let text = notes.compactMap { $0 }.joined(separator: "; ")
          return (serving.isEmpty ? "-" : serving) + (text.isEmpty ? "" : " (\(text))")
        }
      }
    }

    struct Create: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Add a window, closed and with nobody on post (management).",
        discussion: """
          The window starts closed with nobody on post: name the posts (yimen windows posts), then open it (yimen \
          windows open). A comprehensive window needs --scope; a department's window needs --department and that \
          department's matters.

          Examples:
            yimen windows create A-03 --type department --name '市场监管局 企业登记' \\
              --department 市市场监督管理局 --matter 430500-XK-001 \\
              --matter 430500-XK-002 --as 'id=li;role=management'
            yimen windows create C-01 --type comprehensive --scope undifferentiated \\
              --name '综合受理' --as 'id=li;role=management'
          """
      )

      @Argument(help: "The window id: letters, digits and '-', e.g. A-03; it never changes.") var id: String
      @OptionGroup var window: WindowOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = try Yimen_Staffing_V1_CreateWindowRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.window = try self.window.window(id: self.id)
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.createWindow(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try WindowsCommand.printChange(
            window,
            "created window \(window.id) \(window.name) (closed)",
            json: self.connection.json
          )
        }
      }
    }

    struct Update: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Replace a window's type, scope, name plate, department and matters (management).",
        discussion: """
          Give every option, as for create: the type, scope, name plate, department and matters are replaced, and \
          what is left out is cleared. The posts and whether the window is open stay.

          Example:
            yimen windows update A-03 --type department --name '市场监管局 企业登记' \\
              --department 市市场监督管理局 --matter 430500-XK-001 \\
              --matter 430500-XK-003 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The window id.") var id: String
      @OptionGroup var window: WindowOptions
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = try Yimen_Staffing_V1_UpdateWindowRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.window = try self.window.window(id: self.id)
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.updateWindow(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try WindowsCommand.printChange(
            window,
            "changed window \(window.id) \(window.name) (\(window.open ? "open" : "closed"))",
            json: self.connection.json
          )
        }
      }
    }

    struct Posts: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Name a window's A posts (主办) and B post (协办替岗); no --a clears the window.",
        discussion: """
          The people are in probation or stationed, of the window's department for a department's window, and on \
          post at one window at most; the B post is not one of the A posts. An open single-person window needs a B \
          post. Without --a the window is cleared.

          Examples:
            yimen windows posts A-03 --a S-001 --b S-004 \\
              --as 'id=zhang;role=staff;department=市市场监督管理局'
            yimen windows posts A-03 --as 'id=li;role=management'     (clears the posts)
          """
      )

      @Argument(help: "The window id.") var id: String
      @Option(
        name: .customLong("a"),
        help: ArgumentHelp("A person on post, in order; repeat for several.", valueName: "staff-id")
      )
      var aStaffIDs: [String] = []
      @Option(
        name: .customLong("b"),
        help: ArgumentHelp("The B post, who stands in when every A post is away.", valueName: "staff-id")
      )
      var bStaffID: String?
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_AssignPostsRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.windowID = self.id
          $0.aStaffIds = self.aStaffIDs
          $0.bStaffID = self.bStaffID ?? ""
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.assignPosts(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          let posts =
            window.aStaffIds.isEmpty
            ? "nobody on post"
            : "A \(window.aStaffIds.joined(separator: ", ")); B \(orDash(window.bStaffID))"
          try WindowsCommand.printChange(window, "\(window.id): \(posts)", json: self.connection.json)
        }
      }
    }

    struct Open: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Open a window: someone on post, and a B post for a single-person window (management).",
        discussion: """
          Someone must be on post, and a single-person window needs a B post; every unmet rule is reported at once.

          Example:
            yimen windows open A-03 --as 'id=li;role=management'
          """
      )

      @Argument(help: "The window id.") var id: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_OpenWindowRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.windowID = self.id
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.openWindow(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          try WindowsCommand.printChange(window, "opened \(window.id) \(window.name)", json: self.connection.json)
        }
      }
    }

    struct Close: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Close a window, with a reason (management).",
        discussion: """
          The reason shows with the window while it is closed, and on the board.

          Example:
            yimen windows close A-03 --reason '窗口设备检修' --as 'id=li;role=management'
          """
      )

      @Argument(help: "The window id.") var id: String
      @Option(help: "Why, shown with the window while it is closed.") var reason: String
      @OptionGroup var change: ChangeOptions
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        let message = Yimen_Staffing_V1_CloseWindowRequest.with {
          $0.requestID = requestID(self.change.requestID)
          $0.windowID = self.id
          $0.reason = self.reason
        }
        try await StaffingCLI.client(self.connection) { staffing in
          let window = try await staffing.closeWindow(
            request: .init(message: message, metadata: self.connection.metadata),
            options: self.connection.callOptions
          )
          print(
            self.connection.json
              ? try jsonText(window) : "closed \(window.id) \(window.name): \(window.closedReason)"
          )
        }
      }
    }
  }
}
