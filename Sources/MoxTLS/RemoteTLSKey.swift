import Crypto
import _CryptoExtras
import NIOCore
import NIOSSL
import X509

/// The private key of a certificate, as a network role sees it: a handle.
/// Every handshake signature is made by keyd over IPC (`sign` is the round
/// trip), so the key never enters a process that talks to the network.
/// BoringSSL waits for the future without blocking the event loop.
public struct RemoteTLSKey: NIOSSLCustomPrivateKey, Hashable {
    public typealias Signer = @Sendable (TLSSignRequest) async throws -> [UInt8]

    public let keyID: String
    public let signatureAlgorithms: [SignatureAlgorithm]
    private let signer: Signer

    /// `certificate` tells which schemes the key can make.
    public init(keyID: String, certificate: Certificate, signer: @escaping Signer) throws {
        self.keyID = keyID
        self.signer = signer
        let pub = certificate.publicKey
        if P256.Signing.PublicKey(pub) != nil {
            signatureAlgorithms = [.ecdsaSecp256R1Sha256]
        } else if P384.Signing.PublicKey(pub) != nil {
            signatureAlgorithms = [.ecdsaSecp384R1Sha384]
        } else if _RSA.Signing.PublicKey(pub) != nil {
            signatureAlgorithms = [.rsaPssRsaeSha256, .rsaPssRsaeSha384, .rsaPssRsaeSha512, .rsaPkcs1Sha256, .rsaPkcs1Sha384, .rsaPkcs1Sha512]
        } else if Curve25519.Signing.PublicKey(pub) != nil {
            signatureAlgorithms = [.ed25519]
        } else {
            throw TLSPrivateKey.Failure.unsupportedKey
        }
    }

    public func sign(channel: any Channel, algorithm: SignatureAlgorithm, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let request = TLSSignRequest(keyID: keyID, algorithm: algorithm.rawValue, data: Array(buffer: data))
        let signer = self.signer
        promise.completeWithTask {
            ByteBuffer(bytes: try await signer(request))
        }
        return promise.futureResult
    }

    /// Only TLS 1.2 static-RSA key exchange decrypts; we offer ECDHE suites only.
    public func decrypt(channel: any Channel, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        channel.eventLoop.makeFailedFuture(TLSPrivateKey.Failure.unsupportedScheme(0))
    }

    public static func == (a: RemoteTLSKey, b: RemoteTLSKey) -> Bool { a.keyID == b.keyID }
    public func hash(into h: inout Hasher) { h.combine(keyID) }
}

/// A server TLS context whose key lives in keyd.
public enum TLSServerContext {
    public static func make(certificateChainPEM: String, keyID: String, signer: @escaping RemoteTLSKey.Signer) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8))
        guard !chain.isEmpty else { throw TLSPrivateKey.Failure.unsupportedKey }
        let leaf = try Certificate(pemEncoded: certificateChainPEM)
        let key = try RemoteTLSKey(keyID: keyID, certificate: leaf, signer: signer)
        var config = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(NIOSSLPrivateKey(customPrivateKey: key))
        )
        config.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: config)
    }
}

import MoxConfig

/// TLS contexts for a role's listeners, from the certificate chains the
/// supervisor handed over; keys stay in keyd behind `signer`.
public enum ListenerTLSContexts {
    /// Listener name → context, for listeners with a KeyCerts entry (the first one;
    /// SNI selection among several comes with smtpd).
    public static func make(config: Config, files: [String: String], signer: @escaping RemoteTLSKey.Signer) throws -> [String: NIOSSLContext] {
        var out: [String: NIOSSLContext] = [:]
        for (name, listener) in config.staticConfig.listeners {
            guard let kc = listener.tls?.keyCerts?.first, let chain = files[kc.certFile] else { continue }
            out[name] = try TLSServerContext.make(certificateChainPEM: chain, keyID: kc.keyFile, signer: signer)
        }
        return out
    }
}
