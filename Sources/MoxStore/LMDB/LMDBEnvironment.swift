import CLMDB
import Foundation

/// One LMDB environment, opened once per process after any fork (an
/// environment must never cross fork: its lock-file state and mmap belong to
/// the opening process). Readers use MDB_NOTLS so a read transaction is not
/// tied to the thread's TLS slot; the single writer is serialized by the
/// caller (LMDBIndex's writer thread).
public final class LMDBEnvironment: @unchecked Sendable {
    let env: OpaquePointer
    let openedByPID: pid_t
    let resizeLock = ResizeLock()
    private var dbis: [String: MDB_dbi] = [:]
    public let path: String

    public struct Options: Sendable {
        /// Initial map size; grown by doubling when full.
        public var mapSize: Int = 1 << 30
        public var maxDatabases: UInt32 = 32
        public var maxReaders: UInt32 = 256
        /// Off only in benchmarks that measure the index without fsync.
        public var sync: Bool = true

        public init(mapSize: Int = 1 << 30, maxDatabases: UInt32 = 32, maxReaders: UInt32 = 256, sync: Bool = true) {
            self.mapSize = mapSize
            self.maxDatabases = maxDatabases
            self.maxReaders = maxReaders
            self.sync = sync
        }
    }

    /// Opens (creating) the environment directory and the named databases,
    /// and clears reader slots left by dead processes (mdb_reader_check).
    public init(path: String, databases: [String], options: Options = Options()) throws(LMDBError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LMDBError(Int32(EIO), "create \(path)")
        }
        var e: OpaquePointer?
        try LMDBError.check(mdb_env_create(&e), "mdb_env_create")
        env = e!
        openedByPID = getpid()
        do {
            try LMDBError.check(mdb_env_set_maxdbs(env, options.maxDatabases), "mdb_env_set_maxdbs")
            try LMDBError.check(mdb_env_set_maxreaders(env, options.maxReaders), "mdb_env_set_maxreaders")
            try LMDBError.check(mdb_env_set_mapsize(env, options.mapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if !options.sync { flags |= UInt32(MDB_NOSYNC) }
            try LMDBError.check(mdb_env_open(env, path, flags, 0o660), "mdb_env_open \(path)")
            var dead: Int32 = 0
            try LMDBError.check(mdb_reader_check(env, &dead), "mdb_reader_check")
            // Another process may have grown the map beyond what we asked for.
            try LMDBError.check(mdb_env_set_mapsize(env, 0), "mdb_env_set_mapsize(0)")
            try openDatabases(databases)
        } catch {
            mdb_env_close(env)
            throw error
        }
    }

    private var closed = false

    deinit { close() }

    /// Closes the environment once no transaction of ours is open.
    public func close() {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        if !closed {
            closed = true
            mdb_env_close(env)
        }
    }

    private func openDatabases(_ names: [String]) throws(LMDBError) {
        let txn = try beginRaw(parent: nil, readOnly: false)
        for name in names {
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn, name, UInt32(MDB_CREATE), &dbi)
            if rc != 0 {
                mdb_txn_abort(txn)
                throw LMDBError(rc, "mdb_dbi_open \(name)")
            }
            dbis[name] = dbi
        }
        try LMDBError.check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    func dbi(_ name: String) -> MDB_dbi {
        guard let d = dbis[name] else { preconditionFailure("database \(name) not opened") }
        return d
    }

    /// Clears reader slots of dead processes; call after a peer process died.
    @discardableResult
    public func checkStaleReaders() -> Int {
        var dead: Int32 = 0
        _ = mdb_reader_check(env, &dead)
        return Int(dead)
    }

    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info.me_mapsize
    }

    /// Begins a transaction; handles MDB_MAP_RESIZED (another process grew
    /// the map) by adopting the new size and retrying. Caller must hold
    /// `resizeLock` shared, which this may drop and retake around the resize.
    func beginRaw(parent: OpaquePointer?, readOnly: Bool) throws(LMDBError) -> OpaquePointer {
        guard getpid() == openedByPID else { throw LMDBError(Int32(EPERM), "environment used after fork") }
        guard !closed else { throw LMDBError(Int32(EBADF), "environment closed") }
        var attempts = 0
        while true {
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(env, parent, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
            if rc == 0 { return txn! }
            if rc == MDB_MAP_RESIZED && parent == nil && attempts < 8 {
                attempts += 1
                try adoptResize()
                continue
            }
            throw LMDBError(rc, "mdb_txn_begin")
        }
    }

    /// mdb_env_set_mapsize(env, 0) adopts the size another process set. Must
    /// run without any transaction of ours open: our caller holds the lock
    /// shared, so release it, resize exclusively, and take it shared again.
    func adoptResize() throws(LMDBError) {
        resizeLock.unlock()
        resizeLock.lockExclusive()
        let rc = mdb_env_set_mapsize(env, 0)
        resizeLock.unlock()
        resizeLock.lockShared()
        try LMDBError.check(rc, "mdb_env_set_mapsize(0)")
    }

    /// Doubles the map after MDB_MAP_FULL. Called with no transaction open
    /// and the lock not held.
    func grow() throws(LMDBError) {
        resizeLock.lockExclusive()
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        let rc = mdb_env_set_mapsize(env, info.me_mapsize * 2)
        resizeLock.unlock()
        try LMDBError.check(rc, "mdb_env_set_mapsize(grow)")
    }
}
