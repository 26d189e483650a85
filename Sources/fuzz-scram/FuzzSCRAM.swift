import MoxFuzzReplay
import MoxSASL

/// Feeds arbitrary bytes to the SCRAM message parsers and, split at an
/// input-chosen point, to a server exchange as client-first then
/// client-final. Everything must end in a value or a thrown SASLError.
func fuzzSCRAM(_ data: [UInt8]) {
    _ = try? SCRAMClientFirst.parse(data)
    _ = try? SCRAMClientFinal.parse(data)
    _ = try? SCRAMServerFirst.parse(data)
    _ = try? SCRAMServerFinal.parse(data)

    if let m = try? SCRAMClientFirst.parse(data) {
        // What parses re-encodes to the bytes it came from.
        precondition(m.encoded == data || m.gs2Header + m.bare == String(decoding: data, as: UTF8.self))
    }

    guard let first = data.first else { return }
    let body = Array(data.dropFirst())
    let cut = body.isEmpty ? 0 : Int(first) % (body.count + 1)
    let binding = ChannelBinding(kind: .tlsExporter, data: [1, 2, 3])
    let mech: SASLMechanism = first & 1 == 0 ? .scramSHA256 : .scramSHA1Plus
    guard var server = try? SASLServer(mechanism: mech, channelBindings: [binding], scramServerNonce: "srv") else { return }
    do {
        guard case .needCredentials = try server.start(initialResponse: Array(body[..<cut])) else { return }
        _ = try server.provide(credentials: FuzzCredentials.stored)
        _ = try server.respond(Array(body[cut...]))
    } catch {
    }
}

enum FuzzCredentials {
    static let stored = try! StoredCredentials.derive(password: "fuzz", iterations: 2)
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_scram_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzSCRAM)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzSCRAM) }
}
#endif
