/// A tag=value list (RFC 6376 §3.2), as in DKIM-Signature fields and key
/// records. Keeps each value's byte range so the verifier can blank b=.
struct DKIMTagList {
    struct Tag {
        var name: String
        /// The value with FWS kept inside but trimmed at both ends.
        var value: String
        /// The range of the value within the parsed bytes, from after "="
        /// to before ";" (surrounding whitespace included).
        var valueRange: Range<Int>
    }

    var tags: [Tag] = []

    subscript(name: String) -> String? {
        tags.first(where: { $0.name == name })?.value
    }

    static func isWSP(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 13 || c == 10 }

    /// Parses `bytes[range]`. Tag names are case-sensitive and must not repeat
    /// (§3.2); values are VALCHAR with WSP/FWS between (%x21-3A / %x3C-7E).
    /// UTF-8 above 0x7F is allowed in values (RFC 6376 §3.2 with RFC 6532).
    static func parse(_ bytes: [UInt8], range: Range<Int>? = nil) throws(DKIMError) -> DKIMTagList {
        let r = range ?? 0..<bytes.count
        var list = DKIMTagList()
        var seen = Set<String>()
        var i = r.lowerBound
        while i < r.upperBound {
            while i < r.upperBound && isWSP(bytes[i]) { i += 1 }
            if i == r.upperBound { break }  // trailing ";" then whitespace
            // tag-name = ALPHA *ALNUMPUNC
            let nameStart = i
            guard isAlpha(bytes[i]) else { throw .syntax("tag name must start with a letter") }
            while i < r.upperBound && (isAlpha(bytes[i]) || (bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == 95) { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            while i < r.upperBound && isWSP(bytes[i]) { i += 1 }
            guard i < r.upperBound, bytes[i] == 61 else { throw .syntax("expected = after tag \(name)") }
            i += 1
            let valueStart = i
            while i < r.upperBound && bytes[i] != 59 {
                let c = bytes[i]
                guard isWSP(c) || (c >= 0x21 && c != 0x3b && c != 0x7f) else { throw .syntax("invalid character in value of \(name)") }
                i += 1
            }
            let valueEnd = i
            var vs = valueStart, ve = valueEnd
            while vs < ve && isWSP(bytes[vs]) { vs += 1 }
            while ve > vs && isWSP(bytes[ve - 1]) { ve -= 1 }
            guard let value = String(validating: bytes[vs..<ve], as: UTF8.self) else { throw .syntax("value of \(name) is not UTF-8") }
            guard !seen.contains(name) else { throw .syntax("duplicate tag \(name)") }
            seen.insert(name)
            list.tags.append(Tag(name: name, value: value, valueRange: valueStart..<valueEnd))
            if i < r.upperBound { i += 1 }  // the ";"
        }
        return list
    }

    static func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }

    /// A value with all whitespace removed, for base64 and colon lists (§3.2: FWS may appear inside).
    static func stripWhitespace(_ s: String) -> String {
        String(s.unicodeScalars.filter { !($0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n") }.map(Character.init))
    }
}
