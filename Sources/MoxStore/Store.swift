import Foundation
import MoxEncoding
import MoxMessage

/// The mail store: the index (accounts, mailboxes, messages, tombstones)
/// and the message files, with the operations smtpd, imapd, queued and
/// webapid perform. Open one per process, after any fork. Every mutating
/// call returns only after its files are fsynced and its index transaction
/// has committed (DESIGN.md, Store: durability rule). Calls block the
/// calling thread briefly; async wrappers run them off the caller's executor.
public final class Store: @unchecked Sendable {
    public let dataDirectory: String
    public let index: any StoreIndex
    public var files: MessageFiles
    private let observersLock = NSLock()
    private var observers: [@Sendable ([StoreChange]) -> Void] = []

    public struct Options: Sendable {
        public var mapSize: Int
        /// fsync files, directories and commits. Off only in benchmarks.
        public var sync: Bool

        public init(mapSize: Int = 1 << 30, sync: Bool = true) {
            self.mapSize = mapSize
            self.sync = sync
        }
    }

    /// Opens data/store (creating it), clears stale LMDB readers, brings the
    /// schema up to date and removes stale temporary files.
    public static func open(dataDirectory: String, options: Options = Options()) throws -> Store {
        let idx = try LMDBIndex(path: dataDirectory + "/store",
                                options: .init(mapSize: options.mapSize, sync: options.sync))
        var files = MessageFiles(dataDirectory: dataDirectory)
        files.sync = options.sync
        let store = Store(dataDirectory: dataDirectory, index: idx, files: files)
        try idx.write { tx in
            try SchemaMigration.run(tx)
            return []
        }
        files.removeStaleTemporaries()
        return store
    }

    public init(dataDirectory: String, index: any StoreIndex, files: MessageFiles) {
        self.dataDirectory = dataDirectory
        self.index = index
        self.files = files
        index.setCommitObserver { [weak self] changes in self?.notify(changes) }
    }

    /// Finishes queued writes and closes the index. Also done on deinit.
    public func close() { index.close() }

    deinit { index.close() }

    /// Registers a callback run on the writer thread after each commit, with
    /// that commit's changes in modseq order. Keep it quick (hand off to IPC).
    public func observeChanges(_ observer: @escaping @Sendable ([StoreChange]) -> Void) {
        observersLock.lock()
        observers.append(observer)
        observersLock.unlock()
    }

    private func notify(_ changes: [StoreChange]) {
        observersLock.lock()
        let list = observers
        observersLock.unlock()
        for o in list { o(changes) }
    }

    /// A write job with a result, run by the index's writer (grouped with
    /// concurrent callers into one commit).
    func write<T>(_ body: @escaping @Sendable (any IndexWriter, inout [StoreChange]) throws -> T) throws -> T {
        let box = ResultBox<T>()
        try index.write { tx in
            var changes: [StoreChange] = []
            box.value = try body(tx, &changes)
            return changes
        }
        return box.value!
    }

    func read<T>(_ body: (any IndexReader) throws -> T) throws -> T { try index.read(body) }

    public func messagePath(account: String, fileName: String) -> String {
        files.path(account: account, fileName: fileName)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
