import Foundation

/// Collects exited children on a thread of its own (blocking waitpid), so no
/// SIGCHLD handler is needed and no exit is missed.
enum Reaper {
    static func start(_ onExit: @escaping @Sendable (pid_t, Int32) -> Void) {
        let t = Thread {
            while true {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, 0)
                if pid > 0 {
                    onExit(pid, status)
                } else if errno == ECHILD {
                    usleep(50_000)  // no children right now (between restarts)
                }
            }
        }
        t.name = "reaper"
        t.start()
    }

    static func describe(_ status: Int32) -> String {
        let sig = status & 0x7f
        if sig == 0 { return "exit \((status >> 8) & 0xff)" }
        return "signal \(sig)"
    }
}

/// SIGTERM, SIGINT and SIGHUP are blocked in every thread and taken with
/// sigwait on one thread: no async-signal-safety concerns in handlers.
enum SignalWaiter {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Must run before any thread starts, so all threads inherit the mask.
    static func blockHandledSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    static func start(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        let t = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            for s in handled { sigaddset(&set, s) }
            while true {
                var sig: Int32 = 0
                if sigwait(&set, &sig) == 0 { onSignal(sig) }
            }
        }
        t.name = "signals"
        t.start()
    }
}
