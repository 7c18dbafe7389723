import Foundation

/// What one scenario measured.
struct BenchResult: Sendable {
  var label: String
  /// Calls that completed successfully inside the measured window.
  var calls: Int
  var seconds: Double
  /// Latencies of those calls, in nanoseconds, sorted.
  var latencies: [Int64]
  var errors: Int
  var firstError: String?
  /// For open-loop runs: the rate asked for, in calls per second.
  var offeredRate: Double?
  /// For open-loop runs: latencies counted from when each call actually started (sorted, ns),
  /// which leaves out how late the generator was; for telling the two apart.
  var serviceLatencies: [Int64] = []
  /// Further lines to print after the RESULT line (e.g. the cases scenarios' `LATE` line).
  var extraLines: [String] = []

  var callsPerSecond: Double { Double(self.calls) / self.seconds }

  /// The q-quantile (0...1) by nearest rank on the sorted latencies, in nanoseconds.
  func percentile(_ q: Double) -> Int64 { Self.percentile(q, of: self.latencies) }

  /// The q-quantile (0...1) of sorted values by nearest rank.
  static func percentile(_ q: Double, of sorted: [Int64]) -> Int64 {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((Double(sorted.count) * q).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
  }

  /// The line bench/run collects and `yimen-bench report` reads:
  /// `RESULT <label> <calls> <seconds> <p50 ns> <p99 ns> <errors>`, and for open-loop runs
  /// ` <offered rate> <p50 ns> <p99 ns>` of the latencies counted from each call's actual start.
  var resultLine: String {
    let seconds = String(format: "%.3f", self.seconds)
    var line =
      "RESULT \(self.label) \(self.calls) \(seconds) \(self.percentile(0.50)) \(self.percentile(0.99)) \(self.errors)"
    if let rate = self.offeredRate {
      let p50 = Self.percentile(0.50, of: self.serviceLatencies)
      let p99 = Self.percentile(0.99, of: self.serviceLatencies)
      line += " \(String(format: "%.0f", rate)) \(p50) \(p99)"
    }
    return line
  }
}

struct LoadSettings: Sendable {
  var warmup: Duration
  var duration: Duration
}

extension Duration {
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = self.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
  var seconds: Double { Double(self.nanoseconds) / 1e9 }
}

/// Keeps `concurrency` calls in flight (each caller starts its next call as soon as its last one
/// ends) for the warm-up and then the measured window; records the calls that end in the window.
func closedLoop(
  label: String,
  concurrency: Int,
  settings: LoadSettings,
  call: @escaping @Sendable () async throws -> Void
) async -> BenchResult {
  let clock = ContinuousClock()
  let from = clock.now + settings.warmup
  let until = from + settings.duration
  struct CallerResult: Sendable {
    var latencies: [Int64] = []
    var errors = 0
    var firstError: String?
  }
  let results = await withTaskGroup(of: CallerResult.self) { group in
    for _ in 0..<concurrency {
      group.addTask {
        var result = CallerResult()
        result.latencies.reserveCapacity(1 << 16)
        while true {
          let start = clock.now
          if start >= until { break }
          do {
            try await call()
            let end = clock.now
            if end >= from && end < until { result.latencies.append(start.duration(to: end).nanoseconds) }
          } catch {
            let end = clock.now
            if end >= from && end < until {
              result.errors += 1
              if result.firstError == nil { result.firstError = "\(error)" }
            }
            // Do not spin on a failing endpoint.
            try? await Task.sleep(for: .milliseconds(1))
          }
        }
        return result
      }
    }
    var all: [CallerResult] = []
    for await result in group { all.append(result) }
    return all
  }
  var latencies = results.flatMap(\.latencies)
  latencies.sort()
  return BenchResult(
    label: label,
    calls: latencies.count,
    seconds: settings.duration.seconds,
    latencies: latencies,
    errors: results.reduce(0) { $0 + $1.errors },
    firstError: results.lazy.compactMap(\.firstError).first
  )
}

/// Starts calls at a fixed rate, whatever the answers do (an open loop), for the warm-up and then
/// the measured window. A call's latency counts from the time it was due to start, so a late
/// generator or a backlog shows in the figures (no coordinated omission). At most `maxInFlight`
/// calls are open; a call due beyond that is counted as an error and not made.
func openLoop(
  label: String,
  rate: Double,
  maxInFlight: Int,
  tick: Duration,
  settings: LoadSettings,
  call: @escaping @Sendable () async throws -> Void
) async -> BenchResult {
  let clock = ContinuousClock()
  let start = clock.now
  let from = start + settings.warmup
  let until = from + settings.duration
  let interval = Duration.nanoseconds(Int64((1e9 / rate).rounded()))

  let recorder = Recorder()
  await withDiscardingTaskGroup { group in
    var due = start
    while due < until {
      let now = clock.now
      if due > now {
        // Never spin, nor sleep per call (either takes a core from the calls): sleep until the
        // next call is due, and at least one tick, then start the calls due by then together.
        // Their latency counts from their due time, so the tick's lag (≤ 1 tick) is included.
        try? await Task.sleep(until: max(due, now + tick), tolerance: .zero, clock: clock)
      }
      // Start every call that is due by now (the sleep's granularity makes small bursts).
      let now2 = clock.now
      while due <= now2, due < until {
        let scheduled = due
        due += interval
        guard recorder.begin(limit: maxInFlight) else {
          if scheduled >= from { recorder.failed("more than \(maxInFlight) calls open") }
          continue
        }
        group.addTask {
          let started = clock.now
          do {
            try await call()
            let end = clock.now
            let inWindow = end >= from && end < until && scheduled >= from
            recorder.end(
              latency: inWindow ? scheduled.duration(to: end).nanoseconds : nil,
              service: inWindow ? started.duration(to: end).nanoseconds : nil
            )
          } catch {
            recorder.end(latency: nil, service: nil)
            if clock.now >= from { recorder.failed("\(error)") }
          }
        }
      }
    }
  }
  var measurement = recorder.measurement(label: label, seconds: settings.duration.seconds)
  measurement.offeredRate = rate
  return measurement
}

/// Thread-safe collection of open-loop results.
final class Recorder: @unchecked Sendable {
  private let lock = NSLock()
  private var open = 0
  private var latencies: [Int64] = []
  private var serviceLatencies: [Int64] = []
  private var errors = 0
  private var firstError: String?

  func begin(limit: Int) -> Bool {
    self.lock.lock()
    defer { self.lock.unlock() }
    guard self.open < limit else { return false }
    self.open += 1
    return true
  }

  func end(latency: Int64?, service: Int64?) {
    self.lock.lock()
    defer { self.lock.unlock() }
    self.open -= 1
    if let latency { self.latencies.append(latency) }
    if let service { self.serviceLatencies.append(service) }
  }

  func failed(_ message: String) {
    self.lock.lock()
    defer { self.lock.unlock() }
    self.errors += 1
    if self.firstError == nil { self.firstError = message }
  }

  func measurement(label: String, seconds: Double) -> BenchResult {
    self.lock.lock()
    defer { self.lock.unlock() }
    var result = BenchResult(
      label: label,
      calls: self.latencies.count,
      seconds: seconds,
      latencies: self.latencies.sorted(),
      errors: self.errors,
      firstError: self.firstError
    )
    result.serviceLatencies = self.serviceLatencies.sorted()
    return result
  }
}
