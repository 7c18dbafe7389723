import Foundation

/// Reads the RESULT lines that bench/run collected and prints the table and the targets.
func report(files: [String]) throws {
  var results: [String: (calls: Double, seconds: Double, p50: Double, p99: Double, errors: Int, rate: Double?)] = [:]
  for file in files {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    for line in text.split(separator: "\n") where line.hasPrefix("RESULT ") {
      let f = line.split(separator: " ").map(String.init)
      guard f.count >= 7, let calls = Double(f[2]), let seconds = Double(f[3]), let p50 = Double(f[4]), let p99 = Double(f[5]), let errors = Int(f[6]) else { continue }
      results[f[1]] = (calls, seconds, p50 / 1e6, p99 / 1e6, errors, f.count >= 8 ? Double(f[7]) : nil)
    }
  }
  func rate(_ label: String) -> Double? { results[label].map { $0.calls / $0.seconds } }

  let rows: [(String, String)] = [
    ("raw-zmq", "(a) raw libzmq DEALER→ROUTER·ROUTER→DEALER (C)"),
    ("inprocess", "(b) GRPCCore in-process transport"),
    ("http2", "(c) grpc-swift HTTP/2 (NIO Posix, plaintext)"),
    ("yimen-1", "(d) Yimen via yimen-gateway, 1 yimen-echo"),
    ("yimen-2", "(d) Yimen via yimen-gateway, 2 yimen-echo"),
    ("yimen-32", "(d) Yimen, 2 yimen-echo, 32 in flight"),
    ("yimen-half", "(d) Yimen, 2 yimen-echo, half of peak (open loop)"),
  ]
  let width = rows.map(\.1.count).max()! + 2
  func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
  func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
  print(pad("scenario", width) + lpad("calls/s", 10) + lpad("p50 ms", 10) + lpad("p99 ms", 10) + lpad("errors", 8))
  print(String(repeating: "-", count: width + 38))
  for (label, title) in rows {
    guard let r = results[label] else {
      print(pad(title, width) + lpad("(not run)", 10))
      continue
    }
    var name = title
    if label == "yimen-half", let offered = r.rate { name = "(d) Yimen, 2 yimen-echo, open loop at \(Int(offered)) calls/s" }
    print(pad(name, width) + lpad(String(format: "%.0f", r.calls / r.seconds), 10) + lpad(String(format: "%.3f", r.p50), 10) + lpad(String(format: "%.3f", r.p99), 10) + lpad("\(r.errors)", 8))
  }
  print("")
  print("64 unary Echo/Get calls in flight unless stated, 100-byte payload, 127.0.0.1.")
  print("")

  let peakLabel = [("yimen-1", rate("yimen-1") ?? 0), ("yimen-2", rate("yimen-2") ?? 0)].max { $0.1 < $1.1 }!
  let peak = peakLabel.1
  let which = peakLabel.0 == "yimen-1" ? "1 instance" : "2 instances"
  func mark(_ met: Bool) -> String { met ? "met" : "NOT met" }
  print("targets (peak (d) = \(String(format: "%.0f", peak)) calls/s with \(which)):")
  if let c = rate("http2"), c > 0, peak > 0 {
    let ratio = peak / c
    print("  (d) vs (c) HTTP/2:        \(String(format: "%.2f", ratio))×   target ≥ 2×      \(mark(ratio >= 2))")
  } else {
    print("  (d) vs (c) HTTP/2:        n/a")
  }
  if let b = rate("inprocess"), b > 0, peak > 0 {
    let ratio = peak / b
    print("  (d) vs (b) in-process:    \(String(format: "%.0f", ratio * 100))%    target ≥ 40%     \(mark(ratio >= 0.4))")
  } else {
    print("  (d) vs (b) in-process:    n/a")
  }
  if let half = results["yimen-half"] {
    let clean = half.errors == 0
    print("  (d) p99 at half load:     \(String(format: "%.3f", half.p99)) ms   target < 5 ms    \(mark(half.p99 < 5 && clean))\(clean ? "" : " (\(half.errors) errors)")")
  } else {
    print("  (d) p99 at half load:     n/a")
  }
  if let a = rate("raw-zmq"), a > 0, peak > 0 {
    print("  for reference, (d) vs (a) raw libzmq: \(String(format: "%.0f", peak / a * 100))%")
  }
}
