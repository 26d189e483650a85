import MoxDNS

/// The Received-SPF header (RFC 7208 §9.1) that records an SPF check in the
/// message, next to Authentication-Results.
public struct ReceivedSPF: Equatable, Sendable {
    public var outcome: SPFOutcome
    public var ip: IPAddress
    public var mailFrom: String
    public var helo: String
    /// This host's name (receiver=).
    public var receiver: String
    /// "mailfrom" or "helo" (§9.1 identity).
    public var identity: String

    public init(outcome: SPFOutcome, ip: IPAddress, mailFrom: String, helo: String, receiver: String, identity: String = "mailfrom") {
        self.outcome = outcome; self.ip = ip; self.mailFrom = mailFrom; self.helo = helo; self.receiver = receiver; self.identity = identity
    }

    /// The header line ending in CRLF, folded before the key-value list.
    public func header() -> String {
        var pairs: [(String, String)] = [
            ("client-ip", ip.description),
            ("envelope-from", mailFrom.isEmpty ? "" : mailFrom),
            ("helo", helo),
        ]
        if let m = outcome.mechanism { pairs.append(("mechanism", m)) }
        if let p = outcome.problem { pairs.append(("problem", p)) }
        pairs.append(("receiver", receiver))
        pairs.append(("identity", identity))
        let comment = "\(receiver): domain of \(outcome.domain) " + Self.verb(outcome.result) + " \(ip)"
        let kv = pairs.map { "\($0.0)=\(Self.value($0.1))" }.joined(separator: ";\r\n\t")
        return "Received-SPF: \(outcome.result.rawValue) (\(Self.commentSafe(comment)))\r\n\t\(kv);\r\n"
    }

    static func verb(_ r: SPFResult) -> String {
        switch r {
        case .pass: return "designates"
        case .fail: return "does not designate"
        case .softfail: return "does not designate (softfail)"
        case .neutral, .none: return "neither permits nor denies"
        case .temperror: return "had a temporary error checking"
        case .permerror: return "has a broken SPF policy for"
        }
    }

    /// dot-atom when possible, otherwise a quoted-string (RFC 5322 §3.2).
    static func value(_ s: String) -> String {
        let atext = Set("!#$%&'*+-/=?^_`{|}~.")
        if !s.isEmpty, !s.hasPrefix("."), !s.hasSuffix("."), !s.contains(".."),
           s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || atext.contains($0)) }) { return s }
        var q = "\""
        for c in s where c != "\r" && c != "\n" {
            if c == "\"" || c == "\\" { q.append("\\") }
            q.append(c)
        }
        return q + "\""
    }

    static func commentSafe(_ s: String) -> String { s.filter { $0 != "(" && $0 != ")" && $0 != "\\" && $0 != "\r" && $0 != "\n" } }
}
