import MoxEncoding

/// A recipient whose delivery finished (delivered, failed or dropped), kept
/// for the account's history for a configured period (mox's MsgRetired). Its
/// message file is gone; the record keeps the envelope and every result.
public struct QueueRetiredMessage: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var message: QueueMessage
    /// Delivered to the next hop.
    public var success: Bool
    /// When it left the queue, milliseconds since 1970.
    public var lastActivity: Int64
    /// Removed by cleanup after this time.
    public var keepUntil: Int64

    public var id: QueueID { message.id }

    public func encodeFields(to w: inout ByteWriter) {
        w.write(bytes: message.encoded())
        w.write(success)
        w.write(lastActivity)
        w.write(keepUntil)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> QueueRetiredMessage {
        QueueRetiredMessage(message: try QueueMessage.decode(try r.readBytes()), success: try r.readBool(),
                            lastActivity: try r.readInt64(), keepUntil: try r.readInt64())
    }
}
