/// A byte cursor over a structured header value (RFC 5322 §3.2): quoted
/// strings, comments, and tokens. Every method stops at the end of input.
struct StructuredScanner {
    let b: [UInt8]
    var i = 0

    init(_ s: String) { b = Array(s.utf8) }

    var isAtEnd: Bool { i >= b.count }
    var peek: UInt8? { i < b.count ? b[i] : nil }

    mutating func skip(_ c: Character) -> Bool {
        skipCFWS()
        if i < b.count && b[i] == c.asciiValue! { i += 1; return true }
        return false
    }

    /// Folding whitespace and comments (RFC 5322 §3.2.2); comments nest.
    mutating func skipCFWS() {
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 9 || c == 13 || c == 10 { i += 1; continue }
            if c == UInt8(ascii: "(") { _ = readComment(); continue }
            break
        }
    }

    /// Reads a comment starting at "(", returns its text.
    mutating func readComment() -> String {
        var depth = 0
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\\"), i < b.count { out.append(b[i]); i += 1; continue }
            if c == UInt8(ascii: "(") { depth += 1; if depth == 1 { continue } }
            if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a quoted string starting at the quote; backslash quotes the next
    /// character (RFC 5322 §3.2.4). An unterminated string runs to the end.
    mutating func readQuoted() -> String {
        var out: [UInt8] = []
        i += 1
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\\"), i < b.count { out.append(b[i]); i += 1; continue }
            if c == UInt8(ascii: "\"") { break }
            if c == 13 || c == 10 { continue }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads up to an unquoted `stop` character (not consumed).
    mutating func readUntil(_ stop: Character) -> String {
        let s = stop.asciiValue!
        var out: [UInt8] = []
        while i < b.count && b[i] != s {
            if b[i] == UInt8(ascii: "\"") {
                out += Array(readQuoted().utf8)
                continue
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a token: stops at whitespace, comments, quotes or any of `stopAt`.
    mutating func readToken(stopAt: String) -> String {
        let stops = Set(stopAt.utf8)
        let start = i
        while i < b.count, !stops.contains(b[i]), b[i] > 32, b[i] != UInt8(ascii: "("), b[i] != UInt8(ascii: "\"") { i += 1 }
        return String(decoding: b[start..<i], as: UTF8.self)
    }
}
