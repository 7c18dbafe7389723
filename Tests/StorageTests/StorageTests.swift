import Foundation
import GRPCCore
import GRPCProtobuf
import Logging
import SQLKit
import SwiftProtobuf
import Testing
import YimenProtos
import YimenStorage

/// A store in a fresh temporary directory (a real SQLite file).
func temporaryStore(migrations: [Migration] = []) async throws -> Store {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-store-\(UUID().uuidString)")
  return try await Store.open(
    directory: directory.path,
    name: "test",
    migrations: migrations,
    logger: Logger(label: "test")
  )
}

let notes = Migration(version: 1, name: "notes") { database in
  try await database.create(table: "notes").column("text", type: .text, .notNull).run()
}

@Suite("Storage: migrations, idempotency, outbox, consumers", .timeLimit(.minutes(1)))
struct StorageTests {
  @Test("migrations run once; a database from a newer build is refused with a clear message")
  func migrations() async throws {
    let store = try await temporaryStore(migrations: [notes])
    let directory = URL(fileURLWithPath: store.path).deletingLastPathComponent().path
    await store.close()
    // Opening again applies nothing new.
    let again = try await Store.open(
      directory: directory,
      name: "test",
      migrations: [notes],
      logger: Logger(label: "test")
    )
    try await again.write { database in
      try await database.raw("INSERT INTO yimen_schema (version, name) VALUES (99, 'from the future')").run()
    }
    await again.close()
    let error = await #expect(throws: StoreError.self) {
      try await Store.open(directory: directory, name: "test", migrations: [notes], logger: Logger(label: "test"))
    }
    #expect(error?.description.contains("schema version 99") == true)
    #expect(error?.description.contains("newer version") == true)
  }

  @Test("instances opening one new database at the same time all start (migrations apply once)")
  func concurrentMigrations() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-store-\(UUID().uuidString)")
      .path
    let stores = try await withThrowingTaskGroup(of: Store.self) { group in
      for _ in 0..<2 {
        group.addTask {
          try await Store.open(directory: directory, name: "shared", migrations: [notes], logger: Logger(label: "test"))
        }
      }
      return try await group.reduce(into: [Store]()) { $0.append($1) }
    }
    #expect(stores.count == 2)
    for store in stores { await store.close() }
  }

  @Test("waiting for a commit returns at the commit, or at the timeout when none comes")
  func commitWaits() async throws {
    let store = try await temporaryStore(migrations: [notes])
    defer { Task { await store.close() } }
    let started = ContinuousClock.now
    let generation = store.commitGeneration
    #expect(await store.waitForCommit(after: generation, timeout: .milliseconds(200)) == generation)
    #expect(started.duration(to: .now) >= .milliseconds(150), "an idle wait lasts its timeout")
    let waiter = Task { await store.waitForCommit(after: generation, timeout: .seconds(30)) }
    try await store.write { database in
      try await database.insert(into: "notes").columns("text").values(SQLBind("x")).run()
    }
    #expect(await waiter.value == generation + 1)
  }

  @Test("a transaction that throws leaves nothing behind")
  func rollback() async throws {
    let store = try await temporaryStore(migrations: [notes])
    defer { Task { await store.close() } }
    await #expect(throws: RPCError.self) {
      try await store.write { database in
        try await database.insert(into: "notes").columns("text").values(SQLBind("half")).run()
        throw RPCError(code: .aborted, message: "changed my mind")
      }
    }
    let count = try await store.read { database in
      try await database.raw("SELECT COUNT(*) AS n FROM notes").first()?.decode(column: "n", as: Int.self)
    }
    #expect(count == 0)
  }

  @Test("a write inside a write joins it: both commit together, or neither")
  func nestedWrites() async throws {
    let store = try await temporaryStore(migrations: [notes])
    defer { Task { await store.close() } }
    await #expect(throws: RPCError.self) {
      try await store.write { database in
        try await database.insert(into: "notes").columns("text").values(SQLBind("outer")).run()
        try await store.write { inner in
          try await inner.insert(into: "notes").columns("text").values(SQLBind("inner")).run()
        }
        throw RPCError(code: .aborted, message: "undo both")
      }
    }
    try await store.write { database in
      try await store.write { inner in
        try await inner.insert(into: "notes").columns("text").values(SQLBind("kept")).run()
      }
    }
    let texts = try await store.read { database in
      try await database.raw("SELECT text FROM notes").all().map { try $0.decode(column: "text", as: String.self) }
    }
    #expect(texts == ["kept"])
  }

  @Test("a repeated request id returns the first result and acts once; a different request with it is ALREADY_EXISTS")
  func idempotency() async throws {
    let store = try await temporaryStore(migrations: [notes])
    defer { Task { await store.close() } }
    let request = Yimen_Echo_V1_EchoRequest.with { $0.text = "once" }
    @Sendable func act() async throws -> Yimen_Echo_V1_EchoResponse {
      try await store.once(method: "Note", requestID: "r-1", caller: "c1", request: request) { database in
        try await database.insert(into: "notes").columns("text").values(SQLBind(request.text)).run()
        let count =
          try await database.raw("SELECT COUNT(*) AS n FROM notes").first()?.decode(column: "n", as: Int.self) ?? 0
        return .with { $0.text = "note \(count)" }
      }
    }
    let first = try await act()
    let second = try await act()
    #expect(first.text == "note 1")
    #expect(second == first)
    let error = await #expect(throws: RPCError.self) {
      try await store.once(
        method: "Note",
        requestID: "r-1",
        caller: "c1",
        request: Yimen_Echo_V1_EchoRequest.with { $0.text = "other" }
      ) { _ in
        Yimen_Echo_V1_EchoResponse()
      }
    }
    // Another caller's r-1 is its own.
    let other = try await store.once(method: "Note", requestID: "r-1", caller: "c2", request: request) { _ in
      Yimen_Echo_V1_EchoResponse.with { $0.text = "c2's" }
    }
    #expect(other.text == "c2's")
    #expect(error?.code == .alreadyExists)
    let missing = await #expect(throws: GoogleRPCStatus.self) {
      try await store.once(method: "Note", requestID: "", caller: "c1", request: request) { _ in
        Yimen_Echo_V1_EchoResponse()
      }
    }
    #expect(missing?.code == .invalidArgument)
  }

  @Test("events commit with their change, in order, and only then")
  func outbox() async throws {
    let store = try await temporaryStore()
    defer { Task { await store.close() } }
    for index in 1...3 {
      try await store.write { database in
        try await Store.append(
          type: "test.thing.made",
          subject: "t\(index)",
          payload: Yimen_Echo_V1_EchoRequest.with { $0.text = "\(index)" },
          in: database
        )
      }
    }
    await #expect(throws: RPCError.self) {
      try await store.write { database in
        try await Store.append(
          type: "test.thing.made",
          subject: "lost",
          payload: Yimen_Echo_V1_EchoRequest(),
          in: database
        )
        throw RPCError(code: .aborted, message: "no")
      }
    }
    let events = try await store.events(after: 0)
    #expect(events.map(\.subject) == ["t1", "t2", "t3"])
    #expect(events.map(\.sequence) == events.map(\.sequence).sorted())
    #expect(events[0].payloadType == "yimen.echo.v1.EchoRequest")
    #expect(try Yimen_Echo_V1_EchoRequest(serializedBytes: events[2].payload).text == "3")
    #expect(try await store.events(after: events[1].sequence).map(\.subject) == ["t3"])
    #expect(try await store.events(after: 0, types: ["other"]).isEmpty)
  }

  @Test("a consumer applies each event once, keeps its checkpoint, and skips repeats")
  func consumer() async throws {
    let source = try await temporaryStore()
    let sink = try await temporaryStore(migrations: [notes])
    defer {
      Task {
        await source.close()
        await sink.close()
      }
    }
    for index in 1...5 {
      try await source.write { database in
        try await Store.append(type: "test.n", subject: "\(index)", payload: Yimen_Echo_V1_EchoRequest(), in: database)
      }
    }
    let events = try await source.events(after: 0)
    let consumer = EventConsumer(
      name: "sink<-source",
      store: sink,
      logger: Logger(label: "test"),
      source: { _, _ in },
      handler: { event, database in
        try await database.insert(into: "notes").columns("text").values(SQLBind(event.subject)).run()
      }
    )
    for event in events.prefix(3) { try await consumer.apply(event) }
    #expect(try await consumer.checkpoint() == events[2].sequence)
    // A feed that resends from the start after a reconnect: repeats are skipped.
    var applied: [Bool] = []
    for event in events { applied.append(try await consumer.apply(event)) }
    #expect(applied == [false, false, false, true, true])
    let texts = try await sink.read { database in
      try await database.raw("SELECT text FROM notes").all().map { try $0.decode(column: "text", as: String.self) }
    }
    #expect(texts == ["1", "2", "3", "4", "5"])
  }
}
