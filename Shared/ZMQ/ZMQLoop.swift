public import CZeroMQ
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A dedicated thread that owns ZeroMQ sockets and runs a `zmq_poll` loop over them.
///
/// Threading: everything that touches a socket — creating, reading, writing, closing — runs on
/// the loop thread, in handlers the loop calls or in work submitted with ``execute(_:)``, which
/// may be called from any thread. Submitted work wakes the loop through an eventfd; a batch of
/// work submitted while the loop is busy costs one wake-up. Handlers must not block.
///
/// Timers fire on the loop thread at least as late as asked, checked at every wake-up.
package final class ZMQLoop: Sendable {
  /// Work submitted from other threads, drained by the loop thread.
  private struct Inbox {
    var work: [@Sendable () -> Void] = []
    /// The loop thread is in (or about to enter) `zmq_poll` and must be woken for new work.
    var sleeping = false
    var wakePending = false
    var stopping = false
  }

  /// Loop-thread-only state. `@unchecked`: read and written by the loop thread alone.
  private final class LoopState: @unchecked Sendable {
    struct Registration {
      var socket: ZMQSocket
      var onReadable: () -> Void
    }
    struct Timer {
      var interval: Duration
      var next: ContinuousClock.Instant
      var handler: () -> Void
    }
    var registrations: [ObjectIdentifier: Registration] = [:]
    var timers: [Int: Timer] = [:]
    var nextTimerID = 0
  }

  /// The name of the thread, for debuggers and logs.
  package let name: String
  private let inbox = Mutex(Inbox())
  private let wakeFD: Int32
  private let state = LoopState()
  private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])
  private let started = Flag()

  /// Creates a loop; call ``start()`` to run its thread.
  package init(name: String) throws(ZMQError) {
    let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
    guard fd >= 0 else { throw ZMQError(operation: "eventfd", errno: errno) }
    self.wakeFD = fd
    self.name = name
  }

  deinit {
    close(self.wakeFD)
  }

  /// Starts the loop thread. The loop runs until ``stop()``.
  package func start() {
    guard self.started.setOnce() else { return }
    var thread = pthread_t()
    let box = Unmanaged.passRetained(self)
    let rc = pthread_create(
      &thread,
      nil,
      { argument in
        let loop = Unmanaged<ZMQLoop>.fromOpaque(argument!).takeRetainedValue()
        loop.run()
        return nil
      },
      box.toOpaque()
    )
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(thread)
  }

  /// Runs `work` on the loop thread, after the work submitted before it. Callable from any thread.
  /// Work submitted after ``stop()`` is dropped.
  package func execute(_ work: @escaping @Sendable () -> Void) {
    self.submit(work)
  }

  /// Queues `work`; false when the loop is stopping and the work was dropped.
  @discardableResult
  private func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
    let (accepted, mustWake) = self.inbox.withLock { inbox -> (Bool, Bool) in
      guard !inbox.stopping else { return (false, false) }
      inbox.work.append(work)
      // A busy loop drains the inbox before it polls again: only a sleeping one needs the eventfd.
      guard inbox.sleeping, !inbox.wakePending else { return (true, false) }
      inbox.wakePending = true
      return (true, true)
    }
    if mustWake {
      var one: UInt64 = 1
      _ = write(self.wakeFD, &one, 8)
    }
    return accepted
  }

  /// Runs `work` on the loop thread and returns its result.
  ///
  /// - Throws: ``ZMQError`` (ETERM) when the loop has stopped, besides what `work` throws.
  package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      let accepted = self.submit {
        continuation.resume(with: Result { try work() })
      }
      if !accepted { continuation.resume(throwing: ZMQError(operation: "ZMQLoop.run(\(self.name))", errno: ETERM)) }
    }
  }

  /// Asks the loop to stop after the work already submitted; its thread then closes every
  /// registered socket. Returns at once; ``waitUntilStopped()`` waits for the thread to end.
  package func stop() {
    let mustWake = self.inbox.withLock { inbox -> Bool in
      if inbox.stopping { return false }
      inbox.stopping = true
      return true
    }
    if mustWake {
      var one: UInt64 = 1
      _ = write(self.wakeFD, &one, 8)
    }
  }

  /// Waits until the loop thread has ended (after ``stop()``), or returns at once if it never started.
  package func waitUntilStopped() async {
    guard self.started.isSet else { return }
    await withCheckedContinuation { continuation in
      let done = self.finished.withLock { waiters -> Bool in
        guard waiters != nil else { return true }
        waiters!.append(continuation)
        return false
      }
      if done { continuation.resume() }
    }
  }

  // MARK: Loop-thread API

  /// Watches a socket: `onReadable` runs on the loop thread while it has messages to read.
  /// The handler should read what is waiting (without blocking). Loop thread only.
  package func register(_ socket: ZMQSocket, onReadable: @escaping () -> Void) {
    self.state.registrations[ObjectIdentifier(socket)] = .init(socket: socket, onReadable: onReadable)
  }

  /// Stops watching a socket and closes it. Loop thread only.
  package func unregisterAndClose(_ socket: ZMQSocket) {
    self.state.registrations[ObjectIdentifier(socket)] = nil
    socket.close()
  }

  /// Calls `handler` on the loop thread every `interval`. Loop thread only.
  @discardableResult
  package func addTimer(every interval: Duration, _ handler: @escaping () -> Void) -> Int {
    let id = self.state.nextTimerID
    self.state.nextTimerID += 1
    self.state.timers[id] = .init(interval: interval, next: .now + interval, handler: handler)
    return id
  }

  /// Cancels a timer. Loop thread only.
  package func cancelTimer(_ id: Int) {
    self.state.timers[id] = nil
  }

  // MARK: The loop

  private func run() {
    var items: [zmq_pollitem_t] = []
    var handlers: [ObjectIdentifier] = []
    while true {
      // Work submitted from other threads.
      let (work, stopping) = self.inbox.withLock { inbox in
        let work = inbox.work
        inbox.work.removeAll(keepingCapacity: true)
        return (work, inbox.stopping)
      }
      for item in work { item() }
      if stopping { break }

      // Due timers.
      let now = ContinuousClock.now
      var nextDue: ContinuousClock.Instant? = nil
      for id in self.state.timers.keys.sorted() {
        guard var timer = self.state.timers[id] else { continue }
        if timer.next <= now {
          timer.next = now + timer.interval
          self.state.timers[id] = timer
          timer.handler()
        }
        if let still = self.state.timers[id], nextDue.map({ still.next < $0 }) ?? true {
          nextDue = still.next
        }
      }
      // Sleep only with an empty inbox; from here on, new work wakes the eventfd.
      let maySleep = self.inbox.withLock { inbox -> Bool in
        guard inbox.work.isEmpty, !inbox.stopping else { return false }
        inbox.sleeping = true
        return true
      }
      if !maySleep { continue }

      // Poll the sockets and the wake-up fd.
      items.removeAll(keepingCapacity: true)
      handlers.removeAll(keepingCapacity: true)
      items.append(zmq_pollitem_t(socket: nil, fd: self.wakeFD, events: Int16(ZMQ_POLLIN), revents: 0))
      for (id, registration) in self.state.registrations {
        items.append(zmq_pollitem_t(socket: registration.socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        handlers.append(id)
      }
      var timeout: Int = -1
      if let nextDue {
        let wait = max(.zero, ContinuousClock.now.duration(to: nextDue))
        let (seconds, attoseconds) = wait.components
        timeout = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
      }
      let count = zmq_poll(&items, Int32(items.count), timeout)
      self.inbox.withLock { inbox in
        inbox.sleeping = false
        inbox.wakePending = false
      }
      if count < 0 {
        if zmq_errno() == EINTR { continue }
        if zmq_errno() == ETERM { break }
        continue
      }
      if items[0].revents != 0 {
        var value: UInt64 = 0
        _ = read(self.wakeFD, &value, 8)
      }
      for (index, id) in handlers.enumerated() where items[index + 1].revents != 0 {
        self.state.registrations[id]?.onReadable()
      }
    }
    for registration in self.state.registrations.values {
      registration.socket.close()
    }
    self.state.registrations.removeAll()
    self.state.timers.removeAll()
    let waiters = self.finished.withLock { waiters in
      let current = waiters ?? []
      waiters = nil
      return current
    }
    for waiter in waiters { waiter.resume() }
  }
}
