/// Appends values in a compact big-endian binary form: fixed-width integers,
/// unsigned varints, and length-prefixed byte strings. Used for IPC payloads
/// and store records; readers reject anything that does not fit.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ v: UInt8) { bytes.append(v) }
    public mutating func write(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func write(_ v: UInt16) { appendBigEndian(v) }
    public mutating func write(_ v: UInt32) { appendBigEndian(v) }
    public mutating func write(_ v: UInt64) { appendBigEndian(v) }
    public mutating func write(_ v: Int64) { appendBigEndian(UInt64(bitPattern: v)) }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ v: T) {
        var be = v.bigEndian
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }

    /// LEB128-style unsigned varint: small counts and lengths take one byte.
    public mutating func writeVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func writeVarint(_ v: Int) { writeVarint(UInt64(v)) }

    public mutating func write<C: Collection>(bytes data: C) where C.Element == UInt8 {
        writeVarint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    public mutating func write(_ s: String) { write(bytes: Array(s.utf8)) }

    public mutating func write(_ list: [String]) {
        writeVarint(UInt64(list.count))
        for s in list { write(s) }
    }

    public mutating func write(optional s: String?) {
        write(s != nil)
        if let s { write(s) }
    }

    /// Raw bytes without a length prefix (for a caller that knows the length).
    public mutating func writeRaw<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }
}
