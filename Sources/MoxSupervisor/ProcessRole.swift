/// The processes of DESIGN.md's table, each re-executed from the one `mox`
/// binary as `mox role NAME`.
public enum ProcessRole: String, CaseIterable, Sendable {
    case smtpd, imapd, queued, webapid, keyd

    /// Name shown in ps and /proc/PID/comm.
    public var processName: String { "mox-\(rawValue)" }
}
