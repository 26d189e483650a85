/// One RCPT TO of a message being queued, with its RFC 3461 parameters.
public struct QueueRecipient: Sendable, Hashable {
    /// The forward-path address, localpart@domain (domain may be an address literal).
    public var address: String
    /// RFC 3461 §4.1; nil when the client gave no NOTIFY.
    public var notify: DSNNotify?
    /// RFC 3461 §4.2 ORCPT as "addr-type;address" (decoded), or nil.
    public var originalRecipient: String?

    public init(address: String, notify: DSNNotify? = nil, originalRecipient: String? = nil) {
        self.address = address
        self.notify = notify
        self.originalRecipient = originalRecipient
    }
}
