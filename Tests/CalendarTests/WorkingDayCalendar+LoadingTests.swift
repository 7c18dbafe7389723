import Foundation
import Testing
import YimenCalendar

@Suite("Loading holiday files from YIMEN_HOLIDAYS_DIR")
struct WorkingDayCalendarLoadingTests {
  /// Runs `body` with a fresh temporary directory holding `files` (name to contents), removed afterwards.
  private func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-holidays-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, contents) in files {
      try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
    }
    try body(directory)
  }

  @Test("without the variable, the bundled years load")
  func bundledOnly() throws {
    let calendar = try WorkingDayCalendar.load(environment: [:])
    #expect(calendar.years == [2025, 2026])
    #expect(try WorkingDayCalendar.load(environment: ["YIMEN_HOLIDAYS_DIR": ""]).years == [2025, 2026])
  }

  @Test("files in the directory add years and replace bundled ones; other files are ignored")
  func override() throws {
    let files = [
      // 2027 is not bundled: a new year without a rebuild.
      "2027.json": holidayJSON(
        year: "2027",
        source: #""test notice for 2027""#,
        holidays: #"[{ "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" }]"#,
        workdays: "[]"
      ),
      // 2026 replaces the bundled file: here without Spring Festival.
      "2026.json": holidayJSON(
        source: #""test notice for 2026""#,
        holidays: #"[{ "name": "元旦", "from": "2026-01-01", "to": "2026-01-03" }]"#,
        workdays: "[]"
      ),
      "notes.txt": "not a holiday file",
    ]
    try self.withDirectory(files) { directory in
      let calendar = try WorkingDayCalendar.load(environment: ["YIMEN_HOLIDAYS_DIR": directory.path])
      #expect(calendar.years == [2025, 2026, 2027])
      #expect(calendar.coverage(for: 2027) == .official)
      #expect(calendar.schedule(for: 2026)?.source == "test notice for 2026")
      #expect(calendar.schedule(for: 2026)?.origin == "\(directory.path)/2026.json")
      #expect(calendar.schedule(for: 2025)?.origin == "Holidays (bundled)/2025.json")
      #expect(calendar.kind(of: try day("2027-01-01")) == .holiday(name: "元旦"))
      #expect(calendar.kind(of: try day("2026-02-16")) == .workday)
      let deadline = calendar.addWorkingDays(to: try day("2026-12-31"), try WorkingDays(1))
      #expect(deadline.date == (try day("2027-01-04")))
      #expect(deadline.weekendsOnlyYears.isEmpty)
    }
  }

  @Test("an invalid file in the directory stops loading, naming the file and the entry")
  func invalidFile() throws {
    let bad = holidayJSON(
      year: "2027",
      holidays: #"[{ "name": "春节", "from": "2027-02-10", "to": "2027-02-06" }]"#,
      workdays: "[]"
    )
    try self.withDirectory(["2027.json": bad]) { directory in
      let error = #expect(throws: CalendarError.self) {
        try WorkingDayCalendar.load(environment: ["YIMEN_HOLIDAYS_DIR": directory.path])
      }
      #expect(
        error?.message
          == #"\#(directory.path)/2027.json: holidays[0] (春节): "to" 2027-02-06 is before "from" 2027-02-10"#
      )
    }
  }

  @Test("a file must be named after its year")
  func misnamedFile() throws {
    try self.withDirectory(["2027 copy.json": holidayJSON()]) { directory in
      let error = #expect(throws: CalendarError.self) { try WorkingDayCalendar.schedules(inDirectory: directory) }
      #expect(error?.message == #"\#(directory.path)/2027 copy.json: holds "year" 2026, so it must be named 2026.json"#)
    }
  }

  @Test("a missing directory is an error, not a silent fallback")
  func missingDirectory() {
    let error = #expect(throws: CalendarError.self) {
      try WorkingDayCalendar.load(environment: ["YIMEN_HOLIDAYS_DIR": "/nonexistent/yimen-holidays"])
    }
    #expect(error?.code == .invalidHolidayData)
    #expect(error?.message == "/nonexistent/yimen-holidays: cannot list the holidays directory")
    #expect(error?.cause != nil)
  }
}
