package import Logging
package import SQLKit
package import YimenProtos

/// Applies another service's events exactly once, across restarts of either side.
///
/// The consumer keeps its checkpoint (the last applied sequence) in its own store, and applies
/// each event in one transaction with the checkpoint update: an event is either applied and
/// checkpointed, or neither. On restart it subscribes after the checkpoint; an event that
/// arrives twice (the feed resent it after a reconnect) is skipped.
package struct EventConsumer: Sendable {
  /// Delivers events after a sequence number to `deliver`, in order (usually a `Subscribe` call
  /// through the gateway). Returns or throws when the stream ends; the consumer then reconnects.
  package typealias Source =
    @Sendable (
      _ after: UInt64,
      _ deliver: @escaping @Sendable (Yimen_Events_V1_Event) async throws -> Void
    ) async throws -> Void

  /// Applies one event inside the consumer's transaction.
  package typealias Handler =
    @Sendable (_ event: Yimen_Events_V1_Event, _ database: any SQLDatabase) async throws -> Void

  /// The checkpoint's name, unique per consumer and source (e.g. "supervision<-matters").
  package let name: String
  package let store: Store
  let source: Source
  let handler: Handler
  let logger: Logger
  let retryDelay: Duration

  package init(
    name: String,
    store: Store,
    logger: Logger,
    retryDelay: Duration = .milliseconds(500),
    source: @escaping Source,
    handler: @escaping Handler
  ) {
    self.name = name
    self.store = store
    self.source = source
    self.handler = handler
    self.logger = logger
    self.retryDelay = retryDelay
  }

  /// The last applied sequence, 0 when none.
  package func checkpoint() async throws -> UInt64 {
    try await self.store.read { database in try await Self.checkpoint(self.name, in: database) }
  }

  static func checkpoint(_ name: String, in database: any SQLDatabase) async throws -> UInt64 {
    let row = try await database.raw("SELECT sequence FROM yimen_checkpoints WHERE consumer = \(bind: name)").first()
    return UInt64(try row?.decode(column: "sequence", as: Int64.self) ?? 0)
  }

  /// Applies one event once: skipped when at or below the checkpoint.
  /// - Returns: false when the event had been applied before.
  @discardableResult
  package func apply(_ event: Yimen_Events_V1_Event) async throws -> Bool {
    try await self.store.write { database in
      let done = try await Self.checkpoint(self.name, in: database)
      guard event.sequence > done else { return false }
      try await self.handler(event, database)
      try await database.raw(
        """
        INSERT INTO yimen_checkpoints (consumer, sequence) VALUES (\(bind: self.name), \(bind: Int64(event.sequence)))
        ON CONFLICT (consumer) DO UPDATE SET sequence = excluded.sequence
        """
      ).run()
      return true
    }
  }

  /// Consumes until the task is cancelled, reconnecting after failures.
  package func run() async {
    while !Task.isCancelled {
      do {
        let after = try await self.checkpoint()
        try await self.source(after) { event in try await self.apply(event) }
      } catch is CancellationError {
        return
      } catch {
        if Task.isCancelled { return }
        self.logger.notice(
          "event feed interrupted; reconnecting",
          metadata: ["consumer": "\(self.name)", "error": "\(error)"]
        )
      }
      try? await Task.sleep(for: self.retryDelay)
    }
  }
}
