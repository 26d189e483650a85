import CCap
import CMoxSys
import Foundation

/// Reduces the supervisor's capabilities once listeners are bound to what
/// spawning and signalling roles needs: CAP_SETUID, CAP_SETGID (the drop in
/// each child), CAP_SETPCAP (clearing the child's bounding set), CAP_KILL
/// (signalling children that run under other uids).
public enum Capabilities {
    public static let supervisorKeeps: [cap_value_t] = [CAP_SETUID, CAP_SETGID, CAP_SETPCAP, CAP_KILL].map { cap_value_t($0) }

    public static func restrictSupervisor() throws(SupervisorError) {
        // Bounding set first, while CAP_SETPCAP is still effective.
        let last = Int32(CAP_LAST_CAP)
        for cap in 0...last where !supervisorKeeps.contains(cap_value_t(cap)) {
            if mox_capbset_drop(cap) != 0 && errno != EINVAL { throw .system("drop bounding capability \(cap)", errno) }
        }
        guard let caps = cap_init() else { throw .system("cap_init", errno) }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        var keep = supervisorKeeps
        for flag in [CAP_PERMITTED, CAP_EFFECTIVE] {
            if cap_set_flag(caps, flag, Int32(keep.count), &keep, CAP_SET) != 0 { throw .system("cap_set_flag", errno) }
        }
        if cap_set_proc(caps) != 0 { throw .system("cap_set_proc", errno) }
    }
}
