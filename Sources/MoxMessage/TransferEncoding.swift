/// Content-Transfer-Encoding decoders (RFC 2045 §6). Both are lenient:
/// characters outside the alphabet are skipped, never fatal, because IMAP
/// BINARY (RFC 3516) must return something for every part.
public enum TransferEncoding {
    public static func decode<C: Collection>(_ body: C, encoding: String) -> [UInt8] where C.Element == UInt8 {
        switch encoding.lowercased() {
        case "base64": return decodeBase64(body)
        case "quoted-printable": return decodeQuotedPrintable(body)
        default: return Array(body)
        }
    }

    private static let base64Table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = Int8(i)
        }
        // RFC 4648 §5 URL-safe letters show up in broken mailers; accept them.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// RFC 2045 §6.8: characters not in the alphabet are ignored; decoding
    /// stops at the first pad character.
    public static func decodeBase64<C: Collection>(_ body: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(body.count * 3 / 4)
        var acc: UInt32 = 0
        var n = 0
        for c in body {
            if c == UInt8(ascii: "=") { break }
            let v = base64Table[Int(c)]
            if v < 0 { continue }
            acc = (acc << 6) | UInt32(v)
            n += 1
            if n == 4 {
                out.append(UInt8((acc >> 16) & 0xff))
                out.append(UInt8((acc >> 8) & 0xff))
                out.append(UInt8(acc & 0xff))
                acc = 0
                n = 0
            }
        }
        if n == 2 { out.append(UInt8((acc >> 4) & 0xff)) }
        if n == 3 {
            out.append(UInt8((acc >> 10) & 0xff))
            out.append(UInt8((acc >> 2) & 0xff))
        }
        return out
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// RFC 2045 §6.7: "=XX" is a byte, "=" at line end is a soft line break;
    /// trailing whitespace on a line is transport padding. A malformed "=" is
    /// kept literally (rule 6.7 note (2) suggests this robustness).
    public static func decodeQuotedPrintable<C: Collection>(_ body: C) -> [UInt8] where C.Element == UInt8 {
        let b = Array(body)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "=") {
                // Soft line break: "=" then optional whitespace then CRLF or LF.
                var j = i + 1
                while j < b.count && (b[j] == 32 || b[j] == 9) { j += 1 }
                if j < b.count && b[j] == 13 && j + 1 < b.count && b[j + 1] == 10 { i = j + 2; continue }
                if j < b.count && b[j] == 10 { i = j + 1; continue }
                if j == b.count { i = j; continue }
                if i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                out.append(c)
                i += 1
            } else if c == 32 || c == 9 {
                // Drop whitespace that ends a line.
                var j = i
                while j < b.count && (b[j] == 32 || b[j] == 9) { j += 1 }
                if j == b.count || b[j] == 10 || (b[j] == 13 && j + 1 < b.count && b[j + 1] == 10) {
                    i = j
                } else {
                    out.append(contentsOf: b[i..<j])
                    i = j
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
