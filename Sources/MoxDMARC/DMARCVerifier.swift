import MoxAuthResults
import MoxDNS

/// DMARC results (RFC 7489 §11.2 / RFC 8601 §2.7.1 vocabulary).
public enum DMARCResult: String, Sendable, Equatable {
    case none, pass, fail, temperror, permerror
}

/// The outcome of a DMARC evaluation (RFC 7489 §6.6).
public struct DMARCOutcome: Sendable, Equatable {
    public var result: DMARCResult
    /// The policy to apply: the record's p or sp, after pct sampling.
    public var policy: DMARCRecord.Policy?
    /// Whether the message should be rejected (result fail, policy reject).
    public var reject: Bool { result == .fail && policy == .reject }
    /// Whether it should go to junk (result fail, policy quarantine).
    public var quarantine: Bool { result == .fail && policy == .quarantine }
    /// The domain the record was found at (From domain or its organizational domain).
    public var policyDomain: DNSName?
    public var record: DMARCRecord?
    public var spfAligned = false
    public var dkimAligned = false
    /// pct selected this message out of the policy (§6.6.4).
    public var sampledOut = false
    public var authentic = false
    public var problem: String?
}

/// The SPF result as DMARC needs it: the result and the domain checked
/// (MAIL FROM's domain, or HELO's for a null reverse path).
public struct DMARCSPFInput: Sendable {
    public var passed: Bool
    public var domain: String
    public init(passed: Bool, domain: String) { self.passed = passed; self.domain = domain }
}

public struct DMARCVerifier: Sendable {
    public var resolver: any DNSResolving
    public var publicSuffixes: PublicSuffixList

    public init(resolver: any DNSResolving, publicSuffixes: PublicSuffixList = .shared) {
        self.resolver = resolver; self.publicSuffixes = publicSuffixes
    }

    public func organizationalDomain(_ d: DNSName) -> DNSName { publicSuffixes.organizationalDomain(d) }

    /// §6.6.3 policy discovery: _dmarc.<From domain>, then
    /// _dmarc.<organizational domain>. Exactly one record must be found;
    /// several count as none.
    public func lookup(_ fromDomain: DNSName) async throws(DNSError) -> (domain: DNSName, record: DMARCRecord, authentic: Bool)? {
        if let r = try await lookupAt(fromDomain) { return (fromDomain, r.0, r.1) }
        let org = organizationalDomain(fromDomain)
        if org != fromDomain, let r = try await lookupAt(org) { return (org, r.0, r.1) }
        return nil
    }

    func lookupAt(_ d: DNSName) async throws(DNSError) -> (DMARCRecord, Bool)? {
        guard let name = try? DNSName(labels: [Array("_dmarc".utf8)] + d.labels) else { return nil }
        let txts: DNSAnswer<[String]>
        do { txts = try await resolver.lookupTXT(name) } catch {
            if error.isNotFound { return nil }
            throw error
        }
        let recs = txts.value.filter(DMARCRecord.isDMARC)
        guard recs.count == 1, let r = try? DMARCRecord.parse(recs[0]) else { return nil }
        return (r, txts.authentic)
    }

    /// §3.1 identifier alignment.
    public func aligned(_ a: DNSName, _ fromDomain: DNSName, _ mode: DMARCRecord.Alignment) -> Bool {
        mode == .strict ? a == fromDomain : organizationalDomain(a) == organizationalDomain(fromDomain)
    }

    /// Evaluates DMARC for a message's RFC5322.From domain given the SPF and
    /// DKIM outcomes. `sample` is a number in 0..<100 compared with pct; nil
    /// draws one.
    public func verify(fromDomain: DNSName, spf: DMARCSPFInput?, dkim: [DKIMResultSummary], sample: Int? = nil) async -> DMARCOutcome {
        let found: (domain: DNSName, record: DMARCRecord, authentic: Bool)?
        do { found = try await lookup(fromDomain) } catch {
            return DMARCOutcome(result: error.isTemporary ? .temperror : .permerror, problem: error.description)
        }
        guard let (domain, record, authentic) = found else { return DMARCOutcome(result: .none) }
        var out = DMARCOutcome(result: .fail, policyDomain: domain, record: record, authentic: authentic)
        // §6.3: sp applies when the record came from the organizational
        // domain for a From subdomain.
        var policy = record.policy
        if domain != fromDomain, let sp = record.subdomainPolicy { policy = sp }
        if let s = spf, s.passed, let d = try? DNSName(s.domain), aligned(d, fromDomain, record.spfAlignment) {
            out.spfAligned = true
        }
        for d in dkim where d.result == .pass {
            if let n = try? DNSName(d.domain), aligned(n, fromDomain, record.dkimAlignment) { out.dkimAligned = true; break }
        }
        if out.spfAligned || out.dkimAligned {
            out.result = .pass
            out.policy = policy
            return out
        }
        // §6.6.4: a message outside pct gets the next weaker policy.
        let roll = sample ?? Int.random(in: 0..<100)
        if roll >= record.percentage {
            out.sampledOut = true
            policy = policy == .reject ? .quarantine : .none
        }
        out.policy = policy
        return out
    }
}
