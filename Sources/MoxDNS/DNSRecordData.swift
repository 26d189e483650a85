/// The data of a resource record, decoded for the types mail needs and kept
/// as bytes for the rest (RFC 3597 §5 presentation for those).
public enum DNSRecordData: Hashable, Sendable {
    case a(IPAddress)
    case aaaa(IPAddress)
    case ns(DNSName)
    case cname(DNSName)
    case ptr(DNSName)
    case mx(DNSMX)
    /// The character-strings of one TXT (or SPF) record, in order.
    case txt([[UInt8]])
    case soa(DNSSOA)
    case tlsa(DNSTLSA)
    case unknown([UInt8])

    /// Presentation form of the data (zone file syntax).
    public var presentation: String {
        switch self {
        case .a(let ip), .aaaa(let ip): return ip.description
        case .ns(let n), .cname(let n), .ptr(let n): return n.fqdn
        case .mx(let mx): return "\(mx.preference) \(mx.exchange.fqdn)"
        case .txt(let strings): return strings.map(DNSRecordData.quote).joined(separator: " ")
        case .soa(let s):
            return "\(s.mname.fqdn) \(s.rname.fqdn) \(s.serial) \(s.refresh) \(s.retry) \(s.expire) \(s.minimum)"
        case .tlsa(let t): return "\(t.usage) \(t.selector) \(t.matchingType) \(hex(t.data))"
        case .unknown(let b): return "\\# \(b.count) \(hex(b))"
        }
    }

    static func quote(_ s: [UInt8]) -> String {
        var out = "\""
        for b in s {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(Unicode.Scalar(b))
            case 0x20...0x7e: out.append(Character(Unicode.Scalar(b)))
            default:
                let d = String(b)
                out += "\\" + String(repeating: "0", count: 3 - d.count) + d
            }
        }
        return out + "\""
    }
}

func hex(_ b: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var s = ""
    for x in b { s.append(digits[Int(x >> 4)]); s.append(digits[Int(x & 15)]) }
    return s
}

public struct DNSMX: Hashable, Sendable {
    public var preference: UInt16
    public var exchange: DNSName
    public init(preference: UInt16, exchange: DNSName) { self.preference = preference; self.exchange = exchange }
}

public struct DNSSOA: Hashable, Sendable {
    public var mname: DNSName, rname: DNSName
    public var serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32
    public init(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.mname = mname; self.rname = rname; self.serial = serial
        self.refresh = refresh; self.retry = retry; self.expire = expire; self.minimum = minimum
    }
}

/// RFC 6698 §2.1.
public struct DNSTLSA: Hashable, Sendable {
    public var usage: UInt8, selector: UInt8, matchingType: UInt8
    public var data: [UInt8]
    public init(usage: UInt8, selector: UInt8, matchingType: UInt8, data: [UInt8]) {
        self.usage = usage; self.selector = selector; self.matchingType = matchingType; self.data = data
    }
}

/// One resource record.
public struct DNSResourceRecord: Hashable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var type: DNSRecordType
    public var rrClass: UInt16
    public var ttl: UInt32
    public var data: DNSRecordData

    public init(name: DNSName, type: DNSRecordType, rrClass: UInt16 = 1, ttl: UInt32, data: DNSRecordData) {
        self.name = name; self.type = type; self.rrClass = rrClass; self.ttl = ttl; self.data = data
    }

    public var description: String { "\(name.fqdn) \(ttl) IN \(type) \(data.presentation)" }
}
