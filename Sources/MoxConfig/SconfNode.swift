/// The parsed form of an sconf file before it is given meaning: scalars,
/// lists and key/value blocks, each remembering its line for error messages.
public final class SconfNode: @unchecked Sendable {
    public enum Value {
        /// `Key: value` or `- value`. "nil" spells an empty block, as mox writes it.
        case scalar(String)
        case list([SconfNode])
        case block([Entry])
        /// `Key:` with nothing indented below it.
        case empty
    }

    public final class Entry {
        public let key: String
        /// Line of the key itself (a block's node starts on the next line).
        public let line: Int
        public let node: SconfNode
        /// Set when the decoder consumed the entry; an entry left unread is an unknown key.
        var consumed = false
        init(key: String, line: Int, node: SconfNode) {
            self.key = key
            self.line = line
            self.node = node
        }
    }

    public let line: Int
    public internal(set) var value: Value

    init(line: Int, value: Value) {
        self.line = line
        self.value = value
    }

    var kindName: String {
        switch value {
        case .scalar: return "a value"
        case .list: return "a list"
        case .block: return "a block of keys"
        case .empty: return "nothing"
        }
    }
}

extension SconfNode {
    /// The line of the deepest key along `path` that exists, for pointing an
    /// error about a value at where it was written.
    func line(at path: [String]) -> Int {
        var node = self
        var line = self.line
        for key in path {
            guard case .block(let entries) = node.value,
                  let e = entries.first(where: { $0.key == key }) ?? entries.first(where: { $0.key.lowercased() == key.lowercased() })
            else { break }
            node = e.node
            line = e.line
        }
        return line
    }
}
