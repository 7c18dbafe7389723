import Foundation
import GRPCCore
package import Logging
package import SQLKit
import SQLiteKit
import Synchronization

/// A service's database: one SQLite file (WAL mode) reached through SQLKit.
///
/// Writes run in transactions, one at a time per process (SQLite has one writer; several
/// processes sharing a file wait for each other through `busy_timeout`). Reads use a second
/// connection and see the last committed state. Queries are portable SQL so that a PostgreSQL
/// store can serve the same code.
package final class Store: Sendable {
  /// Where the file lives: `DATA/NAME.sqlite`.
  package let path: String
  private let writer: SQLiteConnection
  private let reader: SQLiteConnection
  private let writeLock = AsyncLock()
  private let readLock = AsyncLock()
  private let logger: Logger
  private let commits = CommitSignal()
  private let closed = Atomic<Bool>(false)

  private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
    self.path = path
    self.writer = writer
    self.reader = reader
    self.logger = logger
  }

  /// How hard a commit waits for the disk (`YIMEN_SQLITE_SYNCHRONOUS`).
  package enum Synchronous: String, Sendable {
    /// The default. In WAL mode a commit survives the process crashing or being killed at any moment,
    /// and the database is never corrupted; a power cut or an operating-system crash may lose the
    /// last commits. The write-ahead log is flushed at checkpoints, not at every commit.
    case normal = "NORMAL"
    /// Every commit is flushed to the disk before it returns: nothing committed is lost even to a
    /// power cut, at about a third of the write rate.
    case full = "FULL"
  }

  /// `YIMEN_SQLITE_SYNCHRONOUS`: `normal` (default) or `full`.
  package static var synchronous: Synchronous {
    ProcessInfo.processInfo.environment["YIMEN_SQLITE_SYNCHRONOUS"].flatMap { Synchronous(rawValue: $0.uppercased()) }
      ?? .normal
  }

  /// Opens (creating if needed) `DATA/NAME.sqlite` and applies `migrations`.
  ///
  /// - Throws: ``StoreError`` when the directory cannot be made, the file cannot be opened, or the
  ///   database was written by a newer version of the code (which this build must not touch).
  package static func open(
    directory: String,
    name: String,
    migrations: [Migration],
    logger: Logger
  ) async throws -> Store {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw StoreError("Cannot create the data directory '\(directory)': \(error.localizedDescription)")
    }
    let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name).sqlite").path
    let writer: SQLiteConnection
    let reader: SQLiteConnection
    do {
      writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
    } catch {
      throw StoreError("Cannot open the database '\(path)': \(error)")
    }
    do {
      reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
    } catch {
      try? await writer.close()
      throw StoreError("Cannot open the database '\(path)': \(error)")
    }
    let store = Store(path: path, writer: writer, reader: reader, logger: logger)
    do {
      // Instances starting together on a new file contend for it: switching to WAL and creating
      // tables can fail at once with SQLITE_BUSY (SQLite does not wait where waiting could
      // deadlock). Such a start is simply tried again, for up to 10 s.
      var attempt = 0
      while true {
        do {
          let pragmas = [
            "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
            "PRAGMA synchronous = \(Self.synchronous.rawValue)",
          ]
          for pragma in pragmas {
            try await store.writerSQL.raw(SQLQueryString(pragma)).run()
            try await store.readerSQL.raw(SQLQueryString(pragma)).run()
          }
          try await Migrator(store: store, migrations: migrations + Migration.shared).run()
          break
        } catch let error as SQLiteError where [.busy, .locked].contains(error.reason) && attempt < 100 {
          attempt += 1
          try await Task.sleep(for: .milliseconds(Int.random(in: 50...150)))
        }
      }
    } catch {
      await store.close()  // SQLiteNIO requires connections to be closed before they go
      throw error
    }
    return store
  }

  var writerSQL: any SQLDatabase { self.writer.sql(queryLogLevel: .trace) }
  var readerSQL: any SQLDatabase { self.reader.sql(queryLogLevel: .trace) }

  /// The store whose write transaction the current task is in, if any.
  @TaskLocal private static var transactionOwner: ObjectIdentifier?

  /// Runs `body` in a write transaction: everything it does commits together, or nothing does.
  ///
  /// A `write` inside another `write` of the same store (in the same task) joins the outer
  /// transaction, so that, say, an idempotency record and the change it guards commit together.
  package func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
    if Self.transactionOwner == ObjectIdentifier(self) {
      return try await body(self.writerSQL)
    }
    let result = try await self.writeLock.withLock {
      let database = self.writerSQL
      do {
        try await database.raw("BEGIN IMMEDIATE").run()
      } catch let error as SQLiteError where [.busy, .locked, .busyTimeout].contains(error.reason) {
        // Other processes held the database for the whole busy timeout: nothing happened, so the
        // caller may retry (UNAVAILABLE is what retry policies retry).
        throw RPCError(code: .unavailable, message: "The database is busy; retry shortly.", cause: error)
      }
      do {
        let result = try await Self.$transactionOwner.withValue(ObjectIdentifier(self)) { try await body(database) }
        try await database.raw("COMMIT").run()
        return result
      } catch {
        do {
          try await database.raw("ROLLBACK").run()
        } catch {
          self.logger.error("rollback failed", metadata: ["db.path": "\(self.path)", "error": "\(error)"])
        }
        throw error
      }
    }
    self.commits.signal()
    return result
  }

  /// The store whose read connection the current task holds, if any.
  @TaskLocal private static var readOwner: ObjectIdentifier?

  /// Runs `body` on the read connection (committed state only), one reader at a time: a SQLite
  /// connection is never used by two threads at once (SQLiteNIO may run two queries of one
  /// connection on two pool threads, and a row being read can then be pulled from under it).
  ///
  /// A `read` inside a `write` of the same store reads through the transaction (and sees its
  /// changes); a `read` inside a `read` shares the connection.
  package func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
    if Self.transactionOwner == ObjectIdentifier(self) {
      return try await body(self.writerSQL)
    }
    if Self.readOwner == ObjectIdentifier(self) {
      return try await body(self.readerSQL)
    }
    return try await self.readLock.withLock {
      try await Self.$readOwner.withValue(ObjectIdentifier(self)) { try await body(self.readerSQL) }
    }
  }

  /// Waits until this store commits after `generation` (see ``commitGeneration``), or until
  /// `timeout` passes, or the task is cancelled. Returns the generation seen last.
  ///
  /// Only commits made through this store are seen: callers that must see other processes'
  /// commits poll with the timeout as well.
  package func waitForCommit(after generation: UInt64, timeout: Duration) async -> UInt64 {
    await self.commits.wait(after: generation, timeout: timeout)
  }

  /// How many write transactions this store has committed.
  package var commitGeneration: UInt64 { self.commits.generation }

  /// Closes both connections.
  package func close() async {
    guard !self.closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
    self.commits.finish()
    try? await self.writer.close()
    try? await self.reader.close()
  }

  deinit {
    // A store dropped without close(): close its connections anyway (SQLiteNIO requires it);
    // each close keeps its connection alive until done.
    if !self.closed.exchange(true, ordering: .acquiringAndReleasing) {
      self.commits.finish()
      _ = self.writer.close()
      _ = self.reader.close()
    }
  }
}

/// Counts commits and wakes those waiting for the next one.
private final class CommitSignal: Sendable {
  private struct State {
    var generation: UInt64 = 0
    var nextWaiter = 0
    var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    /// Waiters whose timeout or cancellation came before they started waiting.
    var expired: Set<Int> = []
    var finished = false
  }

  private let state = Mutex(State())

  var generation: UInt64 { self.state.withLock { $0.generation } }

  func signal() {
    let waiters = self.state.withLock { state in
      state.generation &+= 1
      defer { state.waiters.removeAll() }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  func finish() {
    let waiters = self.state.withLock { state in
      state.finished = true
      defer { state.waiters.removeAll() }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Returns when the generation passes `after`, after `timeout`, on cancellation, or at finish.
  func wait(after: UInt64, timeout: Duration) async -> UInt64 {
    let id = self.state.withLock { state -> Int in
      defer { state.nextWaiter += 1 }
      return state.nextWaiter
    }
    let timer = Task {
      guard (try? await Task.sleep(for: timeout)) != nil else { return }
      self.resume(id)
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let ready = self.state.withLock { state -> Bool in
          if state.expired.remove(id) != nil || state.generation > after || state.finished { return true }
          state.waiters[id] = continuation
          return false
        }
        if ready { continuation.resume() }
      }
    } onCancel: {
      self.resume(id)
    }
    timer.cancel()
    return self.state.withLock { state in
      state.expired.remove(id)
      return state.generation
    }
  }

  private func resume(_ id: Int) {
    let waiter = self.state.withLock { state in
      guard let waiter = state.waiters.removeValue(forKey: id) else {
        state.expired.insert(id)
        return CheckedContinuation<Void, Never>?.none
      }
      return waiter
    }
    waiter?.resume()
  }
}

/// A storage failure with a message for operators.
package struct StoreError: Error, CustomStringConvertible {
  package var description: String

  package init(_ description: String) {
    self.description = description
  }
}
