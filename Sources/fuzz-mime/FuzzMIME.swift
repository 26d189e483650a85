import MoxEncoding
import MoxFuzzReplay
import MoxMessage

/// Feeds arbitrary bytes to the MIME parser. It must return a structure whose
/// offsets lie inside the input and that survives the store's binary
/// encoding unchanged; any trap is a bug.
func fuzzMIME(_ data: [UInt8]) {
    let (part, _) = MessageParser.parse(data)
    func check(_ p: MessagePart) {
        precondition(p.headerStart <= p.bodyStart && p.bodyStart <= p.end && p.end <= data.count)
        _ = p.decodedBody(from: data)
        for c in p.parts {
            precondition(c.headerStart >= p.bodyStart && c.end <= p.end)
            check(c)
        }
    }
    check(part)
    var w = ByteWriter()
    part.encode(to: &w)
    var r = ByteReader(w.bytes)
    let back = try? MessagePart.decode(from: &r)
    precondition(back == part)
    if let env = part.envelope {
        for a in env.from + env.to { _ = a.decodedName }
        _ = env.subject.map(EncodedWord.decode)
    }
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_mime_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzMIME)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzMIME) }
}
#endif
