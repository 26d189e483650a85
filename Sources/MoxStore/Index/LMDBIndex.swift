import CLMDB
import Foundation

/// StoreIndex on LMDB. All writes run on one dedicated thread (LMDB allows a
/// single write transaction, and it must stay on the thread that began it).
/// Jobs that arrive while a commit is in progress are batched into the next
/// transaction, each in a nested transaction so one failing job does not undo
/// the others: one fsync then covers many deliveries (group commit).
public final class LMDBIndex: StoreIndex, @unchecked Sendable {
    public let environment: LMDBEnvironment
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var stopped = false
    private var writerExited = false
    private var thread: Thread?
    private var observer: (@Sendable ([StoreChange]) -> Void)?
    /// Upper bound on jobs per transaction, so one commit stays short.
    public var maxBatch = 256
    /// Counters for benchmarks and tests: transactions committed, jobs run.
    public private(set) var commits = 0
    public private(set) var jobsCommitted = 0

    final class Pending: @unchecked Sendable {
        let job: IndexWriteJob
        var error: Error?
        var changes: [StoreChange] = []
        var done = false
        init(_ job: @escaping IndexWriteJob) { self.job = job }
    }

    public init(path: String, options: LMDBEnvironment.Options = .init()) throws {
        environment = try LMDBEnvironment(path: path, databases: IndexTable.allCases.map(\.rawValue), options: options)
        // The thread keeps the index alive until close() lets it finish.
        let t = Thread { self.writerLoop() }
        t.name = "store-writer"
        thread = t
        t.start()
    }

    /// Lets queued writes finish, stops the writer and closes the
    /// environment. Reads and writes afterwards throw StoreError.closed.
    public func close() {
        condition.lock()
        stopped = true
        condition.broadcast()
        if Thread.current !== thread {
            while !writerExited { condition.wait() }
        }
        condition.unlock()
        environment.close()
    }

    /// Jobs waiting for the writer (for tests and metrics).
    public var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending.count
    }

    /// Commit counters read under the lock.
    public var statistics: (commits: Int, jobs: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (commits, jobsCommitted)
    }

    public func setCommitObserver(_ observer: @escaping @Sendable ([StoreChange]) -> Void) {
        condition.lock()
        self.observer = observer
        condition.unlock()
    }

    public func read<T>(_ body: (any IndexReader) throws -> T) throws -> T {
        try environment.read { txn in try body(LMDBIndexTransaction(txn)) }
    }

    public func write(_ job: @escaping IndexWriteJob) throws {
        let p = Pending(job)
        condition.lock()
        guard !stopped else {
            condition.unlock()
            throw StoreError.closed
        }
        pending.append(p)
        condition.broadcast()
        while !p.done { condition.wait() }
        condition.unlock()
        if let e = p.error { throw e }
    }

    private func writerLoop() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopped { condition.wait() }
            if pending.isEmpty && stopped {
                writerExited = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let observer = self.observer
            condition.unlock()

            run(batch)

            // Observers hear of a change before its caller is answered, so
            // a client that saw its APPEND succeed can rely on IDLE peers
            // being told.
            let changes = batch.filter { $0.error == nil }.flatMap(\.changes)
            if !changes.isEmpty { observer?(changes) }
            condition.lock()
            for p in batch { p.done = true }
            commits += 1
            jobsCommitted += batch.count
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Runs a batch in one transaction, growing the map and retrying the
    /// whole batch when it is full.
    private func run(_ batch: [Pending]) {
        var grows = 0
        while true {
            do {
                try runOnce(batch)
                return
            } catch let e as LMDBError where e.isMapFull && grows < 32 {
                grows += 1
                do { try environment.grow() } catch {
                    for p in batch { p.error = StoreError.index("\(error)") }
                    return
                }
            } catch {
                for p in batch { p.error = error as? StoreError ?? StoreError.index("\(error)") }
                return
            }
        }
    }

    private func runOnce(_ batch: [Pending]) throws {
        let env = environment
        env.resizeLock.lockShared()
        defer { env.resizeLock.unlock() }
        let parent = try env.beginRaw(parent: nil, readOnly: false)
        var open = true
        defer { if open { mdb_txn_abort(parent) } }
        for p in batch {
            p.error = nil
            p.changes = []
            let child = try env.beginRaw(parent: parent, readOnly: false)
            do {
                p.changes = try p.job(LMDBIndexTransaction(LMDBTransaction(env, txn: child, readOnly: false)))
                try LMDBError.check(mdb_txn_commit(child), "mdb_txn_commit(nested)")
            } catch let e as LMDBError where e.isMapFull {
                mdb_txn_abort(child)
                throw e
            } catch {
                mdb_txn_abort(child)
                p.error = error
            }
        }
        open = false
        try LMDBError.check(mdb_txn_commit(parent), "mdb_txn_commit")
    }
}

/// Adapts an LMDB transaction to the engine-neutral reader/writer protocols.
struct LMDBIndexTransaction: IndexWriter {
    let txn: LMDBTransaction
    init(_ txn: LMDBTransaction) { self.txn = txn }

    func get(_ table: IndexTable, _ key: [UInt8]) throws -> [UInt8]? { try txn.get(table.rawValue, key) }

    func scan(_ table: IndexTable, prefix: [UInt8], from start: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try txn.scan(table.rawValue, prefix: prefix, from: start, body)
    }

    func put(_ table: IndexTable, _ key: [UInt8], _ value: [UInt8]) throws {
        guard !txn.readOnly else { throw StoreError.index("write in read-only transaction") }
        try txn.put(table.rawValue, key, value)
    }

    func delete(_ table: IndexTable, _ key: [UInt8]) throws -> Bool { try txn.delete(table.rawValue, key) }
}
