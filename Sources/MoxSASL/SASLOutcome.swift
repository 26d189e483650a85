/// Who authenticated, and as whom they act.
public struct SASLOutcome: Sendable, Equatable {
    public var mechanism: SASLMechanism
    /// The authentication identity (account login name) that proved itself.
    public var username: String
    /// The authorization identity if the client sent one; equal to
    /// `username` whenever set, since we do not let one user act as another.
    public var authzid: String?

    public init(mechanism: SASLMechanism, username: String, authzid: String?) {
        self.mechanism = mechanism
        self.username = username
        self.authzid = authzid
    }
}
