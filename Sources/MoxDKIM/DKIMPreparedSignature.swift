import Foundation

/// A signature with everything computed except the private-key operation,
/// so the key can live in another process (keyd). Send `algorithm`,
/// `domain`, `selector` and `dataToSign` to the key holder; give its answer
/// to `finish(signature:)`.
public struct DKIMPreparedSignature: Sendable, Equatable {
    public var algorithm: DKIMAlgorithm
    public var domain: String
    public var selector: String
    /// RSA: the canonical header data; the key holder signs SHA-256 of it
    /// with PKCS#1 v1.5. Ed25519: the SHA-256 of the canonical header data,
    /// which the key holder signs as is (RFC 8463 §3).
    public var dataToSign: [UInt8]
    /// The DKIM-Signature field up to and including "b=", folded.
    var fieldWithoutSignature: String

    /// The complete DKIM-Signature field with CRLF, to put before the message.
    public func finish(signature: [UInt8]) -> String {
        // b= is folded into lines of at most 72 base64 characters; FWS inside b= is ignored by verifiers (§3.5).
        let b64 = Data(signature).base64EncodedString()
        var out = fieldWithoutSignature
        var lineLength = out.components(separatedBy: "\r\n").last?.count ?? 0
        for ch in b64 {
            if lineLength >= 76 {
                out += "\r\n\t"
                lineLength = 1
            }
            out.append(ch)
            lineLength += 1
        }
        return out + "\r\n"
    }
}
