import Foundation
import XCTest
@testable import MoxDKIM

final class DKIMSignatureTests: XCTestCase {
    static let bh = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8="

    func parse(_ s: String) throws -> DKIMSignature {
        try DKIMSignature.parse(field: Array(s.utf8))
    }

    func testFoldedBValueIsBlanked() throws {
        let s = try parse("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel;\r\n h=From : To; bh=\(Self.bh);\r\n b=AAAA\r\n\tBBBB \r\n CA==\r\n")
        XCTAssertEqual(Data(s.signature).base64EncodedString(), "AAAABBBBCA==")
        XCTAssertEqual(String(decoding: s.withoutSignatureValue, as: UTF8.self), "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel;\r\n h=From : To; bh=\(Self.bh);\r\n b=")
        XCTAssertEqual(s.signedHeaders, ["From", "To"])
        XCTAssertEqual(s.canonicalization, .simpleSimple)
        // b= not last: whitespace up to the ";" goes too.
        let s2 = try parse("DKIM-Signature: v=1; b= AA== ; a=ed25519-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh)")
        XCTAssertEqual(String(decoding: s2.withoutSignatureValue, as: UTF8.self), "DKIM-Signature: v=1; b=; a=ed25519-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh)")
    }

    func testOptionalTags() throws {
        let s = try parse("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed; d=example.com; s=s_1; h=from; bh=\(Self.bh); b=; i=user@sub.example.com; l=10; q=dns/txt; t=100; x=200; z=From:a|To:b; unknown=ignored")
        XCTAssertEqual(s.canonicalization, DKIMCanonicalization.Pair(header: .relaxed, body: .simple))
        XCTAssertEqual(s.identity, "user@sub.example.com")
        XCTAssertEqual(s.bodyLength, 10)
        XCTAssertEqual(s.signTime, 100)
        XCTAssertEqual(s.expireTime, 200)
        XCTAssertEqual(s.selector, "s_1")
    }

    func testRejections() {
        let good = "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh); b=AA=="
        let bad = [
            "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh)",            // no b=
            "v=2; a=rsa-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh); b=",        // version
            good + "; d=other.com",                                                       // duplicate
            "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=",               // bh size
            "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=!!!; b=",                // base64
            good + "; i=a@other.com",                                                      // i= outside d=
            good + "; t=200; x=100",                                                       // x before t
            good + "; l=-1",
            good + "; l=99999999999999999999999999",
            "v=1; a=rsa; d=example.com; s=sel; h=from; bh=\(Self.bh); b=",
            "v=1; a=rsa-sha256; d=exa mple.com; s=sel; h=from; bh=\(Self.bh); b=",
            "v=1; a=rsa-sha256; d=example.com; s=sel; h=from::to; bh=\(Self.bh); b=",
            "v=1; 1a=x; a=rsa-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh); b=",
            "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=\(Self.bh); b=; junk",
            "", ";", "=", "v", "v=1;;",
        ]
        for f in bad {
            XCTAssertThrowsError(try parse("DKIM-Signature: " + f), f)
        }
        XCTAssertThrowsError(try parse("Received: " + good))
        XCTAssertNoThrow(try parse("DKIM-Signature: " + good))
    }

    func testKeyRecords() throws {
        let r = try DKIMKeyRecord.parse("v=DKIM1; h=sha256; k=ed25519; s=email; t=y:s; n=note; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        XCTAssertEqual(r.keyType, "ed25519")
        XCTAssertTrue(r.isTesting && r.isStrictIdentity && r.allowsEmail)
        XCTAssertEqual(r.publicKey.count, 32)
        XCTAssertEqual(try DKIMKeyRecord.parse("p=").publicKey, [])
        XCTAssertThrowsError(try DKIMKeyRecord.parse("k=rsa; v=DKIM1; p="))  // v= not first
        XCTAssertThrowsError(try DKIMKeyRecord.parse("v=DKIM2; p="))
        XCTAssertThrowsError(try DKIMKeyRecord.parse("v=DKIM1; k=rsa"))
        XCTAssertTrue(DKIMKeyRecord.claimsDKIM("v = DKIM1; bogus"))
        XCTAssertFalse(DKIMKeyRecord.claimsDKIM("spf1"))
    }
}
