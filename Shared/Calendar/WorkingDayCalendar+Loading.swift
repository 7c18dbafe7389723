package import Foundation

extension WorkingDayCalendar {
  /// `YIMEN_HOLIDAYS_DIR`: a directory of `YYYY.json` holiday files that add years to, or replace years
  /// of, the bundled data, so that a new year's schedule needs no rebuild.
  package static let holidaysDirectoryVariable = "YIMEN_HOLIDAYS_DIR"

  /// The bundled schedules, then those of the directory named by `YIMEN_HOLIDAYS_DIR` when it is set and
  /// not empty; a file there replaces the bundled file of the same year.
  ///
  /// Reads files synchronously; call it once at start-up and share the result.
  ///
  /// - Parameter environment: The environment variables; the process's by default.
  /// - Throws: `CalendarError.Code.invalidHolidayData` when the directory is missing or a file is invalid,
  ///   naming the file and the entry at fault. A bad file is never skipped.
  package static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(CalendarError) -> WorkingDayCalendar {
    var schedules = try Self.bundledSchedules()
    if let directory = environment[Self.holidaysDirectoryVariable], !directory.isEmpty {
      schedules += try Self.schedules(inDirectory: URL(fileURLWithPath: directory, isDirectory: true))
    }
    return WorkingDayCalendar(schedules: schedules)
  }

  /// A calendar with the bundled schedules only (2025 and 2026 at the time of writing).
  ///
  /// - Throws: `CalendarError.Code.invalidHolidayData` when a bundled file is invalid.
  package static func bundled() throws(CalendarError) -> WorkingDayCalendar {
    WorkingDayCalendar(schedules: try Self.bundledSchedules())
  }

  /// The schedules bundled with the library as resources (`Shared/Calendar/Holidays/*.json`).
  ///
  /// - Throws: `CalendarError.Code.invalidHolidayData` when the resources are missing or a file is invalid.
  package static func bundledSchedules() throws(CalendarError) -> [HolidaySchedule] {
    guard let directory = Bundle.module.url(forResource: "Holidays", withExtension: nil) else {
      throw CalendarError(code: .invalidHolidayData, message: "the bundled Holidays directory is missing")
    }
    return try Self.schedules(inDirectory: directory, describedAs: "Holidays (bundled)")
  }

  /// The schedules of every `*.json` file in a directory, ordered by year; other files are ignored.
  ///
  /// - Throws: `CalendarError.Code.invalidHolidayData` when the directory cannot be listed or a file is
  ///   invalid or not named after its year.
  package static func schedules(inDirectory directory: URL) throws(CalendarError) -> [HolidaySchedule] {
    try Self.schedules(inDirectory: directory, describedAs: directory.path)
  }

  private static func schedules(
    inDirectory directory: URL,
    describedAs name: String
  ) throws(CalendarError) -> [HolidaySchedule] {
    let files: [URL]
    do {
      files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
    } catch {
      throw CalendarError(
        code: .invalidHolidayData,
        message: "\(name): cannot list the holidays directory",
        cause: error
      )
    }
    var schedules: [HolidaySchedule] = []
    for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
    where file.pathExtension == "json" {
      schedules.append(try HolidaySchedule(contentsOf: file, origin: "\(name)/\(file.lastPathComponent)"))
    }
    return schedules
  }
}
