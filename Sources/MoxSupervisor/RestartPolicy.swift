/// When to restart a role that exited, and when to give up: Dovecot's and
/// Postfix's throttling. A role that dies again soon after starting waits
/// `backoff`, doubling per further quick failure up to 60 s; more than
/// `maxRestarts` restarts within `window` stop the whole service.
public struct RestartPolicy: Sendable {
    public enum Decision: Equatable, Sendable {
        case restart(afterSeconds: Double)
        case stopService(reason: String)
    }

    public let maxRestarts: Int
    public let window: Double
    public let backoff: Double
    /// A role that ran at least this long is considered healthy again.
    public let healthyAfter: Double
    public static let maxBackoff = 60.0

    private var restarts: [Double] = []
    private var quickFailures = 0

    public init(maxRestarts: Int = 5, window: Double = 60, backoff: Double = 2, healthyAfter: Double = 30) {
        self.maxRestarts = maxRestarts
        self.window = window
        self.backoff = backoff
        self.healthyAfter = healthyAfter
    }

    /// Records an exit at `now` of a process that ran `ranFor` seconds and
    /// had (or had not) reported ready.
    public mutating func exited(at now: Double, ranFor: Double, wasReady: Bool) -> Decision {
        restarts = restarts.filter { now - $0 < window }
        if restarts.count >= maxRestarts {
            return .stopService(reason: "restarted \(restarts.count) times within \(Int(window))s")
        }
        restarts.append(now)
        if wasReady && ranFor >= healthyAfter { quickFailures = 0 }
        quickFailures += 1
        // The first failure of a role that was serving restarts at once, so a
        // crash costs clients no more than the queueing in the kernel.
        if wasReady && quickFailures == 1 { return .restart(afterSeconds: 0) }
        let exponent = Double(max(0, quickFailures - (wasReady ? 2 : 1)))
        return .restart(afterSeconds: min(Self.maxBackoff, backoff * pow2(exponent)))
    }

    private func pow2(_ e: Double) -> Double {
        var v = 1.0
        var i = 0.0
        while i < e && v < Self.maxBackoff { v *= 2; i += 1 }
        return v
    }
}
