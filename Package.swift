// swift-tools-version:6.0
import PackageDescription

// The targets are the layers; docs/ARCHITECTURE.md draws the graph of which may import which.
// CVMatchCore is pure (no C module, no I/O, no clock or randomness it is not given); only the
// wrapper targets CVMatchSystem (libc), CVMatchCrypto, CVMatchRedis, CVMatchHTTPClient,
// CVMatchFastCGI, CVMatchCompression (zlib) and CVMatchQRCode (libqrencode) import a C module; the daemons do not link CVMatchAdmin.
// The FastCGI daemons are linked with the toolchain's lld (issue 12, docs/ARCHITECTURE.md
// "Performance and memory"): packed relative relocations (DT_RELR, glibc >= 2.36) take 7 kB instead
// of 0.9 MB, which the loader read at every start and which then stayed resident; and the functions
// the daemons run (linker/hot-functions.txt, written by scripts/hot-functions.py) are placed
// together, so their code takes a fraction of the pages it was spread over.
let daemonLinking: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                  "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/linker/hot-functions.txt",
                  "-Xlinker", "--no-warn-symbol-ordering"], .when(platforms: [.linux])),
]

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
        // C libraries (module map + shim header each).
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis", pkgConfig: "hiredis"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode", pkgConfig: "libqrencode"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),

        // Pure logic: matching, text, token claims and encoding, HTTP request/response values,
        // attribution, configuration declarations, report building.
        .target(name: "CVMatchCore"),

        // The only Swift code that calls C: one target per library, plus libc.
        .target(name: "CVMatchSystem", dependencies: ["CVMatchCore"]),
        .target(name: "CVMatchCrypto", dependencies: ["CVMatchCore", "COpenSSL"]),
        .target(name: "CVMatchRedis", dependencies: ["CVMatchCore", "CVMatchSystem", "CVMatchCrypto", "CHiredis"]),
        .target(name: "CVMatchHTTPClient", dependencies: ["CVMatchCore", "CCurl"]),
        .target(name: "CVMatchFastCGI", dependencies: ["CVMatchCore", "CVMatchSystem", "CFastCGI"]),
        .target(name: "CVMatchQRCode", dependencies: ["CQRencode"]),
        .target(name: "CVMatchCompression", dependencies: ["CZlib"]),

        // Services over those wrappers.
        .target(name: "CVMatchEmbedding", dependencies: ["CVMatchCore", "CVMatchSystem", "CVMatchHTTPClient"]),
        .target(name: "CVMatchStore", dependencies: ["CVMatchCore", "CVMatchRedis", "CVMatchCrypto"]),

        // The endpoints (router and handlers) as a library: driven in process by tests.
        .target(name: "CVMatchApp", dependencies: [
            "CVMatchCore", "CVMatchSystem", "CVMatchCrypto", "CVMatchRedis", "CVMatchStore", "CVMatchEmbedding",
        ]),

        // Owner-only code (populate, eval, fitter, demo, links, report text): cvctl links it, the daemons do not.
        .target(name: "CVMatchAdmin", dependencies: [
            "CVMatchCore", "CVMatchSystem", "CVMatchCrypto", "CVMatchRedis", "CVMatchStore", "CVMatchEmbedding",
            "CVMatchHTTPClient", "CVMatchApp", "CVMatchQRCode",
        ]),

        .executableTarget(name: "match-fcgi", dependencies: ["CVMatchApp", "CVMatchEmbedding", "CVMatchFastCGI", "CVMatchCore", "CVMatchSystem"],
                          linkerSettings: daemonLinking),
        .executableTarget(name: "download-fcgi", dependencies: ["CVMatchApp", "CVMatchFastCGI", "CVMatchCore", "CVMatchSystem"],
                          linkerSettings: daemonLinking),
        .executableTarget(
            name: "cvctl",
            dependencies: [
                "CVMatchAdmin", "CVMatchApp", "CVMatchStore", "CVMatchRedis", "CVMatchEmbedding", "CVMatchCore",
                "CVMatchSystem", "CVMatchHTTPClient", "CVMatchCompression", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "CVMatchCoreTests", dependencies: ["CVMatchCore"]),
        .testTarget(name: "CVMatchAdminTests", dependencies: [
            "CVMatchAdmin", "CVMatchCore", "CVMatchHTTPClient", "CVMatchQRCode", "CVMatchCompression", "CVMatchCrypto",
        ]),
        .testTarget(name: "CVMatchAppTests", dependencies: [
            "CVMatchApp", "CVMatchStore", "CVMatchRedis", "CVMatchCrypto", "CVMatchCore", "CVMatchSystem",
            "CVMatchEmbedding",
        ]),
    ]
)
