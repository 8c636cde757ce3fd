// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "deployrole",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DeployRoleKit", targets: ["DeployRoleKit"]),
        .executable(name: "deployrole", targets: ["deployrole"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "DeployRoleKit",
            dependencies: [
                "Yams",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                "ZIPFoundation",
            ],
            exclude: ["Resources"],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "embed-resources",
            path: "Sources/embed-resources"
        ),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["embed-resources"]
        ),
        .executableTarget(
            name: "deployrole",
            dependencies: [
                "DeployRoleKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "deployrole-bench",
            dependencies: ["DeployRoleKit", "Yams"],
            path: "Benchmarks/deployrole-bench"
        ),
        .testTarget(
            name: "DeployRoleKitTests",
            dependencies: ["DeployRoleKit", "ZIPFoundation"],
            exclude: ["Fixtures"]
        ),
    ]
)
