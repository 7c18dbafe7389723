import Testing
import YimenStaffing

@Suite("Opening a window: staff on post and the A/B post (§16)")
struct WindowTests {
  @Test(
    "a single-person window needs a B post who is another person",
    arguments: [
      (["a1"], nil as String?, ["backup_post"]),
      (["a1"], "b1", []),
      (["a1", "a2"], nil, []),
      (["a1", "a2"], "b1", []),
      ([], nil, ["window_staffed"]),
      ([], "b1", ["window_staffed"]),
      (["a1"], "a1", ["backup_post"]),
      (["a1", "a2"], "a2", ["backup_post"]),
    ]
  )
  func opening(staffIDs: [String], backupID: String?, unmet: [String]) {
    let window = Window(id: "A-12", name: "企业登记", department: "市市场监管局", staffIDs: staffIDs, backupID: backupID)
    #expect(window.openingCheck().unmetRules.map(\.code) == unmet)
  }

  @Test("the refusals say what to do")
  func messages() {
    let alone = Window(id: "A-12", name: "企业登记", department: "市市场监管局", staffIDs: ["a1"])
    #expect(
      alone.openingCheck().violations.map(\.description) == [
        "backup_post: window A-12 (企业登记) is served by a1 alone; name a B post (协办替岗) before it opens (§16)"
      ]
    )
    let same = Window(id: "A-12", name: "企业登记", department: "市市场监管局", staffIDs: ["a1"], backupID: "a1")
    #expect(
      same.openingCheck().violations.map(\.description) == [
        "backup_post: window A-12 (企业登记): the B post a1 is already on post there; the B post must be another person (§16)"
      ]
    )
  }
}
