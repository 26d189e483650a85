import Foundation

/// One server-side SASL exchange for any mechanism we offer, as keyd runs
/// it for a network process. Drive it like this:
///
///     var ex = try SASLServer(mechanism: .scramSHA256Plus, channelBindings: cb)
///     var step = try ex.start(initialResponse: ir)          // ir: nil if none
///     loop: switch step {
///       case .challenge(let c):       step = try ex.respond(await client(c))
///       case .needCredentials(let u): step = try ex.provide(credentials: store[u])
///       case .success(let who, let extra): done (send `extra` if non-nil)
///     }
///
/// Any thrown `SASLError` ends the exchange (answer the client with a
/// failure; count it for rate limiting). The machine never sees a password
/// it keeps, only `StoredCredentials`.
public struct SASLServer: Sendable {
    enum State: Sendable {
        case initial
        // PLAIN
        case plainAwaitingResponse
        case plainNeedCredentials(authzid: String?, username: String, password: String)
        // LOGIN
        case loginAwaitingUsername
        case loginAwaitingPassword(username: String)
        case loginNeedCredentials(username: String, password: String)
        // CRAM-MD5
        case cramAwaitingResponse(challenge: [UInt8])
        case cramNeedCredentials(challenge: [UInt8], username: String, digest: String)
        // SCRAM
        case scramAwaitingClientFirst
        case scramNeedCredentials(SCRAMClientFirst)
        case scramAwaitingClientFinal(SCRAMClientFirst)
        // EXTERNAL
        case externalAwaitingResponse
        case done
    }

    public let mechanism: SASLMechanism
    let channelBindings: [ChannelBinding]
    let externalIdentity: String?
    let hostname: String
    var scram: SCRAMServer?
    var state: State = .initial
    let cramChallengeOverride: String?

    /// - Parameters:
    ///   - channelBindings: the connection's binding data, supplied by the
    ///     network process (empty without TLS; then -PLUS is refused).
    ///   - externalIdentity: for EXTERNAL, the account the TLS client
    ///     certificate maps to (nil: EXTERNAL fails).
    ///   - hostname: for the CRAM-MD5 challenge's msg-id form (RFC 2195 §2).
    public init(mechanism: SASLMechanism, channelBindings: [ChannelBinding] = [], externalIdentity: String? = nil, hostname: String = "localhost", scramServerNonce: String? = nil, cramChallenge: String? = nil) throws(SASLError) {
        if mechanism.isChannelBinding && channelBindings.isEmpty {
            throw .channelBindingUnsupported("\(mechanism.rawValue) without TLS channel binding data")
        }
        self.mechanism = mechanism
        self.channelBindings = channelBindings
        self.externalIdentity = externalIdentity
        self.hostname = hostname
        self.cramChallengeOverride = cramChallenge
        if let h = mechanism.scramHash {
            scram = SCRAMServer(hash: h, plus: mechanism.isChannelBinding, channelBindings: channelBindings, serverNonce: scramServerNonce)
        }
    }

    /// Begins the exchange; `initialResponse` is the client's SASL-IR
    /// (nil when absent; an empty array when the client sent "=").
    public mutating func start(initialResponse: [UInt8]?) throws(SASLError) -> SASLServerStep {
        guard case .initial = state else { throw .invalidState("start twice") }
        state = .done
        switch mechanism {
        case .plain:
            state = .plainAwaitingResponse
            if let ir = initialResponse { return try respond(ir) }
            return .challenge([])
        case .login:
            // The draft-murchison-sasl-login challenges; some clients send the username as initial response.
            state = .loginAwaitingUsername
            if let ir = initialResponse, !ir.isEmpty { return try respond(ir) }
            return .challenge(Array("Username:".utf8))
        case .cramMD5:
            guard initialResponse == nil || initialResponse == [] else { throw .malformed("CRAM-MD5 takes no initial response") }
            // RFC 2195 §2: a unique challenge in msg-id form.
            let c = Array((cramChallengeOverride ?? "<\(SCRAMSyntax.randomNonce().filter { $0.isLetter || $0.isNumber }).\(Int(Date().timeIntervalSince1970))@\(hostname)>").utf8)
            state = .cramAwaitingResponse(challenge: c)
            return .challenge(c)
        case .scramSHA1, .scramSHA1Plus, .scramSHA256, .scramSHA256Plus:
            state = .scramAwaitingClientFirst
            // An empty initial response ("=") is not a client-first message.
            if let ir = initialResponse { return try respond(ir) }
            return .challenge([])
        case .external:
            state = .externalAwaitingResponse
            if let ir = initialResponse { return try respond(ir) }
            return .challenge([])
        }
    }

    public mutating func respond(_ response: [UInt8]) throws(SASLError) -> SASLServerStep {
        let current = state
        state = .done
        switch current {
        case .plainAwaitingResponse:
            // RFC 4616 §2: [authzid] NUL authcid NUL passwd, each UTF-8 without NUL.
            let parts = response.split(separator: 0, omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw .malformed("PLAIN needs authzid NUL authcid NUL password") }
            let authzid = try SASLServer.utf8(Array(parts[0]))
            let username = try SASLServer.utf8(Array(parts[1]))
            let password = try SASLServer.utf8(Array(parts[2]))
            guard !username.isEmpty, !password.isEmpty else { throw .malformed("PLAIN with empty authcid or password") }
            state = .plainNeedCredentials(authzid: authzid.isEmpty ? nil : authzid, username: username, password: password)
            return .needCredentials(username: username)

        case .loginAwaitingUsername:
            let username = try SASLServer.utf8(response)
            guard !username.isEmpty, !username.utf8.contains(0) else { throw .malformed("LOGIN username") }
            state = .loginAwaitingPassword(username: username)
            return .challenge(Array("Password:".utf8))

        case .loginAwaitingPassword(let username):
            let password = try SASLServer.utf8(response)
            guard !password.isEmpty, !password.utf8.contains(0) else { throw .malformed("LOGIN password") }
            state = .loginNeedCredentials(username: username, password: password)
            return .needCredentials(username: username)

        case .cramAwaitingResponse(let challenge):
            // RFC 2195 §2: username SP 32 lowercase hex digits; the name may hold spaces, the digest is after the last.
            let text = try SASLServer.utf8(response)
            guard let sp = text.lastIndex(of: " ") else { throw .malformed("CRAM-MD5 response without space") }
            let username = String(text[..<sp])
            let digest = String(text[text.index(after: sp)...])
            guard !username.isEmpty, digest.count == 32, digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .malformed("CRAM-MD5 response needs username and 32 lowercase hex digits")
            }
            state = .cramNeedCredentials(challenge: challenge, username: username, digest: digest)
            return .needCredentials(username: username)

        case .scramAwaitingClientFirst:
            guard var s = scram else { throw .invalidState("no SCRAM state") }
            let cf = try s.receiveClientFirst(response)
            scram = s
            if let a = cf.authzid, a != cf.username { throw .authorizationRefused("authzid \(a) differs from username") }
            state = .scramNeedCredentials(cf)
            return .needCredentials(username: cf.username)

        case .scramAwaitingClientFinal(let cf):
            guard var s = scram else { throw .invalidState("no SCRAM state") }
            let final = try s.receiveClientFinal(response)
            scram = s
            return .success(SASLOutcome(mechanism: mechanism, username: cf.username, authzid: cf.authzid), additionalData: final)

        case .externalAwaitingResponse:
            // RFC 4422 Appendix A: the response is the authzid, possibly empty.
            let authzid = try SASLServer.utf8(response)
            guard let identity = externalIdentity else { throw .authenticationFailed }
            if !authzid.isEmpty && authzid != identity { throw .authorizationRefused("authzid \(authzid) differs from certificate's \(identity)") }
            return .success(SASLOutcome(mechanism: mechanism, username: identity, authzid: authzid.isEmpty ? nil : authzid), additionalData: nil)

        default:
            throw .invalidState("no response expected now")
        }
    }

    /// Hands the credentials asked for by `.needCredentials` (nil: no such user).
    public mutating func provide(credentials: StoredCredentials?) throws(SASLError) -> SASLServerStep {
        let current = state
        state = .done
        switch current {
        case .plainNeedCredentials(let authzid, let username, let password):
            guard let c = credentials, c.verify(password: password) else { throw .authenticationFailed }
            if let a = authzid, a != username { throw .authorizationRefused("authzid \(a) differs from username") }
            return .success(SASLOutcome(mechanism: mechanism, username: username, authzid: authzid), additionalData: nil)

        case .loginNeedCredentials(let username, let password):
            guard let c = credentials, c.verify(password: password) else { throw .authenticationFailed }
            return .success(SASLOutcome(mechanism: mechanism, username: username, authzid: nil), additionalData: nil)

        case .cramNeedCredentials(let challenge, let username, let digest):
            guard let c = credentials else { throw .authenticationFailed }
            let expected = Array(c.cramMD5.hmac(challenge).map { String(format: "%02x", $0) }.joined().utf8)
            guard ConstantTime.equal(expected, Array(digest.utf8)) else { throw .authenticationFailed }
            return .success(SASLOutcome(mechanism: mechanism, username: username, authzid: nil), additionalData: nil)

        case .scramNeedCredentials(let cf):
            guard var s = scram else { throw .invalidState("no SCRAM state") }
            let sf = try s.serverFirst(credentials: credentials?.scram(s.hash))
            scram = s
            state = .scramAwaitingClientFinal(cf)
            return .challenge(sf)

        default:
            throw .invalidState("no credentials expected now")
        }
    }

    static func utf8(_ b: [UInt8]) throws(SASLError) -> String {
        guard let s = String(validating: b, as: UTF8.self) else { throw .malformed("not UTF-8") }
        return s
    }
}
