import MoxEncoding

/// A TLS handshake signature a network role asks keyd to make: which key (its
/// KeyFile path from the config), which TLS SignatureScheme, and the
/// unhashed data BoringSSL wants signed.
public struct TLSSignRequest: Sendable, Equatable {
    public var keyID: String
    public var algorithm: UInt16
    public var data: [UInt8]

    public init(keyID: String, algorithm: UInt16, data: [UInt8]) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.data = data
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: data.count + keyID.utf8.count + 8)
        w.write(keyID)
        w.write(algorithm)
        w.write(bytes: data)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        keyID = try r.readString()
        algorithm = try r.readUInt16()
        data = try r.readBytes()
        try r.expectEnd()
    }
}
