import CLMDB

/// A transaction on an LMDBEnvironment. Values returned by `get` and `scan`
/// are copied out: LMDB's pointers are valid only until the transaction ends.
public final class LMDBTransaction {
    let environment: LMDBEnvironment
    let txn: OpaquePointer
    public let readOnly: Bool

    init(_ environment: LMDBEnvironment, txn: OpaquePointer, readOnly: Bool) {
        self.environment = environment
        self.txn = txn
        self.readOnly = readOnly
    }

    public func get(_ db: String, _ key: [UInt8]) throws(LMDBError) -> [UInt8]? {
        let dbi = environment.dbi(db)
        var result: [UInt8]?
        var rc: Int32 = 0
        key.withUnsafeBytes { kp in
            var k = MDB_val(mv_size: kp.count, mv_data: UnsafeMutableRawPointer(mutating: kp.baseAddress))
            var v = MDB_val()
            rc = mdb_get(txn, dbi, &k, &v)
            if rc == 0 { result = Self.copy(v) }
        }
        if rc == MDB_NOTFOUND { return nil }
        try LMDBError.check(rc, "mdb_get \(db)")
        return result
    }

    public func put(_ db: String, _ key: [UInt8], _ value: [UInt8]) throws(LMDBError) {
        let dbi = environment.dbi(db)
        var rc: Int32 = 0
        key.withUnsafeBytes { kp in
            value.withUnsafeBytes { vp in
                var k = MDB_val(mv_size: kp.count, mv_data: UnsafeMutableRawPointer(mutating: kp.baseAddress))
                var v = MDB_val(mv_size: vp.count, mv_data: UnsafeMutableRawPointer(mutating: vp.baseAddress))
                rc = mdb_put(txn, dbi, &k, &v, 0)
            }
        }
        try LMDBError.check(rc, "mdb_put \(db)")
    }

    /// Returns whether the key existed.
    @discardableResult
    public func delete(_ db: String, _ key: [UInt8]) throws(LMDBError) -> Bool {
        let dbi = environment.dbi(db)
        var rc: Int32 = 0
        key.withUnsafeBytes { kp in
            var k = MDB_val(mv_size: kp.count, mv_data: UnsafeMutableRawPointer(mutating: kp.baseAddress))
            rc = mdb_del(txn, dbi, &k, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        try LMDBError.check(rc, "mdb_del \(db)")
        return true
    }

    /// Visits keys starting with `prefix`, from `start` (or the prefix) on,
    /// in key order, while `body` returns true.
    public func scan(_ db: String, prefix: [UInt8], from start: [UInt8]? = nil,
                     _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let dbi = environment.dbi(db)
        var cursor: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open \(db)")
        defer { mdb_cursor_close(cursor) }
        let first = start ?? prefix
        var k = MDB_val()
        var v = MDB_val()
        var rc: Int32 = first.withUnsafeBytes { fp in
            if fp.count == 0 { return mdb_cursor_get(cursor, &k, &v, MDB_FIRST) }
            k = MDB_val(mv_size: fp.count, mv_data: UnsafeMutableRawPointer(mutating: fp.baseAddress))
            return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
        }
        while rc == 0 {
            let key = Self.copy(k)
            guard key.starts(with: prefix) else { return }
            guard try body(key, Self.copy(v)) else { return }
            rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)
        }
        if rc != MDB_NOTFOUND { throw LMDBError(rc, "mdb_cursor_get \(db)") }
    }

    static func copy(_ v: MDB_val) -> [UInt8] {
        guard v.mv_size > 0, let p = v.mv_data else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: v.mv_size))
    }
}

extension LMDBEnvironment {
    /// Runs `body` in a read-only transaction that is always ended, so no
    /// reader slot is left behind.
    public func read<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        let txn = try beginRaw(parent: nil, readOnly: true)
        defer { mdb_txn_abort(txn) }
        return try body(LMDBTransaction(self, txn: txn, readOnly: true))
    }
}
