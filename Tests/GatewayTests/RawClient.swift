import SwiftProtobuf
import YimenProtos
import YimenTransport
import YimenZMQ

/// A synchronous client that speaks the wire protocol by hand, for tests that need to send
/// exactly the frames they mean.
final class RawClient {
  let context: ZMQContext
  let socket: ZMQSocket

  init(endpoint: String, type: ZMQSocketType = .dealer) throws {
    self.context = try ZMQContext()
    self.socket = try ZMQSocket(context: self.context, type: type)
    try self.socket.connect(endpoint)
  }

  func send(_ frames: [[UInt8]]) throws {
    _ = try self.socket.send(frames)
  }

  /// The next message, or nil after `timeout`.
  func receive(within timeout: Duration) throws -> [[UInt8]]? {
    guard try self.socket.waitReadable(timeout: timeout) else { return nil }
    return try self.socket.receive()?.frames
  }

  /// Reads messages until the status of `callID` arrives; fails after `timeout`.
  func receiveStatus(callID: UInt64, within timeout: Duration) throws -> Yimen_Wire_V1_Status {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      guard let frames = try self.receive(within: ContinuousClock.now.duration(to: deadline)) else { break }
      guard case .call(let id, let parts) = try Wire.decode(frames, tag: Wire.clientTag), id == callID else { continue }
      if let last = parts.last, last.first == Wire.PartKind.status.rawValue {
        return try Yimen_Wire_V1_Status(serializedBytes: Array(last.dropFirst()))
      }
    }
    throw RawClientError.timedOut
  }

  func close() {
    self.socket.close()
    self.context.terminate()
  }
}

enum RawClientError: Error {
  case timedOut
}
