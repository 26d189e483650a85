import MoxDMARC
import MoxFuzzReplay

/// Feeds arbitrary text to the DMARC record parser; what parses must parse
/// again from its canonical text to the same record.
func fuzzDMARCRecord(_ data: [UInt8]) {
    let text = String(decoding: data, as: UTF8.self)
    _ = DMARCRecord.isDMARC(text)
    guard let r = try? DMARCRecord.parse(text) else { return }
    guard let back = try? DMARCRecord.parse(r.text) else { preconditionFailure("canonical text does not parse: \(r.text)") }
    precondition(back.text == r.text, "canonical text differs")
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_dmarc_record_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzDMARCRecord)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzDMARCRecord) }
}
#endif
