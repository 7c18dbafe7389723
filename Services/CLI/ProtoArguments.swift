import ArgumentParser
import Foundation
import SwiftProtobuf

/// Reads a protobuf enum from a command-line word: its name in any case, with - or _ or none
/// between words ("public-service", "PUBLIC_SERVICE", "publicService").
func protoEnum<E: SwiftProtobuf.Enum & CaseIterable>(_ text: String, as type: E.Type = E.self, option: String) throws
  -> E
{
  func normalized(_ text: String) -> String { text.lowercased().filter { $0 != "_" && $0 != "-" } }
  let known = E.allCases.filter { $0.rawValue != 0 }
  if let value = known.first(where: { normalized("\($0)") == normalized(text) }) { return value }
  throw ValidationError("\(option) '\(text)' is not one of: \(choices(E.self)).")
}

/// The values an enum option takes, as the CLI prints them: "licensing, confirmation, …".
func choices<E: SwiftProtobuf.Enum & CaseIterable>(_ type: E.Type) -> String {
  E.allCases.filter { $0.rawValue != 0 }.map { words("\($0)") }.joined(separator: ", ")
}

/// "publicService" → "public-service", as the CLI prints enum values.
func words(_ caseName: String) -> String {
  var out = ""
  for character in caseName {
    if character.isUppercase {
      out += "-" + character.lowercased()
    } else {
      out.append(character)
    }
  }
  return out
}

/// A message from JSON given inline or as @FILE (or - for standard input).
func protoMessage<M: SwiftProtobuf.Message>(_ argument: String, as type: M.Type = M.self) throws -> M {
  let text: String
  if argument == "-" {
    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
  } else if argument.hasPrefix("@") {
    let path = String(argument.dropFirst())
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read '\(path)'.") }
    text = String(decoding: data, as: UTF8.self)
  } else {
    text = argument
  }
  do {
    return try M(jsonString: text)
  } catch {
    throw ValidationError("Not a valid \(M.protoMessageName) in JSON: \(error)")
  }
}

/// "KEY=VALUE" split at the first `separator`, each side trimmed; nil when either side is empty.
func pair(_ text: String, separator: Character = "=") -> (key: String, value: String)? {
  guard let index = text.firstIndex(of: separator) else { return nil }
  let key = text[..<index].trimmingCharacters(in: .whitespaces)
  let value = text[text.index(after: index)...].trimmingCharacters(in: .whitespaces)
  return key.isEmpty || value.isEmpty ? nil : (key, value)
}

/// A new request id for a change; `--request-id` reuses one to retry safely. A new id is
/// printed on standard error, so that a change whose answer was lost can be retried with it.
func requestID(_ given: String?) -> String {
  if let given { return given }
  let id = UUID().uuidString.lowercased()
  FileHandle.standardError.write(Data("request id: \(id) (to retry this change: --request-id \(id))\n".utf8))
  return id
}

/// Options of commands that change something.
struct ChangeOptions: ParsableArguments {
  @Option(
    name: .customLong("request-id"),
    help: "Reuse a request id to retry a change safely (default: a new one)."
  )
  var requestID: String?
}

/// A review's decision: --approve or --reject.
enum Decision: String, EnumerableFlag {
  case approve, reject
}
