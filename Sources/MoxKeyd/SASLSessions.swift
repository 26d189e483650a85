import Foundation
import MoxRole
import MoxSASL

/// The SASL exchanges keyd is running for network roles, keyed by a session
/// number keyd chooses. Failures feed the rate limiter; an exchange's final
/// answer is held back while its remote IP (or account) is over the limit.
actor SASLSessions {
    struct Session {
        var server: SASLServer
        var request: SASLStartRequest
        var peer: String
        var login: String?
        var started: Double
    }

    private var sessions: [UInt64: Session] = [:]
    private var nextSession: UInt64 = 1
    private var limiter: LoginRateLimiter
    private weak var keyd: KeydService?
    /// Abandoned exchanges (a client that went away mid-way) are dropped after this.
    static let sessionTimeout = 300.0

    init(limiter: LoginRateLimiter) { self.limiter = limiter }

    nonisolated func attach(keyd: KeydService) { Task { await self.set(keyd) } }
    private func set(_ k: KeydService) { keyd = k }
    func attachNow(keyd: KeydService) { self.keyd = keyd }

    func start(_ req: SASLStartRequest, peer: String) async -> SASLReply {
        expire()
        let id = nextSession
        nextSession += 1
        guard let mechanism = SASLMechanism(name: req.mechanism) else {
            return await finish(id, req, login: nil, .failure(reason: "unsupported mechanism \(req.mechanism)"), counts: false)
        }
        var external: String?
        if mechanism == .external, let hash = req.clientPublicKeyHash {
            external = keyd?.account(forClientKeyHash: hash)
        }
        let bindings = req.channelBindings.compactMap { cb in ChannelBinding.Kind(rawValue: cb.type).map { ChannelBinding(kind: $0, data: cb.data) } }
        do {
            var server = try SASLServer(mechanism: mechanism, channelBindings: bindings, externalIdentity: external)
            let step = try server.start(initialResponse: req.initialResponse)
            var session = Session(server: server, request: req, peer: peer, login: nil, started: now())
            return await drive(id, &session, step)
        } catch {
            return await finish(id, req, login: nil, .failure(reason: "\(error)"), counts: true)
        }
    }

    func step(_ req: SASLStepRequest, peer: String) async -> SASLReply {
        expire()
        guard var session = sessions.removeValue(forKey: req.session), session.peer == peer else {
            return SASLReply(session: req.session, outcome: .failure(reason: "no such SASL session"))
        }
        guard let response = req.response else {
            // The client cancelled ("*"): not a guess, so not counted.
            return await finish(req.session, session.request, login: session.login, .failure(reason: "cancelled by client"), counts: false)
        }
        do {
            let step = try session.server.respond(response)
            return await drive(req.session, &session, step)
        } catch {
            return await finish(req.session, session.request, login: session.login, .failure(reason: "\(error)"), counts: true)
        }
    }

    private func drive(_ id: UInt64, _ session: inout Session, _ first: SASLServerStep) async -> SASLReply {
        var step = first
        do {
            while true {
                switch step {
                case .challenge(let c):
                    sessions[id] = session
                    return SASLReply(session: id, outcome: .challenge(c))
                case .needCredentials(let login):
                    session.login = login
                    let account = keyd?.account(forLogin: login)
                    let creds = try account.flatMap { try keyd?.credentials(for: $0) }
                    step = try session.server.provide(credentials: creds)
                case .success(let outcome, let extra):
                    let account = keyd?.account(forLogin: outcome.username) ?? outcome.username
                    return await finish(id, session.request, login: outcome.username, .success(account: account, additionalData: extra), counts: false)
                }
            }
        } catch {
            return await finish(id, session.request, login: session.login, .failure(reason: "\(error)"), counts: true)
        }
    }

    /// Logs the outcome (never a secret), records failures and applies the delay.
    private func finish(_ id: UInt64, _ req: SASLStartRequest, login: String?, _ outcome: SASLReply.Outcome, counts: Bool) async -> SASLReply {
        sessions[id] = nil
        let account = login.flatMap { keyd?.account(forLogin: $0) } ?? login
        let delay = limiter.delay(ip: req.remoteIP, account: account, now: now())
        if counts { limiter.recordFailure(ip: req.remoteIP, account: account, now: now()) }
        var meta: [String: String] = ["mechanism": req.mechanism, "ip": req.remoteIP, "protocol": req.protocolName, "account": account ?? "-"]
        if delay > 0 { meta["delay"] = String(format: "%.1fs", delay) }
        switch outcome {
        case .success: keyd?.logger.info("login ok", metadata: meta.mapValues { .string($0) })
        case .failure(let reason):
            meta["reason"] = reason
            keyd?.logger.warning("login failed", metadata: meta.mapValues { .string($0) })
        case .challenge: break
        }
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        return SASLReply(session: id, outcome: outcome, delayedSeconds: delay)
    }

    private func expire() {
        let t = now()
        sessions = sessions.filter { t - $0.value.started < Self.sessionTimeout }
    }

    private func now() -> Double { Date().timeIntervalSince1970 }
}
