import SQLKit
package import YimenStorage

/// The staffing database schema, in order. Append new migrations; never change applied ones.
///
/// Each row keeps its proto message in `data`; the other columns are for lookups. Who is on post
/// where lives only in `windows` (a window's A and B posts), so it cannot disagree with itself.
package enum StaffingMigrations {
  package static let all: [Migration] = [
    Migration(version: 1, name: "windows, staff, leave, chief terms, observations, visits, return notices") {
      database in
      try await database.create(table: "windows")
        .column("id", type: .text, .primaryKey(autoIncrement: false))
        .column("department", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(table: "staff")
        .column("id", type: .text, .primaryKey(autoIncrement: false))
        .column("department", type: .text, .notNull)
        .column("state", type: .int, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(index: "staff_department").on("staff").column("department").run()
      try await database.create(table: "leave")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("staff_id", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(index: "leave_staff").on("leave").column("staff_id").run()
      try await database.create(table: "chief_terms")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("department", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(table: "observations")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("department", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(table: "leader_visits")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("department", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(table: "return_notices")
        .column("id", type: .bigint, .primaryKey(autoIncrement: true))
        .column("department", type: .text, .notNull)
        .column("open", type: .int, .notNull)
        .column("overdue_reported", type: .int, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
    }
  ]
}
