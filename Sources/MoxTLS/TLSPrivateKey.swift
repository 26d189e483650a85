import Crypto
import _CryptoExtras
import Foundation

/// A TLS private key as keyd holds it, signing with the TLS 1.2/1.3
/// SignatureScheme the handshake chose (RFC 8446 §4.2.3). Data arrives
/// unhashed; the scheme names the hash.
public enum TLSPrivateKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    public enum Failure: Error, CustomStringConvertible {
        case unsupportedKey
        case unsupportedScheme(UInt16)
        public var description: String {
            switch self {
            case .unsupportedKey: return "not a PEM P-256, P-384, RSA or Ed25519 private key"
            case .unsupportedScheme(let s): return "signature scheme 0x\(String(s, radix: 16)) does not fit this key"
            }
        }
    }

    /// PKCS#8, SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY") PEM.
    public init(pem: String) throws {
        if let k = try? P256.Signing.PrivateKey(pemRepresentation: pem) { self = .p256(k); return }
        if let k = try? P384.Signing.PrivateKey(pemRepresentation: pem) { self = .p384(k); return }
        if let k = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) { self = .rsa(k); return }
        if let k = try? Curve25519.Signing.PrivateKey(pemRepresentation: pem) { self = .ed25519(k); return }
        throw Failure.unsupportedKey
    }

    /// TLS SignatureScheme code points (RFC 8446 §4.2.3).
    public enum Scheme {
        public static let rsaPKCS1SHA256: UInt16 = 0x0401
        public static let rsaPKCS1SHA384: UInt16 = 0x0501
        public static let rsaPKCS1SHA512: UInt16 = 0x0601
        public static let ecdsaP256SHA256: UInt16 = 0x0403
        public static let ecdsaP384SHA384: UInt16 = 0x0503
        public static let rsaPSSRSAESHA256: UInt16 = 0x0804
        public static let rsaPSSRSAESHA384: UInt16 = 0x0805
        public static let rsaPSSRSAESHA512: UInt16 = 0x0806
        public static let ed25519: UInt16 = 0x0807
    }

    public func sign(scheme: UInt16, data: [UInt8]) throws -> [UInt8] {
        switch (self, scheme) {
        case (.p256(let k), Scheme.ecdsaP256SHA256):
            return Array(try k.signature(for: data).derRepresentation)
        case (.p384(let k), Scheme.ecdsaP384SHA384):
            return Array(try k.signature(for: data).derRepresentation)
        case (.ed25519(let k), Scheme.ed25519):
            return Array(try k.signature(for: data))
        case (.rsa(let k), Scheme.rsaPSSRSAESHA256): return Array(try k.signature(for: SHA256.hash(data: data), padding: .PSS).rawRepresentation)
        case (.rsa(let k), Scheme.rsaPSSRSAESHA384): return Array(try k.signature(for: SHA384.hash(data: data), padding: .PSS).rawRepresentation)
        case (.rsa(let k), Scheme.rsaPSSRSAESHA512): return Array(try k.signature(for: SHA512.hash(data: data), padding: .PSS).rawRepresentation)
        case (.rsa(let k), Scheme.rsaPKCS1SHA256): return Array(try k.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        case (.rsa(let k), Scheme.rsaPKCS1SHA384): return Array(try k.signature(for: SHA384.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        case (.rsa(let k), Scheme.rsaPKCS1SHA512): return Array(try k.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        default:
            throw Failure.unsupportedScheme(scheme)
        }
    }
}
