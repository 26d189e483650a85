import Foundation
import XCTest
@testable import MoxSASL

/// The example exchanges of RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3
/// (SCRAM-SHA-256), run through both our client and our server.
final class SCRAMVectorTests: XCTestCase {
    struct Vector {
        var hash: SCRAMHash
        var clientNonce: String
        var serverNonceSuffix: String
        var salt: String
        var clientFirst: String
        var serverFirst: String
        var clientFinal: String
        var serverFinal: String
    }

    static let rfc5802 = Vector(
        hash: .sha1, clientNonce: "fyko+d2lbbFgONRv9qkxdawL", serverNonceSuffix: "3rfcNHYJY1ZVvWVs7j", salt: "QSXCR+Q6sek8bf92",
        clientFirst: "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
        serverFirst: "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
        clientFinal: "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        serverFinal: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")

    static let rfc7677 = Vector(
        hash: .sha256, clientNonce: "rOprNGfwEbeRWgbNEkqO", serverNonceSuffix: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
        clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")

    func checkClient(_ v: Vector) throws {
        var c = SCRAMClient(hash: v.hash, username: "user", password: "pencil", nonce: v.clientNonce)
        XCTAssertEqual(String(decoding: c.clientFirst(), as: UTF8.self), v.clientFirst)
        XCTAssertEqual(String(decoding: try c.clientFinal(serverFirst: Array(v.serverFirst.utf8)), as: UTF8.self), v.clientFinal)
        try c.verify(serverFinal: Array(v.serverFinal.utf8))
    }

    func checkServer(_ v: Vector) throws {
        let creds = try SCRAMCredentials.derive(password: "pencil", hash: v.hash, salt: Array(Data(base64Encoded: v.salt)!), iterations: 4096)
        var s = SCRAMServer(hash: v.hash, plus: false, channelBindings: [], serverNonce: v.serverNonceSuffix)
        let cf = try s.receiveClientFirst(Array(v.clientFirst.utf8))
        XCTAssertEqual(cf.username, "user")
        XCTAssertEqual(String(decoding: try s.serverFirst(credentials: creds), as: UTF8.self), v.serverFirst)
        XCTAssertEqual(String(decoding: try s.receiveClientFinal(Array(v.clientFinal.utf8)), as: UTF8.self), v.serverFinal)
    }

    func testRFC5802Client() throws { try checkClient(Self.rfc5802) }
    func testRFC5802Server() throws { try checkServer(Self.rfc5802) }
    func testRFC7677Client() throws { try checkClient(Self.rfc7677) }
    func testRFC7677Server() throws { try checkServer(Self.rfc7677) }

    func testClientRejectsWrongServerSignature() throws {
        let v = Self.rfc7677
        var c = SCRAMClient(hash: v.hash, username: "user", password: "pencil", nonce: v.clientNonce)
        _ = c.clientFirst()
        _ = try c.clientFinal(serverFirst: Array(v.serverFirst.utf8))
        XCTAssertThrowsError(try c.verify(serverFinal: Array("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".utf8)))
    }

    func testClientRefusesHugeIterationCount() throws {
        var c = SCRAMClient(hash: .sha256, username: "user", password: "pencil", nonce: "abc")
        _ = c.clientFirst()
        XCTAssertThrowsError(try c.clientFinal(serverFirst: Array("r=abcdef,s=QSXCR+Q6sek8bf92,i=999999999".utf8)))
    }

    func testClientRejectsNonceNotExtendingOurs() throws {
        var c = SCRAMClient(hash: .sha256, username: "user", password: "pencil", nonce: "abc")
        _ = c.clientFirst()
        XCTAssertThrowsError(try c.clientFinal(serverFirst: Array("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096".utf8)))
    }
}
