import CCap
import CLMDB
import CZlib
import XCTest

/// The system libraries link and answer: a missing -dev package fails here first.
final class SystemLibraryTests: XCTestCase {
    func testLMDBVersion() {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        _ = mdb_version(&major, &minor, &patch)
        XCTAssertEqual(major, 0)
        XCTAssertGreaterThanOrEqual(minor, 9)
    }

    func testZlibRoundTrip() {
        let input = Array(repeating: UInt8(ascii: "a"), count: 4096)
        var compressed = [UInt8](repeating: 0, count: 1024)
        var clen = uLongf(compressed.count)
        XCTAssertEqual(compress(&compressed, &clen, input, uLong(input.count)), Z_OK)
        XCTAssertLessThan(Int(clen), 100)
        var out = [UInt8](repeating: 0, count: 4096)
        var olen = uLongf(out.count)
        XCTAssertEqual(uncompress(&out, &olen, compressed, clen), Z_OK)
        XCTAssertEqual(out, input)
    }

    func testLibcapReadsOwnCapabilities() {
        let caps = cap_get_proc()
        XCTAssertNotNil(caps)
        if let caps {
            let text = cap_to_text(caps, nil)
            XCTAssertNotNil(text)
            cap_free(UnsafeMutableRawPointer(text))
            cap_free(UnsafeMutableRawPointer(caps))
        }
    }
}
