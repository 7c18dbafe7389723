import ArgumentParser
import Foundation
import GRPCCore
import Logging
import SQLKit
import SwiftProtobuf
import YimenProtos
import YimenRuntime
import YimenStorage
import YimenTransport

/// `yimen-event-sink`: a test consumer of the matters event feed. It records every event it
/// applies in its own database, so a test can kill it, restart it, and check that each event
/// was applied exactly once.
@main
struct EventSinkCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "yimen-event-sink",
    abstract: "Consumes yimen.matters.v1.Matters/Subscribe into DATA/sink.sqlite (tests)."
  )

  @Option(help: "The data directory.") var data: String
  @Option(help: "The gateway (default: $YIMEN_GATEWAY).") var gateway: String?
  @Option(name: .customLong("delay-ms"), help: "Time to spend on each event.") var delayMilliseconds: Int = 0
  @Flag(help: "Print how many events were applied (and how many twice), then exit.") var report = false

  static let applied = Migration(version: 1, name: "applied events") { database in
    try await database.create(table: "applied")
      .column("sequence", type: .bigint, .notNull)
      .column("type", type: .text, .notNull)
      .run()
  }

  func run() async throws {
    LoggingSystem.bootstrapYimen()
    let logger = Logger(label: "yimen.event-sink")
    let store = try await Store.open(directory: self.data, name: "sink", migrations: [Self.applied], logger: logger)
    if self.report {
      let (count, distinct) = try await store.read { database in
        let row = try await database.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT sequence) AS d FROM applied").first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "d", as: Int.self) ?? 0)
      }
      print("applied \(count) distinct \(distinct)")
      await store.close()
      return
    }
    let endpoint = YimenEnvironment.gateway(self.gateway)
    let delay = self.delayMilliseconds
    let consumer = EventConsumer(
      name: "sink<-matters",
      store: store,
      logger: logger,
      retryDelay: .milliseconds(100),
      source: { after, deliver in
        let transport = try ZMQClientTransport(configuration: .init(endpoint: endpoint))
        try await withGRPCClient(transport: transport) { client in
          try await Yimen_Matters_V1_Matters.Client(wrapping: client).subscribe(
            request: .init(
              message: .with { $0.afterSequence = after },
              metadata: ["yimen-principal": "id=event-sink;role=service"]
            )
          ) {
            response in
            for try await event in response.messages { try await deliver(event) }
          }
        }
      },
      handler: { event, database in
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        try await database.insert(into: "applied").columns("sequence", "type")
          .values(SQLBind(Int64(event.sequence)), SQLBind(event.type)).run()
      }
    )
    logger.info("consuming", metadata: ["zmq.endpoint": "\(endpoint)"])
    await consumer.run()
  }
}
