/// A Content-Type or Content-Disposition parameter after RFC 2231 assembly
/// (continuations joined, charset applied). Names are lowercased.
public struct MIMEParameter: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A parsed "type/subtype; param=value" (RFC 2045 §5.1) or
/// "disposition; param=value" (RFC 2183) value.
public struct MIMEValue: Sendable, Equatable {
    public var value: String
    public var parameters: [MIMEParameter]

    public func parameter(_ name: String) -> String? {
        let n = name.lowercased()
        return parameters.first { $0.name == n }?.value
    }

    /// Never fails: a value that does not parse yields what could be read.
    public static func parse(_ s: String) -> MIMEValue {
        var scanner = StructuredScanner(s)
        let value = scanner.readUntil(";").trimmed.lowercased()
        var raw: [(name: String, value: String, quoted: Bool)] = []
        while scanner.skip(";") {
            scanner.skipCFWS()
            let name = scanner.readToken(stopAt: "=;").trimmed.lowercased()
            scanner.skipCFWS()
            guard scanner.skip("=") else {
                if name.isEmpty && scanner.isAtEnd { break }
                _ = scanner.readUntil(";")
                continue
            }
            scanner.skipCFWS()
            if scanner.peek == UInt8(ascii: "\"") {
                raw.append((name, scanner.readQuoted(), true))
            } else {
                // Lenient: unquoted values with spaces or "/" occur in practice.
                raw.append((name, scanner.readUntil(";").trimmed, false))
            }
            scanner.skipCFWS()
        }
        return MIMEValue(value: value, parameters: assemble(raw))
    }

    /// RFC 2231 §3 continuations ("name*0", "name*1") and §4 charset/language
    /// ("name*=utf-8'en'%E2%82%AC"). Plain parameters can also carry RFC 2047
    /// words (common in filenames, though not allowed by RFC 2047 §5).
    static func assemble(_ raw: [(name: String, value: String, quoted: Bool)]) -> [MIMEParameter] {
        var order: [String] = []
        var sections: [String: [(index: Int, value: String, encoded: Bool)]] = [:]
        for p in raw {
            var name = p.name
            var encoded = false
            if name.hasSuffix("*") {
                encoded = true
                name.removeLast()
            }
            var index = -1
            if let star = name.lastIndex(of: "*"), let n = Int(name[name.index(after: star)...]) {
                index = n
                name = String(name[..<star])
            }
            if sections[name] == nil { order.append(name) }
            sections[name, default: []].append((index, p.value, encoded))
        }
        var out: [MIMEParameter] = []
        for name in order {
            let parts = sections[name]!.sorted { $0.index < $1.index }
            var charset = ""
            var bytes: [UInt8] = []
            var plain = ""
            var anyEncoded = false
            for (i, part) in parts.enumerated() {
                if part.encoded {
                    anyEncoded = true
                    var v = Substring(part.value)
                    if i == 0 {
                        // charset'language'value
                        let pieces = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 {
                            charset = String(pieces[0])
                            v = pieces[2]
                        }
                    }
                    bytes += percentDecode(v)
                } else {
                    if anyEncoded { bytes += Array(part.value.utf8) } else { plain += part.value }
                }
            }
            let value = anyEncoded ? plain + Charset.decode(bytes, charset: charset) : EncodedWord.decode(plain)
            out.append(MIMEParameter(name: name, value: value))
        }
        return out
    }

    static func percentDecode(_ s: Substring) -> [UInt8] {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count,
               let h = TransferEncoding.hexValue(b[i + 1]), let l = TransferEncoding.hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
