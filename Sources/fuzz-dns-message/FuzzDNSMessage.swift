import MoxDNS
import MoxFuzzReplay

/// Feeds arbitrary bytes to the DNS message parser. It must return a message
/// or throw DNSMessageError; what parses must encode and parse back equal.
func fuzzDNSMessage(_ data: [UInt8]) {
    guard let m = try? DNSMessage.parse(data) else { return }
    guard let again = try? m.encoded() else { return }
    guard let back = try? DNSMessage.parse(again) else { preconditionFailure("re-encoded message does not parse") }
    precondition(back.answers == m.answers && back.questions == m.questions && back.id == m.id, "round trip differs")
    for rr in m.answers { _ = rr.description }
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_dns_message_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzDNSMessage)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzDNSMessage) }
}
#endif
