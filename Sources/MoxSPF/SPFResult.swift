/// The results of check_host() (RFC 7208 §2.6).
public enum SPFResult: String, Sendable, Equatable, CaseIterable {
    case none, neutral, pass, fail, softfail, temperror, permerror
}

/// A directive's qualifier (RFC 7208 §4.6.2): "+" pass (default), "-" fail,
/// "~" softfail, "?" neutral.
public enum SPFQualifier: Character, Sendable, Equatable {
    case pass = "+", fail = "-", softfail = "~", neutral = "?"

    public var result: SPFResult {
        switch self {
        case .pass: return .pass
        case .fail: return .fail
        case .softfail: return .softfail
        case .neutral: return .neutral
        }
    }
}

/// Why a record could not be used: a syntax error makes the result
/// permerror (RFC 7208 §4.6).
public struct SPFSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
