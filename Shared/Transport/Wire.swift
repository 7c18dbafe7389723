package import SwiftProtobuf
package import YimenProtos

/// The Yimen wire protocol's framing: how calls, heartbeats and registrations are laid out in
/// the frames of ZeroMQ messages. docs/protocol.md is the normative description.
package enum Wire {
  /// Frame 0 of every message between a client and the gateway.
  package static let clientTag: [UInt8] = Array("YMC1".utf8)
  /// Frame 0 of every message between a service instance (worker) and the gateway.
  package static let workerTag: [UInt8] = Array("YMW1".utf8)

  /// Frame 1 of every message.
  package enum Command: UInt8, Sendable {
    /// Call parts for one call, both directions: `[tag][0x01][call id][part]...`.
    case call = 0x01
    /// Abandon a call: `[tag][0x02][call id]`; client → gateway and gateway → worker.
    case cancel = 0x02
    /// Liveness: `[tag][0x03]`, and from the gateway to a client `[tag][0x03][gateway id]`.
    case heartbeat = 0x03
    /// Worker → gateway: `[tag][0x04][Ready]`, registration.
    case ready = 0x04
    /// Either way between worker and gateway: `[tag][0x05]`, forget me / reconnect.
    case disconnect = 0x05
    /// Worker → gateway: `[tag][0x06]`, send no new calls; open ones will still be answered.
    case draining = 0x06
  }

  /// The first byte of each call-part frame.
  package enum PartKind: UInt8, Sendable {
    /// Request: `RequestHeaders`; response: `ResponseHeaders`.
    case headers = 0x01
    /// One serialized message.
    case message = 0x02
    /// The end of the request stream (no body); requests only.
    case end = 0x03
    /// The final `Status`; responses only, always the last part of a call.
    case status = 0x04
  }

  /// A decoded message, with call parts left as raw frames for the receiver to read.
  package enum Envelope: Sendable {
    case call(id: UInt64, parts: ArraySlice<[UInt8]>)
    case cancel(id: UInt64)
    case heartbeat(payload: [UInt8]?)
    case ready(Yimen_Wire_V1_Ready)
    case disconnect
    case draining
  }

  /// A message that does not follow the protocol.
  package struct MalformedMessage: Error, Hashable, Sendable, CustomStringConvertible {
    package var reason: String
    /// The call id, when the message got far enough to name one (so the sender can be told).
    package var callID: UInt64?

    package init(_ reason: String, callID: UInt64? = nil) {
      self.reason = reason
      self.callID = callID
    }

    package var description: String { "malformed message: \(self.reason)" }
  }

  // MARK: Encoding

  /// The frames of a call message.
  @inlinable
  package static func call(tag: [UInt8], id: UInt64, parts: some Collection<[UInt8]>) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    frames.reserveCapacity(3 + parts.count)
    frames.append(tag)
    frames.append([Command.call.rawValue])
    frames.append(Self.encodeID(id))
    frames.append(contentsOf: parts)
    return frames
  }

  /// The frames of a command that carries only a call id (cancel).
  package static func cancel(tag: [UInt8], id: UInt64) -> [[UInt8]] {
    [tag, [Command.cancel.rawValue], Self.encodeID(id)]
  }

  /// The frames of a body-less command (heartbeat, disconnect, draining).
  package static func command(tag: [UInt8], _ command: Command, payload: [UInt8]? = nil) -> [[UInt8]] {
    if let payload { return [tag, [command.rawValue], payload] }
    return [tag, [command.rawValue]]
  }

  /// The frames of a worker's READY.
  package static func ready(_ ready: Yimen_Wire_V1_Ready) -> [[UInt8]] {
    [Self.workerTag, [Command.ready.rawValue], (try? ready.serializedBytes()) ?? []]
  }

  /// A part frame: its kind byte followed by the body.
  @inlinable
  package static func part(_ kind: PartKind, _ body: some Collection<UInt8> = [UInt8]()) -> [UInt8] {
    var frame: [UInt8] = []
    frame.reserveCapacity(1 + body.count)
    frame.append(kind.rawValue)
    frame.append(contentsOf: body)
    return frame
  }

  /// A part frame holding a protobuf message.
  package static func part(_ kind: PartKind, message: some SwiftProtobuf.Message) -> [UInt8] {
    Self.part(kind, (try? message.serializedBytes() as [UInt8]) ?? [])
  }

  /// A status part.
  package static func statusPart(code: Int, message: String, trailers: [Yimen_Wire_V1_MetadataEntry] = []) -> [UInt8] {
    var status = Yimen_Wire_V1_Status()
    status.code = Int32(code)
    status.message = message
    status.trailers = trailers
    return Self.part(.status, message: status)
  }

  /// A call id as 8 bytes, big-endian.
  @inlinable
  package static func encodeID(_ id: UInt64) -> [UInt8] {
    withUnsafeBytes(of: id.bigEndian) { Array($0) }
  }

  // MARK: Decoding

  /// Decodes frames that must start with `tag`.
  package static func decode(_ frames: some RandomAccessCollection<[UInt8]>, tag: [UInt8]) throws(MalformedMessage)
    -> Envelope
  {
    let frames = Array(frames)
    guard frames.count >= 2 else { throw MalformedMessage("expected at least 2 frames, got \(frames.count)") }
    guard frames[0] == tag else {
      throw MalformedMessage(
        "unknown protocol tag \(printable(frames[0])); expected \(String(decoding: tag, as: UTF8.self))"
      )
    }
    guard frames[1].count == 1, let command = Command(rawValue: frames[1][0]) else {
      throw MalformedMessage("unknown command \(printable(frames[1]))")
    }
    switch command {
    case .call:
      guard frames.count >= 3, let id = Self.decodeID(frames[2]) else {
        throw MalformedMessage("CALL needs an 8-byte call id")
      }
      guard frames.count >= 4 else { throw MalformedMessage("CALL without parts", callID: id) }
      for part in frames[3...] {
        guard let first = part.first, PartKind(rawValue: first) != nil else {
          throw MalformedMessage("unknown call part kind \(printable(Array(part.prefix(1))))", callID: id)
        }
      }
      return .call(id: id, parts: frames[3...])
    case .cancel:
      guard frames.count == 3, let id = Self.decodeID(frames[2]) else {
        throw MalformedMessage("CANCEL needs an 8-byte call id")
      }
      return .cancel(id: id)
    case .heartbeat:
      guard frames.count <= 3 else { throw MalformedMessage("HEARTBEAT has at most one body frame") }
      return .heartbeat(payload: frames.count == 3 ? frames[2] : nil)
    case .ready:
      guard frames.count == 3 else { throw MalformedMessage("READY needs exactly one body frame") }
      do {
        return .ready(try Yimen_Wire_V1_Ready(serializedBytes: frames[2]))
      } catch {
        throw MalformedMessage("READY body is not a yimen.wire.v1.Ready message")
      }
    case .disconnect:
      guard frames.count == 2 else { throw MalformedMessage("DISCONNECT has no body") }
      return .disconnect
    case .draining:
      guard frames.count == 2 else { throw MalformedMessage("DRAINING has no body") }
      return .draining
    }
  }

  /// Reads an 8-byte big-endian call id.
  @inlinable
  package static func decodeID(_ frame: [UInt8]) -> UInt64? {
    guard frame.count == 8 else { return nil }
    var id: UInt64 = 0
    for byte in frame { id = id << 8 | UInt64(byte) }
    return id
  }

  /// Decodes a request-headers part body.
  package static func requestHeaders(_ part: [UInt8]) throws(MalformedMessage) -> Yimen_Wire_V1_RequestHeaders {
    do {
      return try Yimen_Wire_V1_RequestHeaders(serializedBytes: part.dropFirst())
    } catch {
      throw MalformedMessage("headers part is not a yimen.wire.v1.RequestHeaders message")
    }
  }

  static func printable(_ bytes: [UInt8]) -> String {
    let shown = bytes.prefix(16).map { byte in
      (0x20..<0x7f).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
    return "\"" + shown.joined() + (bytes.count > 16 ? "…" : "") + "\""
  }
}
