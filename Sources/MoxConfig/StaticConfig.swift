/// mox.conf: what is fixed while the server runs (mox's config.Static).
/// Property names are mox's key names; see SconfDecoder for matching.
public struct StaticConfig: Codable, Sendable {
    public var dataDir: String
    public var logLevel: String
    public var packageLogLevels: [String: String]?
    public var user: String?
    public var noFixPermissions: Bool?
    public var hostname: String
    public var checkUpdates: Bool?
    public var pedantic: Bool?
    public var tls: GlobalTLS?
    public var acme: [String: ACMEProvider]?
    public var adminPasswordFile: String?
    public var listeners: [String: Listener]
    public var postmaster: Postmaster
    public var hostTLSRPT: HostTLSRPT?
    public var initialMailboxes: InitialMailboxes?
    public var defaultMailboxes: [String]?
    public var transports: [String: Transport]?
    public var noOutgoingDMARCReports: Bool?
    public var noOutgoingTLSReports: Bool?
    public var outgoingTLSReportsForAllSuccess: Bool?
    public var quotaMessageSize: Int64?

    // Keys of ours, for the privilege split; mox has no equivalent.
    /// User that keyd runs as. Default: moxkey.
    public var keyUser: String?
    /// Group allowed to use the control socket besides root. Default: none.
    public var controlGroup: String?
    /// How the supervisor restarts crashed roles.
    public var supervision: Supervision?
}

/// Restart policy for crashed roles (ours; mox is one process).
public struct Supervision: Codable, Sendable {
    /// More restarts of one role than this within RestartWindow stop the service. Default 5.
    public var maxRestarts: Int?
    /// Default 60s.
    public var restartWindow: ConfigDuration?
    /// Delay before restarting a role that failed again soon after its last
    /// start; doubles per further failure up to 60s. Default 2s.
    public var restartBackoff: ConfigDuration?
    /// How long SIGTERM waits for roles to finish before killing them. Default 10s.
    public var stopTimeout: ConfigDuration?
}

public struct GlobalTLS: Codable, Sendable {
    public struct CA: Codable, Sendable {
        public var additionalToSystem: Bool?
        public var certFiles: [String]?
    }
    public var ca: CA?
}

public struct ACMEProvider: Codable, Sendable {
    public struct ExternalAccountBinding: Codable, Sendable {
        public var keyID: String
        public var keyFile: String
    }
    public var directoryURL: String
    public var renewBefore: ConfigDuration?
    public var contactEmail: String
    public var port: Int?
    public var issuerDomainName: String?
    public var externalAccountBinding: ExternalAccountBinding?
}

public struct Postmaster: Codable, Sendable {
    public var account: String
    public var mailbox: String
}

public struct HostTLSRPT: Codable, Sendable {
    public var account: String
    public var mailbox: String
    public var localpart: String
}

public struct InitialMailboxes: Codable, Sendable {
    public struct SpecialUse: Codable, Sendable {
        public var sent: String?
        public var archive: String?
        public var trash: String?
        public var draft: String?
        public var junk: String?
    }
    public var specialUse: SpecialUse?
    public var regular: [String]?
}
