import MoxEncoding
import MoxMessage

/// One message in one mailbox. The parsed MIME structure and envelope are
/// stored so IMAP FETCH ENVELOPE/BODYSTRUCTURE never re-parse the file.
public struct MessageRecord: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var uid: UID
    /// Unique in the account; survives MOVE (unlike the UID).
    public var messageNumber: UInt64
    /// Path of the message file under the account's msg directory.
    public var fileName: String
    public var size: Int
    public var flags: MessageFlags
    /// Lowercased, sorted, unique (IMAP keywords compare case-insensitively).
    public var keywords: [String]
    public var modSeq: ModSeq
    public var createSeq: ModSeq
    /// Milliseconds since 1970 (IMAP INTERNALDATE).
    public var internalDate: Int64
    /// Milliseconds since 1970 (RFC 8514 SAVEDATE).
    public var saveDate: Int64
    public var messageIDHeader: String
    public var threadID: UInt64
    public var part: MessagePart

    public func encodeFields(to w: inout ByteWriter) {
        w.write(uid)
        w.writeVarint(messageNumber)
        w.write(fileName)
        w.writeVarint(size)
        w.write(flags.rawValue)
        w.write(keywords)
        w.write(modSeq)
        w.write(createSeq)
        w.write(internalDate)
        w.write(saveDate)
        w.write(messageIDHeader)
        w.writeVarint(threadID)
        part.encode(to: &w)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> MessageRecord {
        MessageRecord(uid: try r.readUInt32(), messageNumber: try r.readVarint(), fileName: try r.readString(),
                      size: try r.readLength(limit: Int.max), flags: MessageFlags(rawValue: try r.readUInt16()),
                      keywords: try r.readStrings(), modSeq: try r.readUInt64(), createSeq: try r.readUInt64(),
                      internalDate: try r.readInt64(), saveDate: try r.readInt64(),
                      messageIDHeader: try r.readString(), threadID: try r.readVarint(),
                      part: try MessagePart.decode(from: &r))
    }
}
