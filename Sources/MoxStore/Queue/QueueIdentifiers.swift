/// A queued message for one recipient. Ascending, never reused; the retired
/// history keeps the same number.
public typealias QueueID = UInt64

/// RFC 3461 §4.1 NOTIFY. The empty set is NOTIFY=NEVER; no value at all (nil
/// where it is optional) means the sender did not say, and we act as for
/// FAILURE,DELAY (RFC 3461 §4.1 leaves the default to the MTA).
public struct DSNNotify: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let success = DSNNotify(rawValue: 1 << 0)
    public static let failure = DSNNotify(rawValue: 1 << 1)
    public static let delay = DSNNotify(rawValue: 1 << 2)
    public static let never: DSNNotify = []
}

/// RFC 3461 §4.3 RET: what a DSN returns of the original message.
public enum DSNReturn: UInt8, Sendable, Hashable {
    case full = 1
    case headers = 2
}
