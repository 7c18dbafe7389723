import Synchronization

/// The parts of one call, from the loop thread that receives them to the one task that reads
/// them: a buffer and at most one waiting reader.
///
/// It does what `AsyncThrowingStream` does for one producer and one consumer, at a fraction of
/// the cost per call (no generic metadata lookups, one lock). Reading responds to task
/// cancellation by throwing `CancellationError`.
final class PartStream<Element: Sendable>: AsyncSequence, Sendable {
  typealias Failure = any Error

  private struct State {
    var buffer: [Element] = []
    var head = 0
    var end: Result<Void, any Error>? = nil
    var waiter: CheckedContinuation<Element?, any Error>? = nil
    var cancelled = false
  }

  private let state = Mutex(State())

  /// Adds a part; ignored once the stream has finished.
  func yield(_ element: Element) {
    let waiter = self.state.withLock { state -> CheckedContinuation<Element?, any Error>? in
      guard state.end == nil else { return nil }
      if let waiter = state.waiter {
        state.waiter = nil
        return waiter
      }
      state.buffer.append(element)
      return nil
    }
    waiter?.resume(returning: element)
  }

  /// Ends the stream after the buffered parts.
  func finish() {
    self.end(.success(()))
  }

  /// Ends the stream after the buffered parts, then throws `error` to the reader.
  func finish(throwing error: any Error) {
    self.end(.failure(error))
  }

  private func end(_ result: Result<Void, any Error>) {
    let waiter = self.state.withLock { state -> CheckedContinuation<Element?, any Error>? in
      guard state.end == nil else { return nil }
      state.end = result
      defer { state.waiter = nil }
      return state.waiter
    }
    waiter?.resume(with: result.map { nil })
  }

  /// The next part, nil at the end; throws the stream's error, or `CancellationError`.
  fileprivate func next() async throws -> Element? {
    if let ready = self.state.withLock({ Self.take(from: &$0) }) { return try ready.get() }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let ready = self.state.withLock { state -> Result<Element?, any Error>? in
          if let ready = Self.take(from: &state) { return ready }
          state.waiter = continuation
          return nil
        }
        if let ready { continuation.resume(with: ready) }
      }
    } onCancel: {
      let waiter = self.state.withLock { state -> CheckedContinuation<Element?, any Error>? in
        state.cancelled = true
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// What a reader gets without waiting: a buffered part, the end, or cancellation; nil to wait.
  private static func take(from state: inout State) -> Result<Element?, any Error>? {
    if state.cancelled { return .failure(CancellationError()) }
    if state.head < state.buffer.count {
      let element = state.buffer[state.head]
      state.head += 1
      if state.head == state.buffer.count {
        state.buffer.removeAll(keepingCapacity: true)
        state.head = 0
      }
      return .success(element)
    }
    return state.end.map { $0.map { nil } }
  }

  func makeAsyncIterator() -> Iterator {
    Iterator(stream: self)
  }

  /// Reads the stream; one iterator per stream.
  struct Iterator: AsyncIteratorProtocol {
    let stream: PartStream

    mutating func next() async throws -> Element? {
      try await self.stream.next()
    }
  }
}
