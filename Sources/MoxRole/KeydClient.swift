import MoxIPC

/// A network role's requests to keyd over the peer edge: SASL exchanges and
/// DKIM signatures. Secrets and private keys stay in keyd.
public struct KeydClient: Sendable {
    let connection: @Sendable () -> IPCConnection?

    public init(connection: @escaping @Sendable () -> IPCConnection?) {
        self.connection = connection
    }

    func keyd() throws -> IPCConnection {
        guard let c = connection() else { throw IPCError.remote("keyd is not connected yet") }
        return c
    }

    public func saslStart(_ request: SASLStartRequest) async throws -> SASLReply {
        try SASLReply(decoding: try await keyd().request(.saslStart, payload: request.encoded()).payload)
    }

    public func saslStep(_ request: SASLStepRequest) async throws -> SASLReply {
        try SASLReply(decoding: try await keyd().request(.saslStep, payload: request.encoded()).payload)
    }

    /// Ends an exchange the client aborted ("*"), so keyd forgets its state.
    public func saslAbort(session: UInt64) async {
        _ = try? await keyd().request(.saslStep, payload: SASLStepRequest(session: session, response: nil).encoded())
    }

    /// The raw signature over dataToSign with the key for domain/selector.
    public func dkimSign(_ request: DKIMSignRequest) async throws -> [UInt8] {
        try await keyd().request(.dkimSign, payload: request.encoded()).payload
    }

    /// TLS handshake signatures (RemoteTLSKey).
    public func tlsSign(_ request: [UInt8]) async throws -> [UInt8] {
        try await keyd().request(.tlsSign, payload: request).payload
    }
}

extension RoleRuntime {
    public var keyd: KeydClient { KeydClient { [weak self] in self?.peer("keyd") } }
}
