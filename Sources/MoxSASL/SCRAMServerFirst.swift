import Foundation

/// server-first-message (RFC 5802 §5.1): "r=" nonce ",s=" salt ",i=" count [, ext].
public struct SCRAMServerFirst: Sendable, Equatable {
    public var nonce: String
    public var salt: [UInt8]
    public var iterations: Int

    public init(nonce: String, salt: [UInt8], iterations: Int) {
        self.nonce = nonce
        self.salt = salt
        self.iterations = iterations
    }

    public var text: String {
        "r=\(nonce),s=\(Data(salt).base64EncodedString()),i=\(iterations)"
    }

    public static func parse(_ bytes: [UInt8]) throws(SASLError) -> SCRAMServerFirst {
        let s = try SCRAMSyntax.utf8(bytes)
        let attrs = SCRAMSyntax.attributes(s[...])
        guard attrs.count >= 3 else { throw .malformed("server-first-message needs r=, s=, i=") }
        if attrs[0].hasPrefix("m=") { throw .extensionsNotSupported }
        let nonce = try SCRAMSyntax.checkNonce(try SCRAMSyntax.value(attrs[0], "r"))
        let salt = try SCRAMSyntax.base64(try SCRAMSyntax.value(attrs[1], "s"))
        let iv = try SCRAMSyntax.value(attrs[2], "i")
        guard iv.count <= 9, iv.allSatisfy({ $0.isASCII && $0.isNumber }), let i = Int(iv), i >= 1 else {
            throw .malformed("invalid iteration count")
        }
        try SCRAMSyntax.checkExtensions(attrs[3...])
        return SCRAMServerFirst(nonce: nonce, salt: salt, iterations: i)
    }
}
