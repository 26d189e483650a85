/// A DNS message (RFC 1035 §4.1) with the EDNS(0) OPT record (RFC 6891)
/// lifted out of the additional section.
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    public var isResponse = false
    public var opcode: UInt8 = 0
    public var authoritative = false
    /// TC: the answer did not fit and must be asked again over TCP (RFC 7766 §5).
    public var truncated = false
    public var recursionDesired = true
    public var recursionAvailable = false
    /// AD: the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3, RFC 6840 §5.7).
    public var authenticData = false
    public var checkingDisabled = false
    /// The full response code, including EDNS extended bits.
    public var rcode: UInt16 = 0
    public var questions: [DNSQuestion] = []
    public var answers: [DNSResourceRecord] = []
    public var authorities: [DNSResourceRecord] = []
    public var additionals: [DNSResourceRecord] = []
    public var edns: DNSEDNS?

    public init(id: UInt16) { self.id = id }

    /// A recursive query with EDNS0 and the DO bit, so a validating resolver
    /// sets AD on answers it validated (RFC 3225 §3, RFC 6840 §5.7).
    public static func query(id: UInt16, name: DNSName, type: DNSRecordType, udpPayloadSize: UInt16 = 1232) -> DNSMessage {
        var m = DNSMessage(id: id)
        m.recursionDesired = true
        m.authenticData = true
        m.questions = [DNSQuestion(name: name, type: type)]
        m.edns = DNSEDNS(udpPayloadSize: udpPayloadSize, dnssecOK: true)
        return m
    }
}

public struct DNSQuestion: Hashable, Sendable {
    public var name: DNSName
    public var type: DNSRecordType
    public var qClass: UInt16
    public init(name: DNSName, type: DNSRecordType, qClass: UInt16 = 1) { self.name = name; self.type = type; self.qClass = qClass }
}

/// The OPT pseudo-record's fields (RFC 6891 §6.1.3).
public struct DNSEDNS: Hashable, Sendable {
    public var udpPayloadSize: UInt16
    public var version: UInt8 = 0
    public var dnssecOK: Bool
    public var options: [UInt8] = []
    public init(udpPayloadSize: UInt16, dnssecOK: Bool) { self.udpPayloadSize = udpPayloadSize; self.dnssecOK = dnssecOK }
}

/// RFC 1035 §4.1.1 response codes.
public enum DNSRcode {
    public static let noError: UInt16 = 0
    public static let formErr: UInt16 = 1
    public static let servFail: UInt16 = 2
    public static let nxDomain: UInt16 = 3
    public static let notImp: UInt16 = 4
    public static let refused: UInt16 = 5
}

public enum DNSMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(String)
    case badPointer
    case pointerLoop
    case badName(DNSNameError)
    case badRecord(String)
    case tooLarge

    public var description: String {
        switch self {
        case .truncated(let what): return "message truncated in \(what)"
        case .badPointer: return "compression pointer does not point backwards"
        case .pointerLoop: return "too many compression pointers"
        case .badName(let e): return "bad name: \(e)"
        case .badRecord(let why): return "bad record: \(why)"
        case .tooLarge: return "message larger than 65535 bytes"
        }
    }
}
