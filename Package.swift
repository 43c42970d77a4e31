// swift-tools-version:6.2
// Echelon: planning spare-parts service networks. Module map and import rules: docs/architecture.md.
import PackageDescription

/// Settings every Echelon Swift target shares: Swift 6 mode, strict imports, no warnings.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

/// Release builds of the simulation's hot modules export their function bodies, so that the
/// simulation specialises `DeskCore<KPIRecorder>` instead of running it as generic code.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "Echelon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "echelon", targets: ["echelon"]),
        .library(name: "DiscreteEvent", targets: ["DiscreteEvent"]),
        .library(name: "MILP", targets: ["MILP"]),
        .library(name: "ScenarioModel", targets: ["ScenarioModel"]),
        .library(name: "Stocking", targets: ["Stocking"]),
        .library(name: "Policies", targets: ["Policies"]),
        .library(name: "ServiceDesk", targets: ["ServiceDesk"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Placement", targets: ["Placement"]),
        .library(name: "ServiceAPI", targets: ["ServiceAPI"]),
        .library(name: "Outputs", targets: ["Outputs"]),
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // GLPK 5.0 (libglpk-dev) plus the C-level setjmp/longjmp guard: every GLPK call runs inside it.
        .target(
            name: "CGLPK",
            cSettings: [.treatAllWarnings(as: .error)],
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        // The generic simulation engine: imports nothing of the project (docs/architecture.md).
        .target(name: "DiscreteEvent", swiftSettings: strict),
        .target(
            name: "MILP",
            dependencies: ["CGLPK", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "ScenarioModel",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "Stocking", dependencies: ["ScenarioModel", "MILP"], swiftSettings: strict),
        .target(name: "Policies", dependencies: ["ScenarioModel"], swiftSettings: strict + crossModule),
        .target(
            name: "ServiceDesk",
            dependencies: ["ScenarioModel", "Policies", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict + crossModule
        ),
        .target(name: "Simulation", dependencies: ["DiscreteEvent", "ScenarioModel", "ServiceDesk"], swiftSettings: strict),
        .target(name: "Placement", dependencies: ["ScenarioModel", "MILP", "Stocking"], swiftSettings: strict),
        // HTTP API and dashboard over the desk (Hummingbird 2).
        .target(
            name: "ServiceAPI",
            dependencies: [
                "ServiceDesk", "ScenarioModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Outputs: the schema of every output file (JSON summaries, CSV columns), stated once for
        // the commands that write them and the report that reads them.
        .target(name: "Outputs", dependencies: ["ScenarioModel", "Placement"], swiftSettings: strict),
        // Reports: SVG charts from plain values and the HTML report read from saved output folders.
        .target(name: "Reports", dependencies: ["ScenarioModel", "Outputs"], swiftSettings: strict),
        .executableTarget(
            name: "echelon",
            dependencies: [
                "MILP", "ScenarioModel", "Stocking", "Placement", "Simulation", "ServiceDesk", "DiscreteEvent", "ServiceAPI", "Outputs", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),  // the bench's raw SQLite probe
                .product(name: "Hummingbird", package: "hummingbird"),  // serve runs the application ServiceAPI builds
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "DiscreteEventTests", dependencies: ["DiscreteEvent"], swiftSettings: strict),
        .testTarget(name: "MILPTests", dependencies: ["MILP", "CGLPK"], swiftSettings: strict),
        .testTarget(name: "ScenarioTests", dependencies: ["ScenarioModel"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "StockingTests", dependencies: ["Stocking", "ScenarioModel", "MILP"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ServiceDeskTests",
            dependencies: ["ServiceDesk", "Policies", "ScenarioModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "ServiceDesk", "DiscreteEvent", "ScenarioModel", "Stocking"], swiftSettings: strict),
        .testTarget(name: "PlacementTests", dependencies: ["Placement", "ScenarioModel", "MILP", "Stocking"], swiftSettings: strict),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Outputs", "ScenarioModel"], swiftSettings: strict),
        .testTarget(
            name: "EchelonCLITests",
            dependencies: [
                "echelon", "DiscreteEvent", "MILP", "Placement", "Reports", "ScenarioModel", "ServiceAPI", "ServiceDesk", "Simulation",
                "Stocking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ServiceAPITests",
            dependencies: [
                "ServiceAPI", "ServiceDesk", "ScenarioModel",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
