import Foundation
package import GRPCCore
import GRPCProtobuf
package import SQLKit
import SwiftProtobuf
package import YimenCalendar
package import YimenProtos
package import YimenRuntime
package import YimenStorage

/// The matters domain over its database: every rule of matters.proto, with no sockets in
/// sight. The gRPC handler decodes, calls one method here, and encodes.
package struct MattersCatalog: Sendable {
  package let store: Store
  package let calendar: WorkingDayCalendar
  /// Today in Asia/Shanghai (a parameter so that tests can choose the day).
  package let today: @Sendable () -> LocalDate

  /// Guides published more than this many working days after their recorded change are late (§8).
  package static let guideChangeLimit = 3

  package init(
    store: Store,
    calendar: WorkingDayCalendar,
    today: @escaping @Sendable () -> LocalDate = { LocalDate.today() }
  ) {
    self.store = store
    self.calendar = calendar
    self.today = today
  }

  typealias Matter = Yimen_Matters_V1_Matter
  typealias Document = Yimen_Matters_V1_DocumentVersion
  typealias Kind = Yimen_Matters_V1_DocumentKind

  // MARK: Reading

  /// The public catalogue, filtered and paged; secret matters only for those who may see them.
  package func search(_ request: Yimen_Matters_V1_SearchMattersRequest, as principal: Principal) async throws
    -> Yimen_Matters_V1_SearchMattersResponse
  {
    var violations = FieldViolations()
    let pageSize = request.pageSize == 0 ? 50 : Int(request.pageSize)
    violations.check(pageSize <= 200, "page_size", "At most 200.")
    let offset = request.pageToken.isEmpty ? 0 : Int(request.pageToken) ?? -1
    violations.check(offset >= 0, "page_token", "Use the next_page_token of the previous page.")
    violations.check(request.query.count <= 100, "query", "At most 100 characters.")
    try violations.throwIfAny()

    return try await self.store.read { database in
      func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query.from("matters")
        if !request.query.isEmpty {
          let pattern = "%" + Self.escapeLike(request.query) + "%"
          // ESCAPE makes \% and \_ literal (SQLite has no default escape); LOWER matches
          // PostgreSQL's case-sensitive LIKE to SQLite's.
          query = query.where(group: { group in
            group.where(SQLQueryString("LOWER(name) LIKE LOWER(\(bind: pattern)) ESCAPE '\\'"))
              .orWhere(SQLQueryString("LOWER(code) LIKE LOWER(\(bind: pattern)) ESCAPE '\\'"))
          })
        }
        if request.type != .unspecified { query = query.where("type", .equal, SQLBind(request.type.rawValue)) }
        if !request.department.isEmpty { query = query.where("department", .equal, SQLBind(request.department)) }
        if request.entryStatus != .unspecified {
          query = query.where("entry_status", .equal, SQLBind(request.entryStatus.rawValue))
        }
        if !principal.isCentre {
          let department =
            principal.actsFor(principal.department ?? "") ? principal.department ?? "" : ""
          query = query.where(group: { group in
            group.where("secret", .equal, SQLBind(0)).orWhere("department", .equal, SQLBind(department))
          })
        }
        return query
      }
      let total =
        try await filtered(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total"))
        .first()?.decode(column: "total", as: Int.self) ?? 0
      let rows = try await filtered(database.select().column("data")).orderBy("code").limit(pageSize).offset(offset)
        .all()
      var response = Yimen_Matters_V1_SearchMattersResponse()
      response.matters = try rows.map { try $0.message(Matter.self) }
      response.total = UInt32(total)
      if offset + rows.count < total { response.nextPageToken = String(offset + rows.count) }
      return response
    }
  }

  /// A matter with its published documents.
  package func detail(code: String, as principal: Principal) async throws -> Yimen_Matters_V1_MatterDetail {
    try await self.store.read { database in
      let matter = try await Self.visibleMatter(code, as: principal, in: database)
      var detail = Yimen_Matters_V1_MatterDetail()
      detail.matter = matter
      if let guide = try await Self.document(code, .guide, status: .published, in: database) { detail.guide = guide }
      if let handbook = try await Self.document(code, .handbook, status: .published, in: database) {
        detail.handbookSteps = handbook.handbook.steps.map(\.name)
        detail.handbookVersion = handbook.version
      }
      if let list = try await Self.document(code, .intermediaries, status: .published, in: database) {
        detail.intermediaries = list.intermediaries
      }
      return detail
    }
  }

  /// One version of a document; version 0 is the published one. Drafts and the full handbook
  /// are for the matter's department and the centre only.
  package func document(code: String, kind: Yimen_Matters_V1_DocumentKind, version: UInt32, as principal: Principal)
    async throws -> Yimen_Matters_V1_DocumentVersion
  {
    try Self.requireKind(kind)
    return try await self.store.read { database in
      let matter = try await Self.visibleMatter(code, as: principal, in: database)
      let insider = MattersPolicy.canReadInternal(matter, as: principal)
      try MattersPolicy.requireHandbookAccess(kind, insider: insider)
      let found =
        version == 0
        ? try await Self.document(code, kind, status: .published, in: database)
        : try await Self.document(code, kind, version: version, in: database)
      guard let document = found, document.status != .draft || insider else {
        throw RPCError(
          code: .notFound,
          message: version == 0
            ? "\(code) has no published \(Self.name(kind))." : "\(code) has no \(Self.name(kind)) version \(version)."
        )
      }
      return document
    }
  }

  /// Every version of a document, newest first (drafts only for insiders).
  package func versions(code: String, kind: Yimen_Matters_V1_DocumentKind, as principal: Principal) async throws
    -> [Yimen_Matters_V1_DocumentVersion]
  {
    try Self.requireKind(kind)
    return try await self.store.read { database in
      let matter = try await Self.visibleMatter(code, as: principal, in: database)
      let insider = MattersPolicy.canReadInternal(matter, as: principal)
      try MattersPolicy.requireHandbookAccess(kind, insider: insider)
      let rows = try await database.select().column("data").from("documents")
        .where("matter_code", .equal, SQLBind(code)).where("kind", .equal, SQLBind(kind.rawValue))
        .orderBy("version", .descending).all()
      return try rows.map { try $0.message(Document.self) }
        .filter { $0.status != .draft || insider }
    }
  }

  // MARK: Changing

  /// Adds a matter, entered in the hall.
  package func create(_ input: Yimen_Matters_V1_Matter, as principal: Principal) async throws -> Yimen_Matters_V1_Matter
  {
    var violations = FieldViolations()
    MatterValidation.check(input, into: &violations)
    try violations.throwIfAny("The matter is not valid")
    try MattersPolicy.requireEdit(department: input.department, as: principal)
    return try await self.store.write { database in
      if try await Self.matter(input.code, in: database) != nil {
        throw RPCError(code: .alreadyExists, message: "A matter with code \(input.code) already exists.")
      }
      var matter = input
      matter.entryStatus = .entered
      matter.publishedGuideVersion = 0
      matter.createdAtMs = Clock.nowMilliseconds
      matter.updatedAtMs = matter.createdAtMs
      try await Self.save(matter, new: true, in: database)
      try await Store.append(type: "matters.matter.created", subject: matter.code, payload: matter, in: database)
      return matter
    }
  }

  /// Changes a matter's descriptive fields; its code, entry status and history stay.
  package func update(_ input: Yimen_Matters_V1_Matter, as principal: Principal) async throws -> Yimen_Matters_V1_Matter
  {
    var violations = FieldViolations()
    MatterValidation.check(input, into: &violations)
    try violations.throwIfAny("The matter is not valid")
    return try await self.store.write { database in
      let existing = try await Self.visibleMatter(input.code, as: principal, in: database)
      try MattersPolicy.requireEdit(department: existing.department, as: principal)
      if existing.department != input.department {
        try principal.requireManagement(to: "move a matter to another department")
      }
      var matter = input
      matter.entryStatus = existing.entryStatus
      matter.publishedGuideVersion = existing.publishedGuideVersion
      matter.createdAtMs = existing.createdAtMs
      matter.updatedAtMs = Clock.nowMilliseconds
      try await Self.save(matter, new: false, in: database)
      try await Store.append(type: "matters.matter.changed", subject: matter.code, payload: matter, in: database)
      return matter
    }
  }

  /// Saves the draft of a document, replacing an earlier draft of the same kind.
  package func saveDraft(_ request: Yimen_Matters_V1_SaveDraftRequest, as principal: Principal) async throws
    -> Yimen_Matters_V1_DocumentVersion
  {
    var violations = FieldViolations()
    let kind: Kind
    switch request.body {
    case .guide(let guide):
      kind = .guide
      MatterValidation.check(guide, into: &violations)
    case .handbook(let handbook):
      kind = .handbook
      MatterValidation.check(handbook, into: &violations)
    case .intermediaries(let list):
      kind = .intermediaries
      MatterValidation.check(list, into: &violations)
    case nil:
      throw FieldViolations.single(field: "body", "Give a guide, a handbook or intermediaries.")
    }
    try violations.throwIfAny("The draft is not valid")
    return try await self.store.write { database in
      let matter = try await Self.visibleMatter(request.matterCode, as: principal, in: database)
      try MattersPolicy.requireEdit(department: matter.department, as: principal)
      var draft =
        try await Self.document(matter.code, kind, status: .draft, in: database)
        ?? {
          var draft = Document()
          draft.matterCode = matter.code
          draft.kind = kind
          draft.status = .draft
          return draft
        }()
      if draft.version == 0 {
        draft.version = try await Self.latestVersion(matter.code, kind, in: database) + 1
      }
      switch request.body {
      case .guide(let guide): draft.guide = guide
      case .handbook(let handbook): draft.handbook = handbook
      case .intermediaries(let list): draft.intermediaries = list
      case nil: break
      }
      draft.createdAtMs = Clock.nowMilliseconds
      draft.createdBy = principal.id
      try await Self.save(draft, in: database)
      return draft
    }
  }

  /// Publishes the draft of a document; the published version before it becomes SUPERSEDED.
  /// A guide published more than 3 working days after its recorded change is late (§8).
  package func publish(code: String, kind: Yimen_Matters_V1_DocumentKind, as principal: Principal) async throws
    -> Yimen_Matters_V1_DocumentVersion
  {
    try Self.requireKind(kind)
    try principal.requireManagement(to: "publish a \(Self.name(kind))")
    let today = self.today()
    return try await self.store.write { database in
      var matter = try await Self.visibleMatter(code, as: principal, in: database)
      guard var draft = try await Self.document(code, kind, status: .draft, in: database) else {
        throw RPCError(
          code: .failedPrecondition,
          message: "\(code) has no \(Self.name(kind)) draft to publish: save one first."
        )
      }
      if var previous = try await Self.document(code, kind, status: .published, in: database) {
        previous.status = .superseded
        try await Self.save(previous, in: database)
      }
      draft.status = .published
      draft.publishedAtMs = Clock.nowMilliseconds
      draft.publishedBy = principal.id
      if kind == .guide,
        let change = try await database.select().columns("id", "changed_on").from("guide_changes")
          .where("matter_code", .equal, SQLBind(code)).where("published_version", .equal, SQLBind(0))
          .orderBy("changed_on").first()
      {
        let changedOn = try LocalDate(parsing: try change.decode(column: "changed_on", as: String.self))
        let days = Swift.max(0, self.calendar.workingDays(between: changedOn, and: today))
        draft.changedOn = changedOn.description
        draft.workingDaysToPublish = UInt32(days)
        draft.late = days > Self.guideChangeLimit
        try await database.update("guide_changes").set("published_version", to: SQLBind(Int(draft.version)))
          .where("matter_code", .equal, SQLBind(code)).where("published_version", .equal, SQLBind(0)).run()
      }
      try await Self.save(draft, in: database)
      if kind == .guide {
        matter.publishedGuideVersion = draft.version
        matter.updatedAtMs = Clock.nowMilliseconds
        try await Self.save(matter, new: false, in: database)
      }
      try await Store.append(type: "matters.document.published", subject: code, payload: draft, in: database)
      if draft.late {
        try await Store.append(type: "matters.guide.late", subject: code, payload: draft, in: database)
      }
      return draft
    }
  }

  /// Records the day a guide changed; its next publication is measured against it.
  package func recordGuideChange(_ request: Yimen_Matters_V1_RecordGuideChangeRequest, as principal: Principal)
    async throws
    -> Yimen_Matters_V1_GuideChange
  {
    var violations = FieldViolations()
    let changedOn = try? LocalDate(parsing: request.changedOn)
    violations.check(changedOn != nil, "changed_on", "A date as YYYY-MM-DD.")
    if let changedOn { violations.check(changedOn <= self.today(), "changed_on", "Not in the future.") }
    MatterValidation.text(request.summary, "summary", range: 1...500, into: &violations)
    try violations.throwIfAny("The change is not valid")
    guard let changedOn else { throw RPCError(code: .internalError, message: "unreachable") }
    return try await self.store.write { database in
      let matter = try await Self.visibleMatter(request.matterCode, as: principal, in: database)
      try MattersPolicy.requireEdit(department: matter.department, as: principal)
      try await database.insert(into: "guide_changes")
        .columns("matter_code", "changed_on", "summary", "recorded_at_ms", "published_version")
        .values(
          SQLBind(matter.code),
          SQLBind(changedOn.description),
          SQLBind(request.summary),
          SQLBind(Clock.nowMilliseconds),
          SQLBind(0)
        )
        .run()
      var change = Yimen_Matters_V1_GuideChange()
      change.matterCode = matter.code
      change.changedOn = changedOn.description
      change.summary = request.summary
      let days = try WorkingDays(days: Self.guideChangeLimit)
      change.publishBy = self.calendar.addWorkingDays(to: changedOn, days).date.description
      return change
    }
  }

  // MARK: Entry requests (§7)

  /// A department's written request about a matter's entry in the hall.
  package func submitEntryRequest(_ request: Yimen_Matters_V1_SubmitEntryRequestRequest, as principal: Principal)
    async throws
    -> Yimen_Matters_V1_EntryRequest
  {
    var violations = FieldViolations()
    violations.check(
      MatterValidation.isKnown(request.kind),
      "kind",
      "Choose NON_ENTRY, CHANGE, CANCELLATION or WITHDRAWAL."
    )
    violations.check(
      MatterValidation.isKnown(request.reasonCategory),
      "reason_category",
      "Choose SECRECY, SPACE or OTHER."
    )
    MatterValidation.text(request.reason, "reason", range: 5...2_000, into: &violations)
    try violations.throwIfAny("The entry request is not valid")
    return try await self.store.write { database in
      let matter = try await Self.visibleMatter(request.matterCode, as: principal, in: database)
      try MattersPolicy.requireEdit(department: matter.department, as: principal)
      let pending = try await database.select().column("seq").from("entry_requests")
        .where("matter_code", .equal, SQLBind(matter.code))
        .where("status", .equal, SQLBind(Yimen_Matters_V1_EntryRequestStatus.pending.rawValue)).first()
      if pending != nil {
        throw RPCError(
          code: .failedPrecondition,
          message: "\(matter.code) already has a pending entry request; wait for its review."
        )
      }
      let allowed: Set<Yimen_Matters_V1_EntryStatus> =
        switch request.kind {
        case .nonEntry, .change, .withdrawal: [.entered]
        case .cancellation: [.entered, .notEntered, .withdrawn]
        default: []
        }
      guard allowed.contains(matter.entryStatus) else {
        throw RPCError(
          code: .failedPrecondition,
          message: "A \(request.kind) request does not apply to a matter whose entry status is \(matter.entryStatus)."
        )
      }
      var entry = Yimen_Matters_V1_EntryRequest()
      entry.matterCode = matter.code
      entry.kind = request.kind
      entry.reasonCategory = request.reasonCategory
      entry.reason = request.reason
      entry.requestedBy = principal.id
      entry.requestedAtMs = Clock.nowMilliseconds
      entry.status = .pending
      let row = try await database.insert(into: "entry_requests")
        .columns("matter_code", "department", "status", "data")
        .values(SQLBind(matter.code), SQLBind(matter.department), SQLBind(entry.status.rawValue), SQLBind(Data()))
        .returning("seq").first()
      let seq = try row?.decode(column: "seq", as: Int.self) ?? 0
      entry.id = String(format: "ER-%06d", seq)
      try await Self.save(entry, seq: seq, in: database)
      try await Store.append(type: "matters.entry_request.submitted", subject: entry.id, payload: entry, in: database)
      return entry
    }
  }

  /// The centre's decision on an entry request; an approval changes the matter's entry status.
  package func reviewEntryRequest(_ request: Yimen_Matters_V1_ReviewEntryRequestRequest, as principal: Principal)
    async throws
    -> Yimen_Matters_V1_EntryRequest
  {
    try principal.requireManagement(to: "review entry requests")
    var violations = FieldViolations()
    let seq = Self.entrySequence(request.entryRequestID)
    violations.check(seq != nil, "entry_request_id", "An id like ER-000012.")
    MatterValidation.text(request.opinion, "opinion", range: 2...2_000, into: &violations)
    try violations.throwIfAny("The review is not valid")
    return try await self.store.write { database in
      guard let seq,
        let row = try await database.select().column("data").from("entry_requests").where("seq", .equal, SQLBind(seq))
          .first()
      else {
        throw RPCError(code: .notFound, message: "No entry request \(request.entryRequestID).")
      }
      var entry = try row.message(Yimen_Matters_V1_EntryRequest.self)
      guard entry.status == .pending else {
        throw RPCError(
          code: .failedPrecondition,
          message: "\(entry.id) was already \(entry.status == .approved ? "approved" : "rejected")."
        )
      }
      entry.status = request.approve ? .approved : .rejected
      entry.reviewedBy = principal.id
      entry.opinion = request.opinion
      entry.reviewedAtMs = Clock.nowMilliseconds
      try await Self.save(entry, seq: seq, in: database)
      if request.approve, var matter = try await Self.matter(entry.matterCode, in: database) {
        let status: Yimen_Matters_V1_EntryStatus? =
          switch entry.kind {
          case .nonEntry: .notEntered
          case .withdrawal: .withdrawn
          case .cancellation: .cancelled
          default: nil
          }
        if let status, status != matter.entryStatus {
          matter.entryStatus = status
          matter.updatedAtMs = Clock.nowMilliseconds
          try await Self.save(matter, new: false, in: database)
          try await Store.append(type: "matters.matter.changed", subject: matter.code, payload: matter, in: database)
        }
      }
      try await Store.append(type: "matters.entry_request.decided", subject: entry.id, payload: entry, in: database)
      return entry
    }
  }

  /// Entry requests: a department's own, or all for the centre.
  package func entryRequests(_ request: Yimen_Matters_V1_ListEntryRequestsRequest, as principal: Principal) async throws
    -> [Yimen_Matters_V1_EntryRequest]
  {
    try principal.requireSignedIn(to: "list entry requests")
    return try await self.store.read { database in
      var query = database.select().column("data").from("entry_requests")
      if !request.matterCode.isEmpty { query = query.where("matter_code", .equal, SQLBind(request.matterCode)) }
      if request.status != .unspecified { query = query.where("status", .equal, SQLBind(request.status.rawValue)) }
      if !principal.isCentre {
        query = query.where("department", .equal, SQLBind(principal.department ?? ""))
      }
      return try await query.orderBy("seq").all().map {
        try $0.message(Yimen_Matters_V1_EntryRequest.self)
      }
    }
  }

  // MARK: Rows

  static func matter(_ code: String, in database: any SQLDatabase) async throws -> Matter? {
    guard
      let row = try await database.select().column("data").from("matters").where("code", .equal, SQLBind(code)).first()
    else {
      return nil
    }
    return try row.message(Matter.self)
  }

  /// The matter, or NOT_FOUND — also for a secret matter the caller may not see.
  static func visibleMatter(_ code: String, as principal: Principal, in database: any SQLDatabase) async throws
    -> Matter
  {
    guard let matter = try await Self.matter(code, in: database), MattersPolicy.canSee(matter, as: principal) else {
      throw RPCError(code: .notFound, message: "No matter with code '\(code)'.")
    }
    return matter
  }

  static func save(_ matter: Matter, new: Bool, in database: any SQLDatabase) async throws {
    let data: Data = try matter.serializedBytes()
    if new {
      try await database.insert(into: "matters")
        .columns("code", "name", "type", "department", "entry_status", "secret", "data")
        .values(
          SQLBind(matter.code),
          SQLBind(matter.name),
          SQLBind(matter.type.rawValue),
          SQLBind(matter.department),
          SQLBind(matter.entryStatus.rawValue),
          SQLBind(matter.secret ? 1 : 0),
          SQLBind(data)
        )
        .run()
    } else {
      try await database.update("matters")
        .set("name", to: SQLBind(matter.name)).set("type", to: SQLBind(matter.type.rawValue))
        .set("department", to: SQLBind(matter.department)).set("entry_status", to: SQLBind(matter.entryStatus.rawValue))
        .set("secret", to: SQLBind(matter.secret ? 1 : 0)).set("data", to: SQLBind(data))
        .where("code", .equal, SQLBind(matter.code))
        .run()
    }
  }

  static func document(
    _ code: String,
    _ kind: Kind,
    status: Yimen_Matters_V1_VersionStatus,
    in database: any SQLDatabase
  )
    async throws -> Document?
  {
    let row = try await database.select().column("data").from("documents")
      .where("matter_code", .equal, SQLBind(code)).where("kind", .equal, SQLBind(kind.rawValue))
      .where("status", .equal, SQLBind(status.rawValue)).orderBy("version", .descending).first()
    return try row.map { try $0.message(Document.self) }
  }

  static func document(_ code: String, _ kind: Kind, version: UInt32, in database: any SQLDatabase) async throws
    -> Document?
  {
    let row = try await database.select().column("data").from("documents")
      .where("matter_code", .equal, SQLBind(code)).where("kind", .equal, SQLBind(kind.rawValue))
      .where("version", .equal, SQLBind(Int(version))).first()
    return try row.map { try $0.message(Document.self) }
  }

  static func latestVersion(_ code: String, _ kind: Kind, in database: any SQLDatabase) async throws -> UInt32 {
    let row = try await database.select().column(SQLFunction("MAX", args: SQLIdentifier("version")), as: "latest").from(
      "documents"
    )
    .where("matter_code", .equal, SQLBind(code)).where("kind", .equal, SQLBind(kind.rawValue)).first()
    return UInt32(try row?.decode(column: "latest", as: Int?.self) ?? 0)
  }

  static func save(_ document: Document, in database: any SQLDatabase) async throws {
    let data: Data = try document.serializedBytes()
    try await database.raw(
      """
      INSERT INTO documents (matter_code, kind, version, status, data)
      VALUES (\(bind: document.matterCode), \(bind: document.kind.rawValue), \(bind: Int(document.version)), \(bind: document.status.rawValue), \(bind: data))
      ON CONFLICT (matter_code, kind, version) DO UPDATE SET status = excluded.status, data = excluded.data
      """
    ).run()
  }

  static func save(_ entry: Yimen_Matters_V1_EntryRequest, seq: Int, in database: any SQLDatabase) async throws {
    let data: Data = try entry.serializedBytes()
    try await database.update("entry_requests").set("status", to: SQLBind(entry.status.rawValue)).set(
      "data",
      to: SQLBind(data)
    )
    .where("seq", .equal, SQLBind(seq)).run()
  }

  static func entrySequence(_ id: String) -> Int? {
    guard id.hasPrefix("ER-"), let seq = Int(id.dropFirst(3)), seq > 0 else { return nil }
    return seq
  }

  static func requireKind(_ kind: Kind) throws(GoogleRPCStatus) {
    guard MatterValidation.isKnown(kind) else {
      throw FieldViolations.single(field: "kind", "Choose GUIDE, HANDBOOK or INTERMEDIARIES.")
    }
  }

  static func name(_ kind: Kind) -> String {
    switch kind {
    case .guide: "service guide"
    case .handbook: "review handbook"
    case .intermediaries: "intermediary-service list"
    default: "document"
    }
  }

  /// Escapes LIKE's wildcards so that a search for "50%" finds "50%".
  static func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
      of: "_",
      with: "\\_"
    )
  }
}
