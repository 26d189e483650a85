import Foundation

/// keyd's own storage: one file per item under DATADIR/keys (owned by the
/// keyd user, 0700), written to a temporary file, fsynced, renamed into
/// place and the directory fsynced, so a crash leaves the old or the new
/// version, never a torn one. No other process can read it.
public struct SecretFileStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public enum Failure: Error, CustomStringConvertible {
        case invalidName(String)
        case io(String, Int32)
        public var description: String {
            switch self {
            case .invalidName(let n): return "invalid name \"\(n)\""
            case .io(let what, let e): return "\(what): \(String(cString: strerror(e)))"
            }
        }
    }

    /// Names become file names: no separators, no dot files.
    static func check(_ name: String) throws(Failure) {
        if name.isEmpty || name.hasPrefix(".") || name.contains("/") || name.contains("\0") || name.utf8.count > 200 {
            throw .invalidName(name)
        }
    }

    private func path(_ kind: String, _ name: String) -> String { "\(directory)/\(kind)/\(name)" }

    public func read(_ kind: String, _ name: String) throws(Failure) -> [UInt8]? {
        try Self.check(name)
        guard let d = FileManager.default.contents(atPath: path(kind, name)) else { return nil }
        return Array(d)
    }

    public func list(_ kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(kind)")) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    public func write(_ kind: String, _ name: String, _ bytes: [UInt8]) throws(Failure) {
        try Self.check(name)
        let dir = "\(directory)/\(kind)"
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw .io("mkdir \(dir)", errno) }
        let tmp = "\(dir)/.tmp-\(name)-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("create \(tmp)", errno) }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + off, bytes.count - off) }
            if n < 0 { let e = errno; close(fd); unlink(tmp); throw .io("write \(tmp)", e) }
            off += n
        }
        if fsync(fd) != 0 { let e = errno; close(fd); unlink(tmp); throw .io("fsync \(tmp)", e) }
        close(fd)
        if rename(tmp, path(kind, name)) != 0 { let e = errno; unlink(tmp); throw .io("rename \(tmp)", e) }
        try syncDirectory(dir)
    }

    public func remove(_ kind: String, _ name: String) throws(Failure) -> Bool {
        try Self.check(name)
        if unlink(path(kind, name)) != 0 {
            if errno == ENOENT { return false }
            throw .io("unlink", errno)
        }
        try syncDirectory("\(directory)/\(kind)")
        return true
    }

    private func syncDirectory(_ dir: String) throws(Failure) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw .io("open \(dir)", errno) }
        defer { close(dfd) }
        if fsync(dfd) != 0 { throw .io("fsync \(dir)", errno) }
    }
}
