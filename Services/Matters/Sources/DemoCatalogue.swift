import Foundation
package import Logging
import SwiftProtobuf
package import YimenProtos
package import YimenRuntime
import YimenStorage

/// The demo catalogue bundled with the service: a prefecture-level city's matters with their
/// guides, handbooks and intermediary services.
package enum DemoCatalogue {
  /// The principal the demo loader acts as.
  package static let loader = Principal(id: "demo-loader", role: .management)

  /// The bundled catalogue.
  package static func load() throws -> Yimen_Matters_V1_Catalogue {
    guard let url = Bundle.module.url(forResource: "demo-catalogue", withExtension: "json") else {
      throw StoreLoadError("The demo catalogue is missing from the service's resources.")
    }
    var options = JSONDecodingOptions()
    options.ignoreUnknownFields = false
    return try Yimen_Matters_V1_Catalogue(jsonUTF8Data: try Data(contentsOf: url), options: options)
  }

  /// Adds every demo matter that is not in the catalogue yet, with its documents published.
  /// Matters that exist are left exactly as they are, so real data is never overwritten and
  /// running it again changes nothing.
  ///
  /// - Returns: how many matters were added.
  @discardableResult
  package static func install(into catalog: MattersCatalog, logger: Logger) async throws -> Int {
    let entries = try Self.load().entries
    var added = 0
    for entry in entries {
      // One transaction per matter, existence checked inside it: instances loading the demo at
      // the same time (several replicas on one database) add each matter exactly once.
      let installed = try await catalog.store.write { database in
        if try await MattersCatalog.matter(entry.matter.code, in: database) != nil { return false }
        _ = try await catalog.create(entry.matter, as: Self.loader)
        var drafts: [Yimen_Matters_V1_SaveDraftRequest] = []
        if entry.hasGuide {
          drafts.append(
            .with {
              $0.matterCode = entry.matter.code; $0.guide = entry.guide
            }
          )
        }
        if entry.hasHandbook {
          drafts.append(
            .with {
              $0.matterCode = entry.matter.code; $0.handbook = entry.handbook
            }
          )
        }
        if entry.hasIntermediaries {
          drafts.append(
            .with {
              $0.matterCode = entry.matter.code; $0.intermediaries = entry.intermediaries
            }
          )
        }
        for draft in drafts {
          let saved = try await catalog.saveDraft(draft, as: Self.loader)
          _ = try await catalog.publish(code: entry.matter.code, kind: saved.kind, as: Self.loader)
        }
        return true
      }
      if installed { added += 1 }
    }
    logger.info("demo catalogue loaded", metadata: ["demo.added": "\(added)", "demo.entries": "\(entries.count)"])
    return added
  }
}

/// A resource that could not be read.
struct StoreLoadError: Error, CustomStringConvertible {
  var description: String

  init(_ description: String) {
    self.description = description
  }
}
