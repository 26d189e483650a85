/// What a server exchange wants next; the host (keyd) acts on it.
public enum SASLServerStep: Sendable, Equatable {
    /// Send these bytes as a challenge (base64 on the wire) and call
    /// `respond(_:)` with the client's answer.
    case challenge([UInt8])
    /// Look up this user's `StoredCredentials` and call `provide(credentials:)`
    /// (nil for an unknown user; the exchange then fails without telling).
    case needCredentials(username: String)
    /// Authenticated. `additionalData` is SCRAM's server-final message:
    /// protocols without success data (SMTP AUTH, IMAP AUTHENTICATE without
    /// SASL-IR success) send it as one more challenge and expect an empty
    /// response (RFC 4954 §4, RFC 9051 §6.2.2).
    case success(SASLOutcome, additionalData: [UInt8]?)
}
