import MoxDKIM
import MoxFuzzReplay

/// Feeds arbitrary bytes to the DKIM-Signature parser, as a field value and
/// as a whole field, and to the key record parser. They must return a value
/// or throw DKIMError; a trap is a bug.
func fuzzDKIMSignature(_ data: [UInt8]) {
    let field = Array("DKIM-Signature:".utf8) + data
    if let sig = try? DKIMSignature.parse(field: field) {
        // What parses keeps the b= blanking inside the field's bounds.
        precondition(sig.withoutSignatureValue.count <= field.count)
        precondition(!sig.domain.isEmpty && !sig.selector.isEmpty)
    }
    _ = try? DKIMSignature.parse(field: data)
    _ = try? DKIMKeyRecord.parse(String(decoding: data, as: UTF8.self))
    // Header splitting and both canonicalizations on the same bytes.
    if let (fields, offset) = MessageHeaderField.parse(message: data) {
        precondition(offset <= data.count)
        for f in fields { _ = DKIMCanonicalization.relaxed.header(f.raw) }
    }
    _ = DKIMCanonicalization.relaxed.body(data[...])
    _ = DKIMCanonicalization.simple.body(data[...])
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_dkim_signature_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzDKIMSignature)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzDKIMSignature) }
}
#endif
