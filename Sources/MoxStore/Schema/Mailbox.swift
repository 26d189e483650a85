import MoxEncoding

/// A mailbox with the counters IMAP STATUS and SELECT answer from
/// (RFC 9051 §6.3.11: MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE;
/// RFC 7162 HIGHESTMODSEQ).
public struct Mailbox: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var id: MailboxID
    /// Full name with "/" as hierarchy separator; "Inbox" is spelled so.
    public var name: String
    public var uidValidity: UInt32
    public var uidNext: UID
    public var highestModSeq: ModSeq
    public var specialUse: SpecialUse
    public var messageCount: Int
    public var unseenCount: Int
    public var deletedCount: Int
    public var size: Int64
    public var subscribed: Bool

    public func encodeFields(to w: inout ByteWriter) {
        w.write(id)
        w.write(name)
        w.write(uidValidity)
        w.write(uidNext)
        w.write(highestModSeq)
        w.write(specialUse.rawValue)
        w.writeVarint(messageCount)
        w.writeVarint(unseenCount)
        w.writeVarint(deletedCount)
        w.writeVarint(UInt64(size))
        w.write(subscribed)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> Mailbox {
        Mailbox(id: try r.readUInt32(), name: try r.readString(), uidValidity: try r.readUInt32(),
                uidNext: try r.readUInt32(), highestModSeq: try r.readUInt64(),
                specialUse: SpecialUse(rawValue: try r.readUInt8()), messageCount: try r.readLength(),
                unseenCount: try r.readLength(), deletedCount: try r.readLength(),
                size: Int64(try r.readLength(limit: Int.max)), subscribed: try r.readBool())
    }

    /// Adjusts the counters for a message entering (+1) or leaving (-1).
    mutating func count(_ m: MessageRecord, _ sign: Int) {
        messageCount += sign
        size += Int64(sign * m.size)
        if !m.flags.contains(.seen) { unseenCount += sign }
        if m.flags.contains(.deleted) { deletedCount += sign }
    }

    /// A copied or moved message entering this mailbox: the next UID, created
    /// and changed at modSeq, saved now.
    mutating func admit(_ m: inout MessageRecord, modSeq: ModSeq, now: Int64) {
        m.uid = uidNext
        uidNext += 1
        m.modSeq = modSeq
        m.createSeq = modSeq
        m.saveDate = now
        count(m, 1)
    }
}
