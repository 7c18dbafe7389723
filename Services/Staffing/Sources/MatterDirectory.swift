package import GRPCCore
import SwiftProtobuf
package import YimenProtos
package import YimenRuntime

/// What the staffing service needs to know of a matter: that it exists, whose it is, and whether it
/// is handled in the hall.
package struct MatterSummary: Sendable, Hashable {
  package var code: String
  package var department: String
  package var entered: Bool

  package init(code: String, department: String, entered: Bool) {
    self.code = code
    self.department = department
    self.entered = entered
  }
}

/// Where the staffing service looks up matter codes: the Matters service through the gateway.
package protocol MatterDirectory: Sendable {
  /// The matters among `codes` that exist, by code; codes that do not exist are left out.
  ///
  /// - Throws: UNAVAILABLE when it cannot tell (the matters service is down).
  func matters(_ codes: [String]) async throws -> [String: MatterSummary]
}

/// The Matters service, called through the gateway as the Yimen service `staffing` (which sees
/// secret matters too).
package struct RemoteMatterDirectory<Transport: ClientTransport>: MatterDirectory {
  let client: Yimen_Matters_V1_Matters.Client<Transport>
  let lookup: ServiceLookup

  package init(client: GRPCClient<Transport>, timeout: Duration = .seconds(5)) {
    self.client = .init(wrapping: client)
    self.lookup = ServiceLookup(as: "staffing", timeout: timeout)
  }

  package func matters(_ codes: [String]) async throws -> [String: MatterSummary] {
    var found: [String: MatterSummary] = [:]
    // Several lookups at a time: a window may serve hundreds of matters.
    try await withThrowingTaskGroup(of: MatterSummary?.self) { group in
      var pending = Set(codes).makeIterator()
      for _ in 0..<Self.parallelLookups {
        guard let code = pending.next() else { break }
        group.addTask { try await self.summary(code) }
      }
      while let summary = try await group.next() {
        if let summary { found[summary.code] = summary }
        if let code = pending.next() { group.addTask { try await self.summary(code) } }
      }
    }
    return found
  }

  /// How many matters are looked up at once.
  static var parallelLookups: Int { 16 }

  /// One matter, or nil when the catalogue has no such code.
  private func summary(_ code: String) async throws -> MatterSummary? {
    let detail = try await self.lookup.fetch("matter \(code) from the matters service") { metadata, options in
      try await self.client.getMatter(
        request: .init(message: .with { $0.code = code }, metadata: metadata),
        options: options
      )
    }
    return detail.map {
      MatterSummary(code: code, department: $0.matter.department, entered: $0.matter.entryStatus == .entered)
    }
  }
}
