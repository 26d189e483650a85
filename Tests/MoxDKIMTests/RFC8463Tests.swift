import Foundation
import XCTest
@testable import MoxDKIM

/// RFC 8463 Appendix A: the Ed25519 and RSA keys and the message signed with both.
final class RFC8463Tests: XCTestCase {
    static let message = [
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
        " subject : date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
        " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
        " date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
        " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
        " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
        "From: Joe SixPack <joe@football.example.com>",
        "To: Suzie Q <suzie@shopping.example.net>",
        "Subject: Is dinner ready?",
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
        "",
        "Hi.",
        "",
        "We lost the game.  Are you hungry yet?",
        "",
        "Joe.",
        "",
    ].joined(separator: "\r\n")

    static let dns = DKIMStaticKeyLookup([
        "brisbane._domainkey.football.example.com": ["v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="],
        "test._domainkey.football.example.com": ["v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"],
    ])

    /// The private key of A.2 as PKCS#8: the fixed RFC 8410 prefix and the seed.
    static let ed25519PEM = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n"

    func testBothSignaturesVerify() async throws {
        let results = try await DKIMVerifier(lookup: Self.dns).verify(message: Array(Self.message.utf8))
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(results[0].status, .pass)
        XCTAssertEqual(results[0].algorithm, "ed25519-sha256")
        XCTAssertEqual(results[0].domain, "football.example.com")
        XCTAssertEqual(results[0].selector, "brisbane")
        XCTAssertEqual(results[0].identity, "@football.example.com")
        XCTAssertEqual(results[1].status, .pass)
        XCTAssertEqual(results[1].algorithm, "rsa-sha256")
    }

    func testTamperedMessageFails() async throws {
        let tampered = Self.message.replacingOccurrences(of: "Is dinner ready?", with: "Is dinner ready?!")
        let results = try await DKIMVerifier(lookup: Self.dns).verify(message: Array(tampered.utf8))
        XCTAssertEqual(results.map(\.status), [.fail(.signatureMismatch), .fail(.signatureMismatch)])
        let body = Self.message.replacingOccurrences(of: "We lost", with: "We won")
        let r2 = try await DKIMVerifier(lookup: Self.dns).verify(message: Array(body.utf8))
        XCTAssertEqual(r2.map(\.status), [.fail(.bodyHashMismatch), .fail(.bodyHashMismatch)])
    }

    func testKeyFromRFCSeedMatchesPublishedKey() throws {
        let key = try DKIMPrivateKey(pem: Self.ed25519PEM)
        XCTAssertEqual(key.keyRecord.txtValue, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        XCTAssertEqual(key.pemRepresentation, Self.ed25519PEM)
    }

    /// Signing A.1's unsigned message with A.2's key: our signature verifies
    /// against the published record, and the body hash is the RFC's.
    func testSignWithRFCKey() async throws {
        let unsigned = Self.message[Self.message.range(of: "From: Joe")!.lowerBound...]
        let key = try DKIMPrivateKey(pem: Self.ed25519PEM)
        var opts = DKIMSigner.Options()
        opts.headers = ["from", "to", "subject", "date", "message-id"]
        opts.oversign = true
        let field = try DKIMSigner.sign(message: Array(unsigned.utf8), domain: "football.example.com", selector: "brisbane", key: key, options: opts)
        XCTAssertTrue(field.contains("bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;"), field)
        let results = try await DKIMVerifier(lookup: Self.dns).verify(message: Array((field + unsigned).utf8))
        XCTAssertEqual(results.map(\.status), [.pass])
    }
}
