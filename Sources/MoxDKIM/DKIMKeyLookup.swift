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
