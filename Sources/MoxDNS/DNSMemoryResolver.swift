/// An in-memory resolver for tests and for the SPF/DMARC suites: a zone of
/// records by name, names that time out, and an AD flag per name. CNAMEs are
/// followed as a recursive resolver would, returning the chain.
public struct DNSMemoryResolver: DNSResolving {
    public var records: [DNSName: [DNSRecordData]]
    /// Names whose queries time out (`.temporary`) unless the name has
    /// records of the asked type: the RFC 7208 suite's TIMEOUT semantics.
    public var failing: Set<DNSName>
    /// Names whose answers carry AD (as a validating resolver would set it).
    public var authentic: Set<DNSName>

    public init(records: [DNSName: [DNSRecordData]] = [:], failing: Set<DNSName> = [], authentic: Set<DNSName> = []) {
        self.records = records; self.failing = failing; self.authentic = authentic
    }

    /// Adds records given as text, e.g. add("example.com", .txt(["v=spf1 -all"])).
    public mutating func add(_ name: String, _ data: DNSRecordData...) {
        guard let n = try? DNSName(name) else { return }
        records[n, default: []] += data
    }

    static func type(of d: DNSRecordData) -> DNSRecordType {
        switch d {
        case .a: return .a
        case .aaaa: return .aaaa
        case .ns: return .ns
        case .cname: return .cname
        case .ptr: return .ptr
        case .mx: return .mx
        case .txt: return .txt
        case .soa: return .soa
        case .tlsa: return .tlsa
        case .unknown: return DNSRecordType(rawValue: 0)
        }
    }

    public func query(_ name: DNSName, type: DNSRecordType) async throws(DNSError) -> DNSAnswer<[DNSResourceRecord]> {
        var current = name
        var chain: [DNSResourceRecord] = []
        var ad = true
        for _ in 0..<10 {
            ad = ad && authentic.contains(current)
            if failing.contains(current), !(records[current] ?? []).contains(where: { Self.type(of: $0) == type }) {
                throw .temporary("timeout for \(current)")
            }
            guard let rs = records[current] else {
                if chain.isEmpty { throw .notFound(authentic: ad) }
                return DNSAnswer(chain, authentic: ad)
            }
            let matching = rs.filter { Self.type(of: $0) == type }
            if !matching.isEmpty {
                chain += matching.map { DNSResourceRecord(name: current, type: type, ttl: 300, data: $0) }
                return DNSAnswer(chain, authentic: ad)
            }
            if type != .cname, let c = rs.first(where: { Self.type(of: $0) == .cname }), case .cname(let target) = c {
                chain.append(DNSResourceRecord(name: current, type: .cname, ttl: 300, data: c))
                current = target
                continue
            }
            if chain.isEmpty { throw .noRecord(authentic: ad) }
            return DNSAnswer(chain, authentic: ad)
        }
        throw .temporary("CNAME chain too long at \(name)")
    }
}
