import Foundation
import GRPCCore
import Synchronization
import YimenProtos
import YimenTransport

// Cases: submissions (SubmitCase) and acceptances (AcceptCase) through the real gateway to the real
// yimen-cases, which reads the matter's published guide from yimen-matters (cached for ~5 s) and, at
// acceptance, the window from yimen-staffing (every time). bench/run starts the processes, with the
// demo catalogue and the demo hall.

/// The calls of the cases scenarios, by their `--call` name.
enum CasesCall: String, CaseIterable {
  /// (c0) GetMatter of the benchmark's matter, as yimen-cases asks it (the lookup a submission makes).
  case lookup
  /// (c1) SubmitCase at a window, with every required material.
  case submit
  /// (c2) SubmitCase, then AcceptCase of that case at the same window: one unit.
  case accept
}

/// What every scenario submits: a matter of the demo catalogue, at a window of the demo hall where the
/// caller is on post.
enum CasesWorkload {
  /// 食品经营许可（新办）, 市市场监督管理局; served at window B-01.
  static let matter = "430500-XK-001"
  /// Every required material of its published guide but 营业执照, which is obtained by data sharing.
  static let materials = [
    "食品经营许可申请书",
    "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
    "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
    "食品安全管理人员名单及健康证明",
    "经营场所使用证明（产权证明或租赁合同）",
  ]
  static let window = "B-01"
  /// SJ-001 is an A post of B-01 in the demo hall.
  static let staffID = "SJ-001"
  static let principal = "id=SJ-001;role=staff;department=市市场监督管理局"
  /// How yimen-cases calls the matters service (Services/Cases/Sources/Directories.swift).
  static let servicePrincipal = "id=cases;role=service"
  static let phone = "13807390000"
  static let names = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]

  /// The check character of a 居民身份证号码 (GB 11643-1999) from its first 17 digits.
  static func residentIDCheck(_ first17: String) -> Character {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let digits = first17.compactMap(\.wholeNumberValue)
    precondition(digits.count == 17 && first17.count == 17, "17 digits expected: \(first17)")
    let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return Array("10X98765432")[sum % 11]
  }

  /// A few valid resident ID numbers (Shaoyang area codes, past birth dates), check digits computed.
  static let residentIDs: [String] = {
    precondition(residentIDCheck("43050219880412001") == "3", "GB 11643 check digit of the known example")
    let first17 = [
      "43050219880412001", "43050219900101002", "43050319751231003", "43050420000229004",
      "43051119850615005", "43052119920808006", "43050219691001007", "43052219790303008",
    ]
    return first17.map { $0 + String(residentIDCheck($0)) }
  }()
}

/// Unique request ids for this process's changes: a run prefix and a counter.
final class RequestIDs: Sendable {
  let prefix: String
  private let next = Atomic<Int>(0)

  init(label: String) {
    let millis = Int(Date().timeIntervalSince1970 * 1000)
    self.prefix = "bench-\(label)-\(getpid())-\(millis)"
  }

  /// A new request id, and the call's sequence number in this process.
  func take() -> (id: String, sequence: Int) {
    let sequence = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
    return ("\(self.prefix)-\(sequence)", sequence)
  }
}

/// Every failed call of a run, warm-up and overrun included (the closed loop counts only those that
/// end in the measured window): a cases scenario with any failure has no figures.
final class FailureCount: Sendable {
  private let state = Mutex<(count: Int, first: String?)>((0, nil))

  func record(_ error: any Error) {
    self.state.withLock { state in
      state.count += 1
      if state.first == nil { state.first = "\(error)" }
    }
  }

  var count: Int { self.state.withLock { $0.count } }
  var first: String? { self.state.withLock { $0.first } }
}

/// Calls that started before the end of the measured window and ended after it. The closed loop counts
/// a call only if it ends inside the window, so a call held up past the end (say, an instance waiting
/// for the database lock) is in neither the rate nor the percentiles: these are reported beside them.
final class LateCalls: Sendable {
  private let state = Mutex<(count: Int, longest: Int64)>((0, 0))

  func record(_ latency: Duration) {
    self.state.withLock { state in
      state.count += 1
      state.longest = max(state.longest, latency.nanoseconds)
    }
  }

  var count: Int { self.state.withLock { $0.count } }
  var longest: Int64 { self.state.withLock { $0.longest } }
}

/// The submission of call `sequence`: the workload's matter and materials, at the window, for one of a
/// few applicants.
func caseSubmission(requestID: String, sequence: Int) -> Yimen_Cases_V1_SubmitCaseRequest {
  let applicant = sequence % CasesWorkload.residentIDs.count
  return .with {
    $0.requestID = requestID
    $0.matterCode = CasesWorkload.matter
    $0.channel = .window
    $0.windowID = CasesWorkload.window
    $0.materials = CasesWorkload.materials
    $0.applicant = .with {
      $0.kind = .person
      $0.name = CasesWorkload.names[applicant % CasesWorkload.names.count]
      $0.idNumber = CasesWorkload.residentIDs[applicant]
      $0.phone = CasesWorkload.phone
    }
  }
}

/// Why a submitted case is not what a complete window submission must give, or nil.
func submissionProblem(_ submitted: Yimen_Cases_V1_Case, _ request: Yimen_Cases_V1_SubmitCaseRequest) -> String? {
  if submitted.number.isEmpty { return "no case number" }
  if submitted.state != .received { return "case \(submitted.number) is \(submitted.state), not RECEIVED" }
  if submitted.matterCode != request.matterCode { return "case \(submitted.number) is for \(submitted.matterCode)" }
  let missing = submitted.materials.filter { $0.status == .missing }.map(\.name)
  if !missing.isEmpty { return "case \(submitted.number) lacks \(missing.joined(separator: ", "))" }
  if submitted.firstInquiryStaffID != CasesWorkload.staffID {
    return "case \(submitted.number): first inquiry by '\(submitted.firstInquiryStaffID)', not \(CasesWorkload.staffID)"
  }
  return nil
}

func runCases(_ options: Options) async throws -> BenchResult {
  guard let which = CasesCall(rawValue: options.call) else {
    throw BenchError("--call must be one of \(CasesCall.allCases.map(\.rawValue).joined(separator: ", "))")
  }
  let label = options.label.isEmpty ? "cases-\(which.rawValue)" : options.label
  let transport = try ZMQClientTransport(configuration: .init(endpoint: options.target))
  let staff: Metadata = ["yimen-principal": .string(CasesWorkload.principal)]
  let service: Metadata = ["yimen-principal": .string(CasesWorkload.servicePrincipal)]
  let failures = FailureCount()
  let late = LateCalls()
  let ids = RequestIDs(label: label)

  let result = try await withGRPCClient(transport: transport) { client in
    let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
    let cases = Yimen_Cases_V1_Cases.Client(wrapping: client)
    let staffing = Yimen_Staffing_V1_Staffing.Client(wrapping: client)

    // The demo data must be as the workload assumes: the matter with its published guide listing the
    // materials, and the window open with SJ-001 on post. Checked once, before any load.
    let detail = try await matters.getMatter(.with { $0.code = CasesWorkload.matter }, metadata: service)
    guard detail.hasGuide else { throw BenchError("\(CasesWorkload.matter) has no published guide") }
    let guideMaterials = Set(detail.guide.guide.materials.map(\.name))
    for material in CasesWorkload.materials where !guideMaterials.contains(material) {
      throw BenchError("\(material) is not a material of the guide of \(CasesWorkload.matter)")
    }

    let lookup = Yimen_Matters_V1_GetMatterRequest.with { $0.code = CasesWorkload.matter }
    @Sendable func submit() async throws -> Yimen_Cases_V1_Case {
      let (requestID, sequence) = ids.take()
      let request = caseSubmission(requestID: requestID, sequence: sequence)
      let submitted = try await cases.submitCase(request, metadata: staff)
      if let problem = submissionProblem(submitted, request) {
        throw RPCError(code: .dataLoss, message: "SubmitCase: \(problem)")
      }
      return submitted
    }
    @Sendable func accept(_ submitted: Yimen_Cases_V1_Case) async throws {
      let request = Yimen_Cases_V1_AcceptCaseRequest.with {
        $0.requestID = ids.take().id
        $0.number = submitted.number
        $0.windowID = CasesWorkload.window
      }
      let accepted = try await cases.acceptCase(request, metadata: staff)
      guard accepted.number == submitted.number, accepted.state == .accepted,
        accepted.acceptedWindowID == CasesWorkload.window, accepted.acceptedBy == CasesWorkload.staffID
      else {
        throw RPCError(
          code: .dataLoss,
          message: "AcceptCase \(submitted.number): \(accepted.state) at '\(accepted.acceptedWindowID)'"
        )
      }
    }

    if which != .lookup {
      let window = try await staffing.getWindow(.with { $0.id = CasesWorkload.window }, metadata: service)
      guard window.open, window.aStaffIds.contains(CasesWorkload.staffID) || window.bStaffID == CasesWorkload.staffID,
        window.matterCodes.contains(CasesWorkload.matter)
      else {
        throw BenchError(
          "window \(CasesWorkload.window) is not open with \(CasesWorkload.staffID) on post for \(CasesWorkload.matter): "
            + "open \(window.open), A \(window.aStaffIds), B '\(window.bStaffID)', matters \(window.matterCodes)"
        )
      }
      // One submission and acceptance end to end before the load, so that a setup problem is one
      // clear error rather than thousands.
      try await accept(try await submit())
    }
    let start =
      "yimen-bench \(label): \(which.rawValue) of \(CasesWorkload.matter) at \(CasesWorkload.window) as SJ-001, "
      + "\(CasesWorkload.residentIDs.count) applicants\n"
    FileHandle.standardError.write(Data(start.utf8))

    let call: @Sendable () async throws -> Void
    switch which {
    case .lookup:
      call = {
        let detail = try await matters.getMatter(lookup, metadata: service)
        guard detail.matter.code == CasesWorkload.matter, detail.hasGuide else {
          throw RPCError(code: .dataLoss, message: "GetMatter \(CasesWorkload.matter): wrong matter or no guide")
        }
      }
    case .submit:
      call = { _ = try await submit() }
    case .accept:
      call = { try await accept(try await submit()) }
    }
    // The window as closedLoop computes it (it starts counting right after this).
    let clock = ContinuousClock()
    let until = clock.now + options.settings.warmup + options.settings.duration
    return await drive(options, label: label) {
      let start = clock.now
      defer {
        let end = clock.now
        if start < until && end >= until { late.record(start.duration(to: end)) }
      }
      do {
        try await call()
      } catch {
        failures.record(error)
        throw error
      }
    }
  }
  guard failures.count == 0 else {
    throw BenchError(
      "\(label): \(failures.count) call(s) failed (\(result.errors) in the measured window, "
        + "\(result.calls) succeeded there); first: \(failures.first ?? "?"). No figures: every call must be OK."
    )
  }
  // `LATE <label> <calls> <longest ns>`: bench/run keeps it beside the RESULT line.
  var measured = result
  measured.extraLines.append("LATE \(label) \(late.count) \(late.longest)")
  return measured
}
