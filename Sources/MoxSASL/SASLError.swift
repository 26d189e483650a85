/// Why a SASL exchange stopped. Every malformed client message ends up here
/// as a value; parsers never trap on what a client sends.
public enum SASLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The client's message does not follow the mechanism's syntax.
    case malformed(String)
    /// Wrong password, proof or digest, or an unknown user (the two are not told apart).
    case authenticationFailed
    /// The channel binding the client sent differs from this connection's (RFC 5802 §6).
    case channelBindingMismatch
    /// The client chose a -PLUS mechanism or a cb-name the server cannot bind to.
    case channelBindingUnsupported(String)
    /// The client sent "y": it supports channel binding and thinks we do not,
    /// but we advertised -PLUS, so someone stripped it (RFC 5802 §6, downgrade).
    case channelBindingDowngrade
    /// The authorization identity is not the authenticated one (we do not proxy).
    case authorizationRefused(String)
    /// SCRAM "m=" or other mandatory extension we do not know (RFC 5802 §5.1).
    case extensionsNotSupported
    /// The server's messages do not fit (client side): bad nonce, signature, syntax.
    case serverMisbehaved(String)
    /// The server said e=... in its final message (client side).
    case serverError(String)
    /// A step was called out of order (a bug in the caller, reported, not trapped).
    case invalidState(String)
    /// The mechanism name is not one we implement.
    case unknownMechanism(String)
    /// Key derivation failed in the crypto library.
    case crypto(String)

    public var description: String {
        switch self {
        case .malformed(let s): return "malformed client message: \(s)"
        case .authenticationFailed: return "authentication failed"
        case .channelBindingMismatch: return "channel binding mismatch"
        case .channelBindingUnsupported(let s): return "channel binding not supported: \(s)"
        case .channelBindingDowngrade: return "client supports channel binding, server advertised it: downgrade"
        case .authorizationRefused(let s): return "authorization refused: \(s)"
        case .extensionsNotSupported: return "mandatory extension not supported"
        case .serverMisbehaved(let s): return "server misbehaved: \(s)"
        case .serverError(let s): return "server error: \(s)"
        case .invalidState(let s): return "invalid state: \(s)"
        case .unknownMechanism(let s): return "unknown mechanism \(s)"
        case .crypto(let s): return "crypto: \(s)"
        }
    }

    /// The RFC 5802 §7 server-error-value a SCRAM server may send as "e=".
    public var scramServerErrorValue: String {
        switch self {
        case .malformed: return "invalid-encoding"
        case .authenticationFailed: return "invalid-proof"
        case .channelBindingMismatch: return "channel-bindings-dont-match"
        case .channelBindingUnsupported: return "channel-binding-not-supported"
        case .channelBindingDowngrade: return "server-does-support-channel-binding"
        case .extensionsNotSupported: return "extensions-not-supported"
        default: return "other-error"
        }
    }
}
