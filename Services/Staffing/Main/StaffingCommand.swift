import ArgumentParser
import GRPCCore
import Logging
import YimenCalendar
import YimenRuntime
import YimenStaffing
import YimenStorage
import YimenTransport

/// `yimen-staffing`: the hall's windows and the people departments station there.
@main
struct StaffingCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-staffing",
    abstract: "Serves yimen.staffing.v1.Staffing through the gateway.",
    discussion: """
      Keeps its data in DATA/staffing.sqlite (DATA: --data, $YIMEN_DATA or ./data). Checks the matter
      codes of windows with the matters service through the gateway's front endpoint (--gateway).
      With --demo (or YIMEN_DEMO=1) it adds the demo hall's windows and staff when the database
      has none yet.
      """
  )

  @OptionGroup var options: ServiceOptions

  @Option(help: "The data directory (default: $YIMEN_DATA or ./data).")
  var data: String?

  @Option(
    help: "The gateway's front endpoint, to call the matters service (default: $YIMEN_GATEWAY or tcp://127.0.0.1:5555)."
  )
  var gateway: String?

  @Option(
    name: .customLong("overdue-check-seconds"),
    help: "How often to look for replacements that became overdue (§41)."
  )
  var overdueCheckSeconds: Double = 60

  @Flag(help: "Load the demo hall (also: YIMEN_DEMO=1).")
  var demo = false

  func validate() throws {
    guard self.overdueCheckSeconds >= 0.05, self.overdueCheckSeconds <= 86_400 else {
      throw ValidationError("--overdue-check-seconds must be between 0.05 and 86400.")
    }
  }

  func run() async throws {
    LoggingSystem.bootstrapYimen(level: self.options.logLevel)
    let logger = Logger(label: "yimen.staffing")
    let calendar = try WorkingDayCalendar.load()
    let store = try await Store.open(
      directory: YimenEnvironment.dataDirectory(self.data),
      name: "staffing",
      migrations: StaffingMigrations.all,
      logger: logger
    )
    let client = GRPCClient(
      transport: try ZMQClientTransport(
        configuration: .init(endpoint: YimenEnvironment.gateway(self.gateway), serviceConfig: .retryingUnavailable)
      )
    )
    let directory = StaffingDirectory(store: store, calendar: calendar, matters: RemoteMatterDirectory(client: client))
    if self.demo || YimenEnvironment.value("YIMEN_DEMO") == "1" {
      try await DemoHall.install(into: directory, logger: logger)
    }
    try await ServiceRunner.run(
      name: "staffing",
      services: [StaffingService(directory: directory)],
      options: self.options,
      logger: logger,
      background: [
        GRPCClientService(client: client),
        PeriodicTask(
          name: "overdue replacement check",
          every: .milliseconds(Int64(self.overdueCheckSeconds * 1_000)),
          logger: logger
        ) {
          let reported = try await directory.reportOverdue()
          if reported > 0 { logger.notice("replacements overdue", metadata: ["staffing.overdue": "\(reported)"]) }
        },
      ]
    )
    await store.close()
  }
}
