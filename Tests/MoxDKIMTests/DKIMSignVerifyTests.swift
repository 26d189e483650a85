import Crypto
import Foundation
import XCTest
import _CryptoExtras
@testable import MoxDKIM

/// Signing and verifying our own signatures, each check of RFC 6376 §6.1 on its own.
final class DKIMSignVerifyTests: XCTestCase {
    static let rsa = try! DKIMPrivateKey.generateRSA(bits: 2048)
    static let ed = DKIMPrivateKey.generateEd25519()

    static let message = [
        "From: Mox <mox@mox.example>",
        "To: a@other.example,",
        "\tb@other.example",
        "Subject:   folded",
        "   subject\t with  spaces ",
        "Received: from a by b",
        "Received: from c by d",
        "Date: Fri, 10 Dec 2021 20:09:08 +0100",
        "Message-ID: <test@mox.example>",
        "",
        "Body  with \t spaces  ",
        "",
        "line",
        "",
        "",
        "",
    ].joined(separator: "\r\n")

    func lookup(_ key: DKIMPrivateKey, record: String? = nil, selector: String = "sel") -> DKIMStaticKeyLookup {
        DKIMStaticKeyLookup(["\(selector)._domainkey.mox.example": [record ?? key.keyRecord.txtValue]])
    }

    func sign(_ key: DKIMPrivateKey, _ message: String = message, options: DKIMSigner.Options = DKIMSigner.Options()) throws -> String {
        try DKIMSigner.sign(message: Array(message.utf8), domain: "mox.example", selector: "sel", key: key, options: options) + message
    }

    func verify(_ message: String, _ lookup: any DKIMKeyLookup, options: DKIMVerifier.Options = .init()) async throws -> [DKIMStatus] {
        try await DKIMVerifier(lookup: lookup, options: options).verify(message: Array(message.utf8)).map(\.status)
    }

    func testRoundTripAllCanonicalizations() async throws {
        for key in [Self.rsa, Self.ed] {
            for h in DKIMCanonicalization.allCases {
                for b in DKIMCanonicalization.allCases {
                    var o = DKIMSigner.Options()
                    o.canonicalization = .init(header: h, body: b)
                    o.headers += ["Received", "Reply-To"]  // Reply-To is absent
                    let signed = try sign(key, options: o)
                    let st = try await verify(signed, lookup(key))
                    XCTAssertEqual(st, [.pass], "\(key.algorithm) \(h)/\(b)\n\(signed)")
                }
            }
        }
    }

    /// keyd's view: prepare here, sign elsewhere with only the data, finish here.
    func testPrepareFinishSplit() async throws {
        for key in [Self.rsa, Self.ed] {
            let p = try DKIMSigner.prepare(message: Array(Self.message.utf8), domain: "mox.example", selector: "sel", algorithm: key.algorithm)
            if key.algorithm == .ed25519SHA256 { XCTAssertEqual(p.dataToSign.count, 32) }
            let sig = try key.sign(p.dataToSign, algorithm: p.algorithm)
            let field = p.finish(signature: sig)
            XCTAssertTrue(field.hasPrefix("DKIM-Signature: v=1; a=\(key.algorithm.rawValue);"))
            XCTAssertTrue(field.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 }, field)
            let st = try await verify(field + Self.message, lookup(key))
            XCTAssertEqual(st, [.pass])
        }
    }

    func testRelaxedSurvivesRewrapping() async throws {
        let signed = try sign(Self.ed)
        // A relay refolds a header and changes whitespace in the body.
        let mangled = signed.replacingOccurrences(of: "Subject:   folded\r\n   subject", with: "Subject: folded subject")
            .replacingOccurrences(of: "Body  with", with: "Body with")
        let st = try await verify(mangled, lookup(Self.ed))
        XCTAssertEqual(st, [.pass])
        var o = DKIMSigner.Options()
        o.canonicalization = .simpleSimple
        let simple = try sign(Self.ed, options: o).replacingOccurrences(of: "Body  with", with: "Body with")
        let st2 = try await verify(simple, lookup(Self.ed))
        XCTAssertEqual(st2, [.fail(.bodyHashMismatch)])
    }

    func testAddedHeaders() async throws {
        // Without oversigning, a Subject added above the signed one changes what is signed (the last one counts)...
        var signed = try sign(Self.ed)
        let addedBottom = signed.replacingOccurrences(of: "Date: Fri", with: "Subject: spoof\r\nDate: Fri")
        let st1 = try await verify(addedBottom, lookup(Self.ed))
        XCTAssertEqual(st1, [.fail(.signatureMismatch)])
        // ...while one added at the top is not covered.
        let st2 = try await verify("Subject: spoof\r\n" + signed, lookup(Self.ed))
        XCTAssertEqual(st2, [.pass])
        // With oversigning, any added Subject breaks the signature.
        var o = DKIMSigner.Options()
        o.oversign = true
        signed = try sign(Self.ed, options: o)
        let st3 = try await verify("Subject: spoof\r\n" + signed, lookup(Self.ed))
        XCTAssertEqual(st3, [.fail(.signatureMismatch)])
        let st4 = try await verify(signed, lookup(Self.ed))
        XCTAssertEqual(st4, [.pass])
    }

    func testBodyLength() async throws {
        var o = DKIMSigner.Options()
        o.bodyLength = true
        let signed = try sign(Self.rsa, options: o)
        let appended = try await verify(signed + "appended\r\n", lookup(Self.rsa))
        XCTAssertEqual(appended, [.pass])
        let refused = try await verify(signed, lookup(Self.rsa), options: .init(acceptBodyLength: false))
        XCTAssertEqual(refused, [.permerror(.bodyLengthNotAccepted)])
        let cut = signed.replacingOccurrences(of: "line\r\n", with: "")
        let st = try await verify(cut, lookup(Self.rsa))
        XCTAssertEqual(st, [.permerror(.bodyLengthExceedsBody)])
    }

    func testKeyRecordChecks() async throws {
        let signed = try sign(Self.ed)
        let p = Data(Self.ed.keyRecord.publicKey).base64EncodedString()
        let cases: [(String, DKIMStatus)] = [
            ("v=DKIM1; k=ed25519; p=", .permerror(.keyRevoked)),
            ("v=DKIM1; k=rsa; p=\(p)", .permerror(.keyTypeMismatch)),
            ("v=DKIM1; k=ed25519; h=sha1; p=\(p)", .permerror(.hashNotAllowedByKey)),
            ("v=DKIM1; k=ed25519; s=other; p=\(p)", .permerror(.keyNotForEmail)),
            ("v=DKIM1; k=ed25519; p=AAAA", .permerror(.invalidKey("Ed25519: incorrectKeySize"))),
            ("v=DKIM1; bogus", .permerror(.syntax("expected = after tag bogus"))),
            ("v=DKIM1; k=ed25519; s=email; h=sha256; t=s; p=\(p)", .pass),
        ]
        for (record, want) in cases {
            let st = try await verify(signed, lookup(Self.ed, record: record))
            if case .permerror(.invalidKey) = want, case .permerror(.invalidKey) = st.first { continue }
            XCTAssertEqual(st, [want], record)
        }
        // Not DKIM at all: ignored, so no key.
        let other = try await verify(signed, lookup(Self.ed, record: "google-site-verification=x"))
        XCTAssertEqual(other, [.permerror(.noKey)])
        let two = try await verify(signed, DKIMStaticKeyLookup(["sel._domainkey.mox.example": [Self.ed.keyRecord.txtValue, Self.ed.keyRecord.txtValue]]))
        XCTAssertEqual(two, [.temperror(.multipleKeys)])
    }

    func testLookupOutcomes() async throws {
        struct Failing: DKIMKeyLookup {
            func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool) { throw DKIMKeyLookupError.temporary("SERVFAIL") }
        }
        let signed = try sign(Self.ed)
        let none = try await verify(signed, DKIMStaticKeyLookup([:]))
        XCTAssertEqual(none, [.permerror(.noKey)])
        let temp = try await verify(signed, Failing())
        XCTAssertEqual(temp.first?.keyword, "temperror")
        let r = try await DKIMVerifier(lookup: DKIMStaticKeyLookup(["sel._domainkey.mox.example": [Self.ed.keyRecord.txtValue]], authentic: true)).verify(message: Array(signed.utf8))
        XCTAssertTrue(r[0].recordAuthentic)
    }

    func testTestingModeAndStrictIdentity() async throws {
        let tampered = try sign(Self.ed).replacingOccurrences(of: "line", with: "LINE")
        let p = Data(Self.ed.keyRecord.publicKey).base64EncodedString()
        let st = try await verify(tampered, lookup(Self.ed, record: "v=DKIM1; k=ed25519; t=y; p=\(p)"))
        XCTAssertEqual(st, [.neutral(.bodyHashMismatch)])
        let st2 = try await verify(tampered, lookup(Self.ed, record: "v=DKIM1; k=ed25519; t=y; p=\(p)"), options: .init(ignoreTestMode: true))
        XCTAssertEqual(st2, [.fail(.bodyHashMismatch)])

        var o = DKIMSigner.Options()
        o.identity = "mox@sub.mox.example"
        let signed = try sign(Self.ed, options: o)
        let st3 = try await verify(signed, lookup(Self.ed, record: "v=DKIM1; k=ed25519; t=s; p=\(p)"))
        XCTAssertEqual(st3, [.permerror(.identityDomainMismatch)])
        let st4 = try await verify(signed, lookup(Self.ed))
        XCTAssertEqual(st4, [.pass])
    }

    func testExpiration() async throws {
        var o = DKIMSigner.Options()
        o.signTime = 1000
        o.expiresAfter = 100
        let signed = try sign(Self.ed, options: o)
        let ok = try await verify(signed, lookup(Self.ed), options: .init(now: 1050))
        XCTAssertEqual(ok, [.pass])
        let late = try await verify(signed, lookup(Self.ed), options: .init(now: 1101))
        XCTAssertEqual(late, [.permerror(.expired)])
    }

    /// rsa-sha1 is refused by default (RFC 8301 §3.1) and verifies when allowed.
    func testRSASHA1() async throws {
        guard case .rsa(let k) = Self.rsa else { return XCTFail() }
        let body = "hello\r\n"
        let headers = "From: a@mox.example\r\nSubject: old\r\n"
        let bh = Data(Insecure.SHA1.hash(data: Array(body.utf8))).base64EncodedString()
        let field = "DKIM-Signature: v=1; a=rsa-sha1; d=mox.example; s=sel; h=from:subject; bh=\(bh); b="
        let (fields, _) = MessageHeaderField.parse(message: Array((headers + "\r\n").utf8))!
        let data = DKIMVerifier.headerData(signedHeaders: ["from", "subject"], fields: fields, signatureField: Array(field.utf8), canonicalization: .simple)
        let sig = try k.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
        let msg = field + Data(sig.rawRepresentation).base64EncodedString() + "\r\n" + headers + "\r\n" + body
        let refused = try await verify(msg, lookup(Self.rsa))
        XCTAssertEqual(refused, [.permerror(.algorithmNotAccepted("rsa-sha1"))])
        let allowed = try await verify(msg, lookup(Self.rsa), options: .init(acceptRSASHA1: true))
        XCTAssertEqual(allowed, [.pass])
        XCTAssertThrowsError(try DKIMSigner.prepare(message: Array(msg.utf8), domain: "mox.example", selector: "s", algorithm: .rsaSHA1))
    }

    func testSignatureLevelFailures() async throws {
        let signed = try sign(Self.ed)
        let l = lookup(Self.ed)
        func st(_ m: String) async throws -> DKIMStatus? { try await verify(m, l).first }
        let unknownAlg = try await st(signed.replacingOccurrences(of: "a=ed25519-sha256", with: "a=ed448-sha256"))
        XCTAssertEqual(unknownAlg, .permerror(.unknownAlgorithm("ed448-sha256")))
        let canon = try await st(signed.replacingOccurrences(of: "c=relaxed/relaxed", with: "c=bogus/relaxed"))
        XCTAssertEqual(canon, .permerror(.unknownCanonicalization("bogus/relaxed")))
        let noFrom = try await st(signed.replacingOccurrences(of: "h=From:", with: "h="))
        XCTAssertEqual(noFrom, .permerror(.fromNotSigned))
        let query = try await st(signed.replacingOccurrences(of: "v=1;", with: "v=1; q=http/well-known;"))
        XCTAssertEqual(query, .permerror(.unsupportedQueryMethod("http/well-known")))
        let garbage = try await DKIMVerifier(lookup: l).verify(message: Array(("DKIM-Signature: v=1; d=x.example; s=y\r\n" + signed).utf8))
        XCTAssertEqual(garbage.map(\.status), [.permerror(.missingTag("a")), .pass])
        XCTAssertEqual(garbage[0].domain, "x.example")
        var many = signed
        for _ in 0..<17 { many = try sign(Self.ed, many) }
        let manyStatus = try await verify(many, l)
        XCTAssertEqual(manyStatus.count, 18)
        XCTAssertEqual(manyStatus.filter { $0 == .pass }.count, 16)
        XCTAssertEqual(manyStatus.last, .permerror(.tooManySignatures))
        let unsigned = try await verify(Self.message, l)
        XCTAssertEqual(unsigned, [])
    }

    func testSignerInputChecks() throws {
        XCTAssertThrowsError(try DKIMSigner.sign(message: Array("To: a\r\n\r\nx".utf8), domain: "mox.example", selector: "s", key: Self.ed))
        XCTAssertThrowsError(try DKIMSigner.sign(message: Array("From: a\r\nFrom: b\r\n\r\nx".utf8), domain: "mox.example", selector: "s", key: Self.ed))
        XCTAssertThrowsError(try DKIMSigner.sign(message: Array(" From: a\r\n\r\nx".utf8), domain: "mox.example", selector: "s", key: Self.ed))
        XCTAssertThrowsError(try DKIMSigner.sign(message: Array("From: a\r\n\r\nx".utf8), domain: "mox example", selector: "s", key: Self.ed))
        XCTAssertThrowsError(try Self.ed.sign([1, 2, 3], algorithm: .rsaSHA256))
        var o = DKIMSigner.Options()
        o.identity = "user@evil.example"
        XCTAssertThrowsError(try DKIMSigner.sign(message: Array("From: a\r\n\r\nx".utf8), domain: "mox.example", selector: "s", key: Self.ed, options: o))
    }

    func testKeyPEMs() throws {
        guard case .rsa(let k) = Self.rsa else { return XCTFail() }
        for pem in [k.pkcs8PEMRepresentation, k.pemRepresentation] {
            let back = try DKIMPrivateKey(pem: pem)
            XCTAssertEqual(back.keyRecord, Self.rsa.keyRecord)
        }
        XCTAssertEqual(try DKIMPrivateKey(pem: Self.ed.pemRepresentation).keyRecord, Self.ed.keyRecord)
        XCTAssertThrowsError(try DKIMPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        XCTAssertThrowsError(try DKIMPrivateKey(pem: "garbage"))
        let weak = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        XCTAssertThrowsError(try DKIMPrivateKey(pem: weak.pemRepresentation))
    }
}
