import Crypto
import _CryptoExtras

/// A verification key built from a key record's k= and p=.
enum DKIMPublicKey {
    case rsa(_RSA.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)

    init(record: DKIMKeyRecord) throws(DKIMError) {
        switch record.keyType.lowercased() {
        case "rsa":
            // p= is SubjectPublicKeyInfo in practice, PKCS#1 RSAPublicKey
            // sometimes; swift-crypto accepts both. Keys down to 1024 bits
            // are still common (mox accepts them too); below that is refused.
            do {
                let k = try _RSA.Signing.PublicKey(unsafeDERRepresentation: record.publicKey)
                self = .rsa(k)
            } catch {
                throw .invalidKey("RSA: \(error)")
            }
        case "ed25519":
            // RFC 8463 §4: p= is the raw 32-byte public key, not SPKI.
            do {
                self = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: record.publicKey))
            } catch {
                throw .invalidKey("Ed25519: \(error)")
            }
        default:
            throw .invalidKey("unknown key type \(record.keyType)")
        }
    }

    /// Checks a signature over the canonical header data (RFC 6376 §3.7).
    func isValid(signature: [UInt8], over data: [UInt8], algorithm: DKIMAlgorithm) -> Bool {
        switch (self, algorithm) {
        case (.rsa(let k), .rsaSHA256):
            return k.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.rsa(let k), .rsaSHA1):
            return k.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.ed25519(let k), .ed25519SHA256):
            // RFC 8463 §3: PureEdDSA over the SHA-256 hash of the data.
            return k.isValidSignature(signature, for: Array(SHA256.hash(data: data)))
        default:
            return false
        }
    }
}
