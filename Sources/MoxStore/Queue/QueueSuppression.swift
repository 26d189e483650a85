import Foundation
import MoxEncoding

/// An address an account no longer sends to (mox's webapi.Suppression):
/// added after some permanent failures or by hand; later messages to it fail
/// without a delivery attempt.
public struct QueueSuppression: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var account: String
    /// What matching compares: see `baseAddress(_:)`.
    public var baseAddress: String
    /// The address as it was when suppressed.
    public var originalAddress: String
    /// Milliseconds since 1970.
    public var created: Int64
    /// Added by the admin or the account rather than by a delivery failure.
    public var manual: Bool
    public var reason: String

    public init(account: String, originalAddress: String, created: Int64, manual: Bool, reason: String) {
        self.account = account
        self.baseAddress = Self.baseAddress(originalAddress)
        self.originalAddress = originalAddress
        self.created = created
        self.manual = manual
        self.reason = reason
    }

    /// The address without what commonly varies for one mailbox, as mox
    /// compares: localpart cut at "+" and "-", dots removed, lowercased.
    public static func baseAddress(_ address: String) -> String {
        var local = QueueMessage.localpart(of: address)
        if let i = local.firstIndex(where: { $0 == "+" || $0 == "-" }) { local = String(local[..<i]) }
        local = local.replacingOccurrences(of: ".", with: "").lowercased()
        return local + "@" + QueueMessage.domain(of: address)
    }

    public func encodeFields(to w: inout ByteWriter) {
        w.write(account)
        w.write(baseAddress)
        w.write(originalAddress)
        w.write(created)
        w.write(manual)
        w.write(reason)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> QueueSuppression {
        var s = QueueSuppression(account: try r.readString(), originalAddress: "", created: 0, manual: false, reason: "")
        s.baseAddress = try r.readString()
        s.originalAddress = try r.readString()
        s.created = try r.readInt64()
        s.manual = try r.readBool()
        s.reason = try r.readString()
        return s
    }
}
