/// Key layouts. Integers are big-endian so byte order is numeric order and a
/// prefix scan over (account, mailbox) yields messages by ascending UID.
public enum IndexKey {
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    static func readBE32(_ b: [UInt8], at i: Int) -> UInt32 {
        guard b.count >= i + 4 else { return 0 }
        return UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    public static func account(_ name: String) -> [UInt8] { Array(name.utf8) }
    public static func accountPrefix(_ a: AccountID) -> [UInt8] { be32(a) }
    public static func mailbox(_ a: AccountID, _ m: MailboxID) -> [UInt8] { be32(a) + be32(m) }
    public static func mailboxName(_ a: AccountID, _ name: String) -> [UInt8] { be32(a) + Array(name.utf8) }
    public static func message(_ a: AccountID, _ m: MailboxID, _ uid: UID) -> [UInt8] { be32(a) + be32(m) + be32(uid) }
    public static func messagePrefix(_ a: AccountID, _ m: MailboxID) -> [UInt8] { be32(a) + be32(m) }
    public static func uid(fromMessageKey k: [UInt8]) -> UID { readBE32(k, at: 8) }
    public static func thread(_ a: AccountID, _ messageID: String) -> [UInt8] { be32(a) + Array(messageID.utf8) }
    public static let schemaVersion: [UInt8] = Array("schema".utf8)
    public static let nextAccountID: [UInt8] = Array("nextAccountID".utf8)
}
