import ArgumentParser
import Foundation
import Logging
import YimenCalendar
import YimenMatters
import YimenRuntime
import YimenStorage

/// `yimen-matters`: the catalogue of matters, their guides, and the working-day calendar.
@main
struct MattersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-matters",
    abstract: "Serves yimen.matters.v1.Matters and yimen.calendar.v1.Calendar through the gateway.",
    discussion: """
      Keeps its data in DATA/matters.sqlite (DATA: --data, $YIMEN_DATA or ./data). With --demo (or
      YIMEN_DEMO=1) it adds the demo catalogue's matters that are not there yet; it never
      overwrites existing matters. Holiday data: bundled for 2025 and 2026; more years from
      $YIMEN_HOLIDAYS_DIR.
      """
  )

  @OptionGroup var options: ServiceOptions

  @Option(help: "The data directory (default: $YIMEN_DATA or ./data).")
  var data: String?

  @Flag(help: "Load the demo catalogue (also: YIMEN_DEMO=1).")
  var demo = false

  func run() async throws {
    LoggingSystem.bootstrapYimen(level: self.options.logLevel)
    let logger = Logger(label: "yimen.matters")
    let calendar = try WorkingDayCalendar.load()
    let store = try await Store.open(
      directory: YimenEnvironment.dataDirectory(self.data),
      name: "matters",
      migrations: MattersMigrations.all,
      logger: logger
    )
    let catalog = MattersCatalog(store: store, calendar: calendar)
    if self.demo || YimenEnvironment.value("YIMEN_DEMO") == "1" {
      try await DemoCatalogue.install(into: catalog, logger: logger)
    }
    try await ServiceRunner.run(
      name: "matters",
      services: [MattersService(catalog: catalog), CalendarService(calendar: calendar)],
      options: self.options,
      logger: logger
    )
    await store.close()
  }
}
