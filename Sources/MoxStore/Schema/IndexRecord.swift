import MoxEncoding

/// A value stored in the index: a version byte, then fields in MoxEncoding's
/// compact form. A decoder accepts every version it knows, so records need
/// not all be rewritten when a field is added (a migration may still do so).
public protocol IndexRecord: Sendable {
    static var recordVersion: UInt8 { get }
    func encodeFields(to w: inout ByteWriter)
    static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> Self
}

extension IndexRecord {
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 128)
        w.write(Self.recordVersion)
        encodeFields(to: &w)
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> Self {
        var r = ByteReader(bytes)
        do {
            let v = try r.readUInt8()
            guard v >= 1 && v <= recordVersion else { throw StoreError.corruptRecord("\(Self.self) version \(v)") }
            let value = try decodeFields(version: v, from: &r)
            try r.expectEnd()
            return value
        } catch let e as ByteDecodingError {
            throw StoreError.corruptRecord("\(Self.self): \(e)")
        }
    }
}
