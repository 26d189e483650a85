import MoxEncoding
@testable import MoxIPC
import XCTest

final class IPCFrameDecoderTests: XCTestCase {
    func frame(_ type: IPCMessageType = .ping, id: UInt32 = 7, payload: [UInt8] = Array("hello".utf8)) -> IPCFrame {
        IPCFrame(type: type, requestID: id, payload: payload)
    }

    func decodeAll(_ bytes: [UInt8], splitAt cuts: [Int] = []) throws -> [IPCFrame] {
        var d = IPCFrameDecoder()
        var out: [IPCFrame] = []
        var start = 0
        for cut in cuts.sorted() + [bytes.count] where cut >= start && cut <= bytes.count {
            d.feed(bytes[start..<cut])
            start = cut
            while let f = try d.next() { out.append(f) }
        }
        try d.finish()
        return out
    }

    func testRoundTripAcrossEverySplit() throws {
        let a = frame(.ping, id: 1, payload: [])
        let b = frame(.config, id: 2, payload: Array(repeating: 0xab, count: 300))
        let bytes = try a.encoded() + b.encoded()
        for cut in 0...bytes.count {
            let frames = try decodeAll(bytes, splitAt: [cut])
            XCTAssertEqual(frames.map(\.type), [.ping, .config])
            XCTAssertEqual(frames.map(\.requestID), [1, 2])
            XCTAssertEqual(frames[1].payload, b.payload)
        }
    }

    func testHeaderLayout() throws {
        let bytes = try IPCFrame(type: .listener, flags: .reply, requestID: 0x01020304, payload: [9, 9]).encoded()
        XCTAssertEqual(bytes, [1, 0x02, 0x00, 0x04, 0, 0, 0, 2, 1, 2, 3, 4, 0, 0, 0, 0, 9, 9])
    }

    func testMaximumPayloadAcceptedAndOneMoreRejected() throws {
        let big = IPCFrame(type: .config, payload: Array(repeating: 1, count: IPCFrame.maxPayload))
        XCTAssertEqual(try decodeAll(big.encoded()).first?.payload.count, IPCFrame.maxPayload)
        XCTAssertThrowsError(try IPCFrame(type: .config, payload: Array(repeating: 1, count: IPCFrame.maxPayload + 1)).encoded())
        var header = try frame().encoded()
        header.replaceSubrange(4..<8, with: [0, 0x10, 0, 1])  // 1 MiB + 1
        XCTAssertThrowsError(try decodeAll(header)) { XCTAssertEqual($0 as? IPCError, .oversized(IPCFrame.maxPayload + 1)) }
    }

    func assertRejects(_ mutate: (inout [UInt8]) -> Void, _ expected: IPCError, line: UInt = #line) throws {
        var bytes = try frame().encoded()
        mutate(&bytes)
        XCTAssertThrowsError(try decodeAll(bytes), line: line) { XCTAssertEqual($0 as? IPCError, expected, line: line) }
    }

    func testMalformedHeaders() throws {
        try assertRejects({ $0[0] = 2 }, .badVersion(2))
        try assertRejects({ $0[1] = 0x80 }, .unknownFlags(0x80))
        try assertRejects({ $0[2] = 0x7f; $0[3] = 0x7f }, .unknownType(0x7f7f))
        try assertRejects({ $0[13] = 1 }, .malformed("reserved header bytes set"))
        try assertRejects({ $0[12] = 1 }, .malformed("descriptor flag and count disagree"))
        try assertRejects({ $0[1] = 1 }, .malformed("descriptor flag and count disagree"))
        try assertRejects({ $0[12] = 9; $0[1] = 1 }, .malformed("9 descriptors announced"))
        try assertRejects({ $0[1] = 0x04 }, .malformed("error flag on a request"))
        try assertRejects({ $0[1] = 1; $0[12] = 1 }, .descriptorMismatch("frame announces 1, 0 received"))
        try assertRejects({ $0.removeLast() }, .truncated(IPCFrame.headerSize + 4))
        try assertRejects({ $0.removeLast(10) }, .truncated(IPCFrame.headerSize - 5))
    }

    func testStrayDescriptorsAreReported() {
        var d = IPCFrameDecoder()
        d.feed([], descriptors: [42])
        XCTAssertThrowsError(try d.next()) { XCTAssertEqual($0 as? IPCError, .descriptorMismatch("1 descriptors arrived without a frame")) }
        XCTAssertEqual(d.takeUnclaimedDescriptors(), [42])
    }

    func testDescriptorsGoWithTheirFrame() throws {
        var d = IPCFrameDecoder()
        let f = IPCFrame(type: .listener, payload: [1], descriptors: [10, 11])
        d.feed(try f.encoded(), descriptors: [100, 101])
        let got = try d.next()
        XCTAssertEqual(got?.descriptors, [100, 101])
        XCTAssertEqual(got?.flags, [])
        XCTAssertEqual(d.takeUnclaimedDescriptors(), [])
    }

    /// Random bytes, random truncations and bit flips of valid frames: the
    /// decoder returns frames or throws, and never traps.
    func testRandomInputNeverTraps() throws {
        var rng = SystemRandomNumberGenerator()
        let valid = try frame(.config, payload: Array(repeating: 3, count: 40)).encoded()
        for i in 0..<20_000 {
            var bytes: [UInt8]
            switch i % 3 {
            case 0: bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1: bytes = Array(valid.prefix(Int.random(in: 0...valid.count, using: &rng)))
            default:
                bytes = valid
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            // Rejected (most of these) or decoded: either is fine, a trap is not.
            _ = try? decodeAll(bytes)
        }
    }

    func testByteReaderRejectsHostileLengths() {
        var w = ByteWriter()
        w.writeVarint(UInt64.max)
        var r = ByteReader(w.bytes)
        XCTAssertThrowsError(try r.readBytes())
        var r2 = ByteReader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        XCTAssertThrowsError(try r2.readVarint())
        var r3 = ByteReader([5, 0x61])
        XCTAssertThrowsError(try r3.readString())
        var r4 = ByteReader([2, 0xc3, 0x28])
        XCTAssertThrowsError(try r4.readString())
    }

    func testByteWriterReaderRoundTrip() throws {
        var w = ByteWriter()
        w.write(UInt8(1)); w.write(true); w.write(UInt16(513)); w.write(UInt32(70000)); w.write(UInt64.max); w.write(Int64(-5))
        w.writeVarint(300); w.write("héllo"); w.write(["a", "", "c"]); w.write(optional: nil); w.write(optional: "x")
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try r.readUInt8(), 1)
        XCTAssertEqual(try r.readBool(), true)
        XCTAssertEqual(try r.readUInt16(), 513)
        XCTAssertEqual(try r.readUInt32(), 70000)
        XCTAssertEqual(try r.readUInt64(), UInt64.max)
        XCTAssertEqual(try r.readInt64(), -5)
        XCTAssertEqual(try r.readVarint(), 300)
        XCTAssertEqual(try r.readString(), "héllo")
        XCTAssertEqual(try r.readStrings(), ["a", "", "c"])
        XCTAssertNil(try r.readOptionalString())
        XCTAssertEqual(try r.readOptionalString(), "x")
        XCTAssertNoThrow(try r.expectEnd())
    }
}
