/// What the submitter knows about a message beyond its envelope: the fields
/// queued needs for delivery (8BITMIME, SMTPUTF8, REQUIRETLS) and for DSNs
/// (RET, ENVID, Message-ID), and what the admin and webapi may set.
public struct QueueMessageOptions: Sendable {
    /// Local account that submitted: failures are delivered back to it, and
    /// routes, hold rules and suppression lists are per account.
    public var senderAccount: String
    /// The body has bytes with the high bit set (needs 8BITMIME, RFC 6152).
    public var has8bit: Bool
    /// Addresses or headers need SMTPUTF8 (RFC 6531).
    public var smtputf8: Bool
    /// RFC 8689: true for REQUIRETLS, false for "TLS-Required: No", nil to
    /// follow the recipient domain's policy (MTA-STS, DANE, opportunistic).
    public var requireTLS: Bool?
    public var dsnReturn: DSNReturn?
    /// RFC 3461 §4.4 ENVID, decoded.
    public var envelopeID: String?
    /// Message-ID header value with brackets, for the References of a DSN.
    public var messageID: String
    public var subject: String
    /// Header lines sent before the file's contents (e.g. DKIM-Signature),
    /// so the file can be shared with other copies of the message.
    public var prefix: [UInt8]
    /// First attempt no earlier than this (milliseconds since 1970): RFC
    /// 4865 FUTURERELEASE. Nil: now.
    public var nextAttempt: Int64?
    /// The FUTURERELEASE parameter as given ("for;SECONDS" or "until;DATE"),
    /// for the DSN's per-message fields (RFC 4865 §4).
    public var futureReleaseRequest: String
    /// A transport name from the config instead of routing.
    public var transport: String
    /// Attempts before giving up; 0 means the default (8).
    public var maxAttempts: Int
    /// An id for matching later DSNs and webhooks (webapi); unique when set.
    public var fromID: String
    /// Key/values carried into webhooks.
    public var extra: [String: String]

    public init(senderAccount: String, has8bit: Bool = false, smtputf8: Bool = false, requireTLS: Bool? = nil,
                dsnReturn: DSNReturn? = nil, envelopeID: String? = nil, messageID: String = "", subject: String = "",
                prefix: [UInt8] = [], nextAttempt: Int64? = nil, futureReleaseRequest: String = "",
                transport: String = "", maxAttempts: Int = 0, fromID: String = "", extra: [String: String] = [:]) {
        self.senderAccount = senderAccount
        self.has8bit = has8bit
        self.smtputf8 = smtputf8
        self.requireTLS = requireTLS
        self.dsnReturn = dsnReturn
        self.envelopeID = envelopeID
        self.messageID = messageID
        self.subject = subject
        self.prefix = prefix
        self.nextAttempt = nextAttempt
        self.futureReleaseRequest = futureReleaseRequest
        self.transport = transport
        self.maxAttempts = maxAttempts
        self.fromID = fromID
        self.extra = extra
    }
}
