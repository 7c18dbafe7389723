import SQLKit
package import YimenStorage

/// The cases database schema, in order. Append new migrations; never change applied ones.
///
/// Each row keeps its proto message in `data`; the other columns are for lookups. `open` marks cases
/// accepted or waiting for a supplement and not yet decided (`CaseState.isUnderDeadline`), which the
/// deadline check reads.
package enum CasesMigrations {
  package static let all: [Migration] = [
    Migration(version: 1, name: "cases, joint cases, numbering, applicants' materials") { database in
      try await database.create(table: "cases")
        .column("number", type: .text, .primaryKey(autoIncrement: false))
        .column("department", type: .text, .notNull)
        .column("matter_code", type: .text, .notNull)
        .column("state", type: .int, .notNull)
        .column("window_id", type: .text, .notNull)
        .column("joint_number", type: .text, .notNull)
        .column("open", type: .int, .notNull)
        .column("warned", type: .int, .notNull, .default(0))
        .column("overdue_reported", type: .int, .notNull, .default(0))
        .column("data", type: .blob, .notNull)
        .run()
      try await database.create(index: "cases_department").on("cases").column("department").column("number").run()
      try await database.create(index: "cases_open").on("cases").column("open").run()
      try await database.create(table: "case_sequences")
        .column("day", type: .text, .primaryKey(autoIncrement: false))
        .column("last", type: .int, .notNull)
        .run()
      try await database.create(table: "applicant_materials")
        .column("id_number", type: .text, .notNull)
        .column("material", type: .text, .notNull)
        .column("case_number", type: .text, .notNull)
        .primaryKey("id_number", "material")
        .run()
      try await database.create(table: "joint_cases")
        .column("number", type: .text, .primaryKey(autoIncrement: false))
        .column("lead_department", type: .text, .notNull)
        .column("data", type: .blob, .notNull)
        .run()
    },
    Migration(version: 2, name: "an index on the state, for the deadline check") { database in
      try await database.create(index: "cases_state").on("cases").column("state").run()
    },
  ]
}
