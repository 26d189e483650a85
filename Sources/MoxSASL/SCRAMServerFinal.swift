import Foundation

/// server-final-message (RFC 5802 §7): "v=" base64(ServerSignature) or "e=" error.
public enum SCRAMServerFinal: Sendable, Equatable {
    case verifier([UInt8])
    case error(String)

    public var encoded: [UInt8] {
        switch self {
        case .verifier(let v): return Array(("v=" + Data(v).base64EncodedString()).utf8)
        case .error(let e): return Array(("e=" + e).utf8)
        }
    }

    public static func parse(_ bytes: [UInt8]) throws(SASLError) -> SCRAMServerFinal {
        let s = try SCRAMSyntax.utf8(bytes)
        let attrs = SCRAMSyntax.attributes(s[...])
        guard let first = attrs.first else { throw .malformed("empty server-final-message") }
        if first.hasPrefix("e=") { return .error(String(first.dropFirst(2))) }
        return .verifier(try SCRAMSyntax.base64(try SCRAMSyntax.value(first, "v")))
    }
}
