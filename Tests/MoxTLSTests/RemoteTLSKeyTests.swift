import Crypto
import _CryptoExtras
@testable import MoxTLS
import NIOCore
import NIOPosix
import NIOSSL
import X509
import XCTest

/// Handshakes whose server signature is made by a separate signer (standing
/// in for keyd), for ECDSA and RSA keys, TLS 1.2 and 1.3.
final class RemoteTLSKeyTests: XCTestCase {
    final class Greet: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "hi\r\n")), promise: nil)
        }
    }

    final class Collect: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let got: EventLoopPromise<String>
        init(_ p: EventLoopPromise<String>) { got = p }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var b = unwrapInboundIn(data)
            got.succeed(b.readString(length: b.readableBytes) ?? "")
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { got.fail(error) }
    }

    func selfSigned(key: Certificate.PrivateKey, publicKey: Certificate.PublicKey, alg: Certificate.SignatureAlgorithm) throws -> String {
        let name = try DistinguishedName { CommonName("localhost") }
        let ext = try Certificate.Extensions { SubjectAlternativeNames([.dnsName("localhost")]) }
        let cert = try Certificate(version: .v3, serialNumber: .init(), publicKey: publicKey, notValidBefore: Date().addingTimeInterval(-60),
                                   notValidAfter: Date().addingTimeInterval(3600), issuer: name, subject: name, signatureAlgorithm: alg,
                                   extensions: ext, issuerPrivateKey: key)
        return try cert.serializeAsPEM().pemString
    }

    func handshake(certPEM: String, keyPEM: String, version: TLSVersion) throws -> (String, Int) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let key = try TLSPrivateKey(pem: keyPEM)
        let counter = SignCounter()
        let ctx = try TLSServerContext.make(certificateChainPEM: certPEM, keyID: "k") { req in
            XCTAssertEqual(req.keyID, "k")
            counter.add()
            return try key.sign(scheme: req.algorithm, data: req.data)
        }
        let server = try ServerBootstrap(group: group)
            .childChannelInitializer { ch in ch.eventLoop.makeCompletedFuture {
                try ch.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: ctx))
                try ch.pipeline.syncOperations.addHandler(Greet())
            } }
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? server.close().wait() }
        var clientConfig = TLSConfiguration.makeClientConfiguration()
        clientConfig.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certPEM.utf8)))
        clientConfig.minimumTLSVersion = version
        clientConfig.maximumTLSVersion = version
        let clientCtx = try NIOSSLContext(configuration: clientConfig)
        let got = group.next().makePromise(of: String.self)
        let client = try ClientBootstrap(group: group)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture {
                try ch.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: clientCtx, serverHostname: "localhost"))
                try ch.pipeline.syncOperations.addHandler(Collect(got))
            } }
            .connect(to: server.localAddress!).wait()
        defer { try? client.close().wait() }
        return (try got.futureResult.wait(), counter.value)
    }

    final class SignCounter: @unchecked Sendable {
        let lock = NSLock()
        var value = 0
        func add() { lock.withLock { value += 1 } }
    }

    func testECDSAKeyBothVersions() throws {
        let k = P256.Signing.PrivateKey()
        let cert = try selfSigned(key: .init(k), publicKey: .init(k.publicKey), alg: .ecdsaWithSHA256)
        for v in [TLSVersion.tlsv13, .tlsv12] {
            let (text, signs) = try handshake(certPEM: cert, keyPEM: k.pemRepresentation, version: v)
            XCTAssertEqual(text, "hi\r\n")
            XCTAssertEqual(signs, 1, "one remote signature per handshake")
        }
    }

    func testRSAKeyBothVersions() throws {
        let k = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let cert = try selfSigned(key: .init(k), publicKey: .init(k.publicKey), alg: .sha256WithRSAEncryption)
        for v in [TLSVersion.tlsv13, .tlsv12] {
            let (text, signs) = try handshake(certPEM: cert, keyPEM: k.pemRepresentation, version: v)
            XCTAssertEqual(text, "hi\r\n")
            XCTAssertEqual(signs, 1)
        }
    }

    func testSelfSignedCertificateNamesLocalhostAndIP() throws {
        let made = try SelfSignedCertificate.generate(dnsNames: ["localhost"], ipv4: ["127.0.0.1"])
        let cert = try Certificate(pemEncoded: made.certificatePEM)
        let sans = try XCTUnwrap(try cert.extensions.subjectAlternativeNames)
        XCTAssertTrue(sans.contains(.dnsName("localhost")))
        XCTAssertTrue(sans.contains { if case .ipAddress(let o) = $0 { return Array(o.bytes) == [127, 0, 0, 1] } else { return false } })
        let (text, _) = try handshake(certPEM: made.certificatePEM, keyPEM: made.privateKeyPEM, version: .tlsv13)
        XCTAssertEqual(text, "hi\r\n")
    }

    func testSchemeThatDoesNotFitTheKeyIsRefused() throws {
        let k = try TLSPrivateKey(pem: P256.Signing.PrivateKey().pemRepresentation)
        XCTAssertThrowsError(try k.sign(scheme: TLSPrivateKey.Scheme.rsaPSSRSAESHA256, data: [1]))
        XCTAssertThrowsError(try TLSPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
    }

    func testSignRequestRoundTripAndTruncation() throws {
        let r = TLSSignRequest(keyID: "/etc/mox/key.pem", algorithm: 0x0804, data: Array(0..<200))
        let bytes = r.encoded()
        XCTAssertEqual(try TLSSignRequest(decoding: bytes), r)
        for cut in 0..<bytes.count { XCTAssertThrowsError(try TLSSignRequest(decoding: Array(bytes.prefix(cut)))) }
    }
}
