import CCap
import CMoxSys
import Foundation

/// Verifies, before a role serves, that the drop the supervisor made holds:
/// no way back to root, no capabilities, no new privileges, not dumpable.
public enum PrivilegeCheck {
    public enum Failure: Error, CustomStringConvertible {
        case regainedRoot
        case capabilitiesLeft(String)
        case noNewPrivsUnset
        public var description: String {
            switch self {
            case .regainedRoot: return "setuid(0) succeeded: privileges were not dropped"
            case .capabilitiesLeft(let caps): return "capabilities still held: \(caps)"
            case .noNewPrivsUnset: return "PR_SET_NO_NEW_PRIVS is not set"
            }
        }
    }

    /// Hardening every role applies to itself at start, privileged or not.
    public static func hardenProcess(name: String) {
        _ = mox_set_process_name(name)
        _ = mox_set_dumpable(0)
        var nocore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &nocore)
    }

    public static func verify(expectUnprivileged: Bool) throws(Failure) {
        if mox_get_no_new_privs() != 1 { throw .noNewPrivsUnset }
        guard expectUnprivileged else { return }
        if setuid(0) == 0 { throw .regainedRoot }
        let caps = currentCapabilities()
        if caps != "=" && !caps.isEmpty { throw .capabilitiesLeft(caps) }
    }

    /// libcap's text form of this process's capability sets ("=" when empty).
    public static func currentCapabilities() -> String {
        guard let caps = cap_get_proc() else { return "unknown" }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        guard let text = cap_to_text(caps, nil) else { return "unknown" }
        defer { cap_free(UnsafeMutableRawPointer(text)) }
        return String(cString: text)
    }
}
