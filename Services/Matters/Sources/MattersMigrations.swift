import SQLKit
package import YimenStorage

/// The matters database schema, in order. Append new migrations; never change applied ones.
package enum MattersMigrations {
  package static let all: [Migration] = [
    Migration(version: 1, name: "matters, documents, guide changes, entry requests") { database in
      try await database.create(table: "matters")
        .column("code", type: .text, .primaryKey(autoIncrement: false))
        .column("name", type: .text, .notNull)
        .column("type", type: .int, .notNull)
        .column("department", type: .text, .notNull)
        .column("entry_status", type: .int, .notNull)
        .column("secret", type: .int, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(index: "matters_department").on("matters").column("department").run()
      try await database.create(table: "documents")
        .column("matter_code", type: .text, .notNull)
        .column("kind", type: .int, .notNull)
        .column("version", type: .int, .notNull)
        .column("status", type: .int, .notNull)
        .column("data", type: .blob, .notNull)
        .primaryKey("matter_code", "kind", "version")
        .run()
      try await database.create(table: "guide_changes")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("matter_code", type: .text, .notNull)
        .column("changed_on", type: .text, .notNull)
        .column("summary", type: .text, .notNull)
        .column("recorded_at_ms", type: .bigint, .notNull)
        .column("published_version", type: .int, .notNull)
        .run()
      try await database.create(table: "entry_requests")
        .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
        .column("matter_code", type: .text, .notNull)
        .column("department", type: .text, .notNull)
        .column("status", type: .int, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
    }
  ]
}
