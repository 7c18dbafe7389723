import Foundation
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
  private let logger: Logger
  private let commits = CommitSignal()
  private let closed = Atomic<Bool>(false)

  private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
    self.path = path
    self.writer = writer
    self.reader = reader
    self.logger = logger
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
      reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
    } catch {
      throw StoreError("Cannot open the database '\(path)': \(error)")
    }
    let store = Store(path: path, writer: writer, reader: reader, logger: logger)
    do {
      for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON"] {
        try await store.writerSQL.raw(SQLQueryString(pragma)).run()
        try await store.readerSQL.raw(SQLQueryString(pragma)).run()
      }
      try await Migrator(store: store, migrations: migrations + Migration.shared).run()
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
      try await database.raw("BEGIN IMMEDIATE").run()
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

  /// Runs `body` on the read connection (committed state only).
  package func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
    try await body(self.readerSQL)
  }

  /// A stream that yields after each commit made through this store (other processes' commits
  /// are not seen: callers that must see them poll as well).
  package func commitSignals() -> AsyncStream<Void> {
    self.commits.stream()
  }

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

/// Wakes the waiters of ``Store/commitSignals()``.
private final class CommitSignal: Sendable {
  private let watchers = Mutex<(next: Int, all: [Int: AsyncStream<Void>.Continuation], finished: Bool)>((0, [:], false))

  func stream() -> AsyncStream<Void> {
    let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    let id = self.watchers.withLock { watchers -> Int? in
      guard !watchers.finished else { return nil }
      let id = watchers.next
      watchers.next += 1
      watchers.all[id] = continuation
      return id
    }
    guard let id else {
      continuation.finish()
      return stream
    }
    continuation.onTermination = { [weak self] _ in
      self?.watchers.withLock { _ = $0.all.removeValue(forKey: id) }
    }
    return stream
  }

  func signal() {
    for continuation in self.watchers.withLock({ Array($0.all.values) }) { continuation.yield() }
  }

  func finish() {
    let all = self.watchers.withLock { watchers in
      watchers.finished = true
      defer { watchers.all.removeAll() }
      return Array(watchers.all.values)
    }
    for continuation in all { continuation.finish() }
  }
}

/// A storage failure with a message for operators.
package struct StoreError: Error, CustomStringConvertible {
  package var description: String

  package init(_ description: String) {
    self.description = description
  }
}
