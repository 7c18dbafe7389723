// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target: Swift 6 mode and the upcoming features the codebase relies on.
let defaultSwiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
  name: "yimen",
  products: [
    .executable(name: "yimen", targets: ["yimen"]),
    .executable(name: "yimen-gateway", targets: ["yimen-gateway"]),
    .executable(name: "yimen-matters", targets: ["yimen-matters"]),
    .executable(name: "yimen-staffing", targets: ["yimen-staffing"]),
    .executable(name: "yimen-cases", targets: ["yimen-cases"]),
    .executable(name: "yimen-echo", targets: ["yimen-echo"]),
    // For bench/, a separate package that depends on this one by path. These modules' API is
    // `package`-level; bench/Package.swift compiles its target with this package's name to use it.
    .library(name: "YimenZMQ", targets: ["YimenZMQ"]),
    .library(name: "YimenProtos", targets: ["YimenProtos"]),
    .library(name: "YimenTransport", targets: ["YimenTransport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
    .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
  ],
  targets: [
    // libzmq from Debian's libzmq3-dev.
    .systemLibrary(
      name: "CZeroMQ",
      path: "Shared/CZeroMQ",
      pkgConfig: "libzmq",
      providers: [.apt(["libzmq3-dev"])]
    ),
    // A thin, thread-confined Swift layer over libzmq.
    .target(
      name: "YimenZMQ",
      dependencies: ["CZeroMQ"],
      path: "Shared/ZMQ",
      swiftSettings: defaultSwiftSettings
    ),
    // Code generated from proto/ by scripts/generate-protos; never edited by hand.
    .target(
      name: "YimenProtos",
      dependencies: [grpcCore, grpcProtobuf, swiftProtobuf],
      path: "Shared/Protos",
      swiftSettings: defaultSwiftSettings
    ),
    // The Yimen wire protocol and GRPCCore client and server transports over ZeroMQ.
    .target(
      name: "YimenTransport",
      dependencies: ["YimenZMQ", "YimenProtos", grpcCore, swiftProtobuf, logging],
      path: "Shared/Transport",
      swiftSettings: defaultSwiftSettings
    ),
    // Storage every service uses: SQLKit over SQLite, migrations, idempotency, the event outbox.
    .target(
      name: "YimenStorage",
      dependencies: [
        "YimenProtos", "YimenRuntime", grpcCore, grpcProtobuf, swiftProtobuf, logging,
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "SQLiteKit", package: "sqlite-kit"),
      ],
      path: "Shared/Storage",
      swiftSettings: defaultSwiftSettings
    ),
    // What every service executable uses: configuration, logging, the server loop, the principal.
    .target(
      name: "YimenRuntime",
      dependencies: ["YimenTransport", "YimenProtos", grpcCore, logging, lifecycle, unixSignals, argumentParser],
      path: "Shared/Runtime",
      swiftSettings: defaultSwiftSettings
    ),
    // Working days in Asia/Shanghai: weekends, public holidays and make-up working days from data files.
    .target(
      name: "YimenCalendar",
      dependencies: [],
      path: "Shared/Calendar",
      resources: [.copy("Holidays")],
      swiftSettings: defaultSwiftSettings
    ),
    // The gateway broker: routing, heartbeats, deadlines, health and registry.
    .target(
      name: "YimenGateway",
      dependencies: [
        "YimenTransport", "YimenZMQ", "YimenProtos", "YimenRuntime", grpcCore, swiftProtobuf, logging,
        .product(name: "DequeModule", package: "swift-collections"),
      ],
      path: "Services/Gateway/Broker",
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen-gateway",
      dependencies: ["YimenGateway", "YimenRuntime", argumentParser, logging, lifecycle, unixSignals],
      path: "Services/Gateway/Main",
      swiftSettings: defaultSwiftSettings
    ),
    // The matters service: catalogue, versioned guides, handbooks, intermediaries, entry requests, calendar.
    .target(
      name: "YimenMatters",
      dependencies: [
        "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", grpcCore, grpcProtobuf, swiftProtobuf, logging,
        .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Services/Matters/Sources",
      resources: [.copy("Resources/demo-catalogue.json")],
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen-matters",
      dependencies: ["YimenMatters", "YimenStorage", "YimenCalendar", "YimenRuntime", argumentParser, logging],
      path: "Services/Matters/Main",
      swiftSettings: defaultSwiftSettings
    ),
    // The staffing service: windows, stationed staff and the rules of §12–§25, §29 and §41.
    .target(
      name: "YimenStaffing",
      dependencies: [
        "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", "YimenTransport", grpcCore, grpcProtobuf,
        swiftProtobuf, logging, lifecycle, .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Services/Staffing/Sources",
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen-staffing",
      dependencies: ["YimenStaffing", "YimenStorage", "YimenCalendar", "YimenRuntime", argumentParser, logging],
      path: "Services/Staffing/Main",
      swiftSettings: defaultSwiftSettings
    ),
    // The cases service: applications from receipt to delivery, one-time notices, joint cases, deadlines.
    .target(
      name: "YimenCases",
      dependencies: [
        "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", "YimenTransport", grpcCore, grpcProtobuf,
        swiftProtobuf, logging, lifecycle, .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Services/Cases/Sources",
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen-cases",
      dependencies: [
        "YimenCases", "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenTransport", argumentParser, logging,
        grpcCore,
      ],
      path: "Services/Cases/Main",
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen",
      dependencies: [
        "YimenTransport", "YimenRuntime", "YimenProtos", grpcCore, swiftProtobuf, argumentParser, logging, unixSignals,
      ],
      path: "Services/CLI",
      swiftSettings: defaultSwiftSettings
    ),
    // A small echo service used by the tests and the benchmark; not part of `yimen up`.
    .target(
      name: "EchoService",
      dependencies: ["YimenProtos", grpcCore],
      path: "Tests/EchoService",
      swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
      name: "yimen-echo",
      dependencies: ["EchoService", "YimenRuntime", argumentParser, logging],
      path: "Tests/Echo",
      swiftSettings: defaultSwiftSettings
    ),
    // A consumer of the matters event feed, for the end-to-end tests.
    .executableTarget(
      name: "yimen-event-sink",
      dependencies: [
        "YimenStorage", "YimenTransport", "YimenRuntime", "YimenProtos", grpcCore, swiftProtobuf, argumentParser,
        logging,
        .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Tests/EventSink",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "ZMQTests",
      dependencies: ["YimenZMQ"],
      path: "Tests/ZMQTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "CalendarTests",
      dependencies: ["YimenCalendar"],
      path: "Tests/CalendarTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "StorageTests",
      dependencies: [
        "YimenStorage", "YimenProtos", grpcCore, grpcProtobuf, swiftProtobuf, logging,
        .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Tests/StorageTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "MattersTests",
      dependencies: [
        "YimenMatters", "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", grpcCore, grpcProtobuf,
        swiftProtobuf, logging,
      ],
      path: "Tests/MattersTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "StaffingTests",
      dependencies: [
        "YimenStaffing", "YimenMatters", "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", grpcCore,
        grpcProtobuf, swiftProtobuf, logging,
      ],
      path: "Tests/StaffingTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "CasesTests",
      dependencies: [
        "YimenCases", "YimenStorage", "YimenCalendar", "YimenRuntime", "YimenProtos", grpcCore, grpcProtobuf,
        swiftProtobuf, logging,
      ],
      path: "Tests/CasesTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "TransportTests",
      dependencies: ["YimenTransport", "YimenZMQ", "YimenProtos", grpcCore, swiftProtobuf],
      path: "Tests/TransportTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "GatewayTests",
      dependencies: [
        "YimenGateway", "YimenTransport", "YimenProtos", "EchoService", grpcCore, grpcProtobuf, swiftProtobuf, logging,
      ],
      path: "Tests/GatewayTests",
      swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "YimenTransport", "YimenZMQ", "YimenProtos", grpcCore, swiftProtobuf, "yimen", "yimen-gateway", "yimen-echo",
        "yimen-matters", "yimen-staffing", "yimen-cases", "yimen-event-sink",
      ],
      path: "Tests/EndToEndTests",
      swiftSettings: defaultSwiftSettings
    ),
  ]
)
