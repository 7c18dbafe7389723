package import SQLKit

/// One step of a database's schema, applied once, in order of `version`.
package struct Migration: Sendable {
  /// 1, 2, 3 … per service; the shared tables use versions from 1000 in their own sequence.
  package var version: Int
  package var name: String
  package var apply: @Sendable (any SQLDatabase) async throws -> Void

  package init(version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
    self.version = version
    self.name = name
    self.apply = apply
  }

  /// The tables every service has: idempotency records, the event outbox, consumer checkpoints.
  static let shared: [Migration] = [
    Migration(version: 1_000, name: "shared: idempotency, outbox, checkpoints") { database in
      try await database.create(table: "yimen_idempotency")
        .column("request_id", type: .text, .primaryKey(autoIncrement: false))
        .column("method", type: .text, .notNull)
        .column("request_digest", type: .text, .notNull)
        .column("response", type: .blob, .notNull)
        .column("created_at_ms", type: .bigint, .notNull)
        .run()
      try await database.create(table: "yimen_outbox")
        .column("sequence", type: .bigint, .primaryKey(autoIncrement: true))
        .column("type", type: .text, .notNull)
        .column("subject", type: .text, .notNull)
        .column("occurred_at_ms", type: .bigint, .notNull)
        .column("payload_type", type: .text, .notNull)
        .column("payload", type: .blob, .notNull)
        .run()
      try await database.create(table: "yimen_checkpoints")
        .column("consumer", type: .text, .primaryKey(autoIncrement: false))
        .column("sequence", type: .bigint, .notNull)
        .run()
    }
  ]
}

/// Applies pending migrations at start-up, in one transaction each.
struct Migrator {
  let store: Store
  let migrations: [Migration]

  func run() async throws {
    let database = self.store.writerSQL
    try await database.create(table: "yimen_schema")
      .ifNotExists()
      .column("version", type: .bigint, .primaryKey(autoIncrement: false))
      .column("name", type: .text, .notNull)
      .run()
    let applied = Set(
      try await database.raw("SELECT version FROM yimen_schema").all().map {
        try $0.decode(column: "version", as: Int.self)
      }
    )
    let known = Set(self.migrations.map(\.version))
    if let unknown = applied.subtracting(known).sorted().last {
      throw StoreError(
        "The database '\(self.store.path)' has schema version \(unknown), which this build does not know: it was "
          + "written by a newer version of Yimen. Run that version, or restore a backup made for this one."
      )
    }
    for migration in self.migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version)
    {
      try await self.store.write { database in
        // Another process sharing the file may have applied it since the check above.
        let done = try await database.select().column("version").from("yimen_schema")
          .where("version", .equal, SQLBind(migration.version)).first()
        if done != nil { return }
        try await migration.apply(database)
        try await database.insert(into: "yimen_schema")
          .columns("version", "name")
          .values(SQLBind(migration.version), SQLBind(migration.name))
          .run()
      }
    }
  }
}
