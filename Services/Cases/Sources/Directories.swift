import Foundation
package import GRPCCore
import SwiftProtobuf
import Synchronization
package import YimenCalendar
package import YimenProtos
package import YimenRuntime

/// What a case needs of its matter: who handles it, and the published guide it is judged against.
package struct MatterGuide: Sendable, Hashable {
  package var code: String
  package var name: String
  package var department: String
  package var entered: Bool
  package var version: UInt32
  package var guide: Yimen_Matters_V1_ServiceGuide

  package init(
    code: String,
    name: String,
    department: String,
    entered: Bool = true,
    version: UInt32,
    guide: Yimen_Matters_V1_ServiceGuide
  ) {
    self.code = code
    self.name = name
    self.department = department
    self.entered = entered
    self.version = version
    self.guide = guide
  }
}

/// Where the cases service reads matters: the Matters service through the gateway.
package protocol MatterGuides: Sendable {
  /// The matter with its published guide; nil when there is no such matter.
  ///
  /// - Throws: UNAVAILABLE when it cannot tell.
  func guide(_ code: String) async throws -> MatterGuide?
}

/// What acceptance needs of a hall window: whether it is open, who is on post, what it serves.
package struct HallWindow: Sendable, Hashable {
  package var id: String
  package var open: Bool
  package var department: String
  /// Serves every matter (a 无差别 comprehensive window).
  package var servesEverything: Bool
  package var matterCodes: [String]
  package var staffIDs: [String]
  package var backupID: String

  package init(
    id: String,
    open: Bool,
    department: String,
    servesEverything: Bool = false,
    matterCodes: [String],
    staffIDs: [String],
    backupID: String = ""
  ) {
    self.id = id
    self.open = open
    self.department = department
    self.servesEverything = servesEverything
    self.matterCodes = matterCodes
    self.staffIDs = staffIDs
    self.backupID = backupID
  }

  /// True when the window serves the matter.
  package func serves(_ code: String) -> Bool {
    self.servesEverything || self.matterCodes.contains(code)
  }

  /// True when the person is on post there (an A post, or the B post).
  package func hasOnPost(_ staffID: String) -> Bool {
    self.staffIDs.contains(staffID) || (!self.backupID.isEmpty && self.backupID == staffID)
  }
}

/// Where the cases service reads the hall's windows: the Staffing service through the gateway.
package protocol HallWindows: Sendable {
  /// The window, or nil when there is none.
  ///
  /// - Throws: UNAVAILABLE when it cannot tell.
  func window(_ id: String) async throws -> HallWindow?
}

/// The Matters service, with published guides kept for a few seconds: a burst of submissions for one
/// matter asks once. A guide published meanwhile is used from the next lookup after that.
package final class RemoteMatterGuides<Transport: ClientTransport>: MatterGuides {
  let client: Yimen_Matters_V1_Matters.Client<Transport>
  let lookup = ServiceLookup(as: "cases")
  let freshFor: Duration
  private let cache = Mutex<[String: (guide: MatterGuide?, at: ContinuousClock.Instant)]>([:])

  package init(client: GRPCClient<Transport>, freshFor: Duration = .seconds(5)) {
    self.client = .init(wrapping: client)
    self.freshFor = freshFor
  }

  package func guide(_ code: String) async throws -> MatterGuide? {
    let now = ContinuousClock.now
    if let cached = self.cache.withLock({ $0[code] }), now - cached.at < self.freshFor {
      return cached.guide
    }
    let detail = try await self.lookup.fetch("matter \(code) from the matters service") { metadata, options in
      try await self.client.getMatter(
        request: .init(message: .with { $0.code = code }, metadata: metadata),
        options: options
      )
    }
    let guide = detail.flatMap { detail -> MatterGuide? in
      guard detail.hasGuide else {
        return MatterGuide(
          code: code,
          name: detail.matter.name,
          department: detail.matter.department,
          entered: detail.matter.entryStatus == .entered,
          version: 0,
          guide: .init()
        )
      }
      return MatterGuide(
        code: code,
        name: detail.matter.name,
        department: detail.matter.department,
        entered: detail.matter.entryStatus == .entered,
        version: detail.guide.version,
        guide: detail.guide.guide
      )
    }
    self.cache.withLock { $0[code] = (guide, now) }
    return guide
  }
}

/// The Staffing service's windows, read fresh each time (who is on post changes during the day).
package struct RemoteHallWindows<Transport: ClientTransport>: HallWindows {
  let client: Yimen_Staffing_V1_Staffing.Client<Transport>
  let lookup = ServiceLookup(as: "cases")

  package init(client: GRPCClient<Transport>) {
    self.client = .init(wrapping: client)
  }

  package func window(_ id: String) async throws -> HallWindow? {
    let window = try await self.lookup.fetch("window \(id) from the staffing service") { metadata, options in
      try await self.client.getWindow(
        request: .init(message: .with { $0.id = id }, metadata: metadata),
        options: options
      )
    }
    return window.map { window in
      HallWindow(
        id: window.id,
        open: window.open,
        department: window.department,
        servesEverything: window.type == .comprehensive && window.scope == .undifferentiated,
        matterCodes: window.matterCodes,
        staffIDs: window.aStaffIds,
        backupID: window.bStaffID
      )
    }
  }
}

/// Fixed matters and windows, for tests and tools.
package struct KnownHall: MatterGuides, HallWindows {
  let guides: [String: MatterGuide]
  let windows: [String: HallWindow]

  package init(guides: [MatterGuide], windows: [HallWindow]) {
    self.guides = Dictionary(guides.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    self.windows = Dictionary(windows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  package func guide(_ code: String) async throws -> MatterGuide? { self.guides[code] }
  package func window(_ id: String) async throws -> HallWindow? { self.windows[id] }
}
