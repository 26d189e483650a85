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
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
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

        // DNS and sender authentication (issue 6): pure protocol modules.
        .target(name: "MoxDNS", dependencies: [
            "MoxEncoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "MoxSPF", dependencies: ["MoxDNS"]),
        .target(name: "MoxAuthResults"),
        .target(name: "MoxDMARC", dependencies: ["MoxDNS", "MoxAuthResults"], resources: [.copy("public_suffix_list.dat")]),
        .target(name: "MoxIPRev", dependencies: ["MoxDNS"]),
        .target(name: "MoxDNSBL", dependencies: ["MoxDNS"]),

        // TLS with keys held by keyd (NIOSSLCustomPrivateKey), certificates.
        .target(name: "MoxTLS", dependencies: [
            "MoxConfig", "MoxEncoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ]),

        // Process roles: the runtime every role shares, the roles, then the supervisor.
        .target(name: "MoxRole", dependencies: [
            "CMoxSys", "CCap", "MoxConfig", "MoxEncoding", "MoxIPC", "MoxLog", "MoxTLS",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "MoxKeyd", dependencies: [
            "MoxConfig", "MoxIPC", "MoxRole", "MoxTLS",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .target(name: "MoxSupervisor", dependencies: [
            "CMoxSys", "CCap", "MoxConfig", "MoxIPC", "MoxLog", "MoxRole",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),

        // Executables.
        .executableTarget(name: "mox", dependencies: [
            "MoxSupervisor", "MoxConfig", "MoxIPC", "MoxLog",
            "MoxDNS", "MoxSPF", "MoxDMARC", "MoxIPRev", "MoxDNSBL", "MoxAuthResults",
            "MoxSupervisor", "MoxRole", "MoxKeyd", "MoxTLS", "MoxConfig", "MoxIPC", "MoxLog",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .executableTarget(name: "mox-ctl", dependencies: [
            "CMoxSys", "MoxIPC", "MoxConfig", "MoxRole",
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
        .executableTarget(name: "fuzz-dns-message", dependencies: ["MoxDNS", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-spf-record", dependencies: ["MoxSPF", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-dmarc-record", dependencies: ["MoxDMARC", "MoxFuzzReplay"]),

        // Tests.
        .testTarget(name: "MoxConfigTests", dependencies: ["MoxConfig"], exclude: ["testdata"]),
        .testTarget(name: "MoxIPCTests", dependencies: [
            "MoxIPC", "MoxEncoding", "CMoxSys",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "MoxDNSTests", dependencies: [
            "MoxDNS", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ], exclude: ["zones"]),
        .testTarget(name: "MoxSPFTests", dependencies: ["MoxSPF", "MoxDNS"], exclude: ["testdata"]),
        .testTarget(name: "MoxDMARCTests", dependencies: ["MoxDMARC", "MoxDNS", "MoxAuthResults", "MoxIPRev", "MoxDNSBL"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLMDB", "CZlib", "CCap"]),
        .testTarget(name: "MoxSupervisorTests", dependencies: ["MoxSupervisor", "MoxRole", "MoxConfig"]),
        .testTarget(name: "MoxTLSTests", dependencies: [
            "MoxTLS",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
        ]),
    ]
)
