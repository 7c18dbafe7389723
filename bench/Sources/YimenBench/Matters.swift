import Foundation
import GRPCCore
import Synchronization
import YimenProtos
import YimenTransport

// Matters: catalogue reads from the real yimen-matters (demo catalogue, SQLite) through the real
// gateway, as a public caller (no yimen-principal). bench/run starts the processes.

/// The calls of the matters scenarios, by their `--call` name.
enum MattersCall: String, CaseIterable {
  /// SearchMatters with `--query` and `--page-size`: the same request every time.
  case search
  /// GetMatter (matter and published guide), cycling over the catalogue's codes.
  case matter
  /// GetDocument of the published guide, cycling over the catalogue's codes.
  case document
}

/// Hands out the catalogue's codes in turn to all callers.
final class CodeCycle: Sendable {
  let codes: [String]
  private let next = Atomic<Int>(0)

  init(_ codes: [String]) {
    precondition(!codes.isEmpty)
    self.codes = codes
  }

  func code() -> String {
    let index = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
    return self.codes[index % self.codes.count]
  }
}

/// Every code a public caller sees (one SearchMatters with the largest page).
func catalogueCodes<Transport: ClientTransport>(_ matters: Yimen_Matters_V1_Matters.Client<Transport>) async throws
  -> [String]
{
  var request = Yimen_Matters_V1_SearchMattersRequest()
  request.pageSize = 200
  let response = try await matters.searchMatters(request)
  guard !response.matters.isEmpty else { throw BenchError("the catalogue is empty: is the demo catalogue loaded?") }
  return response.matters.map(\.code)
}

func runMatters(_ options: Options) async throws -> BenchResult {
  guard let which = MattersCall(rawValue: options.call) else {
    throw BenchError("--call must be one of \(MattersCall.allCases.map(\.rawValue).joined(separator: ", "))")
  }
  let label = options.label.isEmpty ? "matters-\(which.rawValue)" : options.label
  let transport = try ZMQClientTransport(configuration: .init(endpoint: options.target))
  return try await withGRPCClient(transport: transport) { client in
    let matters = Yimen_Matters_V1_Matters.Client(wrapping: client)
    switch which {
    case .search:
      let request = Yimen_Matters_V1_SearchMattersRequest.with {
        $0.query = options.query
        $0.pageSize = UInt32(options.pageSize)
      }
      let expected = try await matters.searchMatters(request).matters.count
      guard expected >= 2 else {
        throw BenchError("SearchMatters \"\(options.query)\" found \(expected) matters; expected several")
      }
      FileHandle.standardError.write(Data("yimen-bench \(label): \(expected) matters per answer\n".utf8))
      return await drive(options, label: label) {
        let response = try await matters.searchMatters(request)
        if response.matters.count != expected {
          throw RPCError(code: .dataLoss, message: "\(response.matters.count) matters, expected \(expected)")
        }
      }
    case .matter:
      let cycle = CodeCycle(try await catalogueCodes(matters))
      FileHandle.standardError.write(Data("yimen-bench \(label): cycling over \(cycle.codes.count) codes\n".utf8))
      return await drive(options, label: label) {
        var request = Yimen_Matters_V1_GetMatterRequest()
        request.code = cycle.code()
        let detail = try await matters.getMatter(request)
        guard detail.matter.code == request.code, detail.hasGuide else {
          throw RPCError(code: .dataLoss, message: "GetMatter \(request.code): wrong matter or no guide")
        }
      }
    case .document:
      let cycle = CodeCycle(try await catalogueCodes(matters))
      FileHandle.standardError.write(Data("yimen-bench \(label): cycling over \(cycle.codes.count) codes\n".utf8))
      return await drive(options, label: label) {
        var request = Yimen_Matters_V1_GetDocumentRequest()
        request.matterCode = cycle.code()
        request.kind = .guide
        let document = try await matters.getDocument(request)
        guard document.matterCode == request.matterCode, case .guide = document.body else {
          throw RPCError(code: .dataLoss, message: "GetDocument \(request.matterCode): not its guide")
        }
      }
    }
  }
}
