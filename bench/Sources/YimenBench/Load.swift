import Foundation

/// What one scenario measured.
struct Measurement: Sendable {
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

  var callsPerSecond: Double { Double(self.calls) / self.seconds }

  /// The q-quantile (0...1) by nearest rank on the sorted latencies, in nanoseconds.
  func percentile(_ q: Double) -> Int64 {
    guard !self.latencies.isEmpty else { return 0 }
    let rank = Int((Double(self.latencies.count) * q).rounded(.up)) - 1
    return self.latencies[min(max(rank, 0), self.latencies.count - 1)]
  }

  /// The line bench/run collects and `yimen-bench report` reads:
  /// `RESULT <label> <calls> <seconds> <p50 ns> <p99 ns> <errors> [<offered rate>]`.
  var resultLine: String {
    var line = "RESULT \(self.label) \(self.calls) \(String(format: "%.3f", self.seconds)) \(self.percentile(0.50)) \(self.percentile(0.99)) \(self.errors)"
    if let rate = self.offeredRate { line += " \(String(format: "%.0f", rate))" }
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
) async -> Measurement {
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
  return Measurement(
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
  settings: LoadSettings,
  call: @escaping @Sendable () async throws -> Void
) async -> Measurement {
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
      if due > now + .microseconds(200) {
        try? await Task.sleep(until: due, tolerance: .microseconds(50), clock: clock)
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
          do {
            try await call()
            let end = clock.now
            recorder.end(latency: end >= from && end < until && scheduled >= from ? scheduled.duration(to: end).nanoseconds : nil)
          } catch {
            recorder.end(latency: nil)
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
  private var errors = 0
  private var firstError: String?

  func begin(limit: Int) -> Bool {
    self.lock.lock()
    defer { self.lock.unlock() }
    guard self.open < limit else { return false }
    self.open += 1
    return true
  }

  func end(latency: Int64?) {
    self.lock.lock()
    defer { self.lock.unlock() }
    self.open -= 1
    if let latency { self.latencies.append(latency) }
  }

  func failed(_ message: String) {
    self.lock.lock()
    defer { self.lock.unlock() }
    self.errors += 1
    if self.firstError == nil { self.firstError = message }
  }

  func measurement(label: String, seconds: Double) -> Measurement {
    self.lock.lock()
    defer { self.lock.unlock() }
    return Measurement(label: label, calls: self.latencies.count, seconds: seconds, latencies: self.latencies.sorted(), errors: self.errors, firstError: self.firstError)
  }
}
