/// Where the verifier gets key records: TXT lookups at
/// SELECTOR._domainkey.DOMAIN (RFC 6376 §3.6.2.1). The DNS resolver module
/// conforms to this; tests and `mox dkim verify --txt` use a fixed table.
public protocol DKIMKeyLookup: Sendable {
    /// The TXT records at `name` (each record's strings already joined,
    /// RFC 6376 §3.6.2.2), and whether the answer was DNSSEC-authentic.
    /// Throw `DKIMKeyLookupError.notFound` for NXDOMAIN or no TXT records;
    /// anything else thrown is a temporary failure.
    func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool)
}

public enum DKIMKeyLookupError: Error, Sendable, Equatable {
    case notFound
    case temporary(String)
}

/// A fixed name-to-records table.
public struct DKIMStaticKeyLookup: DKIMKeyLookup {
    public var records: [String: [String]]
    public var authentic: Bool

    public init(_ records: [String: [String]], authentic: Bool = false) {
        // DNS names compare case-insensitively and may carry the root dot.
        var r: [String: [String]] = [:]
        for (k, v) in records { r[DKIMStaticKeyLookup.normalize(k), default: []] += v }
        self.records = r
        self.authentic = authentic
    }

    static func normalize(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n
    }

    public func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool) {
        guard let r = records[DKIMStaticKeyLookup.normalize(name)], !r.isEmpty else { throw DKIMKeyLookupError.notFound }
        return (r, authentic)
    }
}
