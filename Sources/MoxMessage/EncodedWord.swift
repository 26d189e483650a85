/// RFC 2047 encoded words: "=?charset?B|Q?text?=" in unstructured header text
/// and phrases. Whitespace between adjacent encoded words is dropped
/// (RFC 2047 §6.2). Malformed words are left as they are.
public enum EncodedWord {
    public static func decode(_ s: String) -> String {
        guard s.contains("=?") else { return s }
        let b = Array(s.utf8)
        var out = ""
        var i = 0
        var lastWasEncoded = false
        var literalStart = 0
        func flushLiteral(_ end: Int) {
            if literalStart < end { out += String(decoding: b[literalStart..<end], as: UTF8.self) }
        }
        while i < b.count {
            if b[i] == UInt8(ascii: "="), i + 1 < b.count, b[i + 1] == UInt8(ascii: "?"),
               let (text, end) = decodeWord(b, at: i) {
                // Whitespace only between two encoded words vanishes.
                let between = b[literalStart..<i]
                if lastWasEncoded && between.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }) {
                    // drop
                } else {
                    flushLiteral(i)
                }
                out += text
                i = end
                literalStart = end
                lastWasEncoded = true
                continue
            }
            if !(b[i] == 32 || b[i] == 9 || b[i] == 13 || b[i] == 10) { lastWasEncoded = false }
            i += 1
        }
        flushLiteral(b.count)
        return out
    }

    /// Decodes one word starting at `start` ("=?"); returns the text and the
    /// offset after "?=".
    static func decodeWord(_ b: [UInt8], at start: Int) -> (String, Int)? {
        var i = start + 2
        let csStart = i
        while i < b.count && b[i] != UInt8(ascii: "?") && b[i] > 32 { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "?"), i > csStart else { return nil }
        var charset = String(decoding: b[csStart..<i], as: UTF8.self)
        // RFC 2231 §5: "charset*language".
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        i += 1
        guard i + 1 < b.count, b[i + 1] == UInt8(ascii: "?") else { return nil }
        let enc = b[i] | 0x20
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        i += 2
        let textStart = i
        while i + 1 < b.count && !(b[i] == UInt8(ascii: "?") && b[i + 1] == UInt8(ascii: "=")) {
            if b[i] == 32 || b[i] == 10 { return nil }
            i += 1
        }
        guard i + 1 < b.count else { return nil }
        let text = b[textStart..<i]
        let bytes: [UInt8]
        if enc == UInt8(ascii: "b") {
            bytes = TransferEncoding.decodeBase64(text)
        } else {
            // RFC 2047 §4.2: "_" is space, "=XX" a byte.
            var out: [UInt8] = []
            var j = text.startIndex
            while j < text.endIndex {
                let c = text[j]
                if c == UInt8(ascii: "_") {
                    out.append(32); j += 1
                } else if c == UInt8(ascii: "="), j + 2 < text.endIndex,
                          let h = TransferEncoding.hexValue(text[j + 1]), let l = TransferEncoding.hexValue(text[j + 2]) {
                    out.append(h << 4 | l); j += 3
                } else {
                    out.append(c); j += 1
                }
            }
            bytes = out
        }
        return (Charset.decode(bytes, charset: charset), i + 2)
    }
}
