import MoxConfig
import MoxFuzzReplay

/// Parses arbitrary text as mox.conf and as domains.conf: a value or a
/// ConfigError, never a trap.
func fuzzConfig(_ data: [UInt8]) {
    guard let text = String(validating: data, as: UTF8.self) else { return }
    _ = try? SconfDecoder.decode(StaticConfig.self, from: text, file: "fuzz/mox.conf")
    _ = try? SconfDecoder.decode(DynamicConfig.self, from: text, file: "fuzz/domains.conf")
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_config_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzConfig)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzConfig) }
}
#endif
