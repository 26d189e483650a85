/// How the queue delivers (mox's config.Transport): exactly one method is set.
public struct Transport: Codable, Sendable {
    public var submissions: SMTPTransport?
    public var submission: SMTPTransport?
    public var smtp: SMTPTransport?
    public var socks: SocksTransport?
    public var direct: DirectTransport?
    public var fail: FailTransport?
}

/// Fails deliveries with a fixed SMTP error instead of attempting them.
public struct FailTransport: Codable, Sendable {
    public var smtpCode: Int?
    public var smtpMessage: String?
}

public struct SMTPTransport: Codable, Sendable {
    public struct Auth: Codable, Sendable {
        public var username: String
        public var password: String
        public var mechanisms: [String]?
    }
    public var host: String
    public var port: Int?
    public var startTLSInsecureSkipVerify: Bool?
    public var noSTARTTLS: Bool?
    public var auth: Auth?
}

public struct SocksTransport: Codable, Sendable {
    public var address: String
    public var remoteIPs: [String]
    public var remoteHostname: String
}

public struct DirectTransport: Codable, Sendable {
    public var disableIPv4: Bool?
    public var disableIPv6: Bool?
}
