import MoxDNS

/// DKIM key records from DNS (RFC 6376 §3.6.2.1): what smtpd and
/// `mox dkim verify` verify with.
public struct DNSDKIMKeyLookup: DKIMKeyLookup {
    let resolver: any DNSResolving

    public init(resolver: any DNSResolving) {
        self.resolver = resolver
    }

    public func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool) {
        let n: DNSName
        do { n = try DNSName(name) } catch { throw DKIMKeyLookupError.notFound }
        do {
            let a = try await resolver.lookupTXT(n)
            return (a.value, a.authentic)
        } catch {
            if error.isNotFound { throw DKIMKeyLookupError.notFound }
            throw DKIMKeyLookupError.temporary(error.description)
        }
    }
}
