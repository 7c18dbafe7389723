package import ArgumentParser

/// The command-line options every service executable takes.
package struct ServiceOptions: ParsableArguments {
  @Option(help: "The gateway's back endpoint (default: $YIMEN_GATEWAY_BACKEND or tcp://127.0.0.1:5556).")
  package var backend: String?

  @Option(help: "How many calls this instance takes at once.")
  package var capacity: Int = 64

  @Option(
    name: .customLong("heartbeat-ms"),
    help: "Heartbeat interval in milliseconds; the gateway drops an instance after 3 silent intervals."
  )
  package var heartbeatMilliseconds: Int = 1_000

  @Option(
    name: .customLong("instance-id"),
    help: "A name for this instance in the registry (default: service name, host and pid)."
  )
  package var instanceID: String?

  @Option(
    name: .customLong("log-level"),
    help: "trace, debug, info, notice, warning, error or critical (default: $YIMEN_LOG_LEVEL or info)."
  )
  package var logLevel: String?

  package init() {}

  package func validate() throws {
    guard (1...100_000).contains(self.capacity) else {
      throw ValidationError("--capacity must be between 1 and 100000.")
    }
    guard (10...60_000).contains(self.heartbeatMilliseconds) else {
      throw ValidationError("--heartbeat-ms must be between 10 and 60000.")
    }
  }
}
