import Crypto
import Foundation
import XCTest
@testable import MoxDKIM

final class DKIMCanonicalizationTests: XCTestCase {
    func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// RFC 6376 §3.4.6's example.
    func testRFC6376Example() {
        XCTAssertEqual(DKIMCanonicalization.relaxed.header(b("A: X\r\n")), b("a:X\r\n"))
        XCTAssertEqual(DKIMCanonicalization.relaxed.header(b("B : Y\t\r\n\tZ  \r\n")), b("b:Y Z\r\n"))
        XCTAssertEqual(DKIMCanonicalization.simple.header(b("B : Y\t\r\n\tZ  \r\n")), b("B : Y\t\r\n\tZ  \r\n"))
        let body = b(" C \r\nD \t E\r\n\r\n\r\n")
        XCTAssertEqual(DKIMCanonicalization.relaxed.body(body[...]), b(" C\r\nD E\r\n"))
        XCTAssertEqual(DKIMCanonicalization.simple.body(body[...]), b(" C \r\nD \t E\r\n"))
    }

    /// §3.4.3/§3.4.4 and errata 1384: an empty body is CRLF in simple, nothing in relaxed.
    func testEmptyAndUnterminatedBodies() {
        XCTAssertEqual(Data(SHA256.hash(data: DKIMCanonicalization.simple.body([][...]))).base64EncodedString(), "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=")
        XCTAssertEqual(Data(SHA256.hash(data: DKIMCanonicalization.relaxed.body([][...]))).base64EncodedString(), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        XCTAssertEqual(DKIMCanonicalization.simple.body(b("\r\n\r\n")[...]), b("\r\n"))
        XCTAssertEqual(DKIMCanonicalization.relaxed.body(b("  \r\n\t\r\n")[...]), [])
        XCTAssertEqual(DKIMCanonicalization.simple.body(b("abc")[...]), b("abc\r\n"))
        XCTAssertEqual(DKIMCanonicalization.relaxed.body(b("abc  ")[...]), b("abc\r\n"))
    }

    func testHeaderSplitting() throws {
        let m = b("From: a\r\nSubject: one\r\n two\r\nX:\r\n\r\nbody\r\n")
        let (fields, offset) = try XCTUnwrap(MessageHeaderField.parse(message: m))
        XCTAssertEqual(fields.map(\.lowercasedName), ["from", "subject", "x"])
        XCTAssertEqual(fields[1].raw, b("Subject: one\r\n two\r\n"))
        XCTAssertEqual(Array(m[offset...]), b("body\r\n"))
        XCTAssertNil(MessageHeaderField.parse(message: b(" From: a\r\n\r\n")))
        XCTAssertNil(MessageHeaderField.parse(message: b("no colon\r\n\r\n")))
        XCTAssertNil(MessageHeaderField.parse(message: b(": empty name\r\n\r\n")))
        // No empty line: all header.
        XCTAssertEqual(MessageHeaderField.parse(message: b("From: a\r\n"))?.bodyOffset, 9)
    }
}
