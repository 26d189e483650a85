/// Splits a header section into fields. RFC 5322 §2.2: a field is a name, a
/// colon and a value; lines starting with WSP continue the previous field.
/// Lines without a colon are skipped rather than failing the message (real
/// mail has them, e.g. mbox "From " lines).
public enum HeaderParser {
    /// Where a part's header ends: returns (bodyStart) — the offset just past
    /// the empty line — or nil when the region has no empty line.
    static func findBodyStart(_ data: [UInt8], from start: Int, to end: Int) -> Int? {
        var i = start
        // A part that starts with an empty line has an empty header (RFC 2046 §5.1.1).
        if i < end && data[i] == 10 { return i + 1 }
        if i + 1 < end && data[i] == 13 && data[i + 1] == 10 { return i + 2 }
        while i < end {
            if data[i] == 10 {
                let n = i + 1
                if n < end && data[n] == 10 { return n + 1 }
                if n + 1 < end && data[n] == 13 && data[n + 1] == 10 { return n + 2 }
                // Bare CR line end followed by empty line is not handled: rare.
            }
            i += 1
        }
        return nil
    }

    public static func parse(_ data: [UInt8], from start: Int, to end: Int) -> Header {
        var fields: [HeaderField] = []
        var i = start
        while i < end {
            // One physical line [i, lineEnd), next at `next`.
            var lineEnd = i
            while lineEnd < end && data[lineEnd] != 10 { lineEnd += 1 }
            let next = min(lineEnd + 1, end)
            var content = lineEnd
            if content > i && data[content - 1] == 13 { content -= 1 }
            if content == i { i = next; continue }
            let first = data[i]
            if (first == 32 || first == 9), !fields.isEmpty {
                // Continuation line: keep the fold so the raw value stays faithful.
                fields[fields.count - 1].rawValue.append(contentsOf: [13, 10])
                fields[fields.count - 1].rawValue.append(contentsOf: data[i..<content])
            } else if let colon = data[i..<content].firstIndex(of: 58) {
                var nameEnd = colon
                while nameEnd > i && (data[nameEnd - 1] == 32 || data[nameEnd - 1] == 9) { nameEnd -= 1 }
                let name = String(decoding: data[i..<nameEnd], as: UTF8.self)
                if !name.isEmpty {
                    fields.append(HeaderField(name: name, rawValue: Array(data[(colon + 1)..<content])))
                }
            }
            i = next
        }
        return Header(fields: fields)
    }
}
