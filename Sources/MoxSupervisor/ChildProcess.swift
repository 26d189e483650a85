import Foundation
import MoxIPC

/// The supervisor's record of one role: the running process (if any), its
/// IPC edge, and its restart history. Touched only on the supervisor's loop.
final class ChildProcess: @unchecked Sendable {
    let role: ProcessRole
    let user: SystemUser?
    var pid: pid_t = 0
    var connection: IPCConnection?
    var startedAt = 0.0
    var ready = false
    var restarts = 0
    /// Set by `mox-ctl restart` and reload: the next exit is not a failure.
    var restartRequested = false
    var policy: RestartPolicy

    init(role: ProcessRole, user: SystemUser?, policy: RestartPolicy) {
        self.role = role
        self.user = user
        self.policy = policy
    }

    var isRunning: Bool { pid > 0 }
}

/// Seconds on a monotonic clock, for uptimes and restart windows.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
