import MoxEncoding

/// The index's schema version in the meta table, and the steps that bring an
/// older index up to date. Each step runs in the same write transaction as
/// the version bump, so a crash never leaves a half-migrated index.
public enum SchemaMigration {
    public static let currentVersion: UInt32 = 1

    /// Steps by the version they upgrade from; version 1 is the first.
    static let steps: [UInt32: @Sendable (any IndexWriter) throws -> Void] = [:]

    static func run(_ tx: any IndexWriter) throws {
        var version: UInt32 = 0
        if let raw = try tx.get(.meta, IndexKey.schemaVersion) {
            var r = ByteReader(raw)
            version = try r.readUInt32()
        }
        if version > currentVersion { throw StoreError.schemaTooNew(found: version, known: currentVersion) }
        if version == currentVersion { return }
        if version > 0 {
            for v in version..<currentVersion {
                guard let step = steps[v] else { throw StoreError.index("no migration from schema version \(v)") }
                try step(tx)
            }
        }
        var w = ByteWriter()
        w.write(currentVersion)
        try tx.put(.meta, IndexKey.schemaVersion, w.bytes)
    }

    public static func version(_ tx: any IndexReader) throws -> UInt32? {
        guard let raw = try tx.get(.meta, IndexKey.schemaVersion) else { return nil }
        var r = ByteReader(raw)
        return try r.readUInt32()
    }
}
