import MoxEncoding

/// An account's counters. Its modseq is shared by all its mailboxes
/// (RFC 7162 allows one counter for several mailboxes).
public struct Account: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var id: AccountID
    public var name: String
    public var modSeq: ModSeq
    public var nextMailboxID: MailboxID
    public var nextUIDValidity: UInt32
    /// Account-wide message number, the thread id of a thread's first message.
    public var nextMessageNumber: UInt64

    public func encodeFields(to w: inout ByteWriter) {
        w.write(id)
        w.write(name)
        w.write(modSeq)
        w.write(nextMailboxID)
        w.write(nextUIDValidity)
        w.write(nextMessageNumber)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> Account {
        Account(id: try r.readUInt32(), name: try r.readString(), modSeq: try r.readUInt64(),
                nextMailboxID: try r.readUInt32(), nextUIDValidity: try r.readUInt32(),
                nextMessageNumber: try r.readUInt64())
    }
}
