import ArgumentParser
import Foundation
import GRPCCore
import Synchronization
import UnixSignals
import YimenProtos
import YimenRuntime

extension Yimen {
  struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Start the gateway and every service locally; stop them all on Ctrl-C.",
      discussion: """
        Starts yimen-gateway, waits until it answers, then starts every service executable that
        is built beside `yimen` (the list is in compose/processes), with logs under
        DATA/logs/NAME-N.log. Uses $YIMEN_GATEWAY, $YIMEN_GATEWAY_BACKEND and $YIMEN_DATA, so two
        systems can run side by side on other ports.

        Examples:
          yimen up
          yimen up --replicas yimen-cases=3 --demo
        """
    )

    static let processes = [
      "yimen-gateway", "yimen-matters", "yimen-staffing", "yimen-cases", "yimen-fees", "yimen-supervision",
    ]

    @Option(
      name: .long,
      parsing: .singleValue,
      help: "Instances of one service, NAME=N (e.g. yimen-cases=3). Repeatable."
    )
    var replicas: [String] = []

    @Flag(help: "Load the demo data into services that have it (never overwrites real data).")
    var demo = false

    @Option(help: "The data directory (default: $YIMEN_DATA or ./data).")
    var data: String?

    @Option(name: .customLong("bin"), help: "Where the executables are (default: beside yimen).")
    var binDirectory: String?

    func validate() throws {
      for replica in self.replicas {
        let parts = replica.split(separator: "=")
        guard parts.count == 2, Self.processes.contains(String(parts[0])), let count = Int(parts[1]),
          (1...32).contains(count)
        else {
          throw ValidationError(
            "--replicas '\(replica)' must be NAME=N with N from 1 to 32 and NAME one of \(Self.processes.joined(separator: ", "))."
          )
        }
        guard parts[0] != "yimen-gateway" || count == 1 else {
          throw ValidationError("The gateway runs once; scale the services behind it.")
        }
      }
    }

    func run() async throws {
      let bin = URL(
        fileURLWithPath: self.binDirectory
          ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
      )
      let dataDirectory = URL(fileURLWithPath: YimenEnvironment.dataDirectory(self.data))
      let logs = dataDirectory.appendingPathComponent("logs")
      try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
      var counts: [String: Int] = [:]
      for replica in self.replicas {
        let parts = replica.split(separator: "=")
        counts[String(parts[0])] = Int(parts[1])
      }

      var environment = ProcessInfo.processInfo.environment
      environment[YimenEnvironment.dataVariable] = dataDirectory.path
      environment[YimenEnvironment.gatewayVariable] = YimenEnvironment.gateway()
      environment[YimenEnvironment.backendVariable] = YimenEnvironment.backend()
      if self.demo { environment["YIMEN_DEMO"] = "1" }

      let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
      var children: [(name: String, index: Int, process: Process, log: URL)] = []
      func start(_ name: String, index: Int) throws {
        let executable = bin.appendingPathComponent(name)
        let log = logs.appendingPathComponent("\(name)-\(index).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = executable
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.arguments = name == "yimen-gateway" ? [] : ["--instance-id", Self.instanceID(name, index)]
        try process.run()
        children.append((name, index, process, log))
      }

      let available = Self.processes.filter {
        FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent($0).path)
      }
      guard available.contains("yimen-gateway") else {
        throw ValidationError("yimen-gateway is not built in \(bin.path); run `swift build` first (or pass --bin).")
      }
      try start("yimen-gateway", index: 1)
      try await self.waitForGateway(gateway: children[0].process)
      for name in available where name != "yimen-gateway" {
        for index in 1...(counts[name] ?? 1) { try start(name, index: index) }
      }
      let skipped = Self.processes.filter { !available.contains($0) }
      let instanceIDs = children.dropFirst().map { Self.instanceID($0.name, $0.index) }
      if !instanceIDs.isEmpty { say("waiting for \(instanceIDs.count) service instance(s) to register…") }
      let registered = await self.waitForInstances(
        Set(instanceIDs),
        while: { children.allSatisfy { $0.process.isRunning } }
      )

      say(
        "Yimen is up: gateway \(YimenEnvironment.gateway()), instances \(YimenEnvironment.backend()), data \(dataDirectory.path)"
      )
      say(
        tableText(
          ["PROCESS", "PID", "STATE", "LOG"],
          children.map { child in
            let state: String
            if !child.process.isRunning {
              state = "exited (\(child.process.terminationStatus))"
            } else if child.name == "yimen-gateway" || registered.contains(Self.instanceID(child.name, child.index)) {
              state = "serving"
            } else {
              state = "starting (see its log)"
            }
            return [child.name, "\(child.process.processIdentifier)", state, child.log.path]
          }
        )
      )
      if !skipped.isEmpty { say("not built (skipped): \(skipped.joined(separator: ", "))") }
      if self.demo { say("demo data: loaded by each service that has it at start-up") }
      say("Press Ctrl-C to stop.")

      // Wait for a signal, or for a child to exit on its own.
      let stopRequested = Atomic<Bool>(false)
      let watcher = Task {
        for await _ in signals {
          stopRequested.store(true, ordering: .releasing)
          return
        }
      }
      while !stopRequested.load(ordering: .acquiring), children.allSatisfy({ $0.process.isRunning }) {
        try? await Task.sleep(for: .milliseconds(100))
      }
      watcher.cancel()
      let crashed = children.filter { !$0.process.isRunning }
      for child in crashed {
        say(
          "\(child.name) (pid \(child.process.processIdentifier)) exited with status \(child.process.terminationStatus); see \(child.log.path)"
        )
      }
      say("stopping…")
      // Services first, then the gateway, so that open calls can finish.
      for child in children.reversed() where child.process.isRunning {
        kill(child.process.processIdentifier, SIGTERM)
      }
      let deadline = ContinuousClock.now + .seconds(15)
      while children.contains(where: { $0.process.isRunning }), ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(50))
      }
      for child in children where child.process.isRunning {
        say("\(child.name) did not stop in time; killing it")
        kill(child.process.processIdentifier, SIGKILL)
      }
      say("stopped")
      if !crashed.isEmpty { throw ExitCode(1) }
    }

    /// The instance id `yimen up` gives the Nth instance of an executable: "matters-2".
    static func instanceID(_ executable: String, _ index: Int) -> String {
      "\(executable.dropFirst("yimen-".count))-\(index)"
    }

    /// Waits (at most 60 s, and while `running` holds) until the registry lists every instance id;
    /// returns the ids that registered.
    private func waitForInstances(_ ids: Set<String>, while running: () -> Bool) async -> Set<String> {
      guard !ids.isEmpty, let options = try? ConnectionOptions.parse(["--timeout", "1"]) else { return [] }
      let deadline = ContinuousClock.now + .seconds(60)
      var registered: Set<String> = []
      while ContinuousClock.now < deadline, running() {
        let services = try? await options.withClient { client in
          try await Yimen_Gateway_V1_Registry.Client(wrapping: client).listServices(
            request: .init(message: .init()),
            options: options.callOptions
          )
        }
        registered = Set(services?.services.flatMap { $0.instances.map(\.id) } ?? []).intersection(ids)
        if registered == ids { break }
        try? await Task.sleep(for: .milliseconds(200))
      }
      return registered
    }

    /// Waits until the gateway answers a health check, or fails if it exits or stays silent.
    private func waitForGateway(gateway: Process) async throws {
      let deadline = ContinuousClock.now + .seconds(15)
      let options = try ConnectionOptions.parse(["--timeout", "0.5"])
      while ContinuousClock.now < deadline {
        guard gateway.isRunning else {
          throw ValidationError(
            "yimen-gateway exited at start (status \(gateway.terminationStatus)); is its port taken? See its log."
          )
        }
        let serving = try? await options.withClient { client in
          try await Grpc_Health_V1_Health.Client(wrapping: client).check(
            request: .init(message: .init()),
            options: options.callOptions
          )
        }
        if serving?.status == .serving { return }
        try await Task.sleep(for: .milliseconds(100))
      }
      throw ValidationError("yimen-gateway did not answer within 15 s; see its log.")
    }
  }
}
