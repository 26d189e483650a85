import Crypto

/// What a CRAM-MD5 server keeps instead of the password: HMAC-MD5's inner and
/// outer MD5 states after the padded key block (RFC 2104 §2), as Dovecot's
/// CRAM-MD5 scheme does. It cannot be turned back into the password, but it
/// is password-equivalent for CRAM-MD5 itself, which is in the nature of
/// that mechanism (RFC 2195 §4).
public struct CRAMMD5Secret: Sendable, Equatable {
    /// MD5 state after (key XOR ipad), 16 bytes, little-endian words.
    public var innerState: [UInt8]
    /// MD5 state after (key XOR opad).
    public var outerState: [UInt8]

    public init?(innerState: [UInt8], outerState: [UInt8]) {
        guard innerState.count == 16, outerState.count == 16 else { return nil }
        self.innerState = innerState
        self.outerState = outerState
    }

    public static func derive(password: String) -> CRAMMD5Secret {
        var key = Array(password.utf8)
        // RFC 2104 §2: keys longer than the block are hashed first.
        if key.count > 64 { key = Array(Insecure.MD5.hash(data: key)) }
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = MD5State()
        inner.compress(ArraySlice(key.map { $0 ^ 0x36 }))
        var outer = MD5State()
        outer.compress(ArraySlice(key.map { $0 ^ 0x5c }))
        return CRAMMD5Secret(innerState: inner.bytes, outerState: outer.bytes)!
    }

    /// HMAC-MD5(password, message) from the kept states.
    public func hmac(_ message: [UInt8]) -> [UInt8] {
        let inner = MD5State(bytes: innerState)!.finish(message, processed: 64)
        return MD5State(bytes: outerState)!.finish(inner, processed: 64)
    }
}
