import CMoxSys
import Foundation

/// Starts a role by re-executing the mox binary as `mox role NAME`, with its
/// IPC edge on descriptor 3 and, when `user` is given, the privilege drop
/// done in the child between fork and exec (CMoxSys.mox_spawn).
public struct Spawner: Sendable {
    /// Resolved once at start, so a binary replaced on disk does not change
    /// what restarts run mid-flight.
    public let executable: String
    public let environment: [String]

    public init() {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        executable = n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        // Roles get a minimal environment: nothing of the admin's shell leaks in.
        var env = ["PATH=/usr/local/bin:/usr/bin:/bin"]
        if let level = ProcessInfo.processInfo.environment["MOX_LOG_LEVEL"] { env.append("MOX_LOG_LEVEL=\(level)") }
        environment = env
    }

    /// `drop`: the user to become, and whether to clear capabilities (also
    /// done when staying root in localserve).
    public func spawn(role: String, ipcFD: Int32, user: SystemUser?, clearCapabilities: Bool) throws(SupervisorError) -> pid_t {
        let args = [executable, "role", role]
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var source: [Int32] = [ipcFD]
        var target: [Int32] = [3]
        let groups: [gid_t] = []
        let pid: pid_t = executable.withCString { path in
            argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    source.withUnsafeMutableBufferPointer { s in
                        target.withUnsafeMutableBufferPointer { t in
                            groups.withUnsafeBufferPointer { g in
                                var spec = mox_spawn_spec()
                                spec.path = path
                                spec.argv = a.baseAddress
                                spec.envp = e.baseAddress
                                spec.source_fds = UnsafePointer(s.baseAddress)
                                spec.target_fds = UnsafePointer(t.baseAddress)
                                spec.nfds = 1
                                spec.drop = (user != nil || clearCapabilities) ? 1 : 0
                                spec.uid = user?.uid ?? getuid()
                                spec.gid = user?.gid ?? getgid()
                                spec.groups = g.baseAddress
                                spec.ngroups = 0
                                spec.parent_death_signal = SIGTERM
                                return mox_spawn(&spec)
                            }
                        }
                    }
                }
            }
        }
        guard pid > 0 else { throw .system("spawn \(role)", errno) }
        return pid
    }
}
