import Foundation

/// The data directory and who owns what in it (DESIGN.md, Processes): the
/// store, accounts and queue belong to the `mox` user, keys to `moxkey`,
/// both 0700; the control socket lives at the top, owned by root.
public struct DataDirectoryLayout: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public var controlSocket: String { root + "/ctl" }
    public var store: String { root + "/store" }
    public var accounts: String { root + "/accounts" }
    public var queue: String { root + "/queue" }
    public var keys: String { root + "/keys" }
    public var tmp: String { root + "/tmp" }

    /// Creates missing directories and sets owners and modes. When `chown` is
    /// false (localserve, not root), only modes are set.
    public func create(user: SystemUser, keyUser: SystemUser, chown: Bool) throws(SupervisorError) {
        try make(root, mode: 0o755, owner: nil, chown: chown)
        for dir in [store, accounts, queue, tmp] { try make(dir, mode: 0o700, owner: user, chown: chown) }
        try make(keys, mode: 0o700, owner: keyUser, chown: chown)
    }

    private func make(_ path: String, mode: mode_t, owner: SystemUser?, chown doChown: Bool) throws(SupervisorError) {
        if mkdir(path, mode) != 0 && errno != EEXIST { throw .system("mkdir \(path)", errno) }
        var st = stat()
        guard lstat(path, &st) == 0 else { throw .system("stat \(path)", errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .setup("\(path) exists and is not a directory") }
        if doChown {
            let uid = owner?.uid ?? 0
            let gid = owner?.gid ?? 0
            if st.st_uid != uid || st.st_gid != gid, chown(path, uid, gid) != 0 { throw .system("chown \(path)", errno) }
        }
        if chmod(path, mode) != 0 { throw .system("chmod \(path)", errno) }
    }
}
