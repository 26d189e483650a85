/// A parsed SPF record (RFC 7208 §4.6, §12 ABNF).
public struct SPFRecord: Equatable, Sendable {
    public var directives: [SPFDirective] = []
    /// redirect= (§6.1); at most once.
    public var redirect: SPFMacroString?
    /// exp= (§6.2); at most once.
    public var explanation: SPFMacroString?
    /// Modifiers this implementation ignores, as §6 requires.
    public var unknownModifiers: [(name: String, value: SPFMacroString)] = []

    public init() {}

    public static func == (a: SPFRecord, b: SPFRecord) -> Bool {
        a.directives == b.directives && a.redirect == b.redirect && a.explanation == b.explanation
            && a.unknownModifiers.map(\.name) == b.unknownModifiers.map(\.name)
    }

    /// Whether a TXT string is an SPF record: "v=spf1" then a space or the
    /// end, in any case (§4.5).
    public static func isSPF(_ txt: String) -> Bool {
        let b = Array(txt.utf8)
        guard b.count >= 6, String(decoding: b[0..<6], as: UTF8.self).lowercased() == "v=spf1" else { return false }
        return b.count == 6 || b[6] == UInt8(ascii: " ")
    }

    /// Parses a whole record. Any syntax error anywhere fails the whole
    /// record (§4.6: permerror before any evaluation).
    public static func parse(_ text: String) throws(SPFSyntaxError) -> SPFRecord {
        guard isSPF(text) else { throw SPFSyntaxError("not an SPF record") }
        // §3.1: records are 7-bit ASCII; §4.6.1: terms are separated by spaces only.
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }) else {
            throw SPFSyntaxError("record contains non-ASCII or control characters")
        }
        var r = SPFRecord()
        let terms = text.dropFirst(6).split(separator: " ", omittingEmptySubsequences: true)
        for t in terms {
            try r.parseTerm(String(t))
        }
        return r
    }

    static func isNameChar(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
    }

    mutating func parseTerm(_ t: String) throws(SPFSyntaxError) {
        // modifier = name "=" macro-string; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
        let nameEnd = t.firstIndex { !Self.isNameChar($0) } ?? t.endIndex
        if nameEnd < t.endIndex, t[nameEnd] == "=", let first = t.first, first.isASCII, first.isLetter {
            let name = t[..<nameEnd].lowercased()
            let value = String(t[t.index(after: nameEnd)...])
            let ms = try SPFMacroString.parse(value)
            switch name {
            case "redirect":
                guard redirect == nil else { throw SPFSyntaxError("duplicate redirect modifier") }
                guard ms.isValidDomainSpec else { throw SPFSyntaxError("invalid redirect domain-spec") }
                redirect = ms
            case "exp":
                guard explanation == nil else { throw SPFSyntaxError("duplicate exp modifier") }
                guard ms.isValidDomainSpec else { throw SPFSyntaxError("invalid exp domain-spec") }
                explanation = ms
            default:
                unknownModifiers.append((name, ms))
            }
            return
        }
        directives.append(try SPFDirective.parse(t))
    }
}

public struct SPFDirective: Equatable, Sendable {
    public var qualifier: SPFQualifier
    public var mechanism: SPFMechanism
    public var text: String

    public static func parse(_ t: String) throws(SPFSyntaxError) -> SPFDirective {
        var rest = Substring(t)
        var q = SPFQualifier.pass
        if let f = rest.first, let qq = SPFQualifier(rawValue: f) { q = qq; rest = rest.dropFirst() }
        let nameEnd = rest.firstIndex { $0 == ":" || $0 == "/" } ?? rest.endIndex
        let name = rest[..<nameEnd].lowercased()
        var arg = rest[nameEnd...]
        let m: SPFMechanism
        switch name {
        case "all":
            guard arg.isEmpty else { throw SPFSyntaxError("all takes no argument") }
            m = .all
        case "include", "exists":
            guard arg.hasPrefix(":") else { throw SPFSyntaxError("\(name) needs a domain") }
            let ds = try domainSpec(String(arg.dropFirst()))
            m = name == "include" ? .include(ds) : .exists(ds)
        case "a", "mx":
            var ds: SPFMacroString?
            if arg.hasPrefix(":") {
                arg = arg.dropFirst()
                let (spec, cidr) = splitCIDR(arg)
                ds = try domainSpec(String(spec))
                arg = cidr
            }
            let (p4, p6) = try dualCIDR(arg)
            m = name == "a" ? .a(ds, ip4Prefix: p4, ip6Prefix: p6) : .mx(ds, ip4Prefix: p4, ip6Prefix: p6)
        case "ptr":
            var ds: SPFMacroString?
            if arg.hasPrefix(":") { ds = try domainSpec(String(arg.dropFirst())) } else if !arg.isEmpty { throw SPFSyntaxError("invalid ptr") }
            m = .ptr(ds)
        case "ip4", "ip6":
            guard arg.hasPrefix(":") else { throw SPFSyntaxError("\(name) needs an address") }
            arg = arg.dropFirst()
            var addr = arg, prefix = name == "ip4" ? 32 : 128
            if let slash = arg.firstIndex(of: "/") {
                addr = arg[..<slash]
                prefix = try cidrLength(arg[arg.index(after: slash)...], max: prefix)
            }
            // ip4-network is a dotted quad; ip6 the RFC 4291 text forms.
            guard let ip = IPAddressParse.parse(String(addr)), (name == "ip4") == ip.isIPv4 else {
                throw SPFSyntaxError("invalid \(name) address \(addr)")
            }
            m = .ip(ip, prefix: prefix)
        default:
            throw SPFSyntaxError("unknown mechanism \(name)")
        }
        return SPFDirective(qualifier: q, mechanism: m, text: t)
    }

    static func domainSpec(_ s: String) throws(SPFSyntaxError) -> SPFMacroString {
        let ms = try SPFMacroString.parse(s)
        guard ms.isValidDomainSpec else { throw SPFSyntaxError("invalid domain-spec \(s)") }
        return ms
    }

    /// Splits "domain/24//64" into the domain-spec and the dual-cidr at its
    /// end. A "/" elsewhere belongs to the domain-spec (§7.1 allows any
    /// visible character but "%" outside macros, "foo:bar/baz.example.com").
    static func splitCIDR(_ s: Substring) -> (Substring, Substring) {
        var spec = s
        var cidrStart = s.endIndex
        if let i = spec.lastIndex(of: "/"), i > spec.startIndex, digitsAfterIn(spec, i) {
            do {
                let before = spec.index(before: i)
                if spec[before] == "/" {
                    cidrStart = before
                    spec = spec[..<before]
                    if let j = spec.lastIndex(of: "/"), digitsAfterIn(spec, j) {
                        cidrStart = j
                        spec = spec[..<j]
                    }
                } else {
                    cidrStart = i
                    spec = spec[..<i]
                }
            }
        }
        return (spec, s[cidrStart...])
    }

    static func digitsAfterIn(_ s: Substring, _ i: Substring.Index) -> Bool {
        let rest = s[s.index(after: i)...]
        return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] (§5.6).
    static func dualCIDR(_ s: Substring) throws(SPFSyntaxError) -> (Int?, Int?) {
        if s.isEmpty { return (nil, nil) }
        guard s.hasPrefix("/") else { throw SPFSyntaxError("invalid cidr \(s)") }
        let r = s.dropFirst()
        if r.hasPrefix("/") { return (nil, try cidrLength(r.dropFirst(), max: 128)) }
        if let slash = r.firstIndex(of: "/") {
            let v4 = try cidrLength(r[..<slash], max: 32)
            let rest = r[slash...]
            guard rest.hasPrefix("//") else { throw SPFSyntaxError("invalid cidr \(s)") }
            return (v4, try cidrLength(rest.dropFirst(2), max: 128))
        }
        return (try cidrLength(r, max: 32), nil)
    }

    /// "0" / %x31-39 0*1DIGIT (0*2DIGIT for IPv6): no leading zeros.
    static func cidrLength(_ s: Substring, max: Int) throws(SPFSyntaxError) -> Int {
        guard !s.isEmpty, s.count <= 3, s.allSatisfy({ $0.isASCII && $0.isNumber }), s == "0" || !s.hasPrefix("0"),
              let v = Int(s), v <= max else { throw SPFSyntaxError("invalid cidr length \(s)") }
        return v
    }
}

/// Mechanisms (RFC 7208 §5).
public enum SPFMechanism: Equatable, Sendable {
    case all
    case include(SPFMacroString)
    case a(SPFMacroString?, ip4Prefix: Int?, ip6Prefix: Int?)
    case mx(SPFMacroString?, ip4Prefix: Int?, ip6Prefix: Int?)
    case ptr(SPFMacroString?)
    case ip(IPAddressValue, prefix: Int)
    case exists(SPFMacroString)
}
