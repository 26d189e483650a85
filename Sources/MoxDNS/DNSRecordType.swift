/// A resource record type (RFC 1035 §3.2.2 and later registrations).
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let opt = DNSRecordType(rawValue: 41)
    public static let ds = DNSRecordType(rawValue: 43)
    public static let rrsig = DNSRecordType(rawValue: 46)
    public static let nsec = DNSRecordType(rawValue: 47)
    public static let dnskey = DNSRecordType(rawValue: 48)
    public static let nsec3 = DNSRecordType(rawValue: 50)
    public static let tlsa = DNSRecordType(rawValue: 52)
    public static let spf = DNSRecordType(rawValue: 99)
    public static let any = DNSRecordType(rawValue: 255)

    static let names: [(String, DNSRecordType)] = [
        ("A", .a), ("NS", .ns), ("CNAME", .cname), ("SOA", .soa), ("PTR", .ptr), ("MX", .mx),
        ("TXT", .txt), ("AAAA", .aaaa), ("OPT", .opt), ("DS", .ds), ("RRSIG", .rrsig),
        ("NSEC", .nsec), ("DNSKEY", .dnskey), ("NSEC3", .nsec3), ("TLSA", .tlsa), ("SPF", .spf), ("ANY", .any),
    ]

    /// Parses "MX", "mx" or the RFC 3597 form "TYPE15".
    public init?(name: String) {
        let u = name.uppercased()
        if let t = Self.names.first(where: { $0.0 == u }) { self = t.1; return }
        if u.hasPrefix("TYPE"), let v = UInt16(u.dropFirst(4)) { self.init(rawValue: v); return }
        return nil
    }

    public var description: String {
        Self.names.first(where: { $0.1 == self })?.0 ?? "TYPE\(rawValue)"
    }
}
