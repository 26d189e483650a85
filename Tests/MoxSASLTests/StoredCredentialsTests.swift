import Foundation
import XCTest
import MoxEncoding
@testable import MoxSASL

final class StoredCredentialsTests: XCTestCase {
    func testEncodingRoundTripAndVerify() throws {
        let c = try StoredCredentials.derive(password: "pëncil", iterations: 32)
        let back = try StoredCredentials(encoded: c.encoded())
        XCTAssertEqual(back, c)
        XCTAssertTrue(back.verify(password: "pëncil"))
        XCTAssertFalse(back.verify(password: "pencil"))
        XCTAssertNotEqual(c.scramSHA1.salt, c.scramSHA256.salt)
        // The password appears nowhere in the stored record.
        XCTAssertNil(c.encoded().firstRange(of: Array("pëncil".utf8)))
    }

    func testDecodingRejectsGarbage() throws {
        let good = try StoredCredentials.derive(password: "x", iterations: 8).encoded()
        XCTAssertThrowsError(try StoredCredentials(encoded: []))
        XCTAssertThrowsError(try StoredCredentials(encoded: [2] + good.dropFirst()))
        XCTAssertThrowsError(try StoredCredentials(encoded: good + [0]))
        for n in 0..<good.count {
            XCTAssertThrowsError(try StoredCredentials(encoded: Array(good.prefix(n))))
        }
    }

    /// SASLprep (RFC 4013 §2.1): a no-break space is a space, a soft hyphen nothing.
    func testSASLPrepMappings() {
        XCTAssertEqual(SASLPrep.prepare("a\u{00A0}b"), Array("a b".utf8))
        XCTAssertEqual(SASLPrep.prepare("a\u{00AD}b"), Array("ab".utf8))
        XCTAssertEqual(SASLPrep.prepare("\u{2168}"), Array("IX".utf8)) // NFKC
    }
}

/// RFC 2104 HMAC-MD5 from swift-crypto, the reference for our MD5 state code.
import Crypto
enum HMACReference {
    static func md5(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.MD5>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }
}
