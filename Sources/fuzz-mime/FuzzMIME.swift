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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzMIME(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// SwiftPM links executables with main aliased to `<module>_main`, which a
// -parse-as-library build without @main lacks; provide it and hand over to
// libFuzzer's driver (its own main is then not linked).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("fuzz_mime_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, { data, size in fuzzEntry(data, size) })
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzMIME) }
}
#endif
