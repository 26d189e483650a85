import MoxFuzzReplay
import MoxSPF

/// Feeds arbitrary text to the SPF record and macro-string parsers. They
/// must return a value or throw SPFSyntaxError, never trap.
func fuzzSPFRecord(_ data: [UInt8]) {
    let text = String(decoding: data, as: UTF8.self)
    _ = try? SPFRecord.parse(text)
    _ = try? SPFRecord.parse("v=spf1 " + text)
    if let ms = try? SPFMacroString.parse(text, explanation: true) { _ = ms.isValidDomainSpec }
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_spf_record_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzSPFRecord)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzSPFRecord) }
}
#endif
