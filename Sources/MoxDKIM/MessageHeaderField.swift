/// One header field of a message as it appeared: name and the raw bytes
/// from the name through the final CRLF, folded lines included. DKIM's
/// simple canonicalization hashes exactly these bytes.
public struct MessageHeaderField: Sendable, Equatable {
    public var name: String
    public var lowercasedName: String
    public var raw: [UInt8]

    /// Splits a message into header fields and the offset where the body
    /// starts (after the empty line). RFC 5322 §2.2: a field is a name, a
    /// colon, and lines continued by leading WSP. Returns nil when the
    /// header section is malformed (a continuation first, a line without a
    /// colon, a bad field name), which verification reports as permerror.
    public static func parse(message: [UInt8]) -> (fields: [MessageHeaderField], bodyOffset: Int)? {
        var fields: [MessageHeaderField] = []
        var current: (start: Int, colon: Int)? = nil
        var i = 0
        let n = message.count

        func close(_ end: Int) -> Bool {
            guard let c = current else { return true }
            let nameBytes = message[c.start..<c.colon]
            var trimmed = nameBytes
            // Some senders put WSP before the colon (obsolete syntax, RFC 5322 §4.5).
            while let l = trimmed.last, l == 32 || l == 9 { trimmed = trimmed.dropLast() }
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0 > 32 && $0 < 127 }) else { return false }
            let name = String(decoding: trimmed, as: UTF8.self)
            fields.append(MessageHeaderField(name: name, lowercasedName: name.lowercased(), raw: Array(message[c.start..<end])))
            current = nil
            return true
        }

        while i < n {
            // Find the end of this line (after CRLF, or the end of the message).
            var j = i
            while j < n && !(message[j] == 10 && j > i && message[j - 1] == 13) { j += 1 }
            let lineEnd = j < n ? j + 1 : n
            let line = message[i..<lineEnd]
            if line.count == 2 && line.first == 13 {
                guard close(i) else { return nil }
                return (fields, lineEnd)
            }
            if let f = line.first, f == 32 || f == 9 {
                guard current != nil else { return nil }
            } else {
                guard close(i) else { return nil }
                guard let colon = line.firstIndex(of: 58) else { return nil }
                current = (i, colon)
            }
            i = lineEnd
        }
        guard close(n) else { return nil }
        // No empty line: all header, empty body.
        return (fields, n)
    }
}
