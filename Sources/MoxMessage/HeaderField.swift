/// One header field as it appears in the message: the name as written and the
/// raw value bytes (folding kept), with the field's byte range in the message.
public struct HeaderField: Sendable, Equatable {
    public var name: String
    /// Bytes after the colon up to (not including) the line end of the last
    /// folded line. RFC 6532 allows UTF-8 here; other 8-bit bytes are kept as is.
    public var rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value unfolded (RFC 5322 §2.2.3: CRLF followed by WSP is removed)
    /// with surrounding whitespace trimmed; invalid UTF-8 becomes U+FFFD.
    public var value: String {
        var out: [UInt8] = []
        out.reserveCapacity(rawValue.count)
        for b in rawValue where b != 13 && b != 10 { out.append(b) }
        var s = out[...]
        while let f = s.first, f == 32 || f == 9 { s = s.dropFirst() }
        while let l = s.last, l == 32 || l == 9 { s = s.dropLast() }
        return String(decoding: s, as: UTF8.self)
    }

    /// The value with RFC 2047 encoded words decoded.
    public var decodedValue: String { EncodedWord.decode(value) }
}

/// The fields of one header section, in order. Lookup ignores case (RFC 5322 §1.2.2).
public struct Header: Sendable, Equatable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) { self.fields = fields }

    public func first(_ name: String) -> HeaderField? {
        let n = name.lowercased()
        return fields.first { $0.name.lowercased() == n }
    }

    public func all(_ name: String) -> [HeaderField] {
        let n = name.lowercased()
        return fields.filter { $0.name.lowercased() == n }
    }

    public subscript(_ name: String) -> String? { first(name)?.value }
}
