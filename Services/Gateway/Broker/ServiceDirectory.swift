import Synchronization

/// How many live instances each known service has (it is serving while it has one), shared between the broker's loop thread (which updates it) and
/// the health service (which reads and watches it).
package final class ServiceDirectory: Sendable {
  private struct State {
    var instances: [String: Int] = [:]
    var watchers: [Int: AsyncStream<Void>.Continuation] = [:]
    var nextWatcher = 0
    var closed = false
    var shuttingDown = false
  }

  private let state = Mutex(State())

  package init() {}

  /// Replaces the instance counts; wakes watchers if anything changed.
  package func update(_ instances: [String: Int]) {
    let watchers = self.state.withLock { state -> [AsyncStream<Void>.Continuation] in
      guard state.instances != instances else { return [] }
      state.instances = instances
      return Array(state.watchers.values)
    }
    for watcher in watchers { watcher.yield() }
  }

  /// The live instances of a service: nil when it never registered.
  package func instances(of service: String) -> Int? {
    self.state.withLock { $0.instances[service] }
  }

  /// All known services and their live instance counts.
  package var instances: [String: Int] { self.state.withLock { $0.instances } }

  /// A stream that yields once now and after each change, and ends when the directory closes.
  package func changes() -> AsyncStream<Void> {
    let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    let id = self.state.withLock { state -> Int? in
      guard !state.closed else { return nil }
      let id = state.nextWatcher
      state.nextWatcher += 1
      state.watchers[id] = continuation
      return id
    }
    guard let id else {
      continuation.finish()
      return stream
    }
    continuation.yield()
    continuation.onTermination = { [weak self] _ in
      self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
    }
    return stream
  }

  /// Marks the gateway as shutting down: every service (and the gateway itself) then reads as
  /// not serving, and watchers are told so before their streams end.
  package func beginShutdown() {
    let watchers = self.state.withLock { state -> [AsyncStream<Void>.Continuation] in
      state.shuttingDown = true
      return Array(state.watchers.values)
    }
    for watcher in watchers { watcher.yield() }
  }

  /// True once ``beginShutdown()`` was called.
  package var isShuttingDown: Bool { self.state.withLock { $0.shuttingDown } }

  /// Ends every watch (at gateway shutdown).
  package func close() {
    let watchers = self.state.withLock { state -> [AsyncStream<Void>.Continuation] in
      state.closed = true
      defer { state.watchers.removeAll() }
      return Array(state.watchers.values)
    }
    for watcher in watchers { watcher.finish() }
  }
}
