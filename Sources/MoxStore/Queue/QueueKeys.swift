/// Key layouts of the queue tables; big-endian so byte order is numeric order.
extension IndexKey {
    static func be64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }

    static func readBE64(_ b: [UInt8], at i: Int) -> UInt64 {
        guard b.count >= i + 8 else { return 0 }
        return (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(b[i + $1]) }
    }

    static func queue(_ id: QueueID) -> [UInt8] { be64(id) }
    /// Times before 1970 sort as 0: they are due either way.
    static func queueDue(_ time: Int64, _ id: QueueID) -> [UInt8] { be64(UInt64(max(0, time))) + be64(id) }
    static func holdRule(_ id: UInt64) -> [UInt8] { be64(id) }
    static func suppression(_ account: String, _ baseAddress: String) -> [UInt8] {
        Array(account.utf8) + [0] + Array(baseAddress.utf8)
    }
    static func suppressionPrefix(_ account: String) -> [UInt8] { Array(account.utf8) + [0] }
    static let nextQueueID: [UInt8] = Array("nextQueueID".utf8)
    static let nextHoldRuleID: [UInt8] = Array("nextHoldRuleID".utf8)
}
