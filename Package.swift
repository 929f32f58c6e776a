// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Ratchet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ratchet", targets: ["ratchet"]),
        .library(name: "SpannerDDL", targets: ["SpannerDDL"]),
        .library(name: "SpannerSchema", targets: ["SpannerSchema"]),
        .library(name: "SchemaDiff", targets: ["SchemaDiff"]),
        .library(name: "RatchetCore", targets: ["RatchetCore"]),
        .library(name: "SpannerClient", targets: ["SpannerClient"]),
        .library(name: "RatchetSchema", targets: ["RatchetSchema"]),
        .library(name: "RatchetCommandLine", targets: ["RatchetCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // MARK: - Product
        .target(name: "SpannerDDL"),
        .target(name: "SpannerSchema", dependencies: ["SpannerDDL"]),
        .target(name: "SchemaDiff", dependencies: ["SpannerSchema", "SpannerDDL"]),
        .target(
            name: "RatchetCore",
            dependencies: [
                "SpannerDDL",
                "SpannerSchema",
                "SchemaDiff",
                "PlanCache",
                "SpannerClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "RatchetSchema", dependencies: ["SpannerDDL", "SpannerSchema"]),
        .target(name: "PlanCache", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "SpannerClient",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "RatchetCLI",
            dependencies: [
                "SpannerDDL",
                "SpannerSchema",
                "SchemaDiff",
                "RatchetCore",
                "RatchetSchema",
                "PlanCache",
                "SpannerClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ratchet", dependencies: ["RatchetCLI"]),

        // MARK: - Benchmarks (not shipped)
        .target(name: "SchemaGenerator", path: "Benchmarks/SchemaGenerator"),
        .executableTarget(
            name: "ratchet-bench",
            dependencies: ["SpannerDDL", "SpannerSchema", "SchemaDiff", "SchemaGenerator", "RatchetCore", "SpannerClient", "SpannerTestServer", "BehaviourCorpus"],
            path: "Benchmarks/RatchetBench"
        ),

        // MARK: - Tests
        .target(name: "BehaviourCorpus", dependencies: ["SpannerDDL", "SpannerSchema"], path: "Tests/BehaviourCorpus"),
        .testTarget(
            name: "SpannerDDLTests",
            dependencies: ["SpannerDDL", "SchemaGenerator"],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "SpannerSchemaTests",
            dependencies: ["SpannerSchema", "SpannerDDL", "SchemaGenerator", "BehaviourCorpus"],
            resources: [.copy("Behaviour")]
        ),
        .testTarget(
            name: "SchemaDiffTests",
            dependencies: ["SchemaDiff", "SpannerSchema", "SpannerDDL", "SchemaGenerator"]
        ),
        .testTarget(
            name: "RatchetCoreTests",
            dependencies: ["RatchetCore", "PlanCache", "SchemaDiff", "SpannerSchema", "SpannerDDL", "SpannerClient", "SpannerTestServer"]
        ),
        // MARK: - Test support (not shipped)
        .target(
            name: "SpannerTestServer",
            dependencies: [
                "SpannerDDL", "SpannerSchema",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            resources: [.copy("Resources/spanner.v1.json")]
        ),
        .testTarget(name: "PlanCacheTests", dependencies: ["PlanCache"]),
        .testTarget(name: "SpannerTestServerTests", dependencies: ["SpannerTestServer", "SpannerClient"]),
        .testTarget(
            name: "SpannerClientTests",
            dependencies: [
                "SpannerClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "RatchetSchemaTests",
            dependencies: ["RatchetSchema", "RatchetCore", "SpannerSchema", "SpannerDDL"]
        ),
        .testTarget(
            name: "RatchetCLITests",
            dependencies: ["ratchet", "RatchetCLI", "RatchetCore", "SpannerClient", "SpannerTestServer"],
            // Read from the source tree by the golden-output tests, not bundled.
            exclude: ["Golden", "Schemas"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
