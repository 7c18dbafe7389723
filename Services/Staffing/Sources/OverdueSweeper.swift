package import Logging
package import ServiceLifecycle

/// Checks the return letters every so often and emits `staffing.replacement.overdue` for each
/// replacement that became late (once per letter, whichever instance sees it first).
package struct OverdueSweeper: Service {
  let directory: StaffingDirectory
  let interval: Duration
  let logger: Logger

  package init(directory: StaffingDirectory, interval: Duration, logger: Logger) {
    self.directory = directory
    self.interval = interval
    self.logger = logger
  }

  package func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      do {
        let reported = try await self.directory.reportOverdue()
        if reported > 0 {
          self.logger.notice("replacements overdue", metadata: ["staffing.overdue": "\(reported)"])
        }
      } catch {
        self.logger.warning("cannot check overdue replacements", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return
      }
    }
  }
}
