import MoxDNS

/// DNS blocklist checks (RFC 5782 §2): the reversed IP under the list's zone;
/// an A record in 127.0.0.0/8 means listed, a TXT record gives the reason.
public struct DNSBL: Sendable {
    public enum Status: String, Sendable, Equatable {
        /// Not listed.
        case pass
        /// Listed.
        case fail
        /// The lookup failed or the list answered with an error code.
        case temperror
    }

    public struct Outcome: Sendable, Equatable {
        public var status: Status
        public var addresses: [IPAddress] = []
        public var reason: String?
    }

    public var resolver: any DNSResolving
    public init(resolver: any DNSResolving) { self.resolver = resolver }

    /// The query name: 4.3.2.1.zone for 1.2.3.4, nibbles for IPv6 (§2.4).
    public static func queryName(_ ip: IPAddress, zone: DNSName) -> DNSName? {
        try? DNSName(labels: ip.unmapped.reversedLabels.map { Array($0.utf8) } + zone.labels)
    }

    public func lookup(zone: DNSName, ip: IPAddress) async -> Outcome {
        guard let name = Self.queryName(ip, zone: zone) else { return Outcome(status: .temperror, reason: "name too long") }
        let addrs: [IPAddress]
        do { addrs = try await resolver.lookupA(name).value } catch {
            return error.isNotFound ? Outcome(status: .pass) : Outcome(status: .temperror, reason: error.description)
        }
        let listed = addrs.filter { $0.bytes[0] == 127 }
        // Lists answer 127.255.255.x for errors such as queries from an
        // open resolver (Spamhaus); that is not a listing.
        if listed.isEmpty || listed.allSatisfy({ $0.bytes[1] == 255 && $0.bytes[2] == 255 }) {
            return Outcome(status: .temperror, addresses: addrs, reason: "unexpected answer \(addrs.map(\.description).joined(separator: ","))")
        }
        let reason = try? await resolver.lookupTXT(name).value.joined(separator: "; ")
        return Outcome(status: .fail, addresses: listed, reason: reason)
    }

    /// RFC 5782 §5: a working list lists 127.0.0.2 and does not list 127.0.0.1.
    public func isHealthy(zone: DNSName) async -> Bool {
        let two = await lookup(zone: zone, ip: IPAddress("127.0.0.2")!)
        let one = await lookup(zone: zone, ip: IPAddress("127.0.0.1")!)
        return two.status == .fail && one.status == .pass
    }
}
