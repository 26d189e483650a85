import Foundation
import XCTest

/// Starts nsd and unbound on loopback through Tests/e2e/dnsservers.py, which
/// signs signed.test and writes their configs in a temporary directory. The
/// script stops both servers when its stdin closes.
final class DNSServerHarness {
    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()
    var nsdPort = 0
    var unboundPort = 0

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func available() -> Bool {
        ["/usr/sbin/nsd", "/usr/sbin/unbound", "/usr/bin/ldns-signzone"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func start() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Tests/e2e/dnsservers.py").path]
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // One JSON line once both servers answer.
        var line = Data()
        let h = stdout.fileHandleForReading
        while true {
            let b = h.readData(ofLength: 1)
            if b.isEmpty || b == Data([10]) { break }
            line.append(b)
        }
        let obj = try JSONSerialization.jsonObject(with: line) as? [String: Any]
        guard let nsd = obj?["nsd"] as? Int, let ub = obj?["unbound"] as? Int else {
            throw NSError(domain: "dnsservers", code: 1, userInfo: [NSLocalizedDescriptionKey: String(decoding: line, as: UTF8.self)])
        }
        nsdPort = nsd
        unboundPort = ub
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
