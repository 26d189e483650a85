/// IMAP system flags (RFC 9051 §2.3.2). \Recent is not stored: IMAP4rev2
/// dropped it and it is per-session state. Keywords are stored separately.
public struct MessageFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let seen = MessageFlags(rawValue: 1 << 0)
    public static let answered = MessageFlags(rawValue: 1 << 1)
    public static let flagged = MessageFlags(rawValue: 1 << 2)
    public static let deleted = MessageFlags(rawValue: 1 << 3)
    public static let draft = MessageFlags(rawValue: 1 << 4)
}

/// RFC 6154 special-use attributes of a mailbox.
public struct SpecialUse: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let archive = SpecialUse(rawValue: 1 << 0)
    public static let drafts = SpecialUse(rawValue: 1 << 1)
    public static let junk = SpecialUse(rawValue: 1 << 2)
    public static let sent = SpecialUse(rawValue: 1 << 3)
    public static let trash = SpecialUse(rawValue: 1 << 4)
    public static let all = SpecialUse(rawValue: 1 << 5)
    public static let flagged = SpecialUse(rawValue: 1 << 6)
}
