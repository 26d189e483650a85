import Foundation

/// Lexical pieces shared by the SCRAM message parsers (RFC 5802 §7).
enum SCRAMSyntax {
    /// Splits a message into its comma-separated attributes. Values may hold
    /// "=" (base64) but never ",", which saslname escapes as "=2C".
    static func attributes(_ s: Substring) -> [Substring] {
        s.split(separator: ",", omittingEmptySubsequences: false)
    }

    /// "x=value" with the one-letter name checked; value returned.
    static func value(_ attr: Substring, _ name: Character) throws(SASLError) -> Substring {
        guard attr.count >= 2, attr.first == name, attr.dropFirst().first == "=" else {
            throw .malformed("expected \(name)=, got \(attr.prefix(20).debugDescription)")
        }
        return attr.dropFirst(2)
    }

    /// saslname (RFC 5802 §7): "=2C" is ",", "=3D" is "=", any other "=" is invalid.
    static func decodeSASLName(_ s: Substring) throws(SASLError) -> String {
        guard !s.isEmpty else { throw .malformed("empty saslname") }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "=" {
                let rest = s[s.index(after: i)...]
                if rest.hasPrefix("2C") { out.append(",") } else if rest.hasPrefix("3D") { out.append("=") } else {
                    throw .malformed("invalid = escape in saslname")
                }
                i = s.index(i, offsetBy: 3)
            } else {
                out.append(c)
                i = s.index(after: i)
            }
        }
        return out
    }

    static func encodeSASLName(_ s: String) -> String {
        s.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
    }

    /// printable = %x21-2B / %x2D-7E (RFC 5802 §7), the nonce alphabet.
    static func checkNonce(_ s: Substring) throws(SASLError) -> String {
        guard !s.isEmpty else { throw .malformed("empty nonce") }
        for u in s.unicodeScalars where !(u.value >= 0x21 && u.value <= 0x7e && u.value != 0x2c) {
            throw .malformed("nonce has a non-printable character")
        }
        return String(s)
    }

    static func base64(_ s: Substring) throws(SASLError) -> [UInt8] {
        guard let d = Data(base64Encoded: String(s)) else { throw .malformed("invalid base64") }
        return Array(d)
    }

    /// Extensions after the mandatory attributes: "attr-val" with a letter
    /// name. Unknown ones are ignored (RFC 5802 §5.1).
    static func checkExtensions(_ attrs: ArraySlice<Substring>) throws(SASLError) {
        for a in attrs {
            guard a.count >= 2, let f = a.first, f.isASCII, f.isLetter, a.dropFirst().first == "=" else {
                throw .malformed("invalid extension attribute")
            }
        }
    }

    static func utf8(_ bytes: [UInt8]) throws(SASLError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw .malformed("not UTF-8") }
        guard !s.unicodeScalars.contains(where: { $0.value == 0 }) else { throw .malformed("NUL byte") }
        return s
    }

    static func randomNonce() -> String {
        Data(randomBytes(18)).base64EncodedString()
    }
}
