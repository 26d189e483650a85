/// The narrow interface between the store's operations and the engine that
/// holds the index (DESIGN.md, "Beyond one machine"): an ordered key-value
/// store with named tables, snapshot reads and serialized, grouped writes.
/// LMDBIndex implements it; a PostgreSQL-backed index could too. Nothing
/// above this layer knows about LMDB.
public protocol IndexReader {
    func get(_ table: IndexTable, _ key: [UInt8]) throws -> [UInt8]?
    /// Visits entries whose key starts with `prefix`, in key order, from
    /// `start` if given, while `body` returns true.
    func scan(_ table: IndexTable, prefix: [UInt8], from start: [UInt8]?,
              _ body: ([UInt8], [UInt8]) throws -> Bool) throws
}

public protocol IndexWriter: IndexReader {
    func put(_ table: IndexTable, _ key: [UInt8], _ value: [UInt8]) throws
    @discardableResult func delete(_ table: IndexTable, _ key: [UInt8]) throws -> Bool
}

/// A unit of work for the writer: runs inside a write transaction without
/// blocking or awaiting, and returns the change events it caused. It may run
/// more than once (after the map was grown), so it must only touch the index.
public typealias IndexWriteJob = @Sendable (any IndexWriter) throws -> [StoreChange]

public protocol StoreIndex: AnyObject, Sendable {
    func read<T>(_ body: (any IndexReader) throws -> T) throws -> T
    /// Runs `job` in a write transaction, possibly committed together with
    /// other callers' jobs (group commit), and returns after the commit is
    /// durable. A job that throws is rolled back alone.
    func write(_ job: @escaping IndexWriteJob) throws
    /// Called on the writer thread after each commit, with its events in order.
    func setCommitObserver(_ observer: @escaping @Sendable ([StoreChange]) -> Void)
    func close()
}

extension IndexReader {
    public func scan(_ table: IndexTable, prefix: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try scan(table, prefix: prefix, from: nil, body)
    }
}
