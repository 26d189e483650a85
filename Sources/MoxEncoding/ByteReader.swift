/// Reads what ByteWriter wrote. Every read checks bounds and throws
/// `DecodingError` instead of trapping, so hostile input cannot crash a process.
public struct ByteReader {
    public let bytes: ArraySlice<UInt8>
    public private(set) var offset: Int

    public init<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes = ArraySlice(data)
        offset = bytes.startIndex
    }

    public var remaining: Int { bytes.endIndex - offset }
    public var isAtEnd: Bool { offset == bytes.endIndex }

    public mutating func readUInt8() throws(ByteDecodingError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(need: 1, have: remaining) }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readBool() throws(ByteDecodingError) -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let v: throw .invalid("boolean byte \(v)")
        }
    }

    public mutating func readUInt16() throws(ByteDecodingError) -> UInt16 { try readBigEndian() }
    public mutating func readUInt32() throws(ByteDecodingError) -> UInt32 { try readBigEndian() }
    public mutating func readUInt64() throws(ByteDecodingError) -> UInt64 { try readBigEndian() }
    public mutating func readInt64() throws(ByteDecodingError) -> Int64 { Int64(bitPattern: try readBigEndian()) }

    private mutating func readBigEndian<T: FixedWidthInteger>() throws(ByteDecodingError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(need: size, have: remaining) }
        var v: T = 0
        for i in 0..<size { v = (v << 8) | T(bytes[offset + i]) }
        offset += size
        return v
    }

    public mutating func readVarint() throws(ByteDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readUInt8()
            if shift == 63 && b > 1 { throw .invalid("varint overflow") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .invalid("varint too long") }
        }
    }

    /// A varint that must fit a count or length no larger than `limit`.
    public mutating func readLength(limit: Int = Int(Int32.max)) throws(ByteDecodingError) -> Int {
        let v = try readVarint()
        guard v <= UInt64(limit) else { throw .invalid("length \(v) over limit \(limit)") }
        return Int(v)
    }

    public mutating func readBytes() throws(ByteDecodingError) -> [UInt8] {
        let n = try readLength(limit: remaining)
        return try readRaw(count: n)
    }

    public mutating func readRaw(count n: Int) throws(ByteDecodingError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw .truncated(need: n, have: remaining) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    public mutating func readString() throws(ByteDecodingError) -> String {
        let raw = try readBytes()
        guard let s = String(validating: raw, as: UTF8.self) else { throw .invalid("string is not UTF-8") }
        return s
    }

    public mutating func readStrings() throws(ByteDecodingError) -> [String] {
        // Each string takes at least one byte, which bounds the count by what is left.
        let n = try readLength(limit: remaining)
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readString()) }
        return out
    }

    public mutating func readOptionalString() throws(ByteDecodingError) -> String? {
        try readBool() ? try readString() : nil
    }

    /// Payloads must be consumed exactly; trailing bytes mean a peer speaks another version.
    public func expectEnd() throws(ByteDecodingError) {
        guard isAtEnd else { throw .invalid("\(remaining) trailing bytes") }
    }
}

public enum ByteDecodingError: Error, Equatable, CustomStringConvertible {
    case truncated(need: Int, have: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .truncated(let need, let have): return "truncated: need \(need) bytes, have \(have)"
        case .invalid(let why): return "invalid: \(why)"
        }
    }
}
