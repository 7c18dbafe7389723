import Synchronization

/// A lock that async code waits for without blocking a thread; waiters are served in order.
final class AsyncLock: Sendable {
  private struct State {
    var locked = false
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  private let state = Mutex(State())

  /// Runs `body` while holding the lock.
  func withLock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
    await self.lock()
    defer { self.unlock() }
    return try await body()
  }

  private func lock() async {
    // A free lock is taken at once, without suspending the task.
    let free = self.state.withLock { state -> Bool in
      guard !state.locked else { return false }
      state.locked = true
      return true
    }
    if free { return }
    await withCheckedContinuation { continuation in
      let acquired = self.state.withLock { state -> Bool in
        if !state.locked {
          state.locked = true
          return true
        }
        state.waiters.append(continuation)
        return false
      }
      if acquired { continuation.resume() }
    }
  }

  private func unlock() {
    let next = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
      if state.waiters.isEmpty {
        state.locked = false
        return nil
      }
      return state.waiters.removeFirst()
    }
    next?.resume()
  }
}
