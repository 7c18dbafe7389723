import Foundation

// yimen-bench: the measuring side of bench/run. See docs/benchmarks.md.
//
//   yimen-bench inprocess|http2|yimen [--seconds N] [--warmup N] [--concurrency N] [--payload N]
//               [--rate CALLS_PER_S] [--target ADDRESS] [--label NAME]
//   yimen-bench http2-server --port-file FILE [--max-seconds N]
//   yimen-bench wait --target tcp://HOST:PORT [--instances N] [--wait-seconds N]
//   yimen-bench report FILE...
//
// A measuring mode prints one `RESULT ...` line on stdout (see Measurement.resultLine).

let usage = "usage: yimen-bench inprocess|http2|yimen|http2-server|wait|report [options]; see bench/README or docs/benchmarks.md"

var arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
  FileHandle.standardError.write(Data((usage + "\n").utf8))
  exit(2)
}
arguments.removeFirst()

if mode == "report" {
  do {
    try report(files: arguments)
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("yimen-bench report: \(error)\n".utf8))
    exit(1)
  }
}

var options = Options()
var index = 0
func value() -> String {
  guard index + 1 < arguments.count else {
    FileHandle.standardError.write(Data("yimen-bench: \(arguments[index]) needs a value\n".utf8))
    exit(2)
  }
  index += 1
  return arguments[index]
}
func number(_ text: String) -> Double {
  guard let number = Double(text), number >= 0 else {
    FileHandle.standardError.write(Data("yimen-bench: not a number: \(text)\n".utf8))
    exit(2)
  }
  return number
}
while index < arguments.count {
  switch arguments[index] {
  case "--seconds": options.settings.duration = .milliseconds(Int64(number(value()) * 1000))
  case "--warmup": options.settings.warmup = .milliseconds(Int64(number(value()) * 1000))
  case "--concurrency": options.concurrency = max(1, Int(number(value())))
  case "--payload": options.payload = Int(number(value()))
  case "--rate": options.rate = number(value())
  case "--max-in-flight": options.maxInFlight = max(1, Int(number(value())))
  case "--target": options.target = value()
  case "--label": options.label = value()
  case "--port-file": options.portFile = value()
  case "--max-seconds": options.maxSeconds = number(value())
  case "--instances": options.instances = max(1, Int(number(value())))
  case "--wait-seconds": options.waitSeconds = number(value())
  default:
    FileHandle.standardError.write(Data("yimen-bench: unknown option \(arguments[index])\n\(usage)\n".utf8))
    exit(2)
  }
  index += 1
}

/// Ends the process if a mode overruns its time: every run is bounded.
func watchdog(seconds: Double, what: String) {
  DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
    FileHandle.standardError.write(Data("yimen-bench: \(what) did not finish within \(Int(seconds)) s; giving up\n".utf8))
    exit(3)
  }
}

let runSeconds = options.settings.warmup.seconds + options.settings.duration.seconds
do {
  switch mode {
  case "inprocess", "http2", "yimen":
    watchdog(seconds: runSeconds + 30, what: mode)
    let measurement: Measurement
    switch mode {
    case "inprocess": measurement = try await runInProcess(options)
    case "http2": measurement = try await runHTTP2(options)
    default: measurement = try await runYimen(options)
    }
    print(measurement.resultLine)
    if let error = measurement.firstError {
      FileHandle.standardError.write(Data("yimen-bench \(measurement.label): \(measurement.errors) errors, first: \(error)\n".utf8))
    }
  case "http2-server":
    guard !options.portFile.isEmpty else { throw BenchError("http2-server needs --port-file") }
    watchdog(seconds: options.maxSeconds + 5, what: mode)
    try await serveHTTP2(options)
  case "wait":
    watchdog(seconds: options.waitSeconds + 10, what: mode)
    try await waitForInstances(options)
  default:
    throw BenchError(usage)
  }
  exit(0)
} catch {
  FileHandle.standardError.write(Data("yimen-bench \(mode): \(error)\n".utf8))
  exit(1)
}
