import Foundation
import MoxDNS

/// The public suffix list (publicsuffix.org), for the organizational domain
/// of RFC 7489 §3.2. Loaded from the copy shipped with this module, or a
/// given file (Debian's /usr/share/publicsuffix/public_suffix_list.dat).
public struct PublicSuffixList: Sendable {
    var rules: Set<String> = []
    var wildcards: Set<String> = []
    var exceptions: Set<String> = []

    /// Parses the list format: one rule per line, "//" comments, "*." and "!" prefixes.
    public init(text: String) {
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if line.isEmpty || line.hasPrefix("//") { continue }
            let rule = (IDNA.toASCII(name: line) ?? line).lowercased()
            if rule.hasPrefix("!") { exceptions.insert(String(rule.dropFirst())) }
            else if rule.hasPrefix("*.") { wildcards.insert(String(rule.dropFirst(2))) }
            else { rules.insert(rule) }
        }
    }

    /// The shipped list: next to the executable's resource bundle, then
    /// Debian's path; an empty list (every TLD a suffix) if neither exists.
    public static let shared: PublicSuffixList = {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["MOX_PUBLIC_SUFFIX_LIST"] { paths.append(env) }
        // SwiftPM puts resources in <bundle>.resources beside the binary; we
        // look it up by hand because Bundle.module traps when it is missing.
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for dir in [exe, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            paths.append(dir.appendingPathComponent("mox_MoxDMARC.resources/public_suffix_list.dat").path)
        }
        paths.append("/usr/share/publicsuffix/public_suffix_list.dat")
        for p in paths {
            if let d = FileManager.default.contents(atPath: p) { return PublicSuffixList(text: String(decoding: d, as: UTF8.self)) }
        }
        return PublicSuffixList(text: "")
    }()

    /// The number of labels of the public suffix of `name` (publicsuffix.org
    /// algorithm: the longest matching rule, exceptions win, default "*").
    public func suffixLabelCount(_ labels: [String]) -> Int {
        var best = 1
        for i in 0..<labels.count {
            let candidate = labels[i...].joined(separator: ".")
            let count = labels.count - i
            if exceptions.contains(candidate) { return count - 1 }
            if rules.contains(candidate) { best = max(best, count) }
            if i + 1 < labels.count, wildcards.contains(labels[(i + 1)...].joined(separator: ".")) { best = max(best, count) }
        }
        return best
    }

    /// RFC 7489 §3.2: the public suffix plus one label; the name itself when
    /// it is a public suffix or shorter.
    public func organizationalDomain(_ name: DNSName) -> DNSName {
        let labels = name.labels.map { String(decoding: $0.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self) }
        let n = suffixLabelCount(labels)
        guard labels.count > n else { return name }
        return (try? DNSName(labels: Array(name.labels.suffix(n + 1)))) ?? name
    }
}
