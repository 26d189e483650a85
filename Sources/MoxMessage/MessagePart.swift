/// One node of a message's MIME tree with the byte offsets IMAP needs for
/// BODY[section], BODY[section.HEADER]/MIME and BINARY (RFC 9051 §6.4.5),
/// and the fields BODYSTRUCTURE reports (RFC 9051 §7.5.2). Offsets are
/// absolute in the message file.
public struct MessagePart: Sendable, Equatable {
    public var headerStart: Int
    public var bodyStart: Int
    public var end: Int
    /// Lines in the body (text/* and message/rfc822 report it in BODYSTRUCTURE).
    public var bodyLines: Int
    /// Lowercased, e.g. "text" and "plain" (RFC 2045 §5.1: case-insensitive).
    public var mediaType: String
    public var mediaSubtype: String
    public var parameters: [MIMEParameter]
    public var contentID: String?
    public var contentDescription: String?
    /// Lowercased; "7bit" when absent (RFC 2045 §6.1).
    public var transferEncoding: String
    public var contentMD5: String?
    public var disposition: String?
    public var dispositionParameters: [MIMEParameter]
    public var language: [String]
    public var location: String?
    /// Multipart children, or for message/rfc822 the one embedded message.
    public var parts: [MessagePart]
    /// For the top-level message and message/rfc822 bodies: their envelope.
    public var envelope: Envelope?

    public init(headerStart: Int, bodyStart: Int, end: Int, bodyLines: Int = 0, mediaType: String = "text",
                mediaSubtype: String = "plain", parameters: [MIMEParameter] = [], contentID: String? = nil,
                contentDescription: String? = nil, transferEncoding: String = "7bit", contentMD5: String? = nil,
                disposition: String? = nil, dispositionParameters: [MIMEParameter] = [], language: [String] = [],
                location: String? = nil, parts: [MessagePart] = [], envelope: Envelope? = nil) {
        self.headerStart = headerStart
        self.bodyStart = bodyStart
        self.end = end
        self.bodyLines = bodyLines
        self.mediaType = mediaType
        self.mediaSubtype = mediaSubtype
        self.parameters = parameters
        self.contentID = contentID
        self.contentDescription = contentDescription
        self.transferEncoding = transferEncoding
        self.contentMD5 = contentMD5
        self.disposition = disposition
        self.dispositionParameters = dispositionParameters
        self.language = language
        self.location = location
        self.parts = parts
        self.envelope = envelope
    }

    public var isMultipart: Bool { mediaType == "multipart" }
    public var isMessage: Bool { mediaType == "message" && (mediaSubtype == "rfc822" || mediaSubtype == "global") }
    public var bodySize: Int { end - bodyStart }
    public var headerRange: Range<Int> { headerStart..<bodyStart }
    public var bodyRange: Range<Int> { bodyStart..<end }

    public func parameter(_ name: String) -> String? {
        let n = name.lowercased()
        return parameters.first { $0.name == n }?.value
    }

    /// The part a dotted IMAP section number names (RFC 9051 §6.4.5): [1, 2]
    /// is "1.2". Part 1 of a non-multipart is the body itself; parts of a
    /// message/rfc822 are the parts of its embedded message.
    public func part(at path: [Int]) -> MessagePart? {
        var p = self
        for n in path {
            guard n >= 1 else { return nil }
            if p.isMessage, let inner = p.parts.first { p = inner }
            if p.isMultipart {
                guard n <= p.parts.count else { return nil }
                p = p.parts[n - 1]
            } else if n != 1 {
                return nil
            }
        }
        return p
    }

    /// The decoded body (RFC 3516 BINARY): transfer encoding removed.
    public func decodedBody(from message: [UInt8]) -> [UInt8] {
        let r = max(0, min(bodyStart, message.count))..<max(0, min(end, message.count))
        return TransferEncoding.decode(message[r], encoding: transferEncoding)
    }
}
