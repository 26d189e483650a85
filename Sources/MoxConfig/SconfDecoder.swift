/// Decodes Decodable types from parsed sconf. The Swift types are the schema:
/// a key a type does not read is reported as unknown, with file, line and path.
///
/// Keys match property names ignoring case, so the property `dataDir` reads
/// mox's `DataDir` and `smtp` reads `SMTP` (mox's keys are distinct ignoring
/// case). An empty block, or the scalar `nil` as mox writes it, decodes as a
/// block with no keys.
public enum SconfDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigError) -> T {
        let root = try SconfParser(file: file).parse(text)
        return try decode(type, from: root, file: file)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from root: SconfNode, file: String) throws(ConfigError) -> T {
        let value: T
        do {
            value = try T(from: NodeDecoder(node: root, file: file, path: []))
        } catch let e as ConfigError {
            throw e
        } catch {
            throw ConfigError(file: file, line: root.line, path: "", message: "\(error)")
        }
        if let unknown = firstUnconsumed(root, path: []) {
            throw ConfigError(file: file, line: unknown.line, path: unknown.path, message: "unknown key")
        }
        return value
    }

    /// The first key, in file order, that no type asked for.
    static func firstUnconsumed(_ node: SconfNode, path: [String]) -> (line: Int, path: String)? {
        switch node.value {
        case .block(let entries):
            for e in entries {
                let p = path + [e.key]
                if !e.consumed { return (e.line, p.joined(separator: ".")) }
                if let found = firstUnconsumed(e.node, path: p) { return found }
            }
        case .list(let items):
            for (i, item) in items.enumerated() {
                var p = path
                if p.isEmpty { p = ["[\(i)]"] } else { p[p.count - 1] += "[\(i)]" }
                if let found = firstUnconsumed(item, path: p) { return found }
            }
        case .scalar, .empty:
            break
        }
        return nil
    }
}

struct NodeDecoder: Decoder {
    let node: SconfNode
    let file: String
    let path: [String]
    /// Line of the key that holds this node, where errors about it point.
    var keyLine: Int? = nil
    var codingPath: [any CodingKey] { path.map { AnyKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func fail(_ message: String, line: Int? = nil, extraPath: String? = nil) -> ConfigError {
        let p = extraPath.map { path + [$0] } ?? path
        return ConfigError(file: file, line: line ?? keyLine ?? node.line, path: p.joined(separator: "."), message: message)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node.value {
        case .block(let entries): return KeyedDecodingContainer(BlockContainer<Key>(decoder: self, entries: entries))
        case .empty: return KeyedDecodingContainer(BlockContainer<Key>(decoder: self, entries: []))
        case .scalar("nil"): return KeyedDecodingContainer(BlockContainer<Key>(decoder: self, entries: []))
        default: throw fail("expected a block of keys, found \(node.kindName)")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node.value {
        case .list(let items): return ListContainer(decoder: self, items: items)
        case .empty: return ListContainer(decoder: self, items: [])
        default: throw fail("expected a list (\"- \" items), found \(node.kindName)")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ScalarContainer(decoder: self) }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = "[\(intValue)]"; self.intValue = intValue }
}

struct BlockContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let entries: [SconfNode.Entry]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    /// Exact key first (dictionary keys such as domain names), then ignoring case.
    private func entry(_ key: Key) -> SconfNode.Entry? {
        if let e = entries.first(where: { $0.key == key.stringValue }) { return e }
        let lower = key.stringValue.lowercased()
        return entries.first { $0.key.lowercased() == lower }
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let e = entry(key) else { return true }
        if case .empty = e.node.value { e.consumed = true; return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let e = entry(key) else {
            throw decoder.fail("missing required key \(key.stringValue.prefix(1).uppercased() + key.stringValue.dropFirst())")
        }
        e.consumed = true
        return try T(from: NodeDecoder(node: e.node, file: decoder.file, path: decoder.path + [e.key], keyLine: e.line))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let e = entry(key) else { return nil }
        e.consumed = true
        return try T(from: NodeDecoder(node: e.node, file: decoder.file, path: decoder.path + [e.key], keyLine: e.line))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard let e = entry(key) else { throw decoder.fail("missing required key \(key.stringValue)") }
        e.consumed = true
        return try NodeDecoder(node: e.node, file: decoder.file, path: decoder.path + [e.key], keyLine: e.line).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let e = entry(key) else { throw decoder.fail("missing required key \(key.stringValue)") }
        e.consumed = true
        return try NodeDecoder(node: e.node, file: decoder.file, path: decoder.path + [e.key], keyLine: e.line).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
}

struct ListContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [SconfNode]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }
    var currentIndex = 0

    init(decoder: NodeDecoder, items: [SconfNode]) {
        self.decoder = decoder
        self.items = items
    }

    private mutating func nextDecoder() throws -> NodeDecoder {
        guard !isAtEnd else { throw decoder.fail("list has too few items") }
        defer { currentIndex += 1 }
        var p = decoder.path
        if p.isEmpty { p = ["[\(currentIndex)]"] } else { p[p.count - 1] += "[\(currentIndex)]" }
        return NodeDecoder(node: items[currentIndex], file: decoder.file, path: p)
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try nextDecoder()) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try nextDecoder().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
}

struct ScalarContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private func text(_ what: String) throws -> String {
        guard case .scalar(let s) = decoder.node.value else {
            throw decoder.fail("expected \(what), found \(decoder.node.kindName)")
        }
        return s
    }

    func decodeNil() -> Bool {
        if case .empty = decoder.node.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch try text("true or false") {
        case "true": return true
        case "false": return false
        case let s: throw decoder.fail("expected true or false, found \"\(s)\"")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        if case .empty = decoder.node.value { return "" }
        return try text("a string")
    }

    func decode(_ type: Double.Type) throws -> Double {
        let s = try text("a number")
        guard let v = Double(s), v.isFinite else { throw decoder.fail("expected a number, found \"\(s)\"") }
        return v
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let s = try text("an integer")
        guard let v = T(s) else { throw decoder.fail("expected an integer in range, found \"\(s)\"") }
        return v
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }

    /// For value types that validate their own text (durations, addresses).
    func invalid(_ message: String) -> ConfigError { decoder.fail(message) }
}
