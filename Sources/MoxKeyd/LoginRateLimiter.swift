import Foundation

/// Failed logins per remote IP and per account over a sliding window. Past
/// the threshold, keyd holds its answers back, growing per further failure,
/// so guessing gets slow while other clients are untouched. A remote IP's
/// delay never affects logins from other IPs; the per-account threshold is
/// higher, so one attacker cannot cheaply slow down an account's owner.
public struct LoginRateLimiter: Sendable {
    public let window: Double
    public let ipThreshold: Int
    public let accountThreshold: Int
    public let step: Double
    public let maxDelay: Double

    private var ipFailures: [String: [Double]] = [:]
    private var accountFailures: [String: [Double]] = [:]

    public init(window: Double = 3600, ipThreshold: Int = 10, accountThreshold: Int = 100, step: Double = 1, maxDelay: Double = 15) {
        self.window = window
        self.ipThreshold = ipThreshold
        self.accountThreshold = accountThreshold
        self.step = step
        self.maxDelay = maxDelay
    }

    /// How long to hold back the answer to an attempt from `ip` for `account`.
    public mutating func delay(ip: String, account: String?, now: Double) -> Double {
        prune(now)
        let byIP = ipFailures[ip]?.count ?? 0
        let byAccount = account.flatMap { accountFailures[$0]?.count } ?? 0
        let overIP = byIP >= ipThreshold ? Double(byIP - ipThreshold + 1) : 0
        let overAccount = byAccount >= accountThreshold ? Double(byAccount - accountThreshold + 1) : 0
        return min(maxDelay, max(overIP, overAccount) * step)
    }

    public mutating func recordFailure(ip: String, account: String?, now: Double) {
        ipFailures[ip, default: []].append(now)
        if let account { accountFailures[account, default: []].append(now) }
    }

    private mutating func prune(_ now: Double) {
        ipFailures = ipFailures.compactMapValues { l in let k = l.filter { now - $0 < window }; return k.isEmpty ? nil : k }
        accountFailures = accountFailures.compactMapValues { l in let k = l.filter { now - $0 < window }; return k.isEmpty ? nil : k }
    }
}
