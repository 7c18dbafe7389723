import GRPCCore
import SwiftProtobuf
import Testing
import YimenProtos
import YimenTransport

private let malformedMessages: [(String, [[UInt8]])] = [
  ("no frames", []),
  ("tag only", [Array("YMC1".utf8)]),
  ("wrong tag", [Array("MDPC02".utf8), [0x01]]),
  ("unknown command", [Array("YMC1".utf8), [0x7F]]),
  ("two-byte command", [Array("YMC1".utf8), [0x01, 0x01]]),
  ("short call id", [Array("YMC1".utf8), [0x01], [1, 2, 3], [0x02]]),
  ("call without parts", [Array("YMC1".utf8), [0x01], [0, 0, 0, 0, 0, 0, 0, 1]]),
  ("empty part", [Array("YMC1".utf8), [0x01], [0, 0, 0, 0, 0, 0, 0, 1], []]),
  ("unknown part kind", [Array("YMC1".utf8), [0x01], [0, 0, 0, 0, 0, 0, 0, 1], [0x09]]),
  ("cancel without id", [Array("YMC1".utf8), [0x02]]),
  ("ready with garbage", [Array("YMC1".utf8), [0x04], [0xFF, 0xFF, 0xFF]]),
  ("disconnect with body", [Array("YMC1".utf8), [0x05], [0x00]]),
]

@Suite("Wire framing")
struct WireTests {
  @Test("call frames round-trip: tag, command, big-endian id, parts")
  func callRoundTrip() throws {
    let frames = Wire.call(
      tag: Wire.clientTag,
      id: 0x0102_0304_0506_0708,
      parts: [Wire.part(.message, [0xAA]), Wire.part(.end)]
    )
    #expect(frames[0] == Array("YMC1".utf8))
    #expect(frames[1] == [0x01])
    #expect(frames[2] == [1, 2, 3, 4, 5, 6, 7, 8])
    guard case .call(let id, let parts) = try Wire.decode(frames, tag: Wire.clientTag) else {
      Issue.record("not a call")
      return
    }
    #expect(id == 0x0102_0304_0506_0708)
    #expect(Array(parts) == [[0x02, 0xAA], [0x03]])
  }

  @Test("commands round-trip", arguments: [Wire.Command.heartbeat, .disconnect, .draining])
  func commands(command: Wire.Command) throws {
    let decoded = try Wire.decode(Wire.command(tag: Wire.workerTag, command), tag: Wire.workerTag)
    switch (command, decoded) {
    case (.heartbeat, .heartbeat(nil)), (.disconnect, .disconnect), (.draining, .draining): break
    default: Issue.record("\(command) decoded as \(decoded)")
    }
  }

  @Test("READY carries services, methods, capacity and heartbeat")
  func ready() throws {
    let ready = Yimen_Wire_V1_Ready.with {
      $0.services = [
        .with {
          $0.name = "a.v1.A"; $0.methods = ["X", "Y"]
        }
      ]
      $0.capacity = 8
      $0.heartbeatIntervalMs = 250
    }
    guard case .ready(let decoded) = try Wire.decode(Wire.ready(ready), tag: Wire.workerTag) else {
      Issue.record("not READY")
      return
    }
    #expect(decoded == ready)
  }

  @Test("malformed messages are rejected with a reason, never a crash", arguments: malformedMessages)
  func malformed(name: String, frames: [[UInt8]]) {
    #expect(throws: Wire.MalformedMessage.self, "\(name)") {
      try Wire.decode(frames, tag: Wire.clientTag)
    }
  }

  @Test("a malformed call part still names its call id, so the sender can be told")
  func malformedNamesCall() {
    let error = #expect(throws: Wire.MalformedMessage.self) {
      try Wire.decode([Wire.clientTag, [0x01], Wire.encodeID(77), [0x09]], tag: Wire.clientTag)
    }
    #expect(error?.callID == 77)
  }

  @Test("random frames never crash the decoder")
  func fuzz() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
      let count = Int.random(in: 0...6, using: &generator)
      var frames: [[UInt8]] = (0..<count).map { _ in
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      }
      if Bool.random(using: &generator), !frames.isEmpty { frames[0] = Wire.clientTag }
      _ = try? Wire.decode(frames, tag: Wire.clientTag)
    }
  }
}

@Suite("Metadata on the wire")
struct MetadataWireTests {
  @Test("text and binary entries round-trip; grpc-timeout is carried separately")
  func entries() {
    var metadata: Metadata = ["x-trace": "abc", "yimen-principal": "id=1;role=staff"]
    metadata.addBinary([0, 1, 2], forKey: "x-blob-bin")
    metadata.addString("5S", forKey: "grpc-timeout")
    let entries = metadata.wireEntries
    #expect(entries.count == 3)
    let back = Metadata(wireEntries: entries)
    #expect(Array(back[stringValues: "x-trace"]) == ["abc"])
    #expect(Array(back[binaryValues: "x-blob-bin"]) == [[0, 1, 2]])
    #expect(Array(back[stringValues: "grpc-timeout"]).isEmpty)
  }

  @Test(
    "grpc-timeout units convert to microseconds",
    arguments: [
      ("1H", 3_600_000_000), ("2M", 120_000_000), ("5S", 5_000_000), ("250m", 250_000), ("7u", 7), ("3000n", 3),
    ] as [(String, UInt64)]
  )
  func timeoutUnits(text: String, micros: UInt64) {
    let metadata: Metadata = ["grpc-timeout": .string(text)]
    #expect(metadata.timeoutMicros == micros)
  }

  @Test("an unreadable grpc-timeout counts as none")
  func badTimeout() {
    #expect((["grpc-timeout": "soon"] as Metadata).timeoutMicros == nil)
    #expect((["grpc-timeout": "S"] as Metadata).timeoutMicros == nil)
  }

  @Test(
    "setting a timeout keeps within gRPC's 8 digits",
    arguments: [1 as UInt64, 99_999_999, 100_000_000, 100_000_000_000_000]
  )
  func setTimeout(micros: UInt64) {
    var metadata = Metadata()
    metadata.setTimeout(micros: micros)
    let text = Array(metadata[stringValues: "grpc-timeout"])[0]
    #expect(text.dropLast().count <= 8)
    #expect(metadata.timeoutMicros! <= micros)
  }

  @Test("method paths parse only in the form /package.Service/Method")
  func paths() {
    #expect(MethodDescriptor(wirePath: "/a.v1.S/M")?.fullyQualifiedMethod == "a.v1.S/M")
    for bad in ["", "/", "a.v1.S/M", "/a.v1.S/", "//M", "/a/b/c"] {
      #expect(MethodDescriptor(wirePath: bad) == nil, "\(bad)")
    }
  }
}
