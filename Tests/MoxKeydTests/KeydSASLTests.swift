import Crypto
import Foundation
import MoxConfig
import MoxDKIM
import MoxIPC
@testable import MoxKeyd
import MoxRole
import MoxSASL
import XCTest

/// keyd as network roles use it: SASL exchanges, DKIM signatures and
/// credentials over a real IPC edge, with the same code as the running role.
final class KeydSASLTests: XCTestCase {
    var keyd: KeydService!
    var client: IPCConnection!
    var server: IPCConnection!
    var keysDir = ""

    override func setUp() async throws {
        keysDir = NSTemporaryDirectory() + "keyd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: keysDir, withIntermediateDirectories: true)
        let staticText = "DataDir: data\nLogLevel: info\nHostname: mail.a.test\nListeners:\n\tl:\n\t\tIPs:\n\t\t\t- 127.0.0.1\nPostmaster:\n\tAccount: alice\n\tMailbox: Inbox\n"
        let dynamicText = "Domains:\n\ta.test: nil\nAccounts:\n\talice:\n\t\tDomain: a.test\n\t\tDestinations:\n\t\t\talice@a.test: nil\n\tbob:\n\t\tDomain: a.test\n"
        let config = Config(directory: keysDir,
                            staticConfig: try SconfDecoder.decode(StaticConfig.self, from: staticText, file: "mox.conf"),
                            dynamicConfig: try SconfDecoder.decode(DynamicConfig.self, from: dynamicText, file: "domains.conf"))
        keyd = KeydService(limiter: LoginRateLimiter(ipThreshold: 10, step: 0.05))
        await keyd.sasl.attachNow(keyd: keyd)
        try keyd.setUp(RoleConfig(role: "keyd", expectUnprivileged: false, listeners: [], config: config), keysDirectory: keysDir)
        let r = await keyd.control(["setpassword", "alice", "s3cret pass"])
        XCTAssertEqual(r.exitCode, 0, r.text)
        let (a, b) = try IPCConnection.socketPair()
        server = IPCConnection(fd: a, name: "keyd")
        client = IPCConnection(fd: b, name: "smtpd")
        let k = keyd!
        server.start(onFrame: { f, c in k.peerFrame(f, from: "smtpd", connection: c) })
        client.start(onFrame: { _, _ in })
    }

    override func tearDown() {
        client.close()
        server.close()
        try? FileManager.default.removeItem(atPath: keysDir)
    }

    /// Runs an exchange over IPC; `respond` answers each challenge (nil cancels).
    func authenticate(_ mechanism: String, ip: String = "192.0.2.1", initial: [UInt8]?, bindings: [ChannelBindingData] = [], keyHash: [UInt8]? = nil,
                      respond: ([UInt8]) throws -> [UInt8]?) async throws -> SASLReply {
        let start = SASLStartRequest(mechanism: mechanism, initialResponse: initial, remoteIP: ip, protocolName: "submission", tls: true,
                                     channelBindings: bindings, clientPublicKeyHash: keyHash)
        var reply = try SASLReply(decoding: try await client.request(.saslStart, payload: start.encoded()).payload)
        var rounds = 0
        while case .challenge(let c) = reply.outcome {
            rounds += 1
            XCTAssertLessThan(rounds, 6)
            let step = SASLStepRequest(session: reply.session, response: try respond(c))
            reply = try SASLReply(decoding: try await client.request(.saslStep, payload: step.encoded()).payload)
        }
        return reply
    }

    func assertSuccess(_ r: SASLReply, _ account: String = "alice", file: StaticString = #filePath, line: UInt = #line) {
        guard case .success(let a, _) = r.outcome else { return XCTFail("not success: \(r.outcome)", file: file, line: line) }
        XCTAssertEqual(a, account, file: file, line: line)
    }

    func assertFailure(_ r: SASLReply, file: StaticString = #filePath, line: UInt = #line) {
        guard case .failure = r.outcome else { return XCTFail("not failure: \(r.outcome)", file: file, line: line) }
    }

    func testCredentialsAreDerivedNotStored() throws {
        let path = keysDir + "/credentials/alice"
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertNil(data.range(of: Data("s3cret".utf8)))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testPlainAndLoginByAccountAndAddress() async throws {
        assertSuccess(try await authenticate("PLAIN", initial: SASLClient.plain(username: "alice", password: "s3cret pass")) { _ in nil })
        assertSuccess(try await authenticate("PLAIN", initial: SASLClient.plain(username: "alice@a.test", password: "s3cret pass")) { _ in nil })
        assertFailure(try await authenticate("PLAIN", initial: SASLClient.plain(username: "alice", password: "wrong")) { _ in nil })
        assertFailure(try await authenticate("PLAIN", initial: SASLClient.plain(username: "nobody", password: "s3cret pass")) { _ in nil })
        // Without an initial response: an empty challenge first.
        assertSuccess(try await authenticate("PLAIN", initial: nil) { _ in SASLClient.plain(username: "alice", password: "s3cret pass") })
        var answers = [Array("alice".utf8), Array("s3cret pass".utf8)]
        assertSuccess(try await authenticate("LOGIN", initial: nil) { _ in answers.removeFirst() })
        // An account without a password cannot log in.
        assertFailure(try await authenticate("PLAIN", initial: SASLClient.plain(username: "bob", password: "")) { _ in nil })
    }

    func testCRAMMD5() async throws {
        assertSuccess(try await authenticate("CRAM-MD5", initial: nil) { c in SASLClient.cramMD5(username: "alice", password: "s3cret pass", challenge: c) })
        assertFailure(try await authenticate("CRAM-MD5", initial: nil) { c in SASLClient.cramMD5(username: "alice", password: "nope", challenge: c) })
    }

    func scram(_ hash: SCRAMHash, password: String, serverBinding: [ChannelBindingData] = [], clientBinding: ChannelBinding? = nil) async throws -> SASLReply {
        var c = SCRAMClient(hash: hash, username: "alice", password: password, channelBinding: clientBinding)
        let first = c.clientFirst()
        var sentFinal = false
        let reply = try await authenticate(c.mechanism.rawValue, initial: first, bindings: serverBinding) { challenge in
            if sentFinal { return [] }
            sentFinal = true
            return try c.clientFinal(serverFirst: challenge)
        }
        if case .success(_, let extra) = reply.outcome, let extra { try c.verify(serverFinal: extra) }
        return reply
    }

    func testEverySCRAMVariant() async throws {
        let exporter = Array(repeating: UInt8(7), count: 32)
        let cb = [ChannelBindingData(type: "tls-exporter", data: exporter)]
        for hash in [SCRAMHash.sha1, .sha256] {
            assertSuccess(try await scram(hash, password: "s3cret pass"))
            assertFailure(try await scram(hash, password: "bad"))
            assertSuccess(try await scram(hash, password: "s3cret pass", serverBinding: cb, clientBinding: ChannelBinding(kind: .tlsExporter, data: exporter)))
            // A man in the middle sees different TLS keys: the binding differs.
            assertFailure(try await scram(hash, password: "s3cret pass", serverBinding: cb, clientBinding: ChannelBinding(kind: .tlsExporter, data: Array(repeating: 8, count: 32))))
        }
    }

    func testExternalWithRegisteredClientKey() async throws {
        let key = P256.Signing.PrivateKey().publicKey
        let added = await keyd.control(["tlspubkey", "add", "alice", key.pemRepresentation])
        XCTAssertEqual(added.exitCode, 0, added.text)
        let hash = Array(SHA256.hash(data: key.derRepresentation))
        assertSuccess(try await authenticate("EXTERNAL", initial: [], keyHash: hash) { _ in [] })
        let other = Array(SHA256.hash(data: P256.Signing.PrivateKey().publicKey.derRepresentation))
        assertFailure(try await authenticate("EXTERNAL", initial: [], keyHash: other) { _ in [] })
        let listed = await keyd.control(["tlspubkey", "list", "alice"])
        XCTAssertEqual(listed.text, hash.map { String(format: "%02x", $0) }.joined())
    }

    func testTenFailuresFromOneIPDelayThatIPOnly() async throws {
        for _ in 0..<10 {
            let r = try await authenticate("PLAIN", ip: "192.0.2.66", initial: SASLClient.plain(username: "alice", password: "guess")) { _ in nil }
            assertFailure(r)
            XCTAssertEqual(r.delayedSeconds, 0)
        }
        let eleventh = try await authenticate("PLAIN", ip: "192.0.2.66", initial: SASLClient.plain(username: "alice", password: "guess")) { _ in nil }
        assertFailure(eleventh)
        XCTAssertGreaterThan(eleventh.delayedSeconds, 0)
        let elsewhere = try await authenticate("PLAIN", ip: "198.51.100.7", initial: SASLClient.plain(username: "alice", password: "s3cret pass")) { _ in nil }
        assertSuccess(elsewhere)
        XCTAssertEqual(elsewhere.delayedSeconds, 0)
    }

    func testCancelledAndMalformedRequests() async throws {
        let r = try await authenticate("LOGIN", initial: nil) { _ in nil }
        assertFailure(r)
        assertFailure(try await authenticate("NOPE-MECH", initial: nil) { _ in nil })
        do {
            _ = try await client.request(.saslStart, payload: [1, 2, 3])
            XCTFail("garbage accepted")
        } catch let e as IPCError {
            guard case .remote = e else { return XCTFail("\(e)") }
        }
        // The edge is still usable.
        assertSuccess(try await authenticate("PLAIN", initial: SASLClient.plain(username: "alice", password: "s3cret pass")) { _ in nil })
    }

    func testDKIMSignatureMadeThroughKeydVerifies() async throws {
        for kind in ["ed25519", "rsa"] {
            let gen = await keyd.control(["dkim", "gen", "a.test", "s\(kind)", kind])
            XCTAssertEqual(gen.exitCode, 0, gen.text)
            // "NAME. TXT \"VALUE\""
            let txt = String(gen.text.split(separator: "\"")[1])
            let message = Array("From: alice@a.test\r\nTo: bob@b.test\r\nSubject: hi\r\n\r\nbody\r\n".utf8)
            let alg: DKIMAlgorithm = kind == "rsa" ? .rsaSHA256 : .ed25519SHA256
            let prepared = try DKIMSigner.prepare(message: message, domain: "a.test", selector: "s\(kind)", algorithm: alg)
            let req = DKIMSignRequest(domain: "a.test", selector: "s\(kind)", algorithm: alg.rawValue, dataToSign: prepared.dataToSign)
            let sig = try await client.request(.dkimSign, payload: req.encoded()).payload
            let signed = Array(prepared.finish(signature: sig).utf8) + message
            let lookup = DKIMStaticKeyLookup(["s\(kind)._domainkey.a.test": [txt]])
            let results = try await DKIMVerifier(lookup: lookup).verify(message: signed)
            XCTAssertEqual(results.first?.status, .pass, "\(kind): \(results)")
        }
        let listed = await keyd.control(["dkim", "list"])
        XCTAssertTrue(listed.text.contains("sed25519._domainkey.a.test ed25519-sha256"), listed.text)
        let dup = await keyd.control(["dkim", "gen", "a.test", "sed25519"])
        XCTAssertEqual(dup.exitCode, 1)
        let unknown = await keyd.control(["dkim", "gen", "nowhere.test", "x"])
        XCTAssertEqual(unknown.exitCode, 1)
    }

    func testSetPasswordGeneratesWhenNoneGiven() async throws {
        let r = await keyd.control(["setpassword", "bob"])
        XCTAssertEqual(r.exitCode, 0)
        let password = try XCTUnwrap(r.text.components(separatedBy: ": ").last)
        XCTAssertGreaterThanOrEqual(password.count, 16)
        assertSuccess(try await authenticate("PLAIN", initial: SASLClient.plain(username: "bob", password: password)) { _ in nil }, "bob")
        let bad = await keyd.control(["setpassword", "mallory", "x"])
        XCTAssertEqual(bad.exitCode, 1)
    }
}
