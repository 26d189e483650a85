/// The outcome for one DKIM-Signature field of a message.
public struct DKIMResult: Sendable, Equatable {
    public var status: DKIMStatus
    /// d=, s= and a= as the signature gave them (empty when it did not parse that far).
    public var domain: String
    public var selector: String
    public var algorithm: String
    /// i=, when present.
    public var identity: String?
    /// The parsed signature, nil when it did not parse.
    public var signature: DKIMSignature?
    /// The key record used, when one was found.
    public var record: DKIMKeyRecord?
    /// Whether the key record came with DNSSEC's authentic-data bit.
    public var recordAuthentic: Bool
    /// Whether the key record says t=y (testing).
    public var testing: Bool

    public init(status: DKIMStatus, domain: String = "", selector: String = "", algorithm: String = "", identity: String? = nil, signature: DKIMSignature? = nil, record: DKIMKeyRecord? = nil, recordAuthentic: Bool = false, testing: Bool = false) {
        self.status = status
        self.domain = domain
        self.selector = selector
        self.algorithm = algorithm
        self.identity = identity
        self.signature = signature
        self.record = record
        self.recordAuthentic = recordAuthentic
        self.testing = testing
    }
}
