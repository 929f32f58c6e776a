// swift-tools-version: 6.1
// The worked example's schema declared in Swift, with a `migrate` executable that runs the
// whole Ratchet command line on it:
//
//   swift run --package-path Examples/MusicCatalog migrate check --config migrations/ratchet.toml
import Foundation
import PackageDescription

// Ratchet is two directories up; a path dependency is named after its directory.
let ratchetRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let ratchet = ratchetRoot.lastPathComponent.lowercased()

let package = Package(
    name: "MusicCatalog",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ratchetRoot.path),
    ],
    targets: [
        .executableTarget(
            name: "migrate",
            dependencies: [
                .product(name: "RatchetSchema", package: ratchet),
                .product(name: "RatchetCommandLine", package: ratchet),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
