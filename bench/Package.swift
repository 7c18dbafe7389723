// swift-tools-version:6.1
import PackageDescription

// A separate package so that the main package (and CI) never builds the benchmark's extra
// dependencies (grpc-swift-nio-transport and SwiftNIO). Run it with bench/run.
//
// The Yimen modules expose `package`-level API only. SwiftPM compiles a package's modules with
// `-package-name <identity>`, where a path dependency's identity is its directory's name; the
// benchmark target is compiled with that same package name instead of its own, so that it can
// use the API as the main package's own targets do. (unsafeFlags are allowed in a root package.)
// (No Foundation here: swift-format would sort its import above the tools-version line.)
let rootIdentity = Context.packageDirectory.split(separator: "/").dropLast().last.map { $0.lowercased() } ?? ""
let rootPackageName: String = {
  // SwiftPM's spelling of an identity as a package name: a C99-style identifier.
  let name = String(rootIdentity.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
  return name.first?.isNumber == true ? "_" + name : name
}()

let package = Package(
  name: "yimen-bench",
  products: [
    .executable(name: "yimen-bench", targets: ["YimenBench"])
  ],
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
  ],
  targets: [
    .executableTarget(
      name: "YimenBench",
      dependencies: [
        .product(name: "YimenTransport", package: rootIdentity),
        .product(name: "YimenProtos", package: rootIdentity),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
      ],
      path: "Sources/YimenBench",
      // No `-package-name bench` from SwiftPM (it would come last and win); ours below instead.
      packageAccess: false,
      swiftSettings: [
        .swiftLanguageMode(.v6),
        .unsafeFlags(["-package-name", rootPackageName]),
      ]
    )
  ]
)
