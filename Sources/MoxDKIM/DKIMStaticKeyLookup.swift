/// A fixed name-to-records table.
public struct DKIMStaticKeyLookup: DKIMKeyLookup {
    public var records: [String: [String]]
    public var authentic: Bool

    public init(_ records: [String: [String]], authentic: Bool = false) {
        // DNS names compare case-insensitively and may carry the root dot.
        var r: [String: [String]] = [:]
        for (k, v) in records { r[DKIMStaticKeyLookup.normalize(k), default: []] += v }
        self.records = r
        self.authentic = authentic
    }

    static func normalize(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n
    }

    public func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool) {
        guard let r = records[DKIMStaticKeyLookup.normalize(name)], !r.isEmpty else { throw DKIMKeyLookupError.notFound }
        return (r, authentic)
    }
}
