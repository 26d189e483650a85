/// What SPF, DKIM, DMARC, iprev, DNSBL, MTA-STS and DANE need from DNS. The
/// real implementation is `DNSStubResolver`; tests use `DNSMemoryResolver`.
public protocol DNSResolving: Sendable {
    /// The answer section for (name, type), CNAME chain included, or a typed
    /// error. An answer with no records of `type` at the end of the chain is
    /// reported as `.noRecord` by the typed lookups below.
    func query(_ name: DNSName, type: DNSRecordType) async throws(DNSError) -> DNSAnswer<[DNSResourceRecord]>
}

extension DNSResolving {
    /// The record data of `type` at the end of the CNAME chain starting at
    /// `name` (RFC 1034 §3.6.2); `.noRecord` when there is none.
    public func records(_ name: DNSName, type: DNSRecordType) async throws(DNSError) -> DNSAnswer<[DNSRecordData]> {
        let ans = try await query(name, type: type)
        var current = name
        var seen: Set<DNSName> = [name]
        var out: [DNSRecordData] = []
        while true {
            out = ans.value.filter { $0.type == type && $0.name == current }.map(\.data)
            if !out.isEmpty || type == .cname { break }
            guard let c = ans.value.first(where: { $0.type == .cname && $0.name == current }),
                  case .cname(let target) = c.data, !seen.contains(target) else { break }
            seen.insert(target)
            current = target
        }
        if out.isEmpty { throw .noRecord(authentic: ans.authentic) }
        return DNSAnswer(out, authentic: ans.authentic)
    }

    /// TXT records, each record's strings concatenated (RFC 7208 §3.3, RFC 6376 §3.6.2.2).
    public func lookupTXT(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[String]> {
        try await records(name, type: .txt).map { rs in
            rs.compactMap { if case .txt(let s) = $0 { return String(decoding: s.joined(), as: UTF8.self) } else { return nil } }
        }
    }

    /// TXT records with the raw bytes of each record (strings concatenated).
    public func lookupTXTBytes(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[[UInt8]]> {
        try await records(name, type: .txt).map { rs in
            rs.compactMap { if case .txt(let s) = $0 { return Array(s.joined()) } else { return nil } }
        }
    }

    public func lookupA(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[IPAddress]> {
        try await records(name, type: .a).map { rs in rs.compactMap { if case .a(let ip) = $0 { return ip } else { return nil } } }
    }

    public func lookupAAAA(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[IPAddress]> {
        try await records(name, type: .aaaa).map { rs in rs.compactMap { if case .aaaa(let ip) = $0 { return ip } else { return nil } } }
    }

    /// A and AAAA together. Not-found only when both are; a temporary error
    /// in either is reported unless the other gave addresses.
    public func lookupIP(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[IPAddress]> {
        var ips: [IPAddress] = []
        var authentic = true
        var firstError: DNSError?
        for t in [DNSRecordType.a, .aaaa] {
            do {
                let r = try await t == .a ? lookupA(name) : lookupAAAA(name)
                ips += r.value
                authentic = authentic && r.authentic
            } catch {
                if firstError == nil || firstError!.isNotFound { firstError = error }
                if case .notFound(let a) = error { authentic = authentic && a }
                if case .noRecord(let a) = error { authentic = authentic && a }
            }
        }
        if ips.isEmpty, let e = firstError { throw e }
        return DNSAnswer(ips, authentic: authentic)
    }

    /// MX records sorted by preference (RFC 5321 §5.1).
    public func lookupMX(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[DNSMX]> {
        try await records(name, type: .mx).map { rs in
            rs.compactMap { if case .mx(let m) = $0 { return m } else { return nil } }.sorted { $0.preference < $1.preference }
        }
    }

    /// PTR names for an address (the reverse name is built here).
    public func lookupPTR(_ ip: IPAddress) async throws(DNSError) -> DNSAnswer<[DNSName]> {
        try await records(ip.reverseName, type: .ptr).map { rs in rs.compactMap { if case .ptr(let n) = $0 { return n } else { return nil } } }
    }

    public func lookupCNAME(_ name: DNSName) async throws(DNSError) -> DNSAnswer<DNSName> {
        let r = try await records(name, type: .cname)
        guard case .cname(let n)? = r.value.first else { throw .noRecord(authentic: r.authentic) }
        return DNSAnswer(n, authentic: r.authentic)
    }

    public func lookupNS(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[DNSName]> {
        try await records(name, type: .ns).map { rs in rs.compactMap { if case .ns(let n) = $0 { return n } else { return nil } } }
    }

    public func lookupSOA(_ name: DNSName) async throws(DNSError) -> DNSAnswer<DNSSOA> {
        let r = try await records(name, type: .soa)
        guard case .soa(let s)? = r.value.first else { throw .noRecord(authentic: r.authentic) }
        return DNSAnswer(s, authentic: r.authentic)
    }

    /// TLSA records for DANE (RFC 6698 §3, RFC 7672 §2.2), e.g. _25._tcp.mx.example.
    public func lookupTLSA(_ name: DNSName) async throws(DNSError) -> DNSAnswer<[DNSTLSA]> {
        try await records(name, type: .tlsa).map { rs in rs.compactMap { if case .tlsa(let t) = $0 { return t } else { return nil } } }
    }
}
