/// Mailbox names: "/" separates levels, and Inbox is case-insensitive
/// (RFC 9051 §5.1: "INBOX" in any case means the inbox); we spell it "Inbox"
/// as mox does, including as the first level of its children.
public enum MailboxName {
    public static let inbox = "Inbox"
    public static let separator: Character = "/"

    public static func normalize(_ name: String) throws -> String {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("//"),
              !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw StoreError.invalidMailboxName(name)
        }
        let first = name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if first[0].lowercased() == "inbox" {
            return first.count == 1 ? inbox : inbox + "/" + first[1]
        }
        return name
    }

    /// The names of the parents, outermost first: "a/b/c" → ["a", "a/b"].
    static func parents(_ name: String) -> [String] {
        let parts = name.split(separator: "/")
        return (1..<max(1, parts.count)).map { parts[0..<$0].joined(separator: "/") }
    }

    static func validateAccount(_ name: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"),
              !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw StoreError.invalidAccountName(name)
        }
    }
}
