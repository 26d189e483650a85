import MoxDNS

/// iprev (RFC 8601 §3): the connecting IP's PTR names, each confirmed by a
/// forward lookup that includes the IP.
public struct IPRev: Sendable {
    /// RFC 8601 §2.7.3 results.
    public enum Result: String, Sendable, Equatable { case pass, fail, temperror, permerror }

    public struct Outcome: Sendable, Equatable {
        public var result: Result
        /// The first forward-confirmed name, for a pass.
        public var name: DNSName?
        /// Every PTR name found.
        public var ptrNames: [DNSName]
        public var authentic: Bool
    }

    public var resolver: any DNSResolving
    /// At most this many PTR names are checked (as SPF's §4.6.4 limit).
    public var maxNames = 10

    public init(resolver: any DNSResolving) { self.resolver = resolver }

    public func check(_ ip: IPAddress) async -> Outcome {
        let ptr: DNSAnswer<[DNSName]>
        do { ptr = try await resolver.lookupPTR(ip) } catch {
            // No PTR data is permerror; a failing lookup temperror.
            return Outcome(result: error.isTemporary ? .temperror : .permerror, ptrNames: [], authentic: false)
        }
        var authentic = ptr.authentic
        var sawTemporary = false
        for name in ptr.value.prefix(maxNames) {
            do {
                let fwd = try await ip.isIPv4 ? resolver.lookupA(name) : resolver.lookupAAAA(name)
                if fwd.value.contains(ip) {
                    authentic = authentic && fwd.authentic
                    return Outcome(result: .pass, name: name, ptrNames: ptr.value, authentic: authentic)
                }
            } catch {
                if error.isTemporary { sawTemporary = true }
            }
        }
        // §2.7.3: reverse and forward not related is fail, unless a forward
        // lookup failed temporarily and might still have confirmed.
        return Outcome(result: sawTemporary ? .temperror : .fail, ptrNames: ptr.value, authentic: false)
    }
}
