import Foundation
package import GRPCCore
package import SQLKit
package import SwiftProtobuf
package import YimenProtos

extension Store {
  /// Records an event in the transaction of the change it describes: both commit, or neither.
  ///
  /// - Parameters:
  ///   - type: "<service>.<thing>.<verb>", e.g. "matters.matter.created".
  ///   - subject: the id of the thing, e.g. a matter code.
  package static func append(
    type: String,
    subject: String,
    payload: some SwiftProtobuf.Message,
    in database: any SQLDatabase
  ) async throws {
    let bytes: Data = try payload.serializedBytes()
    try await database.insert(into: "yimen_outbox")
      .columns("type", "subject", "occurred_at_ms", "payload_type", "payload")
      .values(
        SQLBind(type),
        SQLBind(subject),
        SQLBind(Clock.nowMilliseconds),
        SQLBind(Swift.type(of: payload).protoMessageName),
        SQLBind(bytes)
      )
      .run()
  }

  /// Committed events after `sequence`, oldest first.
  package func events(after sequence: UInt64, types: [String] = [], limit: Int = 500) async throws
    -> [Yimen_Events_V1_Event]
  {
    try await self.read { database in
      var query = database.select()
        .columns("sequence", "type", "subject", "occurred_at_ms", "payload_type", "payload")
        .from("yimen_outbox")
        .where("sequence", .greaterThan, SQLBind(Int64(clamping: sequence)))
      if !types.isEmpty {
        query = query.where("type", .in, SQLBind.group(types))
      }
      return try await query.orderBy("sequence").limit(limit).all().map { row in
        var event = Yimen_Events_V1_Event()
        event.sequence = UInt64(try row.decode(column: "sequence", as: Int64.self))
        event.type = try row.decode(column: "type", as: String.self)
        event.subject = try row.decode(column: "subject", as: String.self)
        event.occurredAtMs = try row.decode(column: "occurred_at_ms", as: Int64.self)
        event.payloadType = try row.decode(column: "payload_type", as: String.self)
        event.payload = try row.decode(column: "payload", as: Data.self)
        return event
      }
    }
  }

  /// Serves `Subscribe`: the backlog after `after_sequence`, then each event as it commits,
  /// until the caller cancels or its deadline passes.
  ///
  /// Commits made by this process wake the stream at once; commits by other processes sharing
  /// the database are picked up within `pollInterval`.
  package func serveSubscription(
    _ request: Yimen_Events_V1_SubscribeRequest,
    writer: RPCWriter<Yimen_Events_V1_Event>,
    context: ServerContext,
    pollInterval: Duration = .milliseconds(250)
  ) async throws {
    let feed = Task {
      var after = request.afterSequence
      var generation = self.commitGeneration
      while !Task.isCancelled {
        let batch = try await self.events(after: after, types: request.types)
        for event in batch {
          try await writer.write(event)
          after = event.sequence
        }
        if batch.count == 500 { continue }
        generation = await self.waitForCommit(after: generation, timeout: pollInterval)
      }
    }
    try await withTaskCancellationHandler {
      try await withRPCCancellationHandler {
        try await feed.value
      } onCancelRPC: {
        feed.cancel()
      }
    } onCancel: {
      feed.cancel()
    }
  }

}
