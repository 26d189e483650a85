/// A macro-string (RFC 7208 §7.1): literals and macro expansions, parsed once
/// and expanded per evaluation.
public struct SPFMacroString: Equatable, Sendable, CustomStringConvertible {
    public enum Part: Equatable, Sendable {
        case literal(String)
        /// %{letter digits r delimiters}; an uppercase letter asks for URL escaping (§7.3).
        case macro(letter: Character, keep: Int?, reverse: Bool, delimiters: [Character], urlEscape: Bool)
    }

    public var parts: [Part]
    public let text: String

    public var description: String { text }

    /// Parses a macro-string. `explanation` allows the c, r and t letters
    /// that only exp= text may use (§7.3).
    public static func parse(_ s: String, explanation: Bool = false) throws(SPFSyntaxError) -> SPFMacroString {
        var parts: [Part] = []
        var lit = ""
        let cs = Array(s.unicodeScalars)
        var i = 0
        func flush() { if !lit.isEmpty { parts.append(.literal(lit)); lit = "" } }
        while i < cs.count {
            let c = cs[i]
            if c == "%" {
                guard i + 1 < cs.count else { throw SPFSyntaxError("lone % at end of macro-string") }
                let n = cs[i + 1]
                switch n {
                case "%": lit += "%"; i += 2; continue
                case "_": lit += " "; i += 2; continue
                case "-": lit += "%20"; i += 2; continue
                case "{": break
                default: throw SPFSyntaxError("invalid macro escape %\(n)")
                }
                flush()
                i += 2
                guard i < cs.count else { throw SPFSyntaxError("unterminated macro") }
                let letterScalar = cs[i]
                let letter = Character(letterScalar)
                let lower = Character(String(letter).lowercased())
                let letters: Set<Character> = explanation ? ["s", "l", "o", "d", "i", "p", "h", "c", "r", "t", "v"] : ["s", "l", "o", "d", "i", "p", "h", "v"]
                guard letterScalar.isASCII, letters.contains(lower) else { throw SPFSyntaxError("invalid macro letter \(letter)") }
                i += 1
                var digits = ""
                while i < cs.count, cs[i].properties.numericType != nil, cs[i].isASCII { digits.unicodeScalars.append(cs[i]); i += 1 }
                var keep: Int?
                if !digits.isEmpty {
                    // §7.3: zero is not allowed; anything above 128 cannot
                    // mean more than "all parts".
                    guard let v = Int(digits.prefix(4)), v > 0 else { throw SPFSyntaxError("invalid macro digits \(digits)") }
                    keep = min(v, 128)
                }
                var reverse = false
                if i < cs.count, cs[i] == "r" || cs[i] == "R" { reverse = true; i += 1 }
                var delims: [Character] = []
                while i < cs.count, ".-+,/_=".unicodeScalars.contains(cs[i]) { delims.append(Character(cs[i])); i += 1 }
                guard i < cs.count, cs[i] == "}" else { throw SPFSyntaxError("invalid macro, expected }") }
                i += 1
                parts.append(.macro(letter: lower, keep: keep, reverse: reverse, delimiters: delims, urlEscape: letter.isUppercase))
                continue
            }
            // §7.1 macro-literal = %x21-24 / %x26-7E; explanation text also
            // allows spaces (§6.2, it is a macro-string of the TXT record).
            guard (c.value >= 0x21 && c.value <= 0x7e) || (explanation && c == " ") else {
                throw SPFSyntaxError("invalid character in macro-string")
            }
            lit.unicodeScalars.append(c)
            i += 1
        }
        flush()
        return SPFMacroString(parts: parts, text: s)
    }

    /// Whether it ends as §7.1's domain-end requires: a macro-expand or
    /// "." toplabel ["."].
    public var isValidDomainSpec: Bool {
        if text.hasSuffix("%%") || text.hasSuffix("%_") || text.hasSuffix("%-") {
            return true
        }
        guard let last = parts.last else { return false }
        switch last {
        case .macro: return true
        case .literal(var l):
            if l.hasSuffix(".") { l.removeLast() }
            guard let dot = l.lastIndex(of: ".") else { return false }
            return Self.isTopLabel(String(l[l.index(after: dot)...]))
        }
    }

    /// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    static func isTopLabel(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard !b.isEmpty else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        func alpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        if b.allSatisfy(alnum) { return b.contains(where: alpha) }
        guard alnum(b.first!), alnum(b.last!), b.allSatisfy({ alnum($0) || $0 == UInt8(ascii: "-") }) else { return false }
        return true
    }
}
