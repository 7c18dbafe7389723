import Foundation

// yimen-bench: the measuring side of bench/run. See docs/benchmarks.md.
//
//   yimen-bench inprocess|http2|yimen [--seconds N] [--warmup N] [--concurrency N] [--payload N]
//               [--rate CALLS_PER_S [--tick-ms N] [--max-in-flight N]] [--target ADDRESS] [--label NAME]
//     closed loop with --concurrency callers (default 64), or an open loop at --rate
//   yimen-bench matters --target tcp://HOST:PORT --call search|matter|document [--query TEXT] [--page-size N]
//               [--seconds N] [--warmup N] [--concurrency N] [--label NAME]
//     catalogue reads from yimen-matters through the gateway (SearchMatters, GetMatter, GetDocument)
//   yimen-bench cases --target tcp://HOST:PORT --call lookup|submit|accept [--seconds N] [--warmup N]
//               [--concurrency N] [--label NAME]
//     GetMatter as yimen-cases asks it, SubmitCase, or SubmitCase + AcceptCase through the gateway;
//     exits 1 with no RESULT line if any call fails
//   yimen-bench http2-server --port-file FILE [--max-seconds N]
//   yimen-bench wait --target tcp://HOST:PORT [--service NAME] [--instances N] [--wait-seconds N]
//   yimen-bench report FILE...
//
// A measuring mode prints one `RESULT ...` line on stdout (see BenchResult.resultLine); `cases` also
// prints `LATE <label> <calls> <longest ns>`: calls that started in the measured window and ended after it.

let usage =
  "usage: yimen-bench inprocess|http2|yimen|matters|cases|http2-server|wait|report [options]; see docs/benchmarks.md"

@main
enum YimenBench {
  static func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
  }

  static func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    func value() -> String {
      guard index + 1 < arguments.count else { fail("yimen-bench: \(arguments[index]) needs a value") }
      index += 1
      return arguments[index]
    }
    func number(_ text: String) -> Double {
      guard let number = Double(text), number >= 0 else { fail("yimen-bench: not a number: \(text)") }
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
      case "--tick-ms": options.tick = .microseconds(Int64(number(value()) * 1000))
      case "--target": options.target = value()
      case "--label": options.label = value()
      case "--port-file": options.portFile = value()
      case "--max-seconds": options.maxSeconds = number(value())
      case "--instances": options.instances = max(1, Int(number(value())))
      case "--wait-seconds": options.waitSeconds = number(value())
      case "--service": options.service = value()
      case "--call": options.call = value()
      case "--query": options.query = value()
      case "--page-size": options.pageSize = Int(number(value()))
      default: fail("yimen-bench: unknown option \(arguments[index])\n\(usage)")
      }
      index += 1
    }
    return options
  }

  /// Ends the process if a mode overruns its time: every run is bounded.
  static func watchdog(seconds: Double, what: String) {
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
      fail("yimen-bench: \(what) did not finish within \(Int(seconds)) s; giving up", code: 3)
    }
  }

  static func main() async {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard let mode = arguments.first else { fail(usage) }
    arguments.removeFirst()
    if mode == "report" {
      do {
        try report(files: arguments)
        exit(0)
      } catch {
        fail("yimen-bench report: \(error)", code: 1)
      }
    }
    let options = parse(arguments)
    let runSeconds = options.settings.warmup.seconds + options.settings.duration.seconds
    do {
      switch mode {
      case "inprocess", "http2", "yimen", "matters", "cases":
        watchdog(seconds: runSeconds + 30, what: mode)
        let result: BenchResult
        switch mode {
        case "inprocess": result = try await runInProcess(options)
        case "http2": result = try await runHTTP2(options)
        case "matters": result = try await runMatters(options)
        case "cases": result = try await runCases(options)
        default: result = try await runYimen(options)
        }
        print(result.resultLine)
        for line in result.extraLines { print(line) }
        if let error = result.firstError {
          FileHandle.standardError.write(
            Data("yimen-bench \(result.label): \(result.errors) errors, first: \(error)\n".utf8)
          )
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
      fail("yimen-bench \(mode): \(error)", code: 1)
    }
  }
}
