import MoxDNS
#if canImport(Glibc)
import Glibc
#endif

/// What check_host() found (RFC 7208 §4), with what a Received-SPF or
/// Authentication-Results header needs.
public struct SPFOutcome: Equatable, Sendable {
    public var result: SPFResult
    /// The domain whose policy was evaluated (MAIL FROM's, or HELO's).
    public var domain: String
    /// The directive that matched, if any ("-all", "ip4:192.0.2.0/24").
    public var mechanism: String?
    /// The expanded exp= text for a fail (§6.2), or nil.
    public var explanation: String?
    /// Why the result is temperror/permerror, for logs.
    public var problem: String?
    /// Whether every DNS answer that decided the result carried AD.
    public var authentic: Bool
}

/// check_host() and its driver. Limits are the RFC's defaults (§4.6.4).
public struct SPFVerifier: Sendable {
    public var resolver: any DNSResolving
    public var maxDNSLookups = 10
    public var maxVoidLookups = 2
    /// The host name of this receiver, for the %{r} macro.
    public var receivingHost = "unknown"
    /// Seconds since 1970 for %{t}; nil means now.
    public var timestamp: Int?

    public init(resolver: any DNSResolving) { self.resolver = resolver }

    /// Evaluates the SMTP MAIL FROM identity (§2.4), or the HELO identity when
    /// MAIL FROM is empty (the null reverse path uses postmaster@helo).
    public func verify(ip: IPAddress, mailFrom: String, helo: String) async -> SPFOutcome {
        var local = "postmaster", domain = helo
        if !mailFrom.isEmpty {
            if let at = mailFrom.lastIndex(of: "@") {
                local = String(mailFrom[..<at])
                domain = String(mailFrom[mailFrom.index(after: at)...])
            } else {
                domain = mailFrom
            }
            // §4.3: an empty local-part becomes "postmaster".
            if local.isEmpty { local = "postmaster" }
        }
        return await checkHost(ip: ip, domain: domain, senderLocal: local, senderDomain: domain, helo: helo)
    }

    /// Evaluates the HELO identity alone (§2.3).
    public func verifyHELO(ip: IPAddress, helo: String) async -> SPFOutcome {
        await checkHost(ip: ip, domain: helo, senderLocal: "postmaster", senderDomain: helo, helo: helo)
    }

    /// check_host(<ip>, <domain>, <sender>) (§4).
    public func checkHost(ip: IPAddress, domain: String, senderLocal: String, senderDomain: String, helo: String) async -> SPFOutcome {
        // §4.3: a domain that is not a multi-label FQDN gives "none".
        guard let name = Self.validDomain(domain) else {
            return SPFOutcome(result: .none, domain: domain, authentic: false)
        }
        var ev = SPFEvaluation(verifier: self, ip: ip.unmapped, senderLocal: senderLocal, senderDomain: senderDomain, helo: helo)
        let r = await ev.check(name, depth: 0)
        return SPFOutcome(result: r.result, domain: domain, mechanism: r.mechanism, explanation: r.explanation,
                          problem: r.problem, authentic: ev.authentic)
    }

    /// A domain per §4.3: valid labels, at least two of them, no literal.
    static func validDomain(_ s: String) -> DNSName? {
        var t = s
        if t.hasSuffix(".") { t.removeLast() }
        guard !t.isEmpty, !t.hasPrefix("["), let n = try? DNSName(t), n.labels.count >= 2 else { return nil }
        return n
    }
}

struct SPFStep {
    var result: SPFResult
    var mechanism: String?
    var explanation: String?
    var problem: String?
}

/// One evaluation's mutable state: the lookup counters are shared across
/// include and redirect recursion (§4.6.4).
struct SPFEvaluation {
    let verifier: SPFVerifier
    let ip: IPAddress
    let senderLocal: String
    let senderDomain: String
    let helo: String
    var lookups = 0
    var voids = 0
    var authentic = true

    init(verifier: SPFVerifier, ip: IPAddress, senderLocal: String, senderDomain: String, helo: String) {
        self.verifier = verifier; self.ip = ip; self.senderLocal = senderLocal; self.senderDomain = senderDomain; self.helo = helo
    }

    var resolver: any DNSResolving { verifier.resolver }

    enum Stop: Error { case temperror(String), permerror(String) }

    mutating func note<T>(_ a: DNSAnswer<T>) { authentic = authentic && a.authentic }

    mutating func countLookup() throws(Stop) {
        lookups += 1
        if lookups > verifier.maxDNSLookups { throw .permerror("more than \(verifier.maxDNSLookups) DNS lookups") }
    }

    mutating func countVoid() throws(Stop) {
        voids += 1
        if voids > verifier.maxVoidLookups { throw .permerror("more than \(verifier.maxVoidLookups) void lookups") }
    }

    /// Maps a DNS error from a mechanism's lookup: temporary stops with
    /// temperror, not-found counts as void and does not match.
    mutating func handle(_ e: DNSError) throws(Stop) {
        switch e {
        case .temporary(let why): throw .temperror(why)
        case .notFound, .noRecord: try countVoid()
        case .permanent: break
        }
    }

    mutating func check(_ domain: DNSName, depth: Int) async -> SPFStep {
        do {
            return try await evaluate(domain, depth: depth)
        } catch {
            switch error {
            case .temperror(let why): return SPFStep(result: .temperror, problem: why)
            case .permerror(let why): return SPFStep(result: .permerror, problem: why)
            }
        }
    }

    /// §4.4 record lookup and §4.5 selection.
    mutating func record(_ domain: DNSName) async throws(Stop) -> SPFRecord? {
        let txts: [String]
        do {
            let a = try await resolver.lookupTXT(domain)
            note(a)
            txts = a.value
        } catch {
            switch error {
            case .temporary(let why): throw .temperror(why)
            default: return nil
            }
        }
        let spf = txts.filter(SPFRecord.isSPF)
        if spf.isEmpty { return nil }
        guard spf.count == 1 else { throw .permerror("multiple SPF records for \(domain)") }
        do { return try SPFRecord.parse(spf[0]) } catch { throw .permerror("\(domain): \(error)") }
    }

    mutating func evaluate(_ domain: DNSName, depth: Int) async throws(Stop) -> SPFStep {
        guard let rec = try await record(domain) else { return SPFStep(result: .none) }
        for d in rec.directives {
            if try await matches(d.mechanism, domain: domain, depth: depth) {
                let result = d.qualifier.result
                var step = SPFStep(result: result, mechanism: d.text)
                if result == .fail, let exp = rec.explanation {
                    step.explanation = await explanation(exp, domain: domain)
                }
                return step
            }
        }
        if let redirect = rec.redirect {
            // §6.1: only when no mechanism matched; target without a record is permerror.
            try countLookup()
            guard let target = try await expandDomain(redirect, domain: domain) else { throw .permerror("invalid redirect target") }
            var step = try await evaluate(target, depth: depth + 1)
            if step.result == .none { throw .permerror("redirect target \(target) has no SPF record") }
            step.mechanism = step.mechanism ?? "redirect=\(target)"
            return step
        }
        // §4.7: no match, no redirect: neutral.
        return SPFStep(result: .neutral)
    }

    mutating func matches(_ m: SPFMechanism, domain: DNSName, depth: Int) async throws(Stop) -> Bool {
        switch m {
        case .all:
            return true
        case .ip(let net, let prefix):
            return ip.isIPv4 == net.isIPv4 && ip.matches(network: net, prefix: prefix)
        case .include(let spec):
            try countLookup()
            // A domain-spec that expands to an invalid name cannot match.
            guard let target = try await expandDomain(spec, domain: domain) else { return false }
            let step = try await evaluate(target, depth: depth + 1)
            // §5.2 table.
            switch step.result {
            case .pass: return true
            case .fail, .softfail, .neutral: return false
            case .temperror: throw .temperror(step.problem ?? "include temperror")
            case .permerror, .none: throw .permerror("include:\(target) gave \(step.result)")
            }
        case .a(let spec, let p4, let p6):
            try countLookup()
            let target = try await targetName(spec, domain: domain)
            guard let target else { return false }
            return try await addressMatch(target, p4: p4, p6: p6, countVoid: true)
        case .mx(let spec, let p4, let p6):
            try countLookup()
            guard let target = try await targetName(spec, domain: domain) else { return false }
            let mxs: [DNSMX]
            do {
                let a = try await resolver.lookupMX(target)
                note(a)
                mxs = a.value
            } catch {
                try handle(error)
                return false
            }
            // §4.6.4: more than 10 MX names is permerror.
            guard mxs.count <= 10 else { throw .permerror("more than 10 MX records for \(target)") }
            for mx in mxs where !mx.exchange.labels.isEmpty {
                if try await addressMatch(mx.exchange, p4: p4, p6: p6, countVoid: false) { return true }
            }
            return false
        case .ptr(let spec):
            try countLookup()
            guard let target = try await targetName(spec, domain: domain) else { return false }
            let names = try await validatedNames()
            return names.contains { $0.isSubdomain(of: target) }
        case .exists(let spec):
            try countLookup()
            guard let target = try await expandDomain(spec, domain: domain) else { return false }
            // §5.7: always an A lookup, whatever the connection's family.
            do {
                let a = try await resolver.lookupA(target)
                note(a)
                return !a.value.isEmpty
            } catch {
                try handle(error)
                return false
            }
        }
    }

    mutating func targetName(_ spec: SPFMacroString?, domain: DNSName) async throws(Stop) -> DNSName? {
        guard let spec else { return domain }
        return try await expandDomain(spec, domain: domain)
    }

    /// §5.3/§5.4: A for IPv4 clients, AAAA for IPv6, compared with the cidr.
    mutating func addressMatch(_ name: DNSName, p4: Int?, p6: Int?, countVoid: Bool) async throws(Stop) -> Bool {
        do {
            let a = ip.isIPv4 ? try await resolver.lookupA(name) : try await resolver.lookupAAAA(name)
            note(a)
            let prefix = ip.isIPv4 ? (p4 ?? 32) : (p6 ?? 128)
            return a.value.contains { ip.matches(network: $0, prefix: prefix) }
        } catch {
            if countVoid { try handle(error) } else if case .temporary(let why) = error { throw .temperror(why) }
            return false
        }
    }

    /// §5.5: PTR names (at most 10) whose forward lookup includes the IP.
    /// DNS errors here make the mechanism not match rather than fail.
    mutating func validatedNames() async throws(Stop) -> [DNSName] {
        let names: [DNSName]
        do {
            names = try await resolver.lookupPTR(ip).value
        } catch {
            if error.isNotFound { try countVoid() }
            return []
        }
        var out: [DNSName] = []
        for n in names.prefix(10) {
            let addrs = try? await (ip.isIPv4 ? resolver.lookupA(n) : resolver.lookupAAAA(n))
            if addrs?.value.contains(ip) == true { out.append(n) }
        }
        return out
    }

    /// Expands a domain-spec (§7.3) and makes it a name: over 253 octets,
    /// leading labels are dropped; an invalid result yields nil.
    mutating func expandDomain(_ spec: SPFMacroString, domain: DNSName) async throws(Stop) -> DNSName? {
        var s = try await expand(spec, domain: domain, explanation: false)
        if s.hasSuffix(".") { s.removeLast() }
        while s.utf8.count > 253, let dot = s.firstIndex(of: ".") { s = String(s[s.index(after: dot)...]) }
        guard let n = try? DNSName(s), !n.labels.isEmpty else { return nil }
        return n
    }

    /// §6.2: the explanation TXT, macro-expanded; any problem gives none.
    mutating func explanation(_ spec: SPFMacroString, domain: DNSName) async -> String? {
        guard let target = try? await expandDomain(spec, domain: domain),
              let txt = try? await resolver.lookupTXT(target), txt.value.count == 1 else { return nil }
        let text = txt.value[0]
        guard text.unicodeScalars.allSatisfy({ $0.isASCII }),
              let ms = try? SPFMacroString.parse(text, explanation: true),
              let s = try? await expand(ms, domain: domain, explanation: true) else { return nil }
        return s
    }

    /// Macro expansion (§7.3, §7.4).
    mutating func expand(_ ms: SPFMacroString, domain: DNSName, explanation: Bool) async throws(Stop) -> String {
        var out = ""
        for p in ms.parts {
            switch p {
            case .literal(let l):
                out += l
            case .macro(let letter, let keep, let reverse, let delims, let escape):
                var v: String
                switch letter {
                case "s": v = senderLocal + "@" + senderDomain
                case "l": v = senderLocal
                case "o": v = senderDomain
                case "d": v = domain.description
                case "i":
                    // §7.4's examples write IPv6 nibbles in uppercase, as does the suite.
                    v = ip.isIPv4 ? ip.description : ip.reversedLabels.reversed().joined(separator: ".").uppercased()
                case "p": v = await validatedName(domain)
                case "v": v = ip.isIPv4 ? "in-addr" : "ip6"
                case "h": v = helo
                case "c": v = ip.description
                case "r": v = verifier.receivingHost
                case "t": v = String(verifier.timestamp ?? Int(time(nil)))
                default: v = ""
                }
                let ds: Set<Character> = delims.isEmpty ? ["."] : Set(delims)
                var parts = v.split(omittingEmptySubsequences: false, whereSeparator: { ds.contains($0) }).map(String.init)
                if reverse { parts.reverse() }
                if let k = keep, k < parts.count { parts = Array(parts.suffix(k)) }
                v = parts.joined(separator: ".")
                if escape { v = Self.urlEscape(v) }
                out += v
            }
        }
        return out
    }

    /// %{p}: a validated name, preferring the domain itself, then a
    /// subdomain of it (§7.3); "unknown" when there is none.
    mutating func validatedName(_ domain: DNSName) async -> String {
        guard let names = try? await validatedNames(), !names.isEmpty else { return "unknown" }
        if let n = names.first(where: { $0 == domain }) { return n.description }
        if let n = names.first(where: { $0.isSubdomain(of: domain) }) { return n.description }
        return names[0].description
    }

    /// Uppercase macro letters are URL-escaped: everything but RFC 3986
    /// "unreserved" characters.
    static func urlEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                let h = Array("0123456789ABCDEF")
                out += "%" + String(h[Int(b >> 4)]) + String(h[Int(b & 15)])
            }
        }
        return out
    }
}
