/// The Authentication-Results header (RFC 8601 §2.2): which checks this host
/// ran on a message and what they gave, so the user's MUA and filters can
/// tell. A builder over plain values so SPF, DKIM, DMARC and iprev code need
/// not depend on each other.
public struct AuthenticationResults: Equatable, Sendable {
    /// authserv-id: this host's name (RFC 8601 §2.5).
    public var authservID: String
    public var methods: [AuthResultsMethod]

    public init(authservID: String, methods: [AuthResultsMethod] = []) {
        self.authservID = authservID; self.methods = methods
    }

    /// The header line(s) with CRLF folding before each method, ending in CRLF.
    public func header() -> String {
        var s = "Authentication-Results: " + authservID
        if methods.isEmpty {
            // §2.2: "none" when no method was applied.
            return s + "; none\r\n"
        }
        for m in methods {
            s += ";\r\n\t" + m.text
        }
        return s + "\r\n"
    }
}

/// One "resinfo": method=result [reason] [ptype.property=value ...] with an
/// optional comment.
public struct AuthResultsMethod: Equatable, Sendable {
    public struct Property: Equatable, Sendable {
        public var ptype: String, property: String, value: String
        public init(_ ptype: String, _ property: String, _ value: String) { self.ptype = ptype; self.property = property; self.value = value }
    }

    public var method: String
    public var result: String
    public var reason: String?
    public var comment: String?
    public var properties: [Property]

    public init(method: String, result: String, reason: String? = nil, comment: String? = nil, properties: [Property] = []) {
        self.method = method; self.result = result; self.reason = reason; self.comment = comment; self.properties = properties
    }

    public var text: String {
        var s = "\(method)=\(result)"
        if let c = comment { s += " (" + Self.commentText(c) + ")" }
        if let r = reason { s += " reason=" + Self.quote(r, allowAt: false) }
        for p in properties { s += " \(p.ptype).\(p.property)=" + Self.quote(p.value, allowAt: true) }
        return s
    }

    /// RFC 2045 token characters; "@" is allowed for addr-spec values (§2.3).
    static func quote(_ v: String, allowAt: Bool) -> String {
        let specials = Set("()<>,;:\\\"/[]?= ")
        let plain = !v.isEmpty && v.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f } &&
            v.allSatisfy { !specials.contains($0) && (allowAt || $0 != "@") }
        if plain { return v }
        return "\"" + v.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\""
    }

    static func commentText(_ c: String) -> String {
        c.filter { $0 != "(" && $0 != ")" && $0 != "\\" && $0 != "\r" && $0 != "\n" }
    }

    // Convenience constructors for the methods mail servers record.

    /// spf=RESULT smtp.mailfrom=ADDR (or smtp.helo for the HELO identity), RFC 8601 §2.7.2.
    public static func spf(result: String, mailFrom: String?, helo: String?, comment: String? = nil) -> AuthResultsMethod {
        var props: [Property] = []
        if let m = mailFrom, !m.isEmpty { props.append(Property("smtp", "mailfrom", m)) } else if let h = helo { props.append(Property("smtp", "helo", h)) }
        return AuthResultsMethod(method: "spf", result: result, comment: comment, properties: props)
    }

    /// dkim=RESULT header.d= header.s= header.a= header.b= (RFC 8601 §2.7.1, RFC 6008).
    public static func dkim(_ d: DKIMResultSummary) -> AuthResultsMethod {
        var props: [Property] = []
        if !d.domain.isEmpty { props.append(Property("header", "d", d.domain)) }
        if let i = d.identity { props.append(Property("header", "i", i)) }
        if let s = d.selector { props.append(Property("header", "s", s)) }
        if let a = d.algorithm { props.append(Property("header", "a", a)) }
        if let b = d.signaturePrefix { props.append(Property("header", "b", String(b.prefix(12)))) }
        return AuthResultsMethod(method: "dkim", result: d.result.rawValue, reason: d.reason, properties: props)
    }

    /// dmarc=RESULT header.from=DOMAIN (RFC 7489 §11.2).
    public static func dmarc(result: String, fromDomain: String, policy: String? = nil) -> AuthResultsMethod {
        AuthResultsMethod(method: "dmarc", result: result, comment: policy.map { "p=\($0)" }, properties: [Property("header", "from", fromDomain)])
    }

    /// iprev=RESULT smtp.remote-ip=IP policy.iprev=IP (RFC 8601 §3), with the
    /// confirmed name as a comment.
    public static func iprev(result: String, ip: String, name: String?) -> AuthResultsMethod {
        AuthResultsMethod(method: "iprev", result: result, comment: name, properties: [Property("smtp", "remote-ip", ip)])
    }
}

/// The outcome of verifying one DKIM-Signature, as DMARC and the header need
/// it. The DKIM verifier fills it.
public struct DKIMResultSummary: Equatable, Sendable {
    /// RFC 8601 §2.7.1 results.
    public enum Result: String, Sendable, Equatable {
        case none, pass, fail, policy, neutral, temperror, permerror
    }

    public var result: Result
    /// The signing domain, d= (empty if the signature could not be parsed).
    public var domain: String
    public var selector: String?
    public var identity: String?
    public var algorithm: String?
    /// The start of the b= value, to tell signatures apart (RFC 6008).
    public var signaturePrefix: String?
    public var reason: String?

    public init(result: Result, domain: String, selector: String? = nil, identity: String? = nil,
                algorithm: String? = nil, signaturePrefix: String? = nil, reason: String? = nil) {
        self.result = result; self.domain = domain; self.selector = selector; self.identity = identity
        self.algorithm = algorithm; self.signaturePrefix = signaturePrefix; self.reason = reason
    }
}

extension String {
    func replacingAll(_ a: Character, _ b: String) -> String {
        var s = ""
        for c in self { if c == a { s += b } else { s.append(c) } }
        return s
    }
}
