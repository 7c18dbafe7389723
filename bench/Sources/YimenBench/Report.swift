import Foundation

/// One RESULT line, read back (latencies in milliseconds).
private struct Row {
  var calls: Double
  var seconds: Double
  var p50: Double
  var p99: Double
  var errors: Int
  /// Open loop only: the offered rate and the latencies counted from each call's actual start.
  var offered: Double?
  var startP50: Double?
  var startP99: Double?
  /// The round it was measured in.
  var round = 1

  var rate: Double { self.calls / self.seconds }

  init?(_ fields: [String]) {
    guard fields.count >= 7, let calls = Double(fields[2]), let seconds = Double(fields[3]), seconds > 0,
      let p50 = Double(fields[4]), let p99 = Double(fields[5]), let errors = Int(fields[6])
    else { return nil }
    self.calls = calls
    self.seconds = seconds
    self.p50 = p50 / 1e6
    self.p99 = p99 / 1e6
    self.errors = errors
    if fields.count >= 10, let offered = Double(fields[7]), let p50 = Double(fields[8]), let p99 = Double(fields[9]) {
      self.offered = offered
      self.startP50 = p50 / 1e6
      self.startP99 = p99 / 1e6
    }
  }
}

/// Reads the RESULT lines that bench/run collected and prints the table and the targets.
func report(files: [String]) throws {
  // Lines are `RESULT ...`, or `<round> RESULT ...` as bench/run keeps them.
  var all: [String: [Row]] = [:]
  var byRound: [Int: [String: Row]] = [:]
  // `<round> SETUP <instances>`: how many yimen-echo the half-load and 32-in-flight runs had.
  var setups: [Int: Int] = [:]
  // `<round> CPU <label> <name>=<% of one core> ...`: CPU use during a scenario's measured window.
  var cpu: [Int: [String: [(String, Int)]]] = [:]
  // `<round> LATE <label> <calls> <longest ns>`: calls that started in the window and ended after it.
  var late: [Int: [String: (Int, Double)]] = [:]
  for file in files {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    for line in text.split(separator: "\n") {
      var fields = line.split(separator: " ").map(String.init)
      var round = 1
      if fields.count == 3, fields[1] == "SETUP", let number = Int(fields[0]), let instances = Int(fields[2]) {
        setups[number] = instances
        continue
      }
      if fields.count == 5, fields[1] == "LATE", let number = Int(fields[0]), let count = Int(fields[3]),
        let longest = Double(fields[4])
      {
        late[number, default: [:]][fields[2]] = (count, longest / 1e6)
        continue
      }
      if fields.count >= 3, fields[1] == "CPU", let number = Int(fields[0]) {
        cpu[number, default: [:]][fields[2]] = fields.dropFirst(3).compactMap { pair in
          let parts = pair.split(separator: "=", maxSplits: 1)
          guard parts.count == 2, let value = Int(parts[1]) else { return nil }
          return (String(parts[0]), value)
        }
        continue
      }
      if fields.count > 1, fields[1] == "RESULT", let number = Int(fields[0]) {
        round = number
        fields.removeFirst()
      }
      guard fields.first == "RESULT", var row = Row(fields) else { continue }
      row.round = round
      all[fields[1], default: []].append(row)
      byRound[round, default: [:]][fields[1]] = row
    }
  }
  // With several rounds, each scenario's median round (by calls/s) stands for it.
  var results: [String: Row] = [:]
  var ranges: [String: (Double, Double)] = [:]
  for (label, rows) in all {
    let sorted = rows.sorted { $0.rate < $1.rate }
    results[label] = sorted[(sorted.count - 1) / 2]
    ranges[label] = (sorted.first!.rate, sorted.last!.rate)
  }
  let rounds = all.values.map(\.count).max() ?? 0

  // `bench/run --only matters` runs (d) with one instance only, as the matters section's baseline.
  let echoOnly = ["raw-zmq", "inprocess", "http2", "yimen-2", "yimen-32", "yimen-half"]
  if echoOnly.contains(where: { all[$0] != nil }) {
    echoReport(results: results, ranges: ranges, rounds: rounds, byRound: byRound, setups: setups)
  }
  if MattersCall.allCases.contains(where: { all["matters-\($0.rawValue)"] != nil }) {
    mattersReport(results: results, ranges: ranges, rounds: rounds, byRound: byRound)
  }
  if all.keys.contains(where: { $0.hasPrefix("cases-") }) {
    casesReport(results: results, ranges: ranges, rounds: rounds, byRound: byRound, cpu: cpu, late: late)
  }
}

private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
private func ms(_ value: Double) -> String { String(format: "%.3f", value) }

/// The transport scenarios (a)–(d): the table and the project's targets.
private func echoReport(
  results: [String: Row],
  ranges: [String: (Double, Double)],
  rounds: Int,
  byRound: [Int: [String: Row]],
  setups: [Int: Int]
) {
  // The half-load runs use the setup (1 or 2 instances) that reached the round's peak.
  let setup: String
  switch Set(setups.values).sorted() {
  case [1]: setup = "1 yimen-echo"
  case [2]: setup = "2 yimen-echo"
  case []: setup = "2 yimen-echo"
  default: setup = "peak's setup"
  }
  let rows: [(String, String)] = [
    ("raw-zmq", "(a) raw libzmq DEALER→ROUTER|ROUTER→DEALER, C"),
    ("inprocess", "(b) GRPCCore in-process transport"),
    ("http2", "(c) grpc-swift HTTP/2, NIO Posix, plaintext"),
    ("yimen-1", "(d) Yimen: gateway + 1 yimen-echo"),
    ("yimen-2", "(d) Yimen: gateway + 2 yimen-echo"),
    ("yimen-32", "(d) Yimen: 32 in flight, \(setup)"),
    ("yimen-half", "(d) Yimen: open loop at half peak, \(setup)"),
  ]
  func range(_ label: String) -> String {
    guard let (low, high) = ranges[label] else { return "" }
    return String(format: "%.0f–%.0f", low, high)
  }
  let width = rows.map(\.1.count).max()! + 2
  let rangeHeader = rounds > 1 ? lpad("calls/s range", 18) : ""
  print(
    pad("scenario", width) + lpad("calls/s", 10) + lpad("p50 ms", 10) + lpad("p99 ms", 10) + lpad("errors", 8)
      + rangeHeader
  )
  print(String(repeating: "-", count: width + 38 + rangeHeader.count))
  for (label, title) in rows {
    guard let row = results[label] else {
      print(pad(title, width) + lpad("(not run)", 10))
      continue
    }
    print(
      pad(title, width) + lpad(String(format: "%.0f", row.rate), 10) + lpad(ms(row.p50), 10) + lpad(ms(row.p99), 10)
        + lpad("\(row.errors)", 8) + (rounds > 1 ? lpad(range(label), 18) : "")
    )
  }
  print("")
  print("Unary Echo/Get, 100-byte payload, 127.0.0.1; 64 calls in flight unless stated.")
  if rounds > 1 {
    print("\(rounds) rounds: each row is the scenario's median round by calls/s; the range is over all rounds.")
  }
  if let half = results["yimen-half"], let offered = half.offered {
    print(
      "Open loop: \(Int(offered)) calls/s offered; latency from each call's due time "
        + "(from its actual start: p50 \(ms(half.startP50 ?? 0)) ms, p99 \(ms(half.startP99 ?? 0)) ms)."
    )
  }
  print("")

  let one = results["yimen-1"]?.rate ?? 0
  let two = results["yimen-2"]?.rate ?? 0
  let peak = max(one, two)
  let which = one >= two ? "1 yimen-echo" : "2 yimen-echo"
  func mark(_ met: Bool) -> String { met ? "met" : "NOT met" }
  print("Targets (peak (d) = \(String(format: "%.0f", peak)) calls/s, with \(which)):")
  if let c = results["http2"]?.rate, c > 0, peak > 0 {
    let ratio = peak / c
    print("  (d) / (c) HTTP/2        \(pad(String(format: "%.2f×", ratio), 10)) target ≥ 2×     \(mark(ratio >= 2))")
  } else {
    print("  (d) / (c) HTTP/2        n/a")
  }
  if let b = results["inprocess"]?.rate, b > 0, peak > 0 {
    let ratio = peak / b
    print(
      "  (d) / (b) in-process    \(pad(String(format: "%.0f%%", ratio * 100), 10)) target ≥ 40%    \(mark(ratio >= 0.4))"
    )
  } else {
    print("  (d) / (b) in-process    n/a")
  }
  if let half = results["yimen-half"] {
    let met = half.p99 < 5 && half.errors == 0
    let note = half.errors == 0 ? "" : " (\(half.errors) calls failed or not made)"
    print("  (d) p99 at half load    \(pad(ms(half.p99) + " ms", 10)) target < 5 ms   \(mark(met))\(note)")
  } else {
    print("  (d) p99 at half load    n/a")
  }
  if let a = results["raw-zmq"]?.rate, a > 0, peak > 0 {
    print("  for reference: (d) / (a) raw libzmq = \(String(format: "%.0f%%", peak / a * 100))")
  }

  // The same ratios within each round, whose scenarios ran minutes apart, not further.
  guard byRound.count > 1 else { return }
  print("")
  print("Per round (peak (d) of the round):")
  for round in byRound.keys.sorted() {
    let r = byRound[round]!
    let peak = max(r["yimen-1"]?.rate ?? 0, r["yimen-2"]?.rate ?? 0)
    var parts: [String] = []
    if let c = r["http2"]?.rate, c > 0 { parts.append("(d)/(c) " + String(format: "%.2f×", peak / c)) }
    if let b = r["inprocess"]?.rate, b > 0 { parts.append("(d)/(b) " + String(format: "%.0f%%", peak / b * 100)) }
    if let half = r["yimen-half"] {
      let on = setups[round].map { " (\($0) yimen-echo)" } ?? ""
      parts.append("half-load p99 " + ms(half.p99) + " ms" + on)
    }
    print("  round \(round): " + parts.joined(separator: ", "))
  }
}

/// The matters section: catalogue reads from yimen-matters through the gateway, against the same
/// round's Echo/Get through the gateway with one instance ((d), one yimen-echo) as the baseline.
private func mattersReport(
  results: [String: Row],
  ranges: [String: (Double, Double)],
  rounds: Int,
  byRound: [Int: [String: Row]]
) {
  let defaults = Options()
  let rows: [(String, String)] = [
    ("yimen-1", "(m0) Echo/Get, gateway + 1 yimen-echo (= (d))"),
    ("matters-search", "(m1) SearchMatters, name fragment, page_size \(defaults.pageSize)"),
    ("matters-matter", "(m2) GetMatter (matter + guide), all codes"),
    ("matters-document", "(m3) GetDocument (published guide), all codes"),
  ]
  let base = results["yimen-1"]
  // The whole machine's time per call (cores / calls per second): the CPU cost per call when
  // the run keeps every core busy, as these closed loops do on a small machine.
  let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
  func perCall(_ row: Row) -> Double { cores * 1e6 / row.rate }
  func ratio(_ value: Double, _ to: Double) -> String { to > 0 ? String(format: "%.2f×", value / to) : "n/a" }
  let width = rows.map(\.1.count).max()! + 2
  let rangeHeader = rounds > 1 ? lpad("calls/s range", 18) : ""
  print("")
  print("Matters: catalogue reads through the gateway (demo catalogue, SQLite), 64 calls in flight")
  print(
    pad("scenario", width) + lpad("calls/s", 10) + lpad("p50 ms", 10) + lpad("p99 ms", 10) + lpad("errors", 8)
      + lpad("µs/call", 9) + rangeHeader
  )
  print(String(repeating: "-", count: width + 47 + rangeHeader.count))
  for (label, title) in rows {
    guard let row = results[label] else {
      print(pad(title, width) + lpad("(not run)", 10))
      continue
    }
    let range = ranges[label].map { String(format: "%.0f–%.0f", $0.0, $0.1) } ?? ""
    print(
      pad(title, width) + lpad(String(format: "%.0f", row.rate), 10) + lpad(ms(row.p50), 10) + lpad(ms(row.p99), 10)
        + lpad("\(row.errors)", 8) + lpad(String(format: "%.0f", perCall(row)), 9) + (rounds > 1 ? lpad(range, 18) : "")
    )
  }
  print("")
  print(
    "(m1) query \"\(defaults.query)\"; (m2) and (m3) cycle over every code a public caller sees. "
      + "µs/call: \(Int(cores)) cores × 1 s / calls per second."
  )
  guard let base else {
    print("No (m0) baseline in this run: no ratios.")
    return
  }
  print("Relative to (m0), the same path with no database (calls/s; p50 and p99 latency; machine time per call):")
  for (label, title) in rows.dropFirst() {
    guard let row = results[label] else { continue }
    // "(m1) SearchMatters", without the details after it.
    let short = title.split(separator: " ").prefix(2).joined(separator: " ").trimmingCharacters(in: [","])
    print(
      "  \(pad(short, 20)) calls/s \(pad(ratio(row.rate, base.rate), 7)) p50 \(pad(ratio(row.p50, base.p50), 7))"
        + " p99 \(pad(ratio(row.p99, base.p99), 7)) +\(String(format: "%.0f", perCall(row) - perCall(base))) µs per call"
    )
  }
  guard byRound.count > 1 else { return }
  print("")
  print("Per round (calls/s relative to the round's (m0)):")
  for round in byRound.keys.sorted() {
    let r = byRound[round]!
    guard let base = r["yimen-1"] else { continue }
    let parts = rows.dropFirst().compactMap { label, title -> String? in
      guard let row = r[label] else { return nil }
      return title.split(separator: " ").first.map { "\($0) \(ratio(row.rate, base.rate))" }
    }
    print("  round \(round): " + parts.joined(separator: ", "))
  }
}

/// The cases section: submissions and acceptances through the gateway to yimen-cases (which asks
/// yimen-matters for the guide and yimen-staffing for the window), against GetMatter of the same
/// matter through the same gateway ((c0), the lookup a submission makes) as the baseline.
private func casesReport(
  results: [String: Row],
  ranges: [String: (Double, Double)],
  rounds: Int,
  byRound: [Int: [String: Row]],
  cpu: [Int: [String: [(String, Int)]]],
  late: [Int: [String: (Int, Double)]]
) {
  let rows: [(String, String)] = [
    ("cases-lookup", "(c0) GetMatter \(CasesWorkload.matter), gateway + yimen-matters"),
    ("cases-submit-1", "(c1) SubmitCase, 1 yimen-cases"),
    ("cases-submit-2", "(c1) SubmitCase, 2 yimen-cases"),
    ("cases-accept-1", "(c2) SubmitCase + AcceptCase, 1 yimen-cases"),
    ("cases-accept-2", "(c2) SubmitCase + AcceptCase, 2 yimen-cases"),
  ]
  let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
  func perUnit(_ row: Row) -> Double { cores * 1e6 / row.rate }
  func ratio(_ value: Double, _ to: Double) -> String { to > 0 ? String(format: "%.2f×", value / to) : "n/a" }
  let width = rows.map(\.1.count).max()! + 2
  let rangeHeader = rounds > 1 ? lpad("rate range", 18) : ""
  print("")
  print(
    "Cases: submissions and acceptances through the gateway (yimen-cases, SQLite; matters and staffing demo), 64 in flight"
  )
  print(
    pad("scenario", width) + lpad("per s", 10) + lpad("p50 ms", 10) + lpad("p99 ms", 10) + lpad("errors", 8)
      + lpad("open ms", 9) + lpad("µs/unit", 9) + rangeHeader
  )
  print(String(repeating: "-", count: width + 56 + rangeHeader.count))
  var lateNotes: [String] = []
  for (label, title) in rows {
    guard let row = results[label] else {
      print(pad(title, width) + lpad("(not run)", 10))
      continue
    }
    let range = ranges[label].map { String(format: "%.0f–%.0f", $0.0, $0.1) } ?? ""
    let overran = late[row.round]?[label]
    if let (_, longest) = overran, longest > row.p99 {
      lateNotes.append(
        "\(title.split(separator: " ").prefix(1).joined()) \(label.dropFirst("cases-".count)): a call open at the end "
          + "of the window had been waiting \(String(format: "%.0f", longest)) ms, longer than the p99 of those that "
          + "ended in it"
      )
    }
    print(
      pad(title, width) + lpad(String(format: "%.0f", row.rate), 10) + lpad(ms(row.p50), 10) + lpad(ms(row.p99), 10)
        + lpad("\(row.errors)", 8) + lpad(overran.map { String(format: "%.0f", $0.1) } ?? "?", 9)
        + lpad(String(format: "%.0f", perUnit(row)), 9) + (rounds > 1 ? lpad(range, 18) : "")
    )
  }
  print("")
  print(
    "per s: (c0) lookups, (c1) submissions, (c2) cases submitted and accepted (2 calls each) per second. "
      + "µs/unit: \(Int(cores)) cores × 1 s / units per second."
  )
  print(
    "(c1), (c2): \(CasesWorkload.matter) at window \(CasesWorkload.window) as \(CasesWorkload.staffID), channel WINDOW, "
      + "\(CasesWorkload.materials.count) materials, \(CasesWorkload.residentIDs.count) applicants in turn; "
      + "every call must be OK (a failed call fails the run)."
  )
  print(
    "open ms: the longest latency of the 64 calls still open when the window ended (as in every closed loop here, "
      + "rate and percentiles count the calls that ended in the window, so a call held up past it shows only here)."
  )
  for note in lateNotes { print("  " + note + ".") }
  if rounds > 1 {
    print("\(rounds) rounds: each row is the scenario's median round by rate; the range is over all rounds.")
  }

  // CPU during each scenario's measured window (of its median round), in % of one core.
  let measured = rows.compactMap { label, title -> (String, [(String, Int)], Double)? in
    guard let row = results[label], let usage = cpu[row.round]?[label] else { return nil }
    return (title.split(separator: " ").prefix(1).joined() + " " + label.dropFirst("cases-".count), usage, row.rate)
  }
  if !measured.isEmpty {
    print(
      "CPU in the measured window, % of one core (\(Int(cores)) cores = \(Int(cores) * 100) %; "
        + "client = yimen-bench; rest = all − these, other work on the machine):"
    )
    for (name, usage, rate) in measured {
      // CPU time per unit actually used by the services and the client (not "rest").
      let ours = usage.filter { $0.0 != "all" && $0.0 != "rest" }.reduce(0) { $0 + $1.1 }
      let service = usage.filter { $0.0.hasPrefix("cases-") || ($0.0 == "matters" && name.hasPrefix("(c0)")) }
        .reduce(0) { $0 + $1.1 }
      let perUnit = { (percent: Int) in String(format: "%.0f", Double(percent) / 100 * 1e6 / rate) }
      print(
        "  \(pad(name, 14)) " + usage.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
          + "  →  \(perUnit(ours)) µs CPU per unit, \(perUnit(service)) µs in \(name.hasPrefix("(c0)") ? "yimen-matters" : "yimen-cases")"
      )
    }
  }

  if let base = results["cases-lookup"] {
    print("Relative to (c0) (rate; p50 and p99 latency; machine time per unit):")
    for (label, title) in rows.dropFirst() {
      guard let row = results[label] else { continue }
      let short = title.replacingOccurrences(of: "SubmitCase + AcceptCase", with: "submit+accept")
      print(
        "  \(pad(short, 38)) rate \(pad(ratio(row.rate, base.rate), 7)) p50 \(pad(ratio(row.p50, base.p50), 7))"
          + " p99 \(pad(ratio(row.p99, base.p99), 7)) +\(String(format: "%.0f", perUnit(row) - perUnit(base))) µs per unit"
      )
    }
  } else {
    print("No (c0) baseline in this run: no ratios.")
  }
  print("")
  func mark(_ met: Bool) -> String { met ? "met" : "NOT met" }
  print("Target:")
  if let two = results["cases-submit-2"] {
    let met = two.rate >= 2000 && two.errors == 0
    print(
      "  (c1) 2 yimen-cases       \(pad(String(format: "%.0f/s", two.rate), 10)) "
        + "target ≥ 2,000 submissions/s (c1, 2 instances)   \(mark(met))"
    )
  } else {
    print("  (c1) 2 yimen-cases       n/a")
  }

  guard byRound.count > 1 else { return }
  print("")
  print("Per round (rate relative to the round's (c0)):")
  for round in byRound.keys.sorted() {
    let r = byRound[round]!
    guard let base = r["cases-lookup"] else { continue }
    let parts = rows.dropFirst().compactMap { label, _ -> String? in
      guard let row = r[label] else { return nil }
      return "\(label) \(String(format: "%.0f", row.rate))/s (\(ratio(row.rate, base.rate)))"
    }
    print("  round \(round): " + parts.joined(separator: ", "))
  }
}
