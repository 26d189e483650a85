/// Header and body canonicalization, RFC 6376 §3.4.
public enum DKIMCanonicalization: String, Sendable, CaseIterable {
    case simple
    case relaxed

    /// The c= tag: "header/body"; a missing body part means simple (§3.5).
    public struct Pair: Sendable, Equatable {
        public var header: DKIMCanonicalization
        public var body: DKIMCanonicalization

        public init(header: DKIMCanonicalization, body: DKIMCanonicalization) {
            self.header = header
            self.body = body
        }

        public static let simpleSimple = Pair(header: .simple, body: .simple)
        public static let relaxedRelaxed = Pair(header: .relaxed, body: .relaxed)

        public var tagValue: String { header.rawValue + "/" + body.rawValue }

        public init?(tagValue: String) {
            let parts = tagValue.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let h = DKIMCanonicalization(rawValue: parts[0].lowercased()) else { return nil }
            let b = parts.count == 2 ? DKIMCanonicalization(rawValue: parts[1].lowercased()) : .simple
            guard let b else { return nil }
            self.init(header: h, body: b)
        }
    }

    /// One header field canonicalized, including its CRLF if `raw` has one.
    /// §3.4.1 simple: unchanged. §3.4.2 relaxed: name lower-cased, value
    /// unfolded, WSP runs to one SP, WSP at the value's ends and around the
    /// colon removed.
    public func header(_ raw: [UInt8]) -> [UInt8] {
        guard self == .relaxed else { return raw }
        var field = raw
        var hadCRLF = false
        if field.count >= 2, field[field.count - 2] == 13, field[field.count - 1] == 10 {
            field.removeLast(2)
            hadCRLF = true
        }
        guard let colon = field.firstIndex(of: 58) else { return raw }
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var name = field[..<colon]
        while let l = name.last, l == 32 || l == 9 { name = name.dropLast() }
        out += name.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        out.append(58)
        var value: [UInt8] = []
        var inWSP = false
        var i = colon + 1
        while i < field.count {
            let c = field[i]
            if c == 13, i + 1 < field.count, field[i + 1] == 10 {
                // Unfold: CRLF is dropped; the WSP after it joins the run.
                i += 2
                continue
            }
            if c == 32 || c == 9 {
                inWSP = true
            } else {
                if inWSP && !value.isEmpty { value.append(32) }
                inWSP = false
                value.append(c)
            }
            i += 1
        }
        out += value
        if hadCRLF { out += [13, 10] }
        return out
    }

    /// The canonical body, RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed).
    public func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var lines = DKIMCanonicalization.lines(body)
        if self == .relaxed {
            lines = lines.map(DKIMCanonicalization.relaxedLine)
        }
        // Both: no empty lines at the end of the body.
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        if lines.isEmpty {
            // §3.4.3: an empty body is one CRLF in simple; §3.4.4: nothing in relaxed.
            return self == .simple ? [13, 10] : []
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 2)
        for l in lines {
            out += l
            out += [13, 10]
        }
        return out
    }

    /// Lines without their CRLF; a final unterminated line counts as a line.
    static func lines(_ body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = body.startIndex
        var i = body.startIndex
        while i < body.endIndex {
            if body[i] == 13, i + 1 < body.endIndex, body[i + 1] == 10 {
                out.append(body[start..<i])
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        if start < body.endIndex { out.append(body[start...]) }
        return out
    }

    /// §3.4.4: WSP at the end of a line removed, other WSP runs to one SP.
    static func relaxedLine(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var inWSP = false
        for c in line {
            if c == 32 || c == 9 {
                inWSP = true
            } else {
                if inWSP { out.append(32) }
                inWSP = false
                out.append(c)
            }
        }
        return ArraySlice(out)
    }
}
