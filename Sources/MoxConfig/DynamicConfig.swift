/// domains.conf: what may change while the server runs (mox's config.Dynamic).
public struct DynamicConfig: Codable, Sendable {
    public var domains: [String: Domain]
    public var accounts: [String: Account]
    public var webDomainRedirects: [String: String]?
    public var webHandlers: [WebHandlerConfig]?
    public var routes: [Route]?
    public var monitorDNSBLs: [String]?
}

public struct Domain: Codable, Sendable {
    public var disabled: Bool?
    public var description: String?
    public var clientSettingsDomain: String?
    public var localpartCatchallSeparator: String?
    public var localpartCatchallSeparators: [String]?
    public var localpartCaseSensitive: Bool?
    public var dkim: DKIM?
    public var dmarc: ReportAddress?
    public var mtasts: MTASTSPolicy?
    public var tlsrpt: ReportAddress?
    public var routes: [Route]?
    public var aliases: [String: Alias]?
}

public struct DKIM: Codable, Sendable {
    public struct Selector: Codable, Sendable {
        public struct Canonicalization: Codable, Sendable {
            public var headerRelaxed: Bool?
            public var bodyRelaxed: Bool?
        }
        public var hash: String?
        public var canonicalization: Canonicalization?
        public var headers: [String]?
        public var dontSealHeaders: Bool?
        public var expiration: String?
        public var privateKeyFile: String
    }
    public var selectors: [String: Selector]?
    public var sign: [String]?
}

public struct ReportAddress: Codable, Sendable {
    public var localpart: String
    public var domain: String?
    public var account: String
    public var mailbox: String
}

public struct MTASTSPolicy: Codable, Sendable {
    public var policyID: String
    public var mode: String
    public var maxAge: ConfigDuration
    public var mx: [String]?
}

public struct Route: Codable, Sendable {
    public var fromDomain: [String]?
    public var toDomain: [String]?
    public var minimumAttempts: Int?
    public var transport: String
}

public struct Alias: Codable, Sendable {
    public struct Address: Codable, Sendable {}
    public var addresses: [String]
    public var postPublic: Bool?
    public var listMembers: Bool?
    public var allowMsgFrom: Bool?
}

public struct WebHandlerConfig: Codable, Sendable {
    public var logName: String?
    public var domain: String
    public var pathRegexp: String
    public var dontRedirectPlainHTTP: Bool?
    public var compress: Bool?
    // Exactly one of these (mox's config.WebHandler).
    public var webStatic: WebStatic?
    public var webRedirect: WebRedirect?
    public var webForward: WebForward?
    public var webInternal: WebInternal?
}

public struct WebStatic: Codable, Sendable {
    public var stripPrefix: String?
    public var root: String
    public var listFiles: Bool?
    public var continueNotFound: Bool?
    public var responseHeaders: [String: String]?
}

public struct WebRedirect: Codable, Sendable {
    public var baseURL: String?
    public var origPathRegexp: String?
    public var replacePath: String?
    public var statusCode: Int?
}

public struct WebForward: Codable, Sendable {
    public var stripPath: Bool?
    public var url: String
    public var responseHeaders: [String: String]?
}

public struct WebInternal: Codable, Sendable {
    public var basePath: String
    public var service: String
}

public struct Account: Codable, Sendable {
    public var outgoingWebhook: OutgoingWebhook?
    public var incomingWebhook: IncomingWebhook?
    public var fromIDLoginAddresses: [String]?
    public var keepRetiredMessagePeriod: ConfigDuration?
    public var keepRetiredWebhookPeriod: ConfigDuration?
    public var loginDisabled: String?
    public var domain: String
    public var description: String?
    public var fullName: String?
    public var destinations: [String: Destination]?
    public var subjectPass: SubjectPass?
    public var quotaMessageSize: Int64?
    public var rejectsMailbox: String?
    public var keepRejects: Bool?
    public var automaticJunkFlags: AutomaticJunkFlags?
    public var junkFilter: JunkFilter?
    public var maxOutgoingMessagesPerDay: Int?
    public var maxFirstTimeRecipientsPerDay: Int?
    public var noFirstTimeSenderDelay: Bool?
    public var noCustomPassword: Bool?
    public var routes: [Route]?
    public var introbox: String?
    public var imapCapabilitiesDisabled: [String]?
}

public struct OutgoingWebhook: Codable, Sendable {
    public var url: String
    public var authorization: String?
    public var events: [String]?
}

public struct IncomingWebhook: Codable, Sendable {
    public var url: String
    public var authorization: String?
}

public struct Destination: Codable, Sendable {
    public var mailbox: String?
    public var rulesets: [Ruleset]?
    public var smtpError: String?
    public var messageAuthRequiredSMTPError: String?
    public var fullName: String?
}

public struct Ruleset: Codable, Sendable {
    public var smtpMailFromRegexp: String?
    public var msgFromRegexp: String?
    public var verifiedDomain: String?
    public var headersRegexp: [String: String]?
    public var isForward: Bool?
    public var listAllowDomain: String?
    public var acceptRejectsToMailbox: String?
    public var mailbox: String
    public var comment: String?
}

public struct SubjectPass: Codable, Sendable {
    public var period: ConfigDuration
}

public struct AutomaticJunkFlags: Codable, Sendable {
    public var enabled: Bool
    public var junkMailboxRegexp: String?
    public var neutralMailboxRegexp: String?
    public var notJunkMailboxRegexp: String?
}

public struct JunkFilter: Codable, Sendable {
    public struct Params: Codable, Sendable {
        public var onegrams: Bool?
        public var twograms: Bool?
        public var threegrams: Bool?
        public var maxPower: Double
        public var topWords: Int
        public var ignoreWords: Double?
        public var rareWords: Int?
    }
    public var threshold: Double
    public var params: Params
}
