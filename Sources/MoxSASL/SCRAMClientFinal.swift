import Foundation

/// client-final-message (RFC 5802 §5.1, §7):
/// "c=" base64(gs2-header [cbind-data]) ",r=" nonce [, ext] ",p=" base64(proof).
public struct SCRAMClientFinal: Sendable, Equatable {
    public var channelBinding: [UInt8]
    public var nonce: String
    public var proof: [UInt8]
    /// client-final-message-without-proof as sent, part of AuthMessage.
    public var withoutProof: String

    public init(channelBinding: [UInt8], nonce: String, proof: [UInt8]) {
        self.channelBinding = channelBinding
        self.nonce = nonce
        self.proof = proof
        withoutProof = "c=\(Data(channelBinding).base64EncodedString()),r=\(nonce)"
    }

    public var encoded: [UInt8] {
        Array((withoutProof + ",p=" + Data(proof).base64EncodedString()).utf8)
    }

    public static func parse(_ bytes: [UInt8]) throws(SASLError) -> SCRAMClientFinal {
        let s = try SCRAMSyntax.utf8(bytes)
        let attrs = SCRAMSyntax.attributes(s[...])
        guard attrs.count >= 3 else { throw .malformed("client-final-message needs c=, r=, p=") }
        let cb = try SCRAMSyntax.base64(try SCRAMSyntax.value(attrs[0], "c"))
        let nonce = try SCRAMSyntax.checkNonce(try SCRAMSyntax.value(attrs[1], "r"))
        // The proof is the last attribute; extensions sit between r= and p=.
        let proof = try SCRAMSyntax.base64(try SCRAMSyntax.value(attrs[attrs.count - 1], "p"))
        try SCRAMSyntax.checkExtensions(attrs[2..<(attrs.count - 1)])
        var m = SCRAMClientFinal(channelBinding: cb, nonce: nonce, proof: proof)
        m.withoutProof = String(s.dropLast(attrs[attrs.count - 1].count + 1))
        return m
    }
}
