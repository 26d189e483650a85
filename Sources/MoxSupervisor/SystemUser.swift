import Foundation

/// A Unix account a role runs as.
public struct SystemUser: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var uid: uid_t
    public var gid: gid_t

    /// Looks up `name` in the user database; as mox does, a name that is not
    /// a user but a number is used as both uid and gid.
    public static func lookup(_ name: String) throws(SupervisorError) -> SystemUser {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buf = [CChar](repeating: 0, count: 16384)
        if getpwnam_r(name, &pwd, &buf, buf.count, &result) == 0, result != nil {
            return SystemUser(name: name, uid: pwd.pw_uid, gid: pwd.pw_gid)
        }
        if let n = UInt32(name) { return SystemUser(name: name, uid: n, gid: n) }
        throw .setup("user \"\(name)\" does not exist (create it with scripts/create-users.sh)")
    }

    public static func current() -> SystemUser {
        let uid = getuid()
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buf = [CChar](repeating: 0, count: 16384)
        let name = getpwuid_r(uid, &pwd, &buf, buf.count, &result) == 0 && result != nil ? String(cString: pwd.pw_name) : "\(uid)"
        return SystemUser(name: name, uid: uid, gid: getgid())
    }

    /// Gid of a group name, or nil.
    public static func groupID(_ name: String) -> gid_t? {
        var grp = group()
        var result: UnsafeMutablePointer<group>?
        var buf = [CChar](repeating: 0, count: 16384)
        if getgrnam_r(name, &grp, &buf, buf.count, &result) == 0, result != nil { return grp.gr_gid }
        return gid_t(name)
    }

    public var description: String { "\(name)(\(uid):\(gid))" }
}

public enum SupervisorError: Error, CustomStringConvertible {
    case setup(String)
    case system(String, Int32)

    public var description: String {
        switch self {
        case .setup(let s): return s
        case .system(let what, let e): return "\(what): \(String(cString: strerror(e)))"
        }
    }
}
