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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzConfig(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzConfig) }
}
#endif
