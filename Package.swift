// swift-tools-version:6.0
// Mox for Swift: a privilege-separated mail server. The target list reads like
// DESIGN.md's process table: C shims, protocol/library modules, role modules,
// then the two executables.
import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]
let crypto: [Target.Dependency] = [
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "_CryptoExtras", package: "swift-crypto"),
]
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

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
        .target(name: "MoxLog", dependencies: [logging]),
        .target(name: "MoxEncoding"),
        .target(name: "MoxConfig"),
        .target(name: "MoxMessage", dependencies: ["MoxEncoding"]),
        .target(name: "MoxStore", dependencies: ["CLMDB", "MoxEncoding", "MoxMessage"]),
        .target(name: "MoxIPC", dependencies: ["CMoxSys", "MoxEncoding", logging] + nio),

        // DNS and sender authentication: pure protocol modules.
        .target(name: "MoxDNS", dependencies: ["MoxEncoding"] + nio),
        .target(name: "MoxSPF", dependencies: ["MoxDNS"]),
        .target(name: "MoxAuthResults"),
        .target(name: "MoxDMARC", dependencies: ["MoxDNS", "MoxAuthResults"], resources: [.copy("public_suffix_list.dat")]),
        .target(name: "MoxIPRev", dependencies: ["MoxDNS"]),
        .target(name: "MoxDNSBL", dependencies: ["MoxDNS"]),
        .target(name: "MoxDKIM", dependencies: ["MoxDNS"] + crypto),
        .target(name: "MoxSASL", dependencies: ["MoxEncoding"] + crypto),

        // TLS with keys held by keyd (NIOSSLCustomPrivateKey), certificates.
        .target(name: "MoxTLS", dependencies: [
            "MoxConfig", "MoxEncoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ] + crypto),

        // Process roles: the runtime every role shares, the roles, then the supervisor.
        .target(name: "MoxRole", dependencies: [
            "CMoxSys", "CCap", "MoxConfig", "MoxEncoding", "MoxIPC", "MoxLog", "MoxTLS", logging,
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ] + nio),
        .target(name: "MoxKeyd", dependencies: [
            "MoxConfig", "MoxIPC", "MoxRole", "MoxTLS", "MoxSASL", "MoxDKIM", logging,
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .target(name: "MoxSupervisor", dependencies: ["CMoxSys", "CCap", "MoxConfig", "MoxIPC", "MoxLog", "MoxRole", logging] + nio),

        // Executables.
        .executableTarget(name: "mox", dependencies: [
            "MoxSupervisor", "MoxRole", "MoxKeyd", "MoxTLS", "MoxConfig", "MoxIPC", "MoxLog",
            "MoxDNS", "MoxSPF", "MoxDMARC", "MoxIPRev", "MoxDNSBL", "MoxAuthResults", "MoxDKIM",
            "MoxStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ] + nio),
        .executableTarget(name: "mox-ctl", dependencies: [
            "CMoxSys", "MoxIPC", "MoxConfig", "MoxRole",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "mox-ipc-testpeer", dependencies: ["MoxIPC"] + nio),

        // Fuzz targets: corpus replayers in normal builds, libFuzzer entry
        // points when built by scripts/fuzz.sh with -DFUZZING.
        .target(name: "MoxFuzzReplay"),
        .executableTarget(name: "fuzz-ipc-frame", dependencies: ["MoxIPC", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-config", dependencies: ["MoxConfig", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-dns-message", dependencies: ["MoxDNS", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-spf-record", dependencies: ["MoxSPF", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-dmarc-record", dependencies: ["MoxDMARC", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-dkim-signature", dependencies: ["MoxDKIM", "MoxFuzzReplay"]),
        .executableTarget(name: "fuzz-scram", dependencies: ["MoxSASL", "MoxFuzzReplay"]),

        .executableTarget(name: "fuzz-mime", dependencies: ["MoxMessage", "MoxEncoding", "MoxFuzzReplay"]),

        // Delivers in a loop for the store's crash and multi-process tests.
        .executableTarget(name: "mox-store-testpeer", dependencies: ["MoxStore"]),
        .executableTarget(name: "mox-store-bench", dependencies: ["MoxStore"]),

        // Tests.
        .testTarget(name: "MoxConfigTests", dependencies: ["MoxConfig"], exclude: ["testdata"]),
        .testTarget(name: "MoxIPCTests", dependencies: ["MoxIPC", "MoxEncoding", "CMoxSys"] + nio),
        .testTarget(name: "MoxDNSTests", dependencies: ["MoxDNS"] + nio, exclude: ["zones"]),
        .testTarget(name: "MoxSPFTests", dependencies: ["MoxSPF", "MoxDNS"], exclude: ["testdata"]),
        .testTarget(name: "MoxDMARCTests", dependencies: ["MoxDMARC", "MoxDNS", "MoxAuthResults", "MoxIPRev", "MoxDNSBL"]),
        .testTarget(name: "MoxDKIMTests", dependencies: ["MoxDKIM"] + crypto),
        .testTarget(name: "MoxSASLTests", dependencies: ["MoxSASL", "MoxEncoding", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "MoxMessageTests", dependencies: ["MoxMessage", "MoxEncoding"]),
        .testTarget(name: "MoxStoreTests", dependencies: ["MoxStore", "MoxMessage", "MoxEncoding"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLMDB", "CZlib", "CCap"]),
        .testTarget(name: "MoxSupervisorTests", dependencies: ["MoxSupervisor", "MoxRole", "MoxConfig"]),
        .testTarget(name: "MoxTLSTests", dependencies: [
            "MoxTLS",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
        ] + nio + crypto),
        .testTarget(name: "MoxKeydTests", dependencies: ["MoxKeyd", "MoxRole", "MoxSASL", "MoxDKIM", "MoxIPC", "MoxConfig"]),
    ]
)
