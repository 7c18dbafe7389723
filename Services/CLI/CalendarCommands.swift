import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos

extension Yimen {
  struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "calendar",
      abstract: "Working days in Asia/Shanghai: weekends, public holidays and make-up working days.",
      subcommands: [Add.self, Between.self, Show.self]
    )

    struct Add: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "The deadline N working days after a date (counting starts the next day).",
        discussion: "Example: yimen calendar add 2026-02-12 5     → 2026-02-26 (end of day)"
      )

      @Argument(help: "The start date, YYYY-MM-DD.") var date: String
      @Argument(help: "Working days, in steps of 0.5.") var days: Double
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await reportingFailures(json: self.connection.json) {
          let response = try await self.connection.withClient { client in
            try await Yimen_Calendar_V1_Calendar.Client(wrapping: client).addWorkingDays(
              request: .init(
                message: .with {
                  $0.start = self.date; $0.days = self.days
                },
                metadata: self.connection.metadata
              ),
              options: self.connection.callOptions
            )
          }
          if self.connection.json { return print(try jsonText(response)) }
          print("\(response.deadline) (\(response.noon ? "noon" : "end of day"))")
          warnWeekendOnly(response.weekendOnlyYears)
        }
      }
    }

    struct Between: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Working days after one date up to and including another.",
        discussion: "Example: yimen calendar between 2026-09-30 2026-10-12"
      )

      @Argument(help: "From, YYYY-MM-DD (not counted).") var from: String
      @Argument(help: "To, YYYY-MM-DD (counted).") var to: String
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await reportingFailures(json: self.connection.json) {
          let response = try await self.connection.withClient { client in
            try await Yimen_Calendar_V1_Calendar.Client(wrapping: client).countWorkingDays(
              request: .init(
                message: .with {
                  $0.from = self.from; $0.to = self.to
                },
                metadata: self.connection.metadata
              ),
              options: self.connection.callOptions
            )
          }
          if self.connection.json { return print(try jsonText(response)) }
          print("\(response.workingDays) working days")
          warnWeekendOnly(response.weekendOnlyYears)
        }
      }
    }

    struct Show: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "A year's holidays and make-up working days.",
        discussion: "Example: yimen calendar show 2026   (add --all to list every day)"
      )

      @Argument(help: "The year.") var year: Int32
      @Flag(help: "List every day, not only holidays and make-up working days.") var all = false
      @OptionGroup var connection: ConnectionOptions

      func run() async throws {
        try await reportingFailures(json: self.connection.json) {
          let response = try await self.connection.withClient { client in
            try await Yimen_Calendar_V1_Calendar.Client(wrapping: client).getYear(
              request: .init(message: .with { $0.year = self.year }, metadata: self.connection.metadata),
              options: self.connection.callOptions
            )
          }
          if self.connection.json { return print(try jsonText(response)) }
          let shown = response.days.filter { self.all || $0.kind == .holiday || $0.kind == .makeUpWorkday }
          printTable(["DATE", "KIND", "HOLIDAY"], shown.map { [$0.date, words("\($0.kind)"), $0.name] })
          let working = response.days.filter { $0.kind == .workday || $0.kind == .makeUpWorkday }.count
          print(
            "\n\(response.year): \(working) working days\(response.official ? "" : " (no holiday data: weekends only)")"
          )
        }
      }
    }
  }
}

/// Tells the user when a result counted a year without holiday data.
func warnWeekendOnly(_ years: [Int32]) {
  guard !years.isEmpty else { return }
  FileHandle.standardError.write(
    Data("warning: no holiday data for \(years.map(String.init).joined(separator: ", ")); counted weekends only\n".utf8)
  )
}
