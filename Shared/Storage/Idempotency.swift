import Foundation
package import GRPCCore
import GRPCProtobuf
package import SQLKit
package import SwiftProtobuf

extension Store {
  /// Runs a mutating RPC once per request id: the first result is stored with the id, in the
  /// same transaction as the change, and returned again for a repeat of the same request.
  ///
  /// This is what makes retries safe: a client that lost the answer (an instance died, the
  /// gateway restarted) sends the same request again and gets the same result, and nothing
  /// happens twice. Request ids are scoped by `caller` (the principal's id): two callers that
  /// happen to choose the same id never see each other's results.
  ///
  /// - Throws: `INVALID_ARGUMENT` when `requestID` is empty or longer than 128 characters;
  ///   `ALREADY_EXISTS` when the id was used for a different request (another method or other
  ///   fields); whatever `body` throws (and then nothing is stored).
  package func once<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    method: String,
    requestID: String,
    caller: String,
    request: Request,
    _ body: @Sendable (any SQLDatabase) async throws -> Response
  ) async throws -> Response {
    try Self.validate(requestID: requestID)
    let (key, digest) = try Self.idempotencyKey(requestID: requestID, caller: caller, request: request)
    return try await self.write { database in
      if let stored: Response = try await Self.answer(
        key: key,
        digest: digest,
        method: method,
        requestID: requestID,
        in: database
      ) {
        return stored
      }
      let response = try await body(database)
      let responseBytes: Data = try response.serializedBytes()
      try await database.insert(into: "yimen_idempotency")
        .columns("request_id", "method", "request_digest", "response", "created_at_ms")
        .values(
          SQLBind(key),
          SQLBind(method),
          SQLBind(digest),
          SQLBind(responseBytes),
          SQLBind(Clock.nowMilliseconds)
        )
        .run()
      return response
    }
  }

  /// The stored answer to a request id, if it has one, read without taking the write lock: for a
  /// change that must ask other services first, so that a retry gets the first answer even when they
  /// would now answer otherwise (`once` checks again in its transaction).
  ///
  /// - Throws: what `once` throws for a bad or reused request id.
  package func answer<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    method: String,
    requestID: String,
    caller: String,
    request: Request
  ) async throws -> Response? {
    try Self.validate(requestID: requestID)
    let (key, digest) = try Self.idempotencyKey(requestID: requestID, caller: caller, request: request)
    return try await self.read { database in
      try await Self.answer(key: key, digest: digest, method: method, requestID: requestID, in: database)
    }
  }

  private static func validate(requestID: String) throws(GoogleRPCStatus) {
    guard !requestID.isEmpty, requestID.count <= 128 else {
      throw FieldViolations.single(
        field: "request_id",
        "Every change needs a request_id of 1 to 128 characters, chosen by the caller and reused only to retry."
      )
    }
  }

  /// The row key of a request id and the digest of the request.
  private static func idempotencyKey(
    requestID: String,
    caller: String,
    request: some SwiftProtobuf.Message
  ) throws -> (key: String, digest: String) {
    var options = BinaryEncodingOptions()
    options.useDeterministicOrdering = true
    let bytes: [UInt8] = try request.serializedBytes(options: options)
    return (caller + "\u{1F}" + requestID, Self.digest(bytes))
  }

  /// The stored answer for the key, or nil; ALREADY_EXISTS when the id was used for another request.
  private static func answer<Response: SwiftProtobuf.Message>(
    key: String,
    digest: String,
    method: String,
    requestID: String,
    in database: any SQLDatabase
  ) async throws -> Response? {
    guard
      let row = try await database.raw(
        "SELECT method, request_digest, response FROM yimen_idempotency WHERE request_id = \(bind: key)"
      ).first()
    else { return nil }
    let storedMethod = try row.decode(column: "method", as: String.self)
    let storedRequest = try row.decode(column: "request_digest", as: String.self)
    guard storedMethod == method, storedRequest == digest else {
      throw RPCError(
        code: .alreadyExists,
        message: "request_id '\(requestID)' was already used for a different request (\(storedMethod)); "
          + "use a new request_id for a new change."
      )
    }
    return try Response(serializedBytes: try row.decode(column: "response", as: Data.self))
  }

  /// The request's bytes as hex: compared exactly, so two different requests never match.
  static func digest(_ bytes: [UInt8]) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Wall-clock time for stored timestamps.
package enum Clock {
  /// Milliseconds since the Unix epoch (UTC).
  package static var nowMilliseconds: Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000).rounded())
  }
}
