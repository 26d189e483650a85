/// One element of an address list in the shape IMAP's ENVELOPE uses
/// (RFC 9051 §7.5.2): a mailbox has mailbox and host; a group starts with
/// mailbox set to the group name and host nil, and ends with all fields nil.
/// `name` is kept as written (encoded words included), as IMAP sends it.
public struct Address: Sendable, Equatable {
    public var name: String?
    public var adl: String?
    public var mailbox: String?
    public var host: String?

    public init(name: String? = nil, adl: String? = nil, mailbox: String?, host: String?) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }

    public var isGroupStart: Bool { mailbox != nil && host == nil }
    public var isGroupEnd: Bool { mailbox == nil && host == nil && name == nil }

    /// "local@host" for a mailbox, nil for group markers.
    public var addrSpec: String? {
        guard let mailbox, let host else { return nil }
        return host.isEmpty ? mailbox : "\(mailbox)@\(host)"
    }

    /// The display name with RFC 2047 words decoded.
    public var decodedName: String? { name.map(EncodedWord.decode) }
}
