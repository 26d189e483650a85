import Crypto
import _CryptoExtras

/// The hash a SCRAM mechanism is named after, with the RFC 5802 §2.2
/// functions H, HMAC and Hi built on it.
public enum SCRAMHash: String, Sendable, CaseIterable {
    case sha1 = "SHA-1"
    case sha256 = "SHA-256"

    public var outputByteCount: Int { self == .sha1 ? 20 : 32 }

    /// RFC 5802 §2.2 H().
    public func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: return Array(Insecure.SHA1.hash(data: data))
        case .sha256: return Array(SHA256.hash(data: data))
        }
    }

    /// RFC 5802 §2.2 HMAC(key, str).
    public func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        let k = SymmetricKey(data: key)
        switch self {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: k))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: k))
        }
    }

    /// RFC 5802 §2.2 Hi(), which is PBKDF2 with HMAC. swift-crypto refuses
    /// fewer than 210,000 rounds unless asked through `unsafeUncheckedRounds:`;
    /// SCRAM's usual 4,096 need that door (DESIGN.md, swift-crypto facts).
    public func saltedPassword(_ password: [UInt8], salt: [UInt8], iterations: Int) throws(SASLError) -> [UInt8] {
        guard iterations >= 1 else { throw .crypto("iteration count \(iterations)") }
        let fn: KDF.Insecure.PBKDF2.HashFunction = self == .sha1 ? .insecureSHA1 : .sha256
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: fn, outputByteCount: outputByteCount, unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw .crypto("PBKDF2: \(error)")
        }
    }
}
