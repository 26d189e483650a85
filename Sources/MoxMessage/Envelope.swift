/// The header fields IMAP's ENVELOPE returns (RFC 9051 §7.5.2), parsed once at
/// delivery so FETCH never re-reads the file. Strings are unfolded but
/// otherwise as written; RFC 2047 decoding is for display, not for IMAP.
public struct Envelope: Sendable, Equatable {
    public var date: String?
    public var subject: String?
    public var from: [Address]
    public var sender: [Address]
    public var replyTo: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var bcc: [Address]
    public var inReplyTo: String?
    public var messageID: String?

    public init(date: String? = nil, subject: String? = nil, from: [Address] = [], sender: [Address] = [],
                replyTo: [Address] = [], to: [Address] = [], cc: [Address] = [], bcc: [Address] = [],
                inReplyTo: String? = nil, messageID: String? = nil) {
        self.date = date
        self.subject = subject
        self.from = from
        self.sender = sender
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.inReplyTo = inReplyTo
        self.messageID = messageID
    }

    public init(header h: Header) {
        func list(_ name: String) -> [Address] { h[name].map(AddressParser.parseList) ?? [] }
        self.init(date: h["Date"], subject: h["Subject"], from: list("From"), sender: list("Sender"),
                  replyTo: list("Reply-To"), to: list("To"), cc: list("Cc"), bcc: list("Bcc"),
                  inReplyTo: h["In-Reply-To"], messageID: h["Message-ID"])
    }

    /// RFC 9051 §7.5.2: Sender and Reply-To default to From when absent.
    public var effectiveSender: [Address] { sender.isEmpty ? from : sender }
    public var effectiveReplyTo: [Address] { replyTo.isEmpty ? from : replyTo }
}
