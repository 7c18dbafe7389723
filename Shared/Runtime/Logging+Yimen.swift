import Foundation
package import Logging

extension LoggingSystem {
  /// Bootstraps logging once per process: lines to standard error at the level from the flag,
  /// else `YIMEN_LOG_LEVEL`, else info.
  package static func bootstrapYimen(level flag: String? = nil) {
    let level =
      (flag ?? YimenEnvironment.value(YimenEnvironment.logLevelVariable)).flatMap(Logger.Level.init(rawValue:)) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
}
