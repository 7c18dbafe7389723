import Foundation
import GRPCCore
import YimenProtos

/// The benchmark's own echo service for the in-process and HTTP/2 scenarios: what `yimen-echo`
/// does for Echo/Get without a delay or failure (text, payload and instance copied back).
struct BenchEchoService: Yimen_Echo_V1_Echo.SimpleServiceProtocol {
  let instance: String

  func get(request: Yimen_Echo_V1_EchoRequest, context: ServerContext) async throws -> Yimen_Echo_V1_EchoResponse {
    var response = Yimen_Echo_V1_EchoResponse()
    response.text = request.text
    response.instance = self.instance
    response.payload = request.payload
    return response
  }

  func expand(
    request: Yimen_Echo_V1_EchoRequest,
    response: RPCWriter<Yimen_Echo_V1_EchoResponse>,
    context: ServerContext
  ) async throws {
    throw RPCError(code: .unimplemented, message: "not in the benchmark")
  }

  func collect(request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>, context: ServerContext) async throws
    -> Yimen_Echo_V1_EchoResponse
  {
    throw RPCError(code: .unimplemented, message: "not in the benchmark")
  }

  func update(
    request: RPCAsyncSequence<Yimen_Echo_V1_EchoRequest, any Error>,
    response: RPCWriter<Yimen_Echo_V1_EchoResponse>,
    context: ServerContext
  ) async throws {
    throw RPCError(code: .unimplemented, message: "not in the benchmark")
  }
}

/// The request every scenario sends: a `size`-byte payload and no text.
func benchRequest(size: Int) -> Yimen_Echo_V1_EchoRequest {
  var request = Yimen_Echo_V1_EchoRequest()
  request.payload = Data((0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) })
  return request
}

/// One Echo/Get call that fails unless the payload comes back whole.
func echoCall<Transport: ClientTransport>(
  _ client: Yimen_Echo_V1_Echo.Client<Transport>,
  request: Yimen_Echo_V1_EchoRequest
) -> @Sendable () async throws -> Void {
  let size = request.payload.count
  return {
    let response = try await client.get(request)
    if response.payload.count != size {
      throw RPCError(code: .dataLoss, message: "payload of \(response.payload.count) bytes, expected \(size)")
    }
  }
}
