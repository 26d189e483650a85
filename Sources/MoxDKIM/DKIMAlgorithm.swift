/// The a= values of RFC 6376 §3.3 and RFC 8463 §3.
public enum DKIMAlgorithm: String, Sendable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    /// Verified only when asked: RFC 8301 §3.1 says verifiers MUST NOT
    /// consider rsa-sha1 signatures valid. Never used for signing.
    case rsaSHA1 = "rsa-sha1"
    case ed25519SHA256 = "ed25519-sha256"

    /// Case-insensitive, as tag values of this kind are compared (RFC 6376 §3.2).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The k= value a key record must have for this algorithm.
    public var keyType: String { self == .ed25519SHA256 ? "ed25519" : "rsa" }
    /// The h= value a key record may restrict to.
    public var hashName: String { self == .rsaSHA1 ? "sha1" : "sha256" }
}
