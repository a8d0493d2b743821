// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cvmatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "match-fcgi", targets: ["match-fcgi"]),
        .executable(name: "download-fcgi", targets: ["download-fcgi"]),
        .executable(name: "cvctl", targets: ["cvctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis", pkgConfig: "hiredis"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),
        .target(name: "Shared", dependencies: ["CFastCGI", "CHiredis", "CCurl", "COpenSSL"]),
        .executableTarget(name: "match-fcgi", dependencies: ["Shared"]),
        .executableTarget(name: "download-fcgi", dependencies: ["Shared"]),
        .executableTarget(
            name: "cvctl",
            dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SharedTests", dependencies: ["Shared"]),
    ]
)
