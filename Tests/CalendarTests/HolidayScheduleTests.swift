import Foundation
import Testing
import YimenCalendar

/// A holiday file's JSON with the given parts; the defaults make a valid 2026 file.
func holidayJSON(
  year: String = "2026",
  source: String = #""国务院办公厅关于2026年部分节假日安排的通知""#,
  holidays: String = #"[{ "name": "春节", "from": "2026-02-15", "to": "2026-02-23" }]"#,
  workdays: String = #"["2026-02-14", "2026-02-28"]"#
) -> String {
  #"{ "year": \#(year), "source": \#(source), "holidays": \#(holidays), "workdays": \#(workdays) }"#
}

@Suite("HolidaySchedule data files")
struct HolidayScheduleTests {
  @Test("decodes a valid file")
  func decodes() throws {
    let schedule = try HolidaySchedule(json: Data(holidayJSON().utf8), origin: "2026.json")
    #expect(schedule.year == 2026)
    #expect(schedule.source == "国务院办公厅关于2026年部分节假日安排的通知")
    #expect(schedule.holidays == [.init(name: "春节", from: try day("2026-02-15"), to: try day("2026-02-23"))])
    #expect(schedule.workdays == [try day("2026-02-14"), try day("2026-02-28")])
    #expect(schedule.origin == "2026.json")
  }

  @Test(
    "rejects a malformed or inconsistent file, naming the file and the entry",
    arguments: [
      ("not json", "2026.json: not valid JSON"),
      (#"{ "source": "x", "holidays": [], "workdays": [] }"#, #"2026.json: missing "year" in the top level"#),
      (holidayJSON(year: #""2026""#), "2026.json: year: expected a whole number"),
      (holidayJSON(year: "0"), #"2026.json: "year" 0 is outside 1...9999"#),
      (holidayJSON(source: #"" ""#), #"2026.json: "source" is empty"#),
      (
        holidayJSON(holidays: #"[{ "name": "春节", "from": "2026-02-15" }]"#),
        #"2026.json: missing "to" in holidays[0]"#
      ),
      (
        holidayJSON(holidays: #"[{ "name": "春节", "from": "2026-02-15", "to": "2026-02-30" }]"#),
        #"2026.json: holidays[0] (春节) "to": "2026-02-30" is not a valid date: day 30 is outside 1...28"#
      ),
      (
        holidayJSON(holidays: #"[{ "name": "春节", "from": "2026-02-23", "to": "2026-02-15" }]"#),
        #"2026.json: holidays[0] (春节): "to" 2026-02-15 is before "from" 2026-02-23"#
      ),
      (
        holidayJSON(holidays: #"[{ "name": "元旦", "from": "2025-12-31", "to": "2026-01-01" }]"#),
        #"2026.json: holidays[0] (元旦): "from" 2025-12-31 is not in 2026"#
      ),
      (
        holidayJSON(holidays: #"[{ "name": " ", "from": "2026-02-15", "to": "2026-02-23" }]"#),
        #"2026.json: holidays[0]: "name" is empty"#
      ),
      (
        holidayJSON(
          holidays: #"""
            [{ "name": "春节", "from": "2026-02-15", "to": "2026-02-23" },
             { "name": "元宵", "from": "2026-02-23", "to": "2026-02-24" }]
            """#
        ),
        "2026.json: holidays[1] (元宵): 2026-02-23 is also in holidays[0] (春节)"
      ),
      (
        holidayJSON(workdays: #"["2026-02-14", "2026-02-16"]"#),
        "2026.json: workdays[1] (2026-02-16): is both a make-up working day and a day off in holidays[0] (春节)"
      ),
      (
        holidayJSON(workdays: #"["2026-02-13"]"#),
        "2026.json: workdays[0] (2026-02-13): is a Friday, already a working day"
      ),
      (holidayJSON(workdays: #"["2026-02-14", "2026-02-14"]"#), "2026.json: workdays[1] (2026-02-14): listed twice"),
      (holidayJSON(workdays: #"["2025-12-28"]"#), "2026.json: workdays[0] (2025-12-28): not in 2026"),
      (holidayJSON(workdays: #"["2026-2-14"]"#), #"2026.json: workdays[0]: "2026-2-14" is not a date in the form"#),
      (holidayJSON(workdays: "null"), "2026.json: workdays: expected an array, found null"),
      (holidayJSON(holidays: #"["春节"]"#), "2026.json: holidays[0]: expected an object"),
      (holidayJSON(workdays: "[20260214]"), "2026.json: workdays[0]: expected a string"),
    ]
  )
  func rejects(json: String, message: String) {
    let error = #expect(throws: CalendarError.self) { try HolidaySchedule(json: Data(json.utf8), origin: "2026.json") }
    #expect(error?.code == .invalidHolidayData)
    #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
  }

  @Test("the bundled files hold exactly the official dates of DOMAIN.md §6")
  func bundledDates() throws {
    let expected: [Int: (daysOff: [(String, String)], workdays: [String])] = [
      2026: (
        [
          ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
          ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
          ("2026-10-01", "2026-10-07"),
        ],
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
      ),
      2025: (
        [
          ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
          ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
        ],
        ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
      ),
    ]
    let schedules = try WorkingDayCalendar.bundledSchedules()
    #expect(schedules.map(\.year) == [2025, 2026])
    for schedule in schedules {
      let (daysOff, workdays) = try #require(expected[schedule.year])
      #expect(schedule.holidays.map { "\($0.from)..\($0.to)" } == daysOff.map { "\($0.0)..\($0.1)" })
      #expect(schedule.workdays.map(\.description) == workdays)
      #expect(!schedule.source.isEmpty)
    }
  }
}
