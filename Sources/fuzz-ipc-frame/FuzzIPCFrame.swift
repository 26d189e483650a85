import MoxFuzzReplay
import MoxIPC

/// Feeds arbitrary bytes, split at an input-chosen point, to the IPC frame
/// decoder. It must return frames or throw IPCError; anything else is a bug.
func fuzzIPCFrame(_ data: [UInt8]) {
    guard let first = data.first else { return }
    let body = Array(data.dropFirst())
    let cut = body.isEmpty ? 0 : Int(first) % (body.count + 1)
    var decoder = IPCFrameDecoder()
    do {
        decoder.feed(body[..<cut])
        while let f = try decoder.next() { precondition(f.payload.count <= IPCFrame.maxPayload) }
        decoder.feed(body[cut...])
        while let f = try decoder.next() {
            // What decodes must encode back to the same bytes.
            let again = try f.encoded()
            var d2 = IPCFrameDecoder()
            d2.feed(again)
            let back = try d2.next()
            precondition(back?.payload == f.payload && back?.type == f.type)
        }
        try decoder.finish()
    } catch {
        _ = decoder.takeUnclaimedDescriptors()
    }
}

#if FUZZING
/// The entry point SwiftPM's main alias points at (see LibFuzzerDriver).
@_cdecl("fuzz_ipc_frame_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerDriver.run(argc: argc, argv: argv, fuzzIPCFrame)
}
#else
@main
struct Replay {
    static func main() { FuzzReplay.run(fuzzIPCFrame) }
}
#endif
