import ArgumentParser
import GRPCCore
import Logging
import YimenCalendar
import YimenCases
import YimenRuntime
import YimenStorage
import YimenTransport

/// `yimen-cases`: applications from receipt to the delivered result.
@main
struct CasesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-cases",
    abstract: "Serves yimen.cases.v1.Cases through the gateway.",
    discussion: """
      Keeps its data in DATA/cases.sqlite (DATA: --data, $YIMEN_DATA or ./data). Reads matters and their
      published guides from the matters service, and windows from the staffing service, through the
      gateway's front endpoint (--gateway). Holiday data: bundled for 2025 and 2026; more years from
      $YIMEN_HOLIDAYS_DIR.
      """
  )

  @OptionGroup var options: ServiceOptions

  @Option(help: "The data directory (default: $YIMEN_DATA or ./data).")
  var data: String?

  @Option(
    help:
      "The gateway's front endpoint, to call matters and staffing (default: $YIMEN_GATEWAY or tcp://127.0.0.1:5555)."
  )
  var gateway: String?

  @Option(name: .customLong("deadline-check-seconds"), help: "How often to check deadlines and emit warnings.")
  var deadlineCheckSeconds: Double = 60

  @Option(name: .customLong("warning-days"), help: "Working days before the due date that a warning is emitted.")
  var warningDays: Int = 2

  func validate() throws {
    guard self.deadlineCheckSeconds >= 0.05, self.deadlineCheckSeconds <= 86_400 else {
      throw ValidationError("--deadline-check-seconds must be between 0.05 and 86400.")
    }
    guard (0...30).contains(self.warningDays) else {
      throw ValidationError("--warning-days must be between 0 and 30.")
    }
  }

  func run() async throws {
    LoggingSystem.bootstrapYimen(level: self.options.logLevel)
    let logger = Logger(label: "yimen.cases")
    let calendar = try WorkingDayCalendar.load()
    let store = try await Store.open(
      directory: YimenEnvironment.dataDirectory(self.data),
      name: "cases",
      migrations: CasesMigrations.all,
      logger: logger
    )
    let client = GRPCClient(
      transport: try ZMQClientTransport(
        configuration: .init(endpoint: YimenEnvironment.gateway(self.gateway), serviceConfig: .retryingUnavailable)
      )
    )
    let office = CaseOffice(
      store: store,
      calendar: calendar,
      guides: RemoteMatterGuides(client: client),
      windows: RemoteHallWindows(client: client),
      warningDays: self.warningDays
    )
    try await ServiceRunner.run(
      name: "cases",
      services: [CasesService(office: office)],
      options: self.options,
      logger: logger,
      background: [
        GRPCClientService(client: client),
        PeriodicTask(
          name: "deadline check",
          every: .milliseconds(Int64(self.deadlineCheckSeconds * 1_000)),
          logger: logger
        ) {
          let emitted = try await office.checkDeadlines()
          if emitted > 0 { logger.info("deadline events", metadata: ["cases.events": "\(emitted)"]) }
        },
      ]
    )
    await store.close()
  }
}
