import Foundation
import GRPCCore
import GRPCProtobuf
import Logging
import SwiftProtobuf
import Testing
import YimenCalendar
import YimenMatters
import YimenProtos
import YimenRuntime
import YimenStorage

let staff = Principal(id: "zhang", role: .staff, department: "市市场监督管理局")
let otherStaff = Principal(id: "wang", role: .staff, department: "市民政局")
let management = Principal(id: "li", role: .management)

func matter(_ code: String = "430500-XK-001", name: String = "食品经营许可", secret: Bool = false) -> Yimen_Matters_V1_Matter
{
  .with {
    $0.code = code
    $0.name = name
    $0.type = .licensing
    $0.department = "市市场监督管理局"
    $0.implementingBody = "邵阳市市场监督管理局"
    $0.legalBasis = "《中华人民共和国食品安全法》第三十五条"
    $0.level = .city
    $0.secret = secret
  }
}

func guide(promised: Double = 5, legal: Double = 20) -> Yimen_Matters_V1_ServiceGuide {
  .with {
    $0.acceptanceConditions = ["已取得营业执照"]
    $0.materials = [
      .with {
        $0.name = "申请书"; $0.form = .original; $0.copies = 1; $0.required = true
      }
    ]
    $0.legalLimitDays = legal
    $0.promisedLimitDays = promised
    $0.steps = [.with { $0.name = "受理" }, .with { $0.name = "决定" }]
    $0.place = "邵阳市政务服务中心"
    $0.hours = "工作日 9:00-17:00"
    $0.visits = 1
    $0.consultationPhone = "0739-5301101"
    $0.complaintPhone = "12345"
  }
}

/// A catalogue over a fresh SQLite file, with "today" fixed.
func catalog(today: LocalDate = try! LocalDate(parsing: "2026-03-02")) async throws -> MattersCatalog {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-matters-\(UUID().uuidString)")
  let store = try await Store.open(
    directory: directory.path,
    name: "matters",
    migrations: MattersMigrations.all,
    logger: Logger(label: "test")
  )
  return MattersCatalog(store: store, calendar: try WorkingDayCalendar.bundled(), today: { today })
}

func draftRequest(_ code: String, _ guide: Yimen_Matters_V1_ServiceGuide) -> Yimen_Matters_V1_SaveDraftRequest {
  .with {
    $0.matterCode = code
    $0.guide = guide
  }
}

@Suite("Matters: validation")
struct MatterValidationTests {
  @Test(
    "matter codes",
    arguments: [
      ("430500-XK-001", true), ("430500-GG-0123", true), ("43050-XK-001", false), ("430500-xk-001", false),
      ("430500-XK-1", false), ("430500XK001", false),
    ]
  )
  func codes(code: String, valid: Bool) {
    #expect(MatterValidation.isValidCode(code) == valid)
  }

  @Test("every problem of a matter is reported at once, by field")
  func matterViolations() {
    var bad = matter()
    bad.code = "nope"
    bad.name = ""
    bad.type = .publicService
    bad.level = .unspecified
    var violations = FieldViolations()
    MatterValidation.check(bad, into: &violations)
    #expect(Set(violations.violations.map(\.field)) == ["matter.code", "matter.name", "matter.field", "matter.level"])
  }

  @Test("guides: limits in 0.5 steps, promised not above legal, materials complete")
  func guideViolations() {
    var bad = guide(promised: 7.3, legal: 5)
    bad.materials.append(
      .with {
        $0.name = "申请书"; $0.copies = 0
      }
    )
    bad.consultationPhone = "call us"
    var violations = FieldViolations()
    MatterValidation.check(bad, into: &violations)
    let fields = Set(violations.violations.map(\.field))
    #expect(fields.contains("guide.promised_limit_days"))
    #expect(fields.contains("guide.materials[1].name"), "duplicate material name")
    #expect(fields.contains("guide.materials[1].form"))
    #expect(fields.contains("guide.materials[1].copies"))
    #expect(fields.contains("guide.consultation_phone"))
    var good = FieldViolations()
    MatterValidation.check(guide(promised: 0.5, legal: 1), into: &good)
    #expect(good.isEmpty)
  }
}

@Suite("Matters: the catalogue's rules", .timeLimit(.minutes(1)))
struct MattersCatalogTests {
  @Test("create: entered, stored, an event; a duplicate code is ALREADY_EXISTS; invalid input lists its fields")
  func create() async throws {
    let catalog = try await catalog()
    let created = try await catalog.create(matter(), as: staff)
    #expect(created.entryStatus == .entered)
    #expect(created.createdAtMs > 0)
    let duplicate = await #expect(throws: RPCError.self) { try await catalog.create(matter(), as: staff) }
    #expect(duplicate?.code == .alreadyExists)
    var bad = matter("430500-XK-002")
    bad.legalBasis = ""
    let invalid = await #expect(throws: GoogleRPCStatus.self) { try await catalog.create(bad, as: staff) }
    #expect(invalid?.code == .invalidArgument)
    #expect(invalid?.message.contains("matter.legal_basis") == true)
    let events = try await catalog.store.events(after: 0)
    #expect(events.map(\.type) == ["matters.matter.created"])
  }

  @Test("who may change what: anonymous, another department, staff, management")
  func permissions() async throws {
    let catalog = try await catalog()
    let anonymous = await #expect(throws: RPCError.self) { try await catalog.create(matter(), as: .anonymous) }
    #expect(anonymous?.code == .unauthenticated)
    let other = await #expect(throws: RPCError.self) { try await catalog.create(matter(), as: otherStaff) }
    #expect(other?.code == .permissionDenied)
    _ = try await catalog.create(matter(), as: staff)
    _ = try await catalog.saveDraft(draftRequest("430500-XK-001", guide()), as: staff)
    let publish = await #expect(throws: RPCError.self) {
      try await catalog.publish(code: "430500-XK-001", kind: .guide, as: staff)
    }
    #expect(publish?.code == .permissionDenied)
    _ = try await catalog.publish(code: "430500-XK-001", kind: .guide, as: management)
  }

  @Test("versions: one published at a time, old ones stay readable, drafts only for insiders")
  func versions() async throws {
    let catalog = try await catalog()
    _ = try await catalog.create(matter(), as: staff)
    let v1 = try await catalog.saveDraft(draftRequest("430500-XK-001", guide(promised: 5)), as: staff)
    #expect(v1.version == 1)
    _ = try await catalog.publish(code: "430500-XK-001", kind: .guide, as: management)
    let v2 = try await catalog.saveDraft(draftRequest("430500-XK-001", guide(promised: 3)), as: staff)
    let v2again = try await catalog.saveDraft(draftRequest("430500-XK-001", guide(promised: 2)), as: staff)
    #expect(v2.version == 2)
    #expect(v2again.version == 2, "a second draft replaces the first")
    // The public sees v1 and no draft.
    #expect(
      try await catalog.document(code: "430500-XK-001", kind: .guide, version: 0, as: .anonymous).guide
        .promisedLimitDays == 5
    )
    #expect(try await catalog.versions(code: "430500-XK-001", kind: .guide, as: .anonymous).map(\.version) == [1])
    let draft = await #expect(throws: RPCError.self) {
      try await catalog.document(code: "430500-XK-001", kind: .guide, version: 2, as: .anonymous)
    }
    #expect(draft?.code == .notFound)
    _ = try await catalog.publish(code: "430500-XK-001", kind: .guide, as: management)
    let all = try await catalog.versions(code: "430500-XK-001", kind: .guide, as: .anonymous)
    #expect(all.map(\.version) == [2, 1])
    #expect(all.map(\.status) == [.published, .superseded])
    #expect(
      try await catalog.document(code: "430500-XK-001", kind: .guide, version: 1, as: .anonymous).guide
        .promisedLimitDays == 5
    )
    #expect(try await catalog.detail(code: "430500-XK-001", as: .anonymous).matter.publishedGuideVersion == 2)
    let nothing = await #expect(throws: RPCError.self) {
      try await catalog.publish(code: "430500-XK-001", kind: .guide, as: management)
    }
    #expect(nothing?.code == .failedPrecondition)
  }

  @Test("a guide published more than 3 working days after its recorded change is late, with an event")
  func lateness() async throws {
    // Change on Thursday 2026-02-12; the Spring Festival follows: 02-13, 02-14 (make-up) and 02-24 are the 3 days.
    let onTime = try await catalog(today: try LocalDate(parsing: "2026-02-24"))
    _ = try await onTime.create(matter(), as: staff)
    let change = try await onTime.recordGuideChange(
      .with {
        $0.matterCode = "430500-XK-001"; $0.changedOn = "2026-02-12"; $0.summary = "材料调整"
      },
      as: staff
    )
    #expect(change.publishBy == "2026-02-24")
    _ = try await onTime.saveDraft(draftRequest("430500-XK-001", guide()), as: staff)
    let published = try await onTime.publish(code: "430500-XK-001", kind: .guide, as: management)
    #expect(published.late == false)
    #expect(published.workingDaysToPublish == 3)

    let late = try await catalog(today: try LocalDate(parsing: "2026-02-25"))
    _ = try await late.create(matter(), as: staff)
    _ = try await late.recordGuideChange(
      .with {
        $0.matterCode = "430500-XK-001"; $0.changedOn = "2026-02-12"; $0.summary = "x"
      },
      as: staff
    )
    _ = try await late.saveDraft(draftRequest("430500-XK-001", guide()), as: staff)
    let latePublished = try await late.publish(code: "430500-XK-001", kind: .guide, as: management)
    #expect(latePublished.late)
    #expect(latePublished.changedOn == "2026-02-12")
    let types = try await late.store.events(after: 0).map(\.type)
    #expect(types.contains("matters.guide.late"))
    let future = await #expect(throws: GoogleRPCStatus.self) {
      try await late.recordGuideChange(
        .with {
          $0.matterCode = "430500-XK-001"; $0.changedOn = "2026-02-26"; $0.summary = "x"
        },
        as: staff
      )
    }
    #expect(future?.message.contains("changed_on") == true)
  }

  @Test("entry requests: submit, one pending at a time, approval changes the entry status; the matter stays listed")
  func entryRequests() async throws {
    let catalog = try await catalog()
    _ = try await catalog.create(matter(), as: staff)
    let request = Yimen_Matters_V1_SubmitEntryRequestRequest.with {
      $0.matterCode = "430500-XK-001"
      $0.kind = .nonEntry
      $0.reasonCategory = .space
      $0.reason = "大厅场地不足，需在专业分厅办理"
    }
    let submitted = try await catalog.submitEntryRequest(request, as: staff)
    #expect(submitted.id == "ER-000001")
    #expect(submitted.status == .pending)
    let second = await #expect(throws: RPCError.self) { try await catalog.submitEntryRequest(request, as: staff) }
    #expect(second?.code == .failedPrecondition)
    let byStaff = await #expect(throws: RPCError.self) {
      try await catalog.reviewEntryRequest(
        .with {
          $0.entryRequestID = submitted.id; $0.approve = true; $0.opinion = "同意"
        },
        as: staff
      )
    }
    #expect(byStaff?.code == .permissionDenied)
    let reviewed = try await catalog.reviewEntryRequest(
      .with {
        $0.entryRequestID = submitted.id; $0.approve = true; $0.opinion = "同意不进驻"
      },
      as: management
    )
    #expect(reviewed.status == .approved)
    let listed = try await catalog.search(.with { $0.entryStatus = .notEntered }, as: .anonymous)
    #expect(listed.matters.map(\.code) == ["430500-XK-001"])
    let again = await #expect(throws: RPCError.self) {
      try await catalog.reviewEntryRequest(
        .with {
          $0.entryRequestID = submitted.id; $0.approve = false; $0.opinion = "改主意"
        },
        as: management
      )
    }
    #expect(again?.code == .failedPrecondition)
    #expect(try await catalog.entryRequests(.init(), as: otherStaff).isEmpty, "another department sees none")
    #expect(try await catalog.entryRequests(.init(), as: staff).count == 1)
    let types = try await catalog.store.events(after: 0).map(\.type)
    #expect(types.suffix(2) == ["matters.matter.changed", "matters.entry_request.decided"])
  }

  @Test("search: Chinese fragments, codes, filters, paging; secret matters hidden from the public")
  func search() async throws {
    let catalog = try await catalog()
    _ = try await catalog.create(matter("430500-XK-001", name: "食品经营许可"), as: staff)
    _ = try await catalog.create(matter("430500-XK-002", name: "食品生产许可"), as: staff)
    _ = try await catalog.create(matter("430500-XK-003", name: "药品零售许可"), as: staff)
    _ = try await catalog.create(matter("430500-XK-004", name: "涉密食品事项", secret: true), as: staff)
    #expect(
      try await catalog.search(.with { $0.query = "食品" }, as: .anonymous).matters.map(\.code) == [
        "430500-XK-001", "430500-XK-002",
      ]
    )
    #expect(try await catalog.search(.with { $0.query = "食品" }, as: staff).total == 3)
    #expect(try await catalog.search(.with { $0.query = "食品" }, as: management).total == 3)
    #expect(try await catalog.search(.with { $0.query = "XK-003" }, as: .anonymous).matters.first?.name == "药品零售许可")
    #expect(try await catalog.search(.with { $0.query = "%" }, as: .anonymous).total == 0, "wildcards are literal")
    _ = try await catalog.create(matter("430500-XK-005", name: "50%_减免"), as: staff)
    #expect(
      try await catalog.search(.with { $0.query = "50%_" }, as: .anonymous).matters.map(\.code) == ["430500-XK-005"]
    )
    #expect(
      try await catalog.search(.with { $0.query = "xk-005" }, as: .anonymous).total == 1,
      "codes match in any case"
    )
    let page1 = try await catalog.search(.with { $0.pageSize = 2 }, as: .anonymous)
    #expect(page1.matters.count == 2)
    #expect(page1.total == 4)
    let page2 = try await catalog.search(
      .with {
        $0.pageSize = 2; $0.pageToken = page1.nextPageToken
      },
      as: .anonymous
    )
    #expect(page2.matters.map(\.code) == ["430500-XK-003", "430500-XK-005"])
    #expect(page2.nextPageToken.isEmpty)
    let hidden = await #expect(throws: RPCError.self) {
      try await catalog.detail(code: "430500-XK-004", as: .anonymous)
    }
    #expect(hidden?.code == .notFound)
    let badToken = await #expect(throws: GoogleRPCStatus.self) {
      try await catalog.search(.with { $0.pageToken = "x" }, as: .anonymous)
    }
    #expect(badToken?.code == .invalidArgument)
  }

  @Test("the demo catalogue loads completely, twice without change")
  func demo() async throws {
    let catalog = try await catalog()
    let entries = try DemoCatalogue.load().entries
    #expect(entries.count >= 40)
    #expect(Set(entries.map(\.matter.department)).count >= 10)
    #expect(Set(entries.map(\.matter.type)).count == 8)
    #expect(try await DemoCatalogue.install(into: catalog, logger: Logger(label: "test")) == entries.count)
    #expect(try await DemoCatalogue.install(into: catalog, logger: Logger(label: "test")) == 0)
    let all = try await catalog.search(.with { $0.pageSize = 200 }, as: management)
    #expect(all.total == entries.count)
    #expect(all.matters.allSatisfy { $0.publishedGuideVersion == 1 })
  }
}
