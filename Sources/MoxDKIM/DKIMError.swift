/// Why a signature did not pass, or why signing could not start. Carried
/// inside a `DKIMStatus` for verification; thrown for signing and parsing.
public enum DKIMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// DKIM-Signature or key record does not parse (RFC 6376 §3.2, §3.5, §3.6.1).
    case syntax(String)
    /// A required tag is absent (RFC 6376 §6.1.1).
    case missingTag(String)
    case unsupportedVersion(String)
    case unknownAlgorithm(String)
    /// rsa-sha1 refused by default (RFC 8301 §3.1).
    case algorithmNotAccepted(String)
    case unknownCanonicalization(String)
    case unsupportedQueryMethod(String)
    /// i= is not d= or a subdomain of it (RFC 6376 §6.1.1).
    case identityNotInDomain
    /// From is not in h= (RFC 6376 §5.4).
    case fromNotSigned
    /// x= is in the past (RFC 6376 §3.5, §6.1.1).
    case expired
    /// l= is longer than the canonical body (RFC 6376 §3.5).
    case bodyLengthExceedsBody
    case bodyLengthNotAccepted
    /// No key record at SELECTOR._domainkey.DOMAIN (RFC 6376 §6.1.2: PERMFAIL).
    case noKey
    case multipleKeys
    /// DNS failed; try later (RFC 6376 §6.1.2: TEMPFAIL).
    case dnsFailure(String)
    /// p= is empty (RFC 6376 §3.6.1).
    case keyRevoked
    case keyTypeMismatch
    case hashNotAllowedByKey
    case keyNotForEmail
    /// t=s in the key and i='s domain is not exactly d= (RFC 6376 §3.6.1).
    case identityDomainMismatch
    case invalidKey(String)
    /// RSA modulus under 1024 bits.
    case weakKey(Int)
    /// The signature does not verify over the header hash (RFC 6376 §6.1.3).
    case signatureMismatch
    /// bh= differs from the body's hash (RFC 6376 §6.1.3).
    case bodyHashMismatch
    /// The message's header section does not parse.
    case malformedMessage(String)
    /// More DKIM-Signature fields than the verifier checks.
    case tooManySignatures
    /// Signing: the message needs exactly one From (RFC 6376 §5.4, RFC 5322 §3.6).
    case fromCount(Int)
    /// Signing or key loading: bad PEM, unsupported key, or crypto failure.
    case key(String)

    public var description: String {
        switch self {
        case .syntax(let s): return "syntax: \(s)"
        case .missingTag(let t): return "missing required tag \(t)="
        case .unsupportedVersion(let v): return "unsupported version \(v)"
        case .unknownAlgorithm(let a): return "unknown algorithm \(a)"
        case .algorithmNotAccepted(let a): return "algorithm \(a) not accepted (RFC 8301)"
        case .unknownCanonicalization(let c): return "unknown canonicalization \(c)"
        case .unsupportedQueryMethod(let q): return "unsupported query method \(q)"
        case .identityNotInDomain: return "i= not in d= domain"
        case .fromNotSigned: return "From header not signed"
        case .expired: return "signature expired"
        case .bodyLengthExceedsBody: return "l= exceeds body length"
        case .bodyLengthNotAccepted: return "l= not accepted by policy"
        case .noKey: return "no key record"
        case .multipleKeys: return "multiple key records"
        case .dnsFailure(let s): return "dns: \(s)"
        case .keyRevoked: return "key revoked (empty p=)"
        case .keyTypeMismatch: return "key type (k=) does not match algorithm"
        case .hashNotAllowedByKey: return "hash algorithm not allowed by key record h="
        case .keyNotForEmail: return "key record s= excludes email"
        case .identityDomainMismatch: return "key t=s requires i= domain equal to d="
        case .invalidKey(let s): return "invalid public key: \(s)"
        case .weakKey(let bits): return "RSA key of \(bits) bits is too weak"
        case .signatureMismatch: return "signature did not verify"
        case .bodyHashMismatch: return "body hash did not verify"
        case .malformedMessage(let s): return "malformed message: \(s)"
        case .tooManySignatures: return "too many signatures, not checked"
        case .fromCount(let n): return "message has \(n) From headers, need exactly 1"
        case .key(let s): return "key: \(s)"
        }
    }
}
