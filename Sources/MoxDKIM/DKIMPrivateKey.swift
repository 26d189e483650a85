import Crypto
import Foundation
import _CryptoExtras

/// A DKIM signing key held in this process. keyd uses it to answer
/// `DKIMPreparedSignature.dataToSign`; the CLI and tests sign directly.
public enum DKIMPrivateKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    /// RSA 2048+ as PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"),
    /// Ed25519 as PKCS#8 ("PRIVATE KEY", RFC 8410).
    public init(pem: String) throws(DKIMError) {
        if let seed = DKIMPrivateKey.ed25519Seed(pem: pem) {
            do {
                self = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
            } catch {
                throw .key("Ed25519: \(error)")
            }
            return
        }
        do {
            self = .rsa(try _RSA.Signing.PrivateKey(pemRepresentation: pem))
        } catch {
            throw .key("not an RSA (2048 bits or more) or Ed25519 private key in PEM: \(error)")
        }
    }

    public static func generateRSA(bits: Int = 2048) throws(DKIMError) -> DKIMPrivateKey {
        do {
            return .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits)))
        } catch {
            throw .key("RSA generation: \(error)")
        }
    }

    public static func generateEd25519() -> DKIMPrivateKey {
        .ed25519(Curve25519.Signing.PrivateKey())
    }

    public var algorithm: DKIMAlgorithm {
        switch self {
        case .rsa: return .rsaSHA256
        case .ed25519: return .ed25519SHA256
        }
    }

    /// PKCS#8 PEM.
    public var pemRepresentation: String {
        switch self {
        case .rsa(let k): return k.pkcs8PEMRepresentation
        case .ed25519(let k):
            let der = DKIMPrivateKey.ed25519PKCS8Prefix + Array(k.rawRepresentation)
            return DKIMPrivateKey.pem(der, label: "PRIVATE KEY")
        }
    }

    /// The key record to publish at SELECTOR._domainkey.DOMAIN.
    public var keyRecord: DKIMKeyRecord {
        switch self {
        case .rsa(let k): return DKIMKeyRecord(keyType: "rsa", publicKey: Array(k.publicKey.derRepresentation))
        case .ed25519(let k): return DKIMKeyRecord(keyType: "ed25519", publicKey: Array(k.publicKey.rawRepresentation))
        }
    }

    /// The private-key operation on `DKIMPreparedSignature.dataToSign`:
    /// RSA: PKCS#1 v1.5 over SHA-256 of the data (RFC 6376 §3.3.1);
    /// Ed25519: PureEdDSA over the data, which is already the SHA-256 (RFC 8463 §3).
    public func sign(_ dataToSign: [UInt8], algorithm: DKIMAlgorithm) throws(DKIMError) -> [UInt8] {
        do {
            switch (self, algorithm) {
            case (.rsa(let k), .rsaSHA256):
                return Array(try k.signature(for: SHA256.hash(data: dataToSign), padding: .insecurePKCS1v1_5).rawRepresentation)
            case (.ed25519(let k), .ed25519SHA256):
                return Array(try k.signature(for: dataToSign))
            default:
                throw DKIMError.key("key cannot sign \(algorithm.rawValue)")
            }
        } catch let e as DKIMError {
            throw e
        } catch {
            throw .key("signing: \(error)")
        }
    }

    // RFC 8410 §7: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }.
    static let ed25519PKCS8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    /// The 32-byte seed of an Ed25519 PKCS#8 key: the v1 form above, or the
    /// v2 form (RFC 5958) that appends the public key.
    static func ed25519Seed(pem: String) -> [UInt8]? {
        guard let der = derFromPEM(pem, label: "PRIVATE KEY"), der.count >= 48 else { return nil }
        // Version 0 (v1) or 1 (v2); same algorithm identifier and key octets.
        guard der[0] == 0x30, der[2] == 0x02, der[3] == 0x01, der[4] <= 1,
              Array(der[5..<16]) == Array(ed25519PKCS8Prefix[5..<16]) else { return nil }
        return Array(der[16..<48])
    }

    static func derFromPEM(_ pem: String, label: String) -> [UInt8]? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let b = pem.range(of: begin), let e = pem.range(of: end, range: b.upperBound..<pem.endIndex) else { return nil }
        let body = pem[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map(Array.init)
    }

    static func pem(_ der: [UInt8], label: String) -> String {
        let b64 = Data(der).base64EncodedString()
        var lines: [String] = []
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[i..<j]))
            i = j
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}
