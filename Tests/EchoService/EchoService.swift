package import GRPCCore
package import YimenProtos

/// Every RPC kind, with knobs to delay and to fail.
package struct EchoService: Yimen_Echo_V1_Echo.SimpleServiceProtocol {
  let instance: String

  package init(instance: String) {
    self.instance = instance
  }

  /// Waits, but stops as soon as the RPC is cancelled (GRPCCore cancels through the context,
  /// not the task: on the caller's CANCEL, the gateway's deadline or the instance's own).
  private func delay(_ milliseconds: UInt32, context: ServerContext) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await Task.sleep(for: .milliseconds(milliseconds)) }
      group.addTask {
        try await context.cancellation.cancelled
        throw RPCError(code: .cancelled, message: "The call was cancelled.")
      }
      defer { group.cancelAll() }
      try await group.next()
    }
  }

  private func answer(_ request: Yimen_Echo_V1_EchoRequest, text: String? = nil, context: ServerContext) async throws
    -> Yimen_Echo_V1_EchoResponse
  {
    if request.delayMs > 0 { try await self.delay(request.delayMs, context: context) }
    if request.failCode != 0 {
      let code = RPCError.Code(Status.Code(rawValue: Int(request.failCode)) ?? .unknown) ?? .unknown
      throw RPCError(code: code, message: "failing as asked (\(request.failCode))")
    }
    var response = Yimen_Echo_V1_EchoResponse()
    response.text = text ?? request.text
    response.instance = self.instance
    response.payload = request.payload
    return response
  }

  package func get(request: Yimen_Echo_V1_EchoRequest, context: ServerContext) async throws
    -> Yimen_Echo_V1_EchoResponse
  {
    try await self.answer(request, context: context)
  }

  package func expand(
    request: Yimen_Echo_V1_EchoRequest,
    response: RPCWriter<Yimen_Echo_V1_EchoResponse>,
    context: ServerContext
  ) async throws {
    for word in request.text.split(separator: " ") {
      try await response.write(try await self.answer(request, text: String(word), context: context))
    }
  }

  package func collect(request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>, context: ServerContext)
    async throws -> Yimen_Echo_V1_EchoResponse
  {
    var texts: [String] = []
    var last = Yimen_Echo_V1_EchoRequest()
    for try await message in request {
      texts.append(message.text)
      last = message
    }
    return try await self.answer(last, text: texts.joined(separator: " "), context: context)
  }

  package func update(
    request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>,
    response: RPCWriter<Yimen_Echo_V1_EchoResponse>,
    context: ServerContext
  ) async throws {
    for try await message in request {
      try await response.write(try await self.answer(message, context: context))
    }
  }
}
