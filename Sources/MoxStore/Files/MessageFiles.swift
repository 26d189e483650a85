import Foundation

/// Message files under the data directory: data/accounts/NAME/msg/XX/NAME.
/// Durability (DESIGN.md, Store): a file is written to data/tmp, fsynced,
/// hard-linked into each account's msg directory, and that directory
/// fsynced, all before the index transaction that references it. A crash
/// leaves at worst an orphan file, never an index entry without its file.
public struct MessageFiles: Sendable {
    public let dataDirectory: String
    /// Off only for benchmarks that measure the index alone.
    public var sync = true

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    public var temporaryDirectory: String { dataDirectory + "/tmp" }

    public func accountDirectory(_ account: String) -> String { dataDirectory + "/accounts/" + account + "/msg" }

    public func path(account: String, fileName: String) -> String { accountDirectory(account) + "/" + fileName }

    /// A name no other process will pick: time, pid and randomness. The first
    /// two hex digits choose one of 256 subdirectories to keep directories small.
    static func newFileName() -> String {
        let r = UInt64.random(in: 0...UInt64.max)
        let t = UInt64(Date().timeIntervalSince1970 * 1000)
        let name = String(r >> 56, radix: 16).leftPadded(2) + String(t, radix: 36) + "-" + String(getpid(), radix: 36)
            + "-" + String(r & 0xffff_ffff_ffff, radix: 36)
        return String(name.prefix(2)) + "/" + name
    }

    /// Writes `bytes` to a new temporary file and fsyncs it.
    public func writeTemporary(_ bytes: [UInt8]) throws(StoreError) -> String {
        try ensureDirectory(temporaryDirectory)
        let path = temporaryDirectory + "/" + Self.newFileName().replacingOccurrences(of: "/", with: "-")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .file("create \(path): \(errnoText())") }
        defer { close(fd) }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { p in write(fd, p.baseAddress! + off, p.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = errnoText()
                unlink(path)
                throw .file("write \(path): \(why)")
            }
            off += n
        }
        if sync && fsync(fd) != 0 {
            let why = errnoText()
            unlink(path)
            throw .file("fsync \(path): \(why)")
        }
        return path
    }

    /// Links an existing file (temporary or another message's) into the
    /// account's msg directory under a new name, fsyncing the directory.
    /// Returns the new file name.
    public func link(_ source: String, intoAccount account: String) throws(StoreError) -> String {
        try link(source, into: accountDirectory(account))
    }

    /// Links `source` under `base`/XX/ with a new name, fsyncing the directory.
    func link(_ source: String, into base: String) throws(StoreError) -> String {
        let name = Self.newFileName()
        let dir = base + "/" + String(name.prefix(2))
        try ensureDirectory(dir)
        let target = base + "/" + name
        guard Foundation.link(source, target) == 0 else { throw .file("link \(target): \(errnoText())") }
        try syncDirectory(dir)
        return name
    }

    public func remove(account: String, fileName: String) {
        unlink(path(account: account, fileName: fileName))
    }

    public func removeTemporary(_ path: String) { unlink(path) }

    /// Creates a directory and its parents, fsyncing each parent whose entry
    /// list changed so the new directory survives a crash.
    func ensureDirectory(_ dir: String) throws(StoreError) {
        var st = stat()
        if stat(dir, &st) == 0 { return }
        let parent = (dir as NSString).deletingLastPathComponent
        try ensureDirectory(parent)
        if mkdir(dir, 0o750) != 0 && errno != EEXIST { throw .file("mkdir \(dir): \(errnoText())") }
        try syncDirectory(parent)
    }

    func syncDirectory(_ dir: String) throws(StoreError) {
        guard sync else { return }
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .file("open \(dir): \(errnoText())") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .file("fsync \(dir): \(errnoText())") }
    }

    /// Files left in data/tmp by a crash before linking; removed at open.
    public func removeStaleTemporaries(olderThan seconds: TimeInterval = 3600) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaryDirectory) else { return }
        let cutoff = Date().addingTimeInterval(-seconds)
        for n in names {
            let p = temporaryDirectory + "/" + n
            if let attrs = try? FileManager.default.attributesOfItem(atPath: p),
               let m = attrs[.modificationDate] as? Date, m < cutoff {
                unlink(p)
            }
        }
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
