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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzDMARCRecord(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzDMARCRecord) }
}
#endif
