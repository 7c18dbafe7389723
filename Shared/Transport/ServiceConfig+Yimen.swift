package import GRPCCore

extension ServiceConfig {
  /// Retries UNAVAILABLE (an instance died, or none was up for a moment) up to 3 attempts with
  /// backoff: safe for every Yimen method, because reads have no effect and every change carries
  /// a request id that the service answers only once.
  package static let retryingUnavailable = ServiceConfig(
    methodConfig: [
      MethodConfig(
        names: [.init(service: "")],
        executionPolicy: .retry(
          RetryPolicy(
            maxAttempts: 3,
            initialBackoff: .milliseconds(100),
            maxBackoff: .seconds(1),
            backoffMultiplier: 2,
            retryableStatusCodes: [.unavailable]
          )
        )
      )
    ]
  )
}
