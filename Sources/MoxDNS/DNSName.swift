/// A domain name as a list of labels in wire form (ASCII, A-labels for
/// internationalized names). Comparison and hashing ignore ASCII case
/// (RFC 4343 §3), so "Example.COM" and "example.com" are the same key.
public struct DNSName: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// Labels without the root label, each 1...63 bytes.
    public let labels: [[UInt8]]

    /// The root name ".".
    public static let root = DNSName(unchecked: [])

    init(unchecked labels: [[UInt8]]) { self.labels = labels }

    /// Checks RFC 1035 §2.3.4 limits: labels of 1 to 63 octets, 255 octets in
    /// wire form including length bytes and the root label.
    public init(labels: [[UInt8]]) throws(DNSNameError) {
        var total = 1
        for l in labels {
            guard !l.isEmpty else { throw .emptyLabel }
            guard l.count <= 63 else { throw .labelTooLong }
            total += l.count + 1
        }
        guard total <= 255 else { throw .nameTooLong }
        self.labels = labels
    }

    /// Parses presentation text ("mail.example.com", trailing dot optional).
    /// Labels with non-ASCII characters are converted to A-labels (IDNA, see
    /// `IDNA`). Backslash escapes (`\.`, `\DDD`) are accepted as in zone files.
    public init(_ text: String) throws(DNSNameError) {
        if text == "." || text.isEmpty {
            if text.isEmpty { throw .emptyLabel }
            self = .root
            return
        }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var nonASCII = false
        var finished: [(bytes: [UInt8], unicode: Bool)] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var endedWithDot = false
        while i < scalars.count {
            let c = scalars[i]
            endedWithDot = false
            if c == "." {
                guard !current.isEmpty else { throw .emptyLabel }
                finished.append((current, nonASCII))
                current = []
                nonASCII = false
                endedWithDot = true
                i += 1
                continue
            }
            if c == "\\" {
                i += 1
                guard i < scalars.count else { throw .invalidCharacter }
                let d = scalars[i]
                if d.properties.numericType != nil, i + 2 < scalars.count,
                   let v = UInt16(String(String.UnicodeScalarView(scalars[i...i+2]))), v <= 255 {
                    current.append(UInt8(v))
                    i += 3
                } else {
                    guard d.isASCII else { throw .invalidCharacter }
                    current.append(UInt8(d.value))
                    i += 1
                }
                continue
            }
            if c.isASCII {
                current.append(UInt8(c.value))
            } else {
                nonASCII = true
                current.append(contentsOf: Array(String(c).utf8))
            }
            i += 1
        }
        if !current.isEmpty { finished.append((current, nonASCII)) } else if !endedWithDot { throw .emptyLabel }
        for (bytes, unicode) in finished {
            if unicode {
                let s = String(decoding: bytes, as: UTF8.self)
                guard let a = IDNA.toASCII(label: s) else { throw .invalidIDNA }
                labels.append(Array(a.utf8))
            } else {
                labels.append(bytes)
            }
        }
        try self.init(labels: labels)
    }

    /// Presentation form without the trailing dot; the root is ".".
    /// Bytes outside printable ASCII and the dot itself are escaped.
    public var description: String {
        if labels.isEmpty { return "." }
        return labels.map(Self.escape).joined(separator: ".")
    }

    /// Presentation form with the trailing dot.
    public var fqdn: String { labels.isEmpty ? "." : description + "." }

    /// The name with U-labels for display (IDNA ToUnicode per label).
    public var unicodeDescription: String {
        labels.map { l in
            let s = Self.escape(l)
            return IDNA.toUnicode(label: s) ?? s
        }.joined(separator: ".")
    }

    static func escape(_ label: [UInt8]) -> String {
        var s = ""
        for b in label {
            switch b {
            case UInt8(ascii: "."), UInt8(ascii: "\\"):
                s.append("\\"); s.append(Character(Unicode.Scalar(b)))
            case 0x21...0x7e:
                s.append(Character(Unicode.Scalar(b)))
            default:
                let d = String(b)
                s.append("\\" + String(repeating: "0", count: 3 - d.count) + d)
            }
        }
        return s
    }

    /// Lowercased labels, the form used for equality and cache keys.
    public var canonical: [[UInt8]] { labels.map { $0.map(Self.lower) } }

    static func lower(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b + 32 : b }

    public static func == (a: DNSName, b: DNSName) -> Bool {
        guard a.labels.count == b.labels.count else { return false }
        for (x, y) in zip(a.labels, b.labels) {
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) where lower(p) != lower(q) { return false }
        }
        return true
    }

    public func hash(into h: inout Hasher) {
        for l in labels {
            h.combine(l.count)
            for b in l { h.combine(Self.lower(b)) }
        }
    }

    public static func < (a: DNSName, b: DNSName) -> Bool {
        a.description.lowercased() < b.description.lowercased()
    }

    /// The name with `other` appended ("www" + "example.com").
    public func appending(_ other: DNSName) throws(DNSNameError) -> DNSName {
        try DNSName(labels: labels + other.labels)
    }

    /// The parent name, nil for the root.
    public var parent: DNSName? { labels.isEmpty ? nil : DNSName(unchecked: Array(labels.dropFirst())) }

    /// Whether self equals `other` or lies below it.
    public func isSubdomain(of other: DNSName) -> Bool {
        guard labels.count >= other.labels.count else { return false }
        return DNSName(unchecked: Array(labels.suffix(other.labels.count))) == other
    }

    /// The wire length: label bytes plus length octets plus the root octet.
    public var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }
}

public enum DNSNameError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyLabel, labelTooLong, nameTooLong, invalidCharacter, invalidIDNA

    public var description: String {
        switch self {
        case .emptyLabel: return "empty label in domain name"
        case .labelTooLong: return "label longer than 63 octets"
        case .nameTooLong: return "domain name longer than 255 octets"
        case .invalidCharacter: return "invalid character in domain name"
        case .invalidIDNA: return "internationalized label cannot be converted to an A-label"
        }
    }
}
