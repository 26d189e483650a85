// swift-tools-version:6.0
// Mox for Swift: a privilege-separated mail server. The target list reads like
// DESIGN.md's process table: C shims, protocol/library modules, role modules,
// then the two executables.
import PackageDescription

let package = Package(
    name: "mox",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mox", targets: ["mox"]),
        .executable(name: "mox-ctl", targets: ["mox-ctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // System libraries and the C shim.
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCap", pkgConfig: "libcap", providers: [.apt(["libcap-dev"])]),
        .target(name: "CMoxSys"),

        // Libraries without process or storage knowledge.
        .target(name: "MoxLog", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(name: "MoxEncoding"),
        .target(name: "MoxConfig"),
        .target(name: "MoxIPC", dependencies: [
            "CMoxSys", "MoxEncoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "MoxDKIM", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "MoxSASL", dependencies: [
            "MoxEncoding",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),

        // Process roles.
        .target(name: "MoxSupervisor", dependencies: [
            "CMoxSys", "CCap", "MoxConfig", "MoxIPC", "MoxLog",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Executables.
        .executableTarget(name: "mox", dependencies: [
            "MoxSupervisor", "MoxConfig", "MoxIPC", "MoxLog", "MoxDKIM",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .executableTarget(name: "mox-ctl", dependencies: [
            "MoxIPC", "MoxLog",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "mox-ipc-testpeer", dependencies: [
            "MoxIPC",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),

        // Fuzz targets: corpus replayers in normal builds, libFuzzer entry
        // points when built by scripts/fuzz.sh with -DFUZZING.
        .target(name: "MoxFuzzReplay"),
        .executableTarget(name: "fuzz-ipc-frame", dependencies: ["MoxIPC", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-config", dependencies: ["MoxConfig", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-dkim-signature", dependencies: ["MoxDKIM", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-scram", dependencies: ["MoxSASL", "MoxFuzzReplay"]),

        // Tests.
        .testTarget(name: "MoxConfigTests", dependencies: ["MoxConfig"], exclude: ["testdata"]),
        .testTarget(name: "MoxIPCTests", dependencies: [
            "MoxIPC", "MoxEncoding", "CMoxSys",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "MoxDKIMTests", dependencies: [
            "MoxDKIM",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "MoxSASLTests", dependencies: [
            "MoxSASL", "MoxEncoding",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLMDB", "CZlib", "CCap"]),
    ]
)
