import Foundation
package import GRPCCore
package import YimenProtos

extension Metadata {
  /// The metadata as wire entries, leaving out `grpc-timeout` (requests carry it as `timeout_micros`).
  package var wireEntries: [Yimen_Wire_V1_MetadataEntry] {
    var entries: [Yimen_Wire_V1_MetadataEntry] = []
    entries.reserveCapacity(self.count)
    for (key, value) in self where key != "grpc-timeout" {
      var entry = Yimen_Wire_V1_MetadataEntry()
      entry.key = key
      switch value {
      case .string(let text): entry.text = text
      case .binary(let bytes): entry.binary = Data(bytes)
      }
      entries.append(entry)
    }
    return entries
  }

  /// Metadata made of wire entries.
  package init(wireEntries entries: [Yimen_Wire_V1_MetadataEntry]) {
    self.init()
    for entry in entries {
      switch entry.value {
      case .text(let text): self.addString(text, forKey: entry.key)
      case .binary(let bytes): self.addBinary(Array(bytes), forKey: entry.key)
      case nil: self.addString("", forKey: entry.key)
      }
    }
  }

  /// The `grpc-timeout` entry as microseconds (gRPC's encoding: up to 8 digits and a unit), if any.
  package var timeoutMicros: UInt64? {
    guard let value = self[stringValues: "grpc-timeout"].first(where: { _ in true }),
      let unit = value.last, let amount = UInt64(value.dropLast())
    else { return nil }
    switch unit {
    case "H": return amount.multipliedReportingOverflow(by: 3_600_000_000).partialValue
    case "M": return amount.multipliedReportingOverflow(by: 60_000_000).partialValue
    case "S": return amount.multipliedReportingOverflow(by: 1_000_000).partialValue
    case "m": return amount.multipliedReportingOverflow(by: 1_000).partialValue
    case "u": return amount
    case "n": return Swift.max(1, amount / 1_000)
    default: return nil
    }
  }

  /// Sets `grpc-timeout` from microseconds, in the finest unit that fits gRPC's 8 digits.
  package mutating func setTimeout(micros: UInt64) {
    let value: String
    if micros < 100_000_000 {
      value = "\(micros)u"
    } else if micros / 1_000 < 100_000_000 {
      value = "\(micros / 1_000)m"
    } else {
      value = "\(Swift.min(micros / 1_000_000, 99_999_999))S"
    }
    self.replaceOrAddString(value, forKey: "grpc-timeout")
  }
}

extension Status {
  /// A status from its wire form; unknown codes become UNKNOWN.
  package init(wire: Yimen_Wire_V1_Status) {
    let code = Status.Code(rawValue: Int(wire.code)) ?? .unknown
    self.init(code: code, message: wire.message)
  }
}

extension MethodDescriptor {
  /// The method path on the wire, "/package.Service/Method".
  package var wirePath: String { "/" + self.fullyQualifiedMethod }

  /// Parses "/package.Service/Method" (scanning bytes: this runs for every call).
  package init?(wirePath path: String) {
    var utf8 = path.utf8[...]
    guard utf8.first == UInt8(ascii: "/") else { return nil }
    utf8 = utf8.dropFirst()
    guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
    let service = utf8[..<slash]
    let method = utf8[utf8.index(after: slash)...]
    guard !service.isEmpty, !method.isEmpty, !method.contains(UInt8(ascii: "/")) else { return nil }
    self.init(
      service: ServiceDescriptor(fullyQualifiedService: String(Substring(service))),
      method: String(Substring(method))
    )
  }
}
