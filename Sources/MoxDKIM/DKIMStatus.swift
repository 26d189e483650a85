/// The result of checking one DKIM-Signature, as Authentication-Results
/// names them (RFC 8601 §2.7.1), with the reason for anything but pass.
public enum DKIMStatus: Sendable, Equatable, CustomStringConvertible {
    case pass
    /// The signature or the body hash did not verify.
    case fail(DKIMError)
    /// Not passed and not counted: test mode (t=y) failures.
    case neutral(DKIMError)
    /// DNS trouble; a later try may pass.
    case temperror(DKIMError)
    /// The signature cannot be verified: syntax, key, policy.
    case permerror(DKIMError)
    /// No signature (a message without DKIM-Signature fields).
    case none

    /// The keyword for Authentication-Results.
    public var keyword: String {
        switch self {
        case .pass: return "pass"
        case .fail: return "fail"
        case .neutral: return "neutral"
        case .temperror: return "temperror"
        case .permerror: return "permerror"
        case .none: return "none"
        }
    }

    public var reason: DKIMError? {
        switch self {
        case .fail(let e), .neutral(let e), .temperror(let e), .permerror(let e): return e
        case .pass, .none: return nil
        }
    }

    public var description: String {
        reason.map { "\(keyword) (\($0))" } ?? keyword
    }
}
