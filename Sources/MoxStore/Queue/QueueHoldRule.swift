import MoxEncoding

/// Marks matching messages as held when they are queued (mox's HoldRule).
/// Each non-empty field must match; a rule with all fields empty holds every
/// message, pausing the whole queue.
public struct QueueHoldRule: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var id: UInt64
    public var account: String
    /// Lowercased.
    public var senderDomain: String
    /// Lowercased.
    public var recipientDomain: String

    public init(id: UInt64 = 0, account: String = "", senderDomain: String = "", recipientDomain: String = "") {
        self.id = id
        self.account = account
        self.senderDomain = senderDomain.lowercased()
        self.recipientDomain = recipientDomain.lowercased()
    }

    public var matchesAll: Bool { account.isEmpty && senderDomain.isEmpty && recipientDomain.isEmpty }

    public func matches(_ m: QueueMessage) -> Bool {
        (account.isEmpty || account == m.senderAccount)
            && (senderDomain.isEmpty || senderDomain == m.senderDomain)
            && (recipientDomain.isEmpty || recipientDomain == m.recipientDomain)
    }

    public func encodeFields(to w: inout ByteWriter) {
        w.write(id)
        w.write(account)
        w.write(senderDomain)
        w.write(recipientDomain)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> QueueHoldRule {
        QueueHoldRule(id: try r.readUInt64(), account: try r.readString(), senderDomain: try r.readString(),
                      recipientDomain: try r.readString())
    }
}
