import Foundation
import XCTest
@testable import MoxSASL

/// Every mechanism end to end against the server state machine, with the
/// client helpers on the other side; wrong passwords, garbage and
/// channel-binding mismatches must end in a thrown SASLError, never a trap.
final class SASLServerTests: XCTestCase {
    // Few iterations keep the suite fast; the RFC vectors cover 4096.
    static let creds = try! StoredCredentials.derive(password: "moxmoxmox", iterations: 64)
    static let tlsExporter = ChannelBinding(kind: .tlsExporter, data: Array(repeating: 0xab, count: 32))
    static let endPoint = ChannelBinding(kind: .tlsServerEndPoint, data: Array(repeating: 0xcd, count: 32))

    /// Runs an exchange feeding `responses` to challenges and providing credentials for "mjl".
    func run(_ server: inout SASLServer, initial: [UInt8]?, responses: (([UInt8]) throws -> [UInt8])) throws -> (SASLOutcome, [UInt8]?) {
        var step = try server.start(initialResponse: initial)
        for _ in 0..<10 {
            switch step {
            case .challenge(let c): step = try server.respond(try responses(c))
            case .needCredentials(let u): step = try server.provide(credentials: u == "mjl" ? Self.creds : nil)
            case .success(let o, let extra): return (o, extra)
            }
        }
        throw SASLError.invalidState("too many steps")
    }

    func expectError(_ expected: SASLError? = nil, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try body()
            XCTFail("expected an error", file: file, line: line)
        } catch let e as SASLError {
            if let expected { XCTAssertEqual(e, expected, file: file, line: line) }
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
    }

    // MARK: PLAIN

    func testPlain() throws {
        var s = try SASLServer(mechanism: .plain)
        let (o, extra) = try run(&s, initial: SASLClient.plain(username: "mjl", password: "moxmoxmox")) { _ in [] }
        XCTAssertEqual(o, SASLOutcome(mechanism: .plain, username: "mjl", authzid: nil))
        XCTAssertNil(extra)
    }

    func testPlainWithoutInitialResponse() throws {
        var s = try SASLServer(mechanism: .plain)
        let (o, _) = try run(&s, initial: nil) { c in
            XCTAssertEqual(c, [])
            return SASLClient.plain(username: "mjl", password: "moxmoxmox", authzid: "mjl")
        }
        XCTAssertEqual(o.authzid, "mjl")
    }

    func testPlainWrongPasswordUnknownUserAndOtherAuthzid() throws {
        for ir in [SASLClient.plain(username: "mjl", password: "wrong"), SASLClient.plain(username: "nobody", password: "moxmoxmox")] {
            var s = try SASLServer(mechanism: .plain)
            expectError(.authenticationFailed) { _ = try run(&s, initial: ir) { _ in [] } }
        }
        var s = try SASLServer(mechanism: .plain)
        expectError { _ = try run(&s, initial: SASLClient.plain(username: "mjl", password: "moxmoxmox", authzid: "admin")) { _ in [] } }
    }

    func testPlainMalformed() throws {
        for ir: [UInt8] in [[], [0], Array("mjl".utf8), [0, 0x6d, 0, 0x70, 0], [0, 0xff, 0xfe, 0, 0x70], [0, 0, 0x70], [0, 0x6d, 0]] {
            var s = try SASLServer(mechanism: .plain)
            expectError { _ = try s.start(initialResponse: ir) }
        }
    }

    // MARK: LOGIN

    func testLogin() throws {
        var s = try SASLServer(mechanism: .login)
        let (o, _) = try run(&s, initial: nil) { c in
            Array((String(decoding: c, as: UTF8.self) == "Username:" ? "mjl" : "moxmoxmox").utf8)
        }
        XCTAssertEqual(o.username, "mjl")
    }

    func testLoginWrongPasswordAndMalformed() throws {
        var s = try SASLServer(mechanism: .login)
        expectError(.authenticationFailed) {
            _ = try run(&s, initial: nil) { c in Array((String(decoding: c, as: UTF8.self) == "Username:" ? "mjl" : "nope").utf8) }
        }
        var s2 = try SASLServer(mechanism: .login)
        _ = try s2.start(initialResponse: nil)
        expectError { _ = try s2.respond([0xc3, 0x28]) }
        var s3 = try SASLServer(mechanism: .login)
        _ = try s3.start(initialResponse: nil)
        expectError { _ = try s3.respond([]) }
    }

    // MARK: CRAM-MD5

    func testCRAMMD5() throws {
        var s = try SASLServer(mechanism: .cramMD5, hostname: "mox.example")
        let (o, _) = try run(&s, initial: nil) { c in
            let text = String(decoding: c, as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("<") && text.hasSuffix("@mox.example>"), text)
            return SASLClient.cramMD5(username: "mjl", password: "moxmoxmox", challenge: c)
        }
        XCTAssertEqual(o.username, "mjl")
    }

    /// RFC 2195 §2's example: tim / tanstaaftanstaaf.
    func testCRAMMD5RFC2195Example() throws {
        let challenge = Array("<1896.697170952@postoffice.reston.mci.net>".utf8)
        XCTAssertEqual(String(decoding: SASLClient.cramMD5(username: "tim", password: "tanstaaftanstaaf", challenge: challenge), as: UTF8.self),
                       "tim b913a602c7eda7a495b4e6e7334d3890")
        let creds = try StoredCredentials.derive(password: "tanstaaftanstaaf", iterations: 16)
        var s = try SASLServer(mechanism: .cramMD5, cramChallenge: String(decoding: challenge, as: UTF8.self))
        _ = try s.start(initialResponse: nil)
        XCTAssertEqual(try s.respond(Array("tim b913a602c7eda7a495b4e6e7334d3890".utf8)), .needCredentials(username: "tim"))
        guard case .success = try s.provide(credentials: creds) else { return XCTFail("no success") }
    }

    func testCRAMMD5WrongPasswordAndMalformed() throws {
        var s = try SASLServer(mechanism: .cramMD5)
        expectError(.authenticationFailed) { _ = try run(&s, initial: nil) { c in SASLClient.cramMD5(username: "mjl", password: "bad", challenge: c) } }
        for r in ["mjl", "mjl 1234", " b913a602c7eda7a495b4e6e7334d3890", "mjl B913A602C7EDA7A495B4E6E7334D3890", "mjl b913a602c7eda7a495b4e6e7334d389g"] {
            var s = try SASLServer(mechanism: .cramMD5)
            _ = try s.start(initialResponse: nil)
            expectError { _ = try s.respond(Array(r.utf8)) }
        }
    }

    func testCRAMMD5SecretMatchesSwiftCryptoHMAC() throws {
        for pw in ["", "a", "moxmoxmox", String(repeating: "x", count: 64), String(repeating: "long", count: 40)] {
            for msg in ["", "hi", String(repeating: "m", count: 55), String(repeating: "m", count: 56), String(repeating: "m", count: 200)] {
                let ours = CRAMMD5Secret.derive(password: pw).hmac(Array(msg.utf8))
                let ref = Array(HMACReference.md5(key: Array(pw.utf8), Array(msg.utf8)))
                XCTAssertEqual(ours, ref, "pw \(pw.count) msg \(msg.count)")
            }
        }
    }

    // MARK: SCRAM

    func scram(_ mech: SASLMechanism, client: SCRAMClient, bindings: [ChannelBinding]) throws -> SASLOutcome {
        var c = client
        var s = try SASLServer(mechanism: mech, channelBindings: bindings)
        var step = try s.start(initialResponse: c.clientFirst())
        guard case .needCredentials(let u) = step else { throw SASLError.invalidState("want credentials") }
        step = try s.provide(credentials: u == "mjl" ? Self.creds : nil)
        guard case .challenge(let sf) = step else { throw SASLError.invalidState("want server-first") }
        step = try s.respond(try c.clientFinal(serverFirst: sf))
        guard case .success(let o, let extra?) = step else { throw SASLError.invalidState("want success") }
        try c.verify(serverFinal: extra)
        return o
    }

    func testSCRAMAllVariantsInteroperate() throws {
        for hash in SCRAMHash.allCases {
            let plain: SASLMechanism = hash == .sha1 ? .scramSHA1 : .scramSHA256
            let plus: SASLMechanism = hash == .sha1 ? .scramSHA1Plus : .scramSHA256Plus
            XCTAssertEqual(try scram(plain, client: SCRAMClient(hash: hash, username: "mjl", password: "moxmoxmox"), bindings: []).username, "mjl")
            for cb in [Self.tlsExporter, Self.endPoint] {
                let c = SCRAMClient(hash: hash, username: "mjl", password: "moxmoxmox", channelBinding: cb)
                XCTAssertEqual(c.mechanism, plus)
                XCTAssertEqual(try scram(plus, client: c, bindings: [Self.tlsExporter, Self.endPoint]).mechanism, plus)
            }
            // A client without binding on a TLS connection that offered -PLUS, choosing the plain mechanism: "n" is fine.
            XCTAssertEqual(try scram(plain, client: SCRAMClient(hash: hash, username: "mjl", password: "moxmoxmox"), bindings: [Self.tlsExporter]).username, "mjl")
        }
    }

    func testSCRAMWrongPasswordAndUnknownUser() throws {
        expectError(.authenticationFailed) { _ = try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "bad"), bindings: []) }
        expectError(.authenticationFailed) { _ = try scram(.scramSHA1, client: SCRAMClient(hash: .sha1, username: "nobody", password: "moxmoxmox"), bindings: []) }
    }

    func testSCRAMUnknownUserGetsStableSalt() throws {
        func salt() throws -> [UInt8] {
            var s = try SASLServer(mechanism: .scramSHA256)
            _ = try s.start(initialResponse: Array("n,,n=nobody,r=abc".utf8))
            guard case .challenge(let sf) = try s.provide(credentials: nil) else { return [] }
            return try SCRAMServerFirst.parse(sf).salt
        }
        XCTAssertEqual(try salt(), try salt())
    }

    func testSCRAMPlusChannelBindingMismatch() throws {
        // The client binds to different data (a TLS-terminating man in the middle).
        let other = ChannelBinding(kind: .tlsExporter, data: Array(repeating: 0x11, count: 32))
        expectError(.channelBindingMismatch) {
            _ = try scram(.scramSHA256Plus, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", channelBinding: other), bindings: [Self.tlsExporter])
        }
        // A binding type the connection does not have.
        expectError(.channelBindingUnsupported("type tls-server-end-point")) {
            _ = try scram(.scramSHA1Plus, client: SCRAMClient(hash: .sha1, username: "mjl", password: "moxmoxmox", channelBinding: Self.endPoint), bindings: [Self.tlsExporter])
        }
        // -PLUS without TLS.
        expectError { _ = try SASLServer(mechanism: .scramSHA256Plus) }
        // "y" while the server advertised -PLUS: downgrade.
        expectError(.channelBindingDowngrade) {
            _ = try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", couldBind: true), bindings: [Self.tlsExporter])
        }
        // "y" without TLS is fine.
        XCTAssertEqual(try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", couldBind: true), bindings: []).username, "mjl")
        // p= on the plain mechanism, or n on -PLUS.
        expectError { _ = try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", channelBinding: Self.tlsExporter), bindings: [Self.tlsExporter]) }
        expectError { _ = try scram(.scramSHA256Plus, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox"), bindings: [Self.tlsExporter]) }
    }

    func testSCRAMClientFinalWithChangedGS2HeaderIsMismatch() throws {
        var s = try SASLServer(mechanism: .scramSHA256, scramServerNonce: "srv")
        _ = try s.start(initialResponse: Array("n,,n=mjl,r=cli".utf8))
        _ = try s.provide(credentials: Self.creds)
        // c= says "y,," (base64 eSws) instead of "n,,".
        expectError(.channelBindingMismatch) { _ = try s.respond(Array("c=eSws,r=clisrv,p=AAAA".utf8)) }
    }

    func testSCRAMMalformedClientMessages() throws {
        let firsts = ["", "n", "n,,", "n,,n=,r=x", "x,,n=a,r=b", "p=,,n=a,r=b", "p=tls exporter,,n=a,r=b", "n,a,n=a,r=b", "n,,n=a=zz,r=b",
                      "n,,m=ext,n=a,r=b", "n,,n=a,r=", "n,,n=a,r=b,1=x", "n,,r=b,n=a", "n,,n=a,r=b\u{7f}", "n,,n=a\u{0},r=b"]
        for f in firsts {
            var s = try SASLServer(mechanism: .scramSHA256)
            expectError { _ = try s.start(initialResponse: Array(f.utf8)) }
        }
        var bad = try SASLServer(mechanism: .scramSHA1)
        expectError { _ = try bad.start(initialResponse: [0xff, 0x2c, 0x2c]) }

        let finals = ["", "c=biws", "c=biws,r=clisrv", "c=!!!,r=clisrv,p=AAAA", "c=biws,r=other,p=AAAA", "c=biws,r=clisrv,p=", "c=biws,r=clisrv,p=***",
                      "r=clisrv,c=biws,p=AAAA", "c=biws,r=clisrv,p=AAAA,x=y"]
        for f in finals {
            var s = try SASLServer(mechanism: .scramSHA256, scramServerNonce: "srv")
            _ = try s.start(initialResponse: Array("n,,n=mjl,r=cli".utf8))
            _ = try s.provide(credentials: Self.creds)
            expectError { _ = try s.respond(Array(f.utf8)) }
        }
    }

    func testSCRAMAuthzidMustMatch() throws {
        expectError { _ = try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", authzid: "root"), bindings: []) }
        XCTAssertEqual(try scram(.scramSHA256, client: SCRAMClient(hash: .sha256, username: "mjl", password: "moxmoxmox", authzid: "mjl"), bindings: []).authzid, "mjl")
    }

    func testSCRAMUsernameEscapes() throws {
        let m = try SCRAMClientFirst.parse(Array("n,a=x=2Cy,n=a=3Db=2Cc,r=n0nce".utf8))
        XCTAssertEqual(m.username, "a=b,c")
        XCTAssertEqual(m.authzid, "x,y")
        XCTAssertEqual(m.encoded, Array("n,a=x=2Cy,n=a=3Db=2Cc,r=n0nce".utf8))
    }

    // MARK: EXTERNAL

    func testExternal() throws {
        var s = try SASLServer(mechanism: .external, externalIdentity: "mjl")
        XCTAssertEqual(try s.start(initialResponse: []), .success(SASLOutcome(mechanism: .external, username: "mjl", authzid: nil), additionalData: nil))
        var s2 = try SASLServer(mechanism: .external, externalIdentity: "mjl")
        XCTAssertEqual(try s2.start(initialResponse: nil), .challenge([]))
        XCTAssertEqual(try s2.respond(Array("mjl".utf8)), .success(SASLOutcome(mechanism: .external, username: "mjl", authzid: "mjl"), additionalData: nil))
    }

    func testExternalFailures() throws {
        var noCert = try SASLServer(mechanism: .external)
        expectError(.authenticationFailed) { _ = try noCert.start(initialResponse: []) }
        var other = try SASLServer(mechanism: .external, externalIdentity: "mjl")
        expectError { _ = try other.start(initialResponse: Array("root".utf8)) }
        var garbage = try SASLServer(mechanism: .external, externalIdentity: "mjl")
        expectError { _ = try garbage.start(initialResponse: [0xff]) }
    }

    // MARK: misuse

    func testOutOfOrderCallsThrow() throws {
        var s = try SASLServer(mechanism: .plain)
        expectError { _ = try s.respond([]) }
        var s2 = try SASLServer(mechanism: .scramSHA256)
        _ = try s2.start(initialResponse: nil)
        expectError { _ = try s2.provide(credentials: Self.creds) }
        XCTAssertNil(SASLMechanism(name: "DIGEST-MD5"))
        XCTAssertEqual(SASLMechanism(name: "scram-sha-256-plus"), .scramSHA256Plus)
    }
}
