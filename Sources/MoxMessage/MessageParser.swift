/// Parses a whole message (RFC 5322 header and body, RFC 2045-2049 MIME) into
/// a MessagePart tree. Pure and total: malformed input gives the best
/// structure that can be recovered, never an error. Nesting is limited so a
/// hostile message cannot exhaust the stack.
public enum MessageParser {
    public static let maxDepth = 32

    public static func parse(_ data: [UInt8]) -> (part: MessagePart, header: Header) {
        parsePart(data, from: 0, to: data.count, defaultType: ("text", "plain"), isMessage: true, depth: 0)
    }

    static func parsePart(_ data: [UInt8], from start: Int, to end: Int, defaultType: (String, String),
                          isMessage: Bool, depth: Int) -> (part: MessagePart, header: Header) {
        let bodyStart = HeaderParser.findBodyStart(data, from: start, to: end) ?? end
        let header = HeaderParser.parse(data, from: start, to: bodyStart)
        var part = MessagePart(headerStart: start, bodyStart: bodyStart, end: end)
        part.mediaType = defaultType.0
        part.mediaSubtype = defaultType.1
        var hasContentType = false
        if let ct = header["Content-Type"] {
            let v = MIMEValue.parse(ct)
            let pieces = v.value.split(separator: "/", maxSplits: 1)
            // RFC 2045 §5.2: a syntactically invalid Content-Type means text/plain.
            if pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty {
                part.mediaType = String(pieces[0]).trimmed
                part.mediaSubtype = String(pieces[1]).trimmed
                part.parameters = v.parameters
                hasContentType = true
            } else {
                part.mediaType = "text"
                part.mediaSubtype = "plain"
            }
        }
        if !hasContentType && part.mediaType == "text" {
            part.parameters = [MIMEParameter(name: "charset", value: "us-ascii")]
        }
        if let cte = header["Content-Transfer-Encoding"] {
            let t = MIMEValue.parse(cte).value
            if !t.isEmpty { part.transferEncoding = t }
        }
        part.contentID = header["Content-ID"]
        part.contentDescription = header["Content-Description"]
        part.contentMD5 = header["Content-MD5"]
        part.location = header["Content-Location"]
        if let cd = header["Content-Disposition"] {
            let v = MIMEValue.parse(cd)
            if !v.value.isEmpty {
                part.disposition = v.value
                part.dispositionParameters = v.parameters
            }
        }
        if let lang = header["Content-Language"] {
            part.language = lang.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
        }
        if isMessage { part.envelope = Envelope(header: header) }
        part.bodyLines = countLines(data, from: bodyStart, to: end)

        guard depth < maxDepth else { return (part, header) }
        if part.isMultipart {
            let boundary = part.parameter("boundary") ?? ""
            let childDefault = part.mediaSubtype == "digest" ? ("message", "rfc822") : ("text", "plain")
            let ranges = boundary.isEmpty ? [] : splitMultipart(data, from: bodyStart, to: end, boundary: Array(boundary.utf8))
            for r in ranges {
                let child = parsePart(data, from: r.lowerBound, to: r.upperBound, defaultType: childDefault,
                                      isMessage: false, depth: depth + 1)
                part.parts.append(child.part)
            }
            if part.parts.isEmpty {
                // No usable boundary: IMAP needs at least one part, so the
                // body becomes one text/plain part (what mail clients show).
                var only = MessagePart(headerStart: bodyStart, bodyStart: bodyStart, end: end)
                only.parameters = [MIMEParameter(name: "charset", value: "us-ascii")]
                only.bodyLines = part.bodyLines
                part.parts = [only]
            }
        } else if part.isMessage, ["7bit", "8bit", "binary"].contains(part.transferEncoding) {
            let inner = parsePart(data, from: bodyStart, to: end, defaultType: ("text", "plain"), isMessage: true, depth: depth + 1)
            part.parts = [inner.part]
        }
        return (part, header)
    }

    static func countLines(_ data: [UInt8], from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        var n = 0
        for i in start..<end where data[i] == 10 { n += 1 }
        // A last line without a line end still counts.
        if data[end - 1] != 10 { n += 1 }
        return n
    }

    /// RFC 2046 §5.1.1: a delimiter is CRLF "--" boundary at the start of a
    /// line, optionally followed by whitespace; "--" boundary "--" closes. The
    /// CRLF before a delimiter belongs to the delimiter. A missing close
    /// delimiter ends the last part at the end of the body.
    static func splitMultipart(_ data: [UInt8], from start: Int, to end: Int, boundary: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var lineStart = start
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end && data[lineEnd] != 10 { lineEnd += 1 }
            let next = min(lineEnd + 1, end)
            if lineEnd - lineStart >= boundary.count + 2,
               data[lineStart] == 45, data[lineStart + 1] == 45,
               data[(lineStart + 2)..<(lineStart + 2 + boundary.count)].elementsEqual(boundary) {
                var k = lineStart + 2 + boundary.count
                var closing = false
                if k + 2 <= lineEnd, data[k] == 45, data[k + 1] == 45 {
                    closing = true
                    k += 2
                }
                // Only whitespace may follow the boundary on its line.
                var ok = true
                var j = k
                while j < lineEnd {
                    if !(data[j] == 32 || data[j] == 9 || data[j] == 13) { ok = false; break }
                    j += 1
                }
                if ok {
                    if let s = partStart {
                        // The line end before this delimiter is part of it.
                        var e = lineStart
                        if e > s && data[e - 1] == 10 { e -= 1 }
                        if e > s && data[e - 1] == 13 { e -= 1 }
                        ranges.append(s..<max(s, e))
                    }
                    if closing { return ranges }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let s = partStart, s < end { ranges.append(s..<end) }
        return ranges
    }
}
