/// Why a lookup gave no records. Mail decisions differ per case: SPF counts
/// `notFound` and `noRecord` as void lookups (RFC 7208 §4.6.4) and maps
/// `temporary` to temperror; a queue retries on `temporary` and bounces on
/// the others.
public enum DNSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// NXDOMAIN: the name does not exist (RFC 1035 §4.1.1, RCODE 3).
    case notFound(authentic: Bool)
    /// NODATA: the name exists but has no records of the type (RFC 2308 §2.2).
    case noRecord(authentic: Bool)
    /// SERVFAIL, timeouts, unreachable servers: try again later.
    case temporary(String)
    /// An invalid name, a malformed or refused query: asking again won't help.
    case permanent(String)

    /// NXDOMAIN or NODATA: the "void lookup" of RFC 7208 §4.6.4.
    public var isNotFound: Bool {
        switch self {
        case .notFound, .noRecord: return true
        default: return false
        }
    }

    public var isTemporary: Bool { if case .temporary = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .notFound(let a): return "domain not found (NXDOMAIN)" + (a ? ", authentic" : "")
        case .noRecord(let a): return "no record of that type (NODATA)" + (a ? ", authentic" : "")
        case .temporary(let why): return "temporary DNS failure: \(why)"
        case .permanent(let why): return "permanent DNS failure: \(why)"
        }
    }
}

/// Records with the AD bit: `authentic` is true only when the resolver asked
/// validated the whole answer with DNSSEC (RFC 4035 §3.2.3). Trust it only
/// for a resolver on a trusted path (loopback), as RFC 6698 §A.3 notes.
public struct DNSAnswer<Value: Sendable>: Sendable {
    public var value: Value
    public var authentic: Bool
    public init(_ value: Value, authentic: Bool) { self.value = value; self.authentic = authentic }

    public func map<T>(_ f: (Value) -> T) -> DNSAnswer<T> { DNSAnswer<T>(f(value), authentic: authentic) }
}

extension DNSAnswer: Equatable where Value: Equatable {}
