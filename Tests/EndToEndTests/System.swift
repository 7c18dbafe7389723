import Foundation
import GRPCCore
import SwiftProtobuf
import YimenProtos
import YimenTransport

#if canImport(Glibc)
  import Glibc
#endif

/// Real Yimen processes for end-to-end tests: the gateway and service instances, started from
/// the built executables, listening on 127.0.0.1 only, stopped by pid when the test ends.
final class System: @unchecked Sendable {
  // @unchecked: the process table is guarded by `lock`.
  struct Child {
    var name: String
    var process: Process
    var log: URL
  }

  let frontend: String
  let backend: String
  let logs: URL
  private let lock = NSLock()
  private var children: [String: Child] = [:]

  /// The directory with the built executables: beside this test binary, or $YIMEN_BIN.
  static let binDirectory: URL = {
    if let bin = ProcessInfo.processInfo.environment["YIMEN_BIN"] { return URL(fileURLWithPath: bin) }
    var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("yimen-gateway").path) { return url }
      url.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: ".build/debug")
  }()

  /// A TCP port on 127.0.0.1 that was free a moment ago.
  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  init() throws {
    self.frontend = "tcp://127.0.0.1:\(Self.freePort())"
    self.backend = "tcp://127.0.0.1:\(Self.freePort())"
    self.logs = FileManager.default.temporaryDirectory.appendingPathComponent("yimen-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: self.logs, withIntermediateDirectories: true)
  }

  deinit {
    self.stopAll()
  }

  /// Starts an executable; returns once it has printed `readyLine` (bounded by `within`).
  @discardableResult
  func start(
    _ name: String,
    executable: String,
    arguments: [String],
    readyLine: String? = nil,
    within: Duration = .seconds(15)
  ) async throws -> Int32 {
    try await self.startAbsolute(
      name,
      Self.binDirectory.appendingPathComponent(executable).path,
      arguments,
      readyLine: readyLine,
      within: within
    )
  }

  /// Starts a program by path; returns once it has printed `readyLine` (bounded by `within`).
  @discardableResult
  func startAbsolute(
    _ name: String,
    _ path: String,
    _ arguments: [String],
    readyLine: String? = nil,
    within: Duration = .seconds(15)
  ) async throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["YIMEN_GATEWAY"] = self.frontend
    environment["YIMEN_GATEWAY_BACKEND"] = self.backend
    process.environment = environment
    let log = self.logs.appendingPathComponent("\(name).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = pipe
    let (lines, continuation) = AsyncStream.makeStream(of: String.self)
    let writer = try FileHandle(forWritingTo: log)
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      if data.isEmpty {
        handle.readabilityHandler = nil
        continuation.finish()
        return
      }
      writer.write(data)
      for line in String(decoding: data, as: UTF8.self).split(separator: "\n") { continuation.yield(String(line)) }
    }
    try process.run()
    self.lock.withLock { self.children[name] = Child(name: name, process: process, log: log) }
    guard let readyLine else { return process.processIdentifier }
    let found = try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        for await line in lines where line.contains(readyLine) { return true }
        return false
      }
      group.addTask {
        try await Task.sleep(for: within)
        return false
      }
      defer { group.cancelAll() }
      return try await group.next() ?? false
    }
    guard found else {
      throw SystemError.notReady("\(name) did not print '\(readyLine)' within \(within); log: \(self.logText(name))")
    }
    return process.processIdentifier
  }

  /// Starts the gateway and waits until it listens.
  func startGateway(name: String = "gateway", extra: [String] = []) async throws {
    try await self.start(
      name,
      executable: "yimen-gateway",
      arguments: ["--frontend", self.frontend, "--backend", self.backend, "--grace-ms", "3000"] + extra,
      readyLine: "gateway listening"
    )
  }

  /// A gateway and echo instances with these names, all registered.
  static func withEcho(_ names: String...) async throws -> System {
    let system = try System()
    try await system.startGateway()
    for name in names { try await system.startEcho(name) }
    try await system.waitForInstances(names.count)
    return system
  }

  /// Starts an echo instance (heartbeat 100 ms, so a dead one is noticed within 300 ms).
  func startEcho(_ name: String, capacity: Int = 64) async throws {
    try await self.start(
      name,
      executable: "yimen-echo",
      arguments: ["--instance-id", name, "--heartbeat-ms", "100", "--capacity", "\(capacity)"],
      readyLine: "serving"
    )
  }

  func pid(_ name: String) -> Int32? {
    self.lock.withLock { self.children[name]?.process.processIdentifier }
  }

  func isRunning(_ name: String) -> Bool {
    self.lock.withLock { self.children[name]?.process.isRunning ?? false }
  }

  /// Sends a signal to a child.
  func signal(_ name: String, _ signal: Int32) {
    if let pid = self.pid(name) { kill(pid, signal) }
  }

  /// Waits (bounded) for a child to exit; returns its exit status, or nil if it did not exit in time.
  func waitForExit(_ name: String, within: Duration = .seconds(10)) async -> Int32? {
    guard let process = self.lock.withLock({ self.children[name]?.process }) else { return nil }
    let deadline = ContinuousClock.now + within
    while process.isRunning {
      guard ContinuousClock.now < deadline else { return nil }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return process.terminationStatus
  }

  func logText(_ name: String) -> String {
    guard let log = self.lock.withLock({ self.children[name]?.log }) else { return "" }
    return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
  }

  /// Kills every child that still runs.
  func stopAll() {
    let children = self.lock.withLock { Array(self.children.values) }
    for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
    for child in children { child.process.waitUntilExit() }
  }

  /// Retries UNAVAILABLE calls of one service eagerly (5 attempts from 50 ms): for clients that ride
  /// out an instance being killed under load.
  static func retrying(_ service: String) -> ServiceConfig {
    ServiceConfig(
      methodConfig: [
        MethodConfig(
          names: [.init(service: service)],
          executionPolicy: .retry(
            RetryPolicy(
              maxAttempts: 5,
              initialBackoff: .milliseconds(50),
              maxBackoff: .milliseconds(500),
              backoffMultiplier: 2,
              retryableStatusCodes: [.unavailable]
            )
          )
        )
      ]
    )
  }

  /// Runs `body` with a GRPCClient connected to the gateway.
  func withClient<T: Sendable>(
    serviceConfig: ServiceConfig = ServiceConfig(),
    _ body: @Sendable (GRPCClient<ZMQClientTransport>) async throws -> T
  ) async throws -> T {
    let transport = try ZMQClientTransport(
      configuration: .init(endpoint: self.frontend, serviceConfig: serviceConfig, heartbeatInterval: .milliseconds(200))
    )
    return try await withGRPCClient(transport: transport) { try await body($0) }
  }

  /// Waits (bounded) until the registry lists `count` instances of `service`.
  func waitForInstances(_ count: Int, of service: String = "yimen.echo.v1.Echo", within: Duration = .seconds(15))
    async throws
  {
    let deadline = ContinuousClock.now + within
    while ContinuousClock.now < deadline {
      let live = try? await self.withClient { client in
        try await Yimen_Gateway_V1_Registry.Client(wrapping: client).listServices(
          .with { $0.service = service },
          options: .timeout(.seconds(1))
        )
      }
      if live?.services.first?.instances.count == count { return }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw SystemError.notReady("\(service) did not reach \(count) instances within \(within)")
  }

  /// Runs an executable to completion (bounded) and returns its standard output.
  func run(_ executable: String, _ arguments: [String]) async throws -> String {
    try await self.execute(executable, arguments).out
  }

  /// Runs the `yimen` CLI; returns its exit status, standard output and standard error.
  func cli(_ arguments: [String], stdin: String? = nil) async throws -> (status: Int32, out: String, err: String) {
    try await self.execute("yimen", arguments + ["--gateway", self.frontend], stdin: stdin)
  }

  private func execute(_ executable: String, _ arguments: [String], stdin: String? = nil) async throws
    -> (status: Int32, out: String, err: String)
  {
    try await self.runAbsolute(Self.binDirectory.appendingPathComponent(executable).path, arguments, stdin: stdin)
  }

  /// Runs a program by path to completion (bounded); returns its status and output.
  func runAbsolute(_ path: String, _ arguments: [String], stdin: String? = nil) async throws
    -> (status: Int32, out: String, err: String)
  {
    let executable = path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    // Output goes to files, so that a large answer never blocks the process on a full pipe.
    let stamp = UUID().uuidString
    let outFile = self.logs.appendingPathComponent("run-\(stamp).out")
    let errFile = self.logs.appendingPathComponent("run-\(stamp).err")
    FileManager.default.createFile(atPath: outFile.path, contents: nil)
    FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let input = Pipe()
    process.standardOutput = try FileHandle(forWritingTo: outFile)
    process.standardError = try FileHandle(forWritingTo: errFile)
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let deadline = ContinuousClock.now + .seconds(20)
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      throw SystemError.notReady("\(executable) \(arguments) did not finish within 20 s")
    }
    let output = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let error = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    return (process.terminationStatus, output, error)
  }
}

enum SystemError: Error, CustomStringConvertible {
  case notReady(String)

  var description: String {
    switch self {
    case .notReady(let text): text
    }
  }
}

extension CallOptions {
  static func timeout(_ duration: Duration) -> CallOptions {
    var options = CallOptions.defaults
    options.timeout = duration
    return options
  }
}
