import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import YimenProtos
import YimenStaffing
import YimenStorage

/// The ways round the rules a review found, each closed.
@Suite("Staffing: no way round the rules", .timeLimit(.minutes(1)))
struct StaffingLoopholeTests {
  @Test("the 50% rule counts every request of the day: splitting one does not get round it")
  func splitAdjustment() async throws {
    let hall = try await directory()
    for id in ["SJ-1", "SJ-2", "SJ-3", "SJ-4", "SJ-5"] {
      try await hall.station(nominee(id), on: "2024-01-10")
    }
    func adjust(_ ids: [String]) async throws -> Yimen_Staffing_V1_Adjustment {
      try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ids
        },
        as: marketStaff
      )
    }
    let first = try await adjust(["SJ-1"])
    #expect(first.stationedCount == 5)
    #expect(first.earlierToday.isEmpty)
    let second = try await adjust(["SJ-2"])
    #expect(second.earlierToday == ["SJ-1"])
    #expect(second.stationedCount == 5, "counted at the start of the day")
    #expect(second.maxChanges == 2)
    let before = try await hall.snapshot()
    let third = await #expect(throws: GoogleRPCStatus.self) { try await adjust(["SJ-3"]) }
    #expect(third?.unmetTypes == ["adjustment_share"])
    #expect(third?.subjects == [Dept.market], "the share rule names the department")
    #expect(try await hall.snapshot() == before)
    let tomorrow = try await hall.on("2026-06-16").adjust(
      .with {
        $0.department = Dept.market
        $0.staffIds = ["SJ-3"]
      },
      as: marketStaff
    )
    #expect(tomorrow.stationedCount == 3, "a new day counts the staff stationed then")
  }

  @Test("an override of a rule the step does not judge is refused, not silently kept")
  func irrelevantOverride() async throws {
    let hall = try await directory()
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(nominee("SJ-1"), on: "", overrides: [waive("tenure")])
    }
    #expect(refused?.fields == ["overrides[0].rule"])
    try await hall.station(nominee("SJ-2"), on: "2026-01-10")
    let onAdjustment = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.adjust(
        .with {
          $0.department = Dept.market
          $0.staffIds = ["SJ-2"]
          $0.overrides = [waive("age")]
        },
        as: manager
      )
    }
    #expect(onAdjustment?.fields == ["overrides[0].rule"])
  }

  @Test("a birth date that makes the person under 16 on the nomination date is refused")
  func tooYoung() async throws {
    let hall = try await directory()
    let refused = await #expect(throws: GoogleRPCStatus.self) {
      try await hall.nominate(nominee("SJ-1", born: "2026-01-01"), on: "")
    }
    #expect(refused?.fields == ["member.birth_date"])
  }

  @Test("the centre's opinion is kept with an approval too")
  func approvalOpinion() async throws {
    let hall = try await directory()
    try await hall.nominate(nominee("SJ-1"), on: "")
    let approved = try await hall.review(
      .with {
        $0.staffID = "SJ-1"
        $0.approve = true
        $0.opinion = "同意，熟悉企业登记业务"
      },
      as: manager
    )
    #expect(approved.history.last?.note == "同意，熟悉企业登记业务")
  }

  @Test("a person in probation can be returned by force (§41); an unknown window in a list is NOT_FOUND")
  func probationReturnAndUnknownWindow() async throws {
    let hall = try await directory()
    try await hall.startInProbation(nominee("SJ-P"), from: "2026-06-01")
    let notice = try await hall.issueNotice(
      .with {
        $0.staffID = "SJ-P"
        $0.kind = .forcedReturn
        $0.ground = .breachOfLawOrDiscipline
      },
      as: manager
    )
    #expect(notice.status == .pending)
    #expect(try await hall.person("SJ-P").state == .returned)
    let unknown = await #expect(throws: RPCError.self) {
      try await hall.staffList(.with { $0.windowID = "X-99" }, as: manager)
    }
    #expect(unknown?.code == .notFound)
  }
}
