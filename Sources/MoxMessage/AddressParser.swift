/// RFC 5322 §3.4 address lists, leniently: display names, angle addresses,
/// groups, comments, and the obsolete and broken forms real mail has
/// (unquoted dots in names, missing domains, stray commas). Never throws.
public enum AddressParser {
    enum Token: Equatable {
        case word(String, quoted: Bool)
        case angle(String)
        case special(UInt8)
        case comment(String)
    }

    static func tokenize(_ s: String) -> [Token] {
        var sc = StructuredScanner(s)
        var out: [Token] = []
        while !sc.isAtEnd {
            let c = sc.b[sc.i]
            switch c {
            case 0...32, 127:
                // Whitespace, and control characters that have no place here.
                sc.i += 1
            case UInt8(ascii: "("):
                out.append(.comment(sc.readComment()))
            case UInt8(ascii: "\""):
                out.append(.word(sc.readQuoted(), quoted: true))
            case UInt8(ascii: "<"):
                sc.i += 1
                var inner: [UInt8] = []
                while sc.i < sc.b.count && sc.b[sc.i] != UInt8(ascii: ">") {
                    if sc.b[sc.i] == UInt8(ascii: "\"") {
                        // Quoted local part: keep the quotes out, the text in.
                        inner += Array(sc.readQuoted().utf8)
                        continue
                    }
                    if sc.b[sc.i] > 32 { inner.append(sc.b[sc.i]) }
                    sc.i += 1
                }
                sc.i += 1
                out.append(.angle(String(decoding: inner, as: UTF8.self)))
            case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "@"):
                out.append(.special(c))
                sc.i += 1
            case UInt8(ascii: ">"), UInt8(ascii: ")"):
                sc.i += 1
            default:
                let start = sc.i
                while sc.i < sc.b.count {
                    let d = sc.b[sc.i]
                    if d <= 32 || d == UInt8(ascii: "(") || d == UInt8(ascii: "\"") || d == UInt8(ascii: "<")
                        || d == UInt8(ascii: ",") || d == UInt8(ascii: ":") || d == UInt8(ascii: ";")
                        || d == UInt8(ascii: "@") || d == UInt8(ascii: ">") { break }
                    sc.i += 1
                }
                out.append(.word(String(decoding: sc.b[start..<sc.i], as: UTF8.self), quoted: false))
            }
        }
        return out
    }

    public static func parseList(_ s: String) -> [Address] {
        let tokens = tokenize(s)
        var out: [Address] = []
        var inGroup = false
        var current: [Token] = []

        func flush() {
            defer { current = [] }
            if let a = mailbox(from: current) { out.append(a) }
        }

        for t in tokens {
            switch t {
            case .special(UInt8(ascii: ",")):
                flush()
            case .special(UInt8(ascii: ":")) where !inGroup && !current.contains(where: { if case .angle = $0 { return true }; return false }):
                // "Group name:" starts a group (RFC 5322 §3.4).
                let name = phrase(current)
                current = []
                out.append(Address(mailbox: name, host: nil))
                inGroup = true
            case .special(UInt8(ascii: ";")):
                flush()
                if inGroup {
                    out.append(Address(mailbox: nil, host: nil))
                    inGroup = false
                }
            default:
                current.append(t)
            }
        }
        flush()
        if inGroup { out.append(Address(mailbox: nil, host: nil)) }
        return out
    }

    static func phrase(_ tokens: [Token]) -> String {
        var words: [String] = []
        for t in tokens {
            switch t {
            case .word(let w, _): words.append(w)
            case .special(let c): words.append(String(UnicodeScalar(c)))
            default: break
            }
        }
        return words.joined(separator: " ")
    }

    static func mailbox(from tokens: [Token]) -> Address? {
        guard !tokens.isEmpty else { return nil }
        if let idx = tokens.firstIndex(where: { if case .angle = $0 { return true }; return false }),
           case .angle(let spec) = tokens[idx] {
            // name-addr: phrase then angle-addr. A route ("@a,@b:") goes to adl.
            var spec = spec
            var adl: String?
            if spec.hasPrefix("@"), let colon = spec.firstIndex(of: ":") {
                adl = String(spec[..<colon])
                spec = String(spec[spec.index(after: colon)...])
            }
            let name = phrase(Array(tokens[..<idx]))
            let (local, host) = splitAddrSpec(spec)
            if local.isEmpty && host.isEmpty && name.isEmpty { return nil }
            return Address(name: name.isEmpty ? nil : name, adl: adl, mailbox: local, host: host)
        }
        // addr-spec, possibly followed by a comment that serves as the name
        // (the old "user@host (Name)" form).
        var spec = ""
        var comment: String?
        var lastWasWord = false
        for t in tokens {
            switch t {
            case .word(let w, let quoted):
                // Words separated by spaces without "@" or "." between them are
                // a broken display name without an address; keep them joined.
                if lastWasWord && !spec.hasSuffix(".") && !w.hasPrefix(".") { spec += " " }
                spec += quoted && w.contains(where: { $0 == " " || $0 == "@" }) ? "\"\(w)\"" : w
                lastWasWord = true
            case .special(let c):
                spec += String(UnicodeScalar(c))
                lastWasWord = false
            case .comment(let c):
                if comment == nil && !c.isEmpty { comment = c }
            case .angle:
                break
            }
        }
        if spec.isEmpty { return nil }
        let (local, host) = splitAddrSpec(spec)
        return Address(name: comment, mailbox: local, host: host)
    }

    /// Splits at the last "@"; a missing domain becomes the empty host.
    static func splitAddrSpec(_ s: String) -> (String, String) {
        guard let at = s.lastIndex(of: "@") else { return (s, "") }
        return (String(s[..<at]), String(s[s.index(after: at)...]))
    }
}
