package import YimenProtos

extension Broker {
  /// Live instances (registered, not draining) per known service.
  package var liveInstances: [String: Int] {
    self.services.mapValues { service in
      service.workers.count { self.workers[$0].map { !$0.draining } ?? false }
    }
  }

  /// The registry's answer: services, methods and instances.
  package func listServices(filter: String, now: ContinuousClock.Instant) -> Yimen_Gateway_V1_ListServicesResponse {
    var response = Yimen_Gateway_V1_ListServicesResponse()
    response.gatewayID = self.configuration.gatewayID
    response.gatewayUptimeMs = Self.milliseconds(self.started.duration(to: now))
    for name in self.services.keys.sorted() where filter.isEmpty || filter == name {
      let service = self.services[name]!
      var info = Yimen_Gateway_V1_ServiceInfo()
      info.name = name
      var methods: Set<String> = []
      for identity in service.workers {
        guard let worker = self.workers[identity] else { continue }
        methods.formUnion(worker.methods[name] ?? [])
        var instance = Yimen_Gateway_V1_InstanceInfo()
        instance.id = worker.instanceID
        instance.address = worker.address
        instance.uptimeMs = Self.milliseconds(worker.joined.duration(to: now))
        instance.capacity = UInt32(worker.capacity)
        instance.inFlight = UInt32(worker.calls.count)
        instance.version = worker.version
        info.instances.append(instance)
      }
      info.methods = methods.sorted()
      info.queued = UInt32(service.queue.count)
      response.services.append(info)
    }
    return response
  }

  /// The registry's statistics: per-method counts and latency, and the gateway's counters.
  package func statistics(filter: String) -> Yimen_Gateway_V1_GetStatsResponse {
    var response = Yimen_Gateway_V1_GetStatsResponse()
    response.counters = self.counters
    for path in self.stats.keys.sorted() {
      if !filter.isEmpty, Self.split(path: path)?.service != filter { continue }
      let statistics = self.stats[path]!
      var method = Yimen_Gateway_V1_MethodStats()
      method.method = path
      method.calls = statistics.calls
      method.errors = statistics.errors
      method.p50Ms = statistics.percentile(0.5)
      method.p99Ms = statistics.percentile(0.99)
      response.methods.append(method)
    }
    return response
  }

  static func milliseconds(_ duration: Duration) -> UInt64 {
    let (seconds, attoseconds) = duration.components
    return UInt64(Swift.max(0, seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
  }
}
