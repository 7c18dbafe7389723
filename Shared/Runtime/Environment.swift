import Foundation

/// The environment variables every Yimen executable honours, with their defaults.
package enum YimenEnvironment {
  /// `YIMEN_GATEWAY`: the gateway's front endpoint, where clients connect.
  package static let gatewayVariable = "YIMEN_GATEWAY"
  /// `YIMEN_GATEWAY_BACKEND`: the gateway's back endpoint, where service instances connect.
  package static let backendVariable = "YIMEN_GATEWAY_BACKEND"
  /// `YIMEN_DATA`: the data directory (databases, logs).
  package static let dataVariable = "YIMEN_DATA"
  /// `YIMEN_LOG_LEVEL`: trace, debug, info, notice, warning, error or critical.
  package static let logLevelVariable = "YIMEN_LOG_LEVEL"

  package static let defaultGateway = "tcp://127.0.0.1:5555"
  package static let defaultBackend = "tcp://127.0.0.1:5556"
  package static let defaultData = "./data"

  /// The value of a variable, or nil when unset or empty.
  package static func value(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
  }

  /// The front endpoint: the flag, else `YIMEN_GATEWAY`, else the default.
  package static func gateway(_ flag: String? = nil) -> String {
    flag ?? self.value(self.gatewayVariable) ?? self.defaultGateway
  }

  /// The back endpoint: the flag, else `YIMEN_GATEWAY_BACKEND`, else the default.
  package static func backend(_ flag: String? = nil) -> String {
    flag ?? self.value(self.backendVariable) ?? self.defaultBackend
  }

  /// The data directory: the flag, else `YIMEN_DATA`, else `./data`.
  package static func dataDirectory(_ flag: String? = nil) -> String {
    flag ?? self.value(self.dataVariable) ?? self.defaultData
  }
}
