/// Call counts and recent latencies of one method, as the gateway saw them.
package struct MethodStatistics: Sendable {
  /// How many recent latencies are kept for the percentiles.
  static let window = 1_024

  package private(set) var calls: UInt64 = 0
  package private(set) var errors: UInt64 = 0
  private var latencies: [Double] = []
  private var next = 0

  package init() {}

  /// Counts one ended call.
  package mutating func record(latency: Duration, failed: Bool) {
    self.calls += 1
    if failed { self.errors += 1 }
    let (seconds, attoseconds) = latency.components
    let milliseconds = Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    if self.latencies.count < Self.window {
      self.latencies.append(milliseconds)
    } else {
      self.latencies[self.next] = milliseconds
      self.next = (self.next + 1) % Self.window
    }
  }

  /// The latency below which the given fraction of recent calls fell, in milliseconds.
  package func percentile(_ fraction: Double) -> Double {
    guard !self.latencies.isEmpty else { return 0 }
    let sorted = self.latencies.sorted()
    let index = Swift.min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
    return sorted[Swift.max(0, index)]
  }
}
