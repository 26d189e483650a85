/// Parses mox's "sconf" format: tab indentation, `Key: value` lines, `Key:`
/// opening a block indented one tab deeper, `- value` and `-` list items, and
/// full-line `#` comments. Strings are unquoted and never span lines.
public struct SconfParser {
    let file: String

    public init(file: String) { self.file = file }

    private struct Line {
        let number: Int
        let depth: Int
        let text: Substring
    }

    public func parse(_ text: String) throws(ConfigError) -> SconfNode {
        var lines: [Line] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var s = raw
            if s.hasSuffix("\r") { s = s.dropLast() }
            let trimmed = s.drop { $0 == "\t" || $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = s.prefix { $0 == "\t" || $0 == " " }
            if indent.contains(" ") { throw error(number, "indent with tabs only, found a space") }
            // sconf itself writes an empty value as "Key: "; other trailing space is a mistake.
            if (trimmed.last == " " || trimmed.last == "\t") && !(trimmed.hasSuffix(": ") && !trimmed.dropLast(2).contains(" ")) {
                throw error(number, "trailing whitespace")
            }
            lines.append(Line(number: number, depth: indent.count, text: trimmed))
        }
        var index = 0
        guard let first = lines.first else { return SconfNode(line: 1, value: .block([])) }
        if first.depth != 0 { throw error(first.number, "first line must not be indented") }
        let root = try parseBlock(lines, &index, depth: 0)
        if index < lines.count { throw error(lines[index].number, "unexpected indent") }
        return root
    }

    /// Lines at exactly `depth` starting at `index`: all list items or all keys.
    private func parseBlock(_ lines: [Line], _ index: inout Int, depth: Int) throws(ConfigError) -> SconfNode {
        let startLine = lines[index].number
        let isList = lines[index].text == "-" || lines[index].text.hasPrefix("- ")
        var items: [SconfNode] = []
        var entries: [SconfNode.Entry] = []
        var seen: Set<String> = []
        while index < lines.count {
            let line = lines[index]
            if line.depth < depth { break }
            if line.depth > depth { throw error(line.number, "indented deeper than its parent allows") }
            let lineIsItem = line.text == "-" || line.text.hasPrefix("- ")
            if lineIsItem != isList { throw error(line.number, isList ? "expected a list item (\"- \")" : "list item where a key was expected") }
            index += 1
            if isList {
                if line.text == "-" {
                    items.append(try child(lines, &index, depth: depth + 1, line: line.number, required: true))
                } else {
                    items.append(SconfNode(line: line.number, value: .scalar(String(line.text.dropFirst(2)))))
                }
                continue
            }
            let key: Substring
            let rest: Substring?
            if line.text.hasSuffix(": ") && !line.text.dropLast(2).contains(": ") {
                key = line.text.dropLast(2)
                rest = ""
            } else if let r = line.text.range(of: ": ") {
                key = line.text[..<r.lowerBound]
                rest = line.text[r.upperBound...]
            } else if line.text.hasSuffix(":") {
                key = line.text.dropLast()
                rest = nil
            } else {
                throw error(line.number, "expected \"Key: value\" or \"Key:\"")
            }
            if key.isEmpty { throw error(line.number, "empty key") }
            if !seen.insert(String(key)).inserted { throw error(line.number, "duplicate key \(key)") }
            let node: SconfNode
            if let rest {
                node = SconfNode(line: line.number, value: .scalar(String(rest)))
                if index < lines.count && lines[index].depth > depth {
                    throw error(lines[index].number, "a key with a value cannot have an indented block")
                }
            } else {
                node = try child(lines, &index, depth: depth + 1, line: line.number, required: false)
            }
            entries.append(SconfNode.Entry(key: String(key), line: line.number, node: node))
        }
        return SconfNode(line: startLine, value: isList ? .list(items) : .block(entries))
    }

    private func child(_ lines: [Line], _ index: inout Int, depth: Int, line: Int, required: Bool) throws(ConfigError) -> SconfNode {
        if index < lines.count && lines[index].depth == depth {
            return try parseBlock(lines, &index, depth: depth)
        }
        if index < lines.count && lines[index].depth > depth {
            throw error(lines[index].number, "indented more than one tab deeper than line \(line)")
        }
        if required { throw error(line, "\"-\" must be followed by an indented block") }
        return SconfNode(line: line, value: .empty)
    }

    private func error(_ line: Int, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line, path: "", message: message)
    }
}

/// A config problem, always naming the file, the line and the key path.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let path: String
    public let message: String

    public init(file: String, line: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(path): \(message)"
    }
}
