/// The server mechanisms we implement, by their IANA names.
public enum SASLMechanism: String, Sendable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
    case cramMD5 = "CRAM-MD5"
    case scramSHA1 = "SCRAM-SHA-1"
    case scramSHA1Plus = "SCRAM-SHA-1-PLUS"
    case scramSHA256 = "SCRAM-SHA-256"
    case scramSHA256Plus = "SCRAM-SHA-256-PLUS"
    case external = "EXTERNAL"

    /// Case-insensitive lookup; mechanism names are upper case on the wire (RFC 4422 §3.1).
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    public var scramHash: SCRAMHash? {
        switch self {
        case .scramSHA1, .scramSHA1Plus: return .sha1
        case .scramSHA256, .scramSHA256Plus: return .sha256
        default: return nil
        }
    }

    public var isChannelBinding: Bool { self == .scramSHA1Plus || self == .scramSHA256Plus }

    /// What to advertise on a connection: -PLUS only where the network process
    /// can supply binding data (TLS); PLAIN/LOGIN only on TLS unless allowed;
    /// EXTERNAL only with a client certificate.
    public static func advertised(tls: Bool, channelBinding: Bool, clientCertificate: Bool, allowPlaintextPasswords: Bool = false) -> [SASLMechanism] {
        var l: [SASLMechanism] = []
        if channelBinding { l += [.scramSHA256Plus, .scramSHA1Plus] }
        l += [.scramSHA256, .scramSHA1, .cramMD5]
        if tls || allowPlaintextPasswords { l += [.plain, .login] }
        if clientCertificate { l.append(.external) }
        return l
    }
}
