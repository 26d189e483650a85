/// A group of IPs and the services served on them (mox's config.Listener).
public struct Listener: Codable, Sendable {
    public var ips: [String]
    public var natIPs: [String]?
    public var ipsNATed: Bool?
    public var hostname: String?
    public var tls: ListenerTLS?
    public var smtpMaxMessageSize: Int64?
    public var smtp: SMTPService?
    public var submission: SubmissionService?
    public var submissions: PortService?
    public var imap: IMAPService?
    public var imaps: PortService?
    public var accountHTTP: WebService?
    public var accountHTTPS: WebService?
    public var adminHTTP: WebService?
    public var adminHTTPS: WebService?
    public var webmailHTTP: WebService?
    public var webmailHTTPS: WebService?
    public var webAPIHTTP: WebService?
    public var webAPIHTTPS: WebService?
    public var metricsHTTP: PortService?
    public var pprofHTTP: PortService?
    public var autoconfigHTTPS: PolicyWebService?
    public var mtastsHTTPS: PolicyWebService?
    public var webserverHTTP: WebserverService?
    public var webserverHTTPS: WebserverService?
}

public struct WebserverService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var rateLimitDisabled: Bool?
}

public struct ListenerTLS: Codable, Sendable {
    public struct KeyCert: Codable, Sendable {
        public var certFile: String
        public var keyFile: String
    }
    public var acme: String?
    public var keyCerts: [KeyCert]?
    public var minVersion: String?
    public var hostPrivateKeyFiles: [String]?
}

public struct PortService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var enabledOnHTTPS: Bool?
}

public struct SMTPService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var noSTARTTLS: Bool?
    public var requireSTARTTLS: Bool?
    public var noRequireTLS: Bool?
    public var dnsbls: [String]?
    public var firstTimeSenderDelay: ConfigDuration?
    public var tlsSessionTicketsDisabled: Bool?
}

public struct SubmissionService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var noRequireSTARTTLS: Bool?
}

public struct IMAPService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var noRequireSTARTTLS: Bool?
}

public struct WebService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var path: String?
    public var forwarded: Bool?
}

public struct PolicyWebService: Codable, Sendable {
    public var enabled: Bool
    public var port: Int?
    public var nonTLS: Bool?
}
