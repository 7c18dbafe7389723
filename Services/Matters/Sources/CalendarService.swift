package import GRPCCore
package import YimenCalendar
package import YimenProtos
import YimenStorage

/// `yimen.calendar.v1.Calendar`: the working-day calendar, for the CLI and other services.
package struct CalendarService: Yimen_Calendar_V1_Calendar.SimpleServiceProtocol {
  let calendar: WorkingDayCalendar

  package init(calendar: WorkingDayCalendar) {
    self.calendar = calendar
  }

  package func addWorkingDays(request: Yimen_Calendar_V1_AddWorkingDaysRequest, context: ServerContext) async throws
    -> Yimen_Calendar_V1_AddWorkingDaysResponse
  {
    var violations = FieldViolations()
    let start = try? LocalDate(parsing: request.start)
    violations.check(start != nil, "start", "A date as YYYY-MM-DD, got '\(request.start)'.")
    var days: WorkingDays? = nil
    do {
      days = try WorkingDays(request.days)
    } catch {
      violations.add("days", error.message)
    }
    try violations.throwIfAny()
    guard let start, let days else { throw RPCError(code: .internalError, message: "unreachable") }
    let deadline = self.calendar.addWorkingDays(to: start, days)
    var response = Yimen_Calendar_V1_AddWorkingDaysResponse()
    response.deadline = deadline.date.description
    response.noon = deadline.time == .noon
    response.weekendOnlyYears = deadline.weekendsOnlyYears.sorted().map(Int32.init)
    return response
  }

  package func countWorkingDays(request: Yimen_Calendar_V1_CountWorkingDaysRequest, context: ServerContext) async throws
    -> Yimen_Calendar_V1_CountWorkingDaysResponse
  {
    var violations = FieldViolations()
    let from = try? LocalDate(parsing: request.from)
    let to = try? LocalDate(parsing: request.to)
    violations.check(from != nil, "from", "A date as YYYY-MM-DD, got '\(request.from)'.")
    violations.check(to != nil, "to", "A date as YYYY-MM-DD, got '\(request.to)'.")
    try violations.throwIfAny()
    guard let from, let to else { throw RPCError(code: .internalError, message: "unreachable") }
    var response = Yimen_Calendar_V1_CountWorkingDaysResponse()
    response.workingDays = Int32(self.calendar.workingDays(between: from, and: to))
    response.weekendOnlyYears = self.calendar.weekendsOnlyYears(from: Swift.min(from, to), through: Swift.max(from, to))
      .sorted().map(Int32.init)
    return response
  }

  package func getYear(request: Yimen_Calendar_V1_GetYearRequest, context: ServerContext) async throws
    -> Yimen_Calendar_V1_GetYearResponse
  {
    guard (1...9999).contains(request.year) else {
      throw FieldViolations.single(field: "year", "A year from 1 to 9999.")
    }
    var response = Yimen_Calendar_V1_GetYearResponse()
    response.year = request.year
    response.official = self.calendar.coverage(for: Int(request.year)) == .official
    response.days = try self.calendar.days(in: Int(request.year)).map { day in
      var out = Yimen_Calendar_V1_Day()
      out.date = day.date.description
      switch day.kind {
      case .workday: out.kind = .workday
      case .weekend: out.kind = .weekend
      case .holiday(let name):
        out.kind = .holiday
        out.name = name
      case .makeUpWorkday: out.kind = .makeUpWorkday
      }
      return out
    }
    return response
  }
}
