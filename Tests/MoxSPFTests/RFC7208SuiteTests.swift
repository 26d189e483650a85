import Foundation
import MoxDNS
import MoxSPF
import XCTest

/// Runs the RFC 7208 (openspf.org, release 2014.04) test suite: every case's
/// zone data goes into an in-memory resolver; the result must be one of the
/// case's accepted results, and a given explanation must match.
final class RFC7208SuiteTests: XCTestCase {
    struct Section: Decodable {
        var description: String
        var tests: [Case]
        var zonedata: [String: [Record]]
    }

    struct Case: Decodable {
        var name: String, helo: String, host: String, mailfrom: String
        var results: [String]
        var explanation: String?
    }

    struct Record: Decodable {
        var type: String
        var none: Bool?
        var strings: [String]?
        var preference: Int?
        var host: String?
        var value: String?
    }

    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("testdata")

    /// The suite's drivers copy type SPF records to TXT when a name has no
    /// TXT records (its header comment); "TXT: NONE" means none at all.
    static func resolver(_ zone: [String: [Record]]) -> DNSMemoryResolver {
        var r = DNSMemoryResolver()
        for (name, recs) in zone {
            guard let n = try? DNSName(labels: name.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }) else { continue }
            var data: [DNSRecordData] = []
            let hasTXT = recs.contains { $0.type == "TXT" }
            for rec in recs {
                switch rec.type {
                case "TIMEOUT": r.failing.insert(n)
                case "TXT", "SPF":
                    if rec.none == true { continue }
                    if rec.type == "SPF" && hasTXT { continue }
                    // The YAML's \xNN escapes became code points U+00NN; they stand for bytes.
                    let strings = (rec.strings ?? []).map { s in s.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : 0x3f } }
                    data.append(.txt(strings))
                case "MX":
                    if let h = rec.host, let hn = try? DNSName(h.isEmpty ? "." : h) {
                        data.append(.mx(DNSMX(preference: UInt16(rec.preference ?? 0), exchange: hn)))
                    }
                case "A":
                    if let v = rec.value, let ip = IPAddress(v) { data.append(.a(ip)) }
                case "AAAA":
                    if let v = rec.value, let ip = IPAddress(v) { data.append(.aaaa(ip)) }
                case "PTR":
                    if let v = rec.value, let t = try? DNSName(v) { data.append(.ptr(t)) }
                case "CNAME":
                    if let v = rec.value, let t = try? DNSName(v) { data.append(.cname(t)) }
                default:
                    XCTFail("unknown record type \(rec.type)")
                }
            }
            r.records[n, default: []] += data
        }
        return r
    }

    func testSuite() async throws {
        let data = try Data(contentsOf: Self.testdata.appendingPathComponent("rfc7208-tests.json"))
        let sections = try JSONDecoder().decode([Section].self, from: data)
        var passed = 0, failed: [String] = []
        for section in sections {
            var v = SPFVerifier(resolver: Self.resolver(section.zonedata))
            v.receivingHost = "receiver.example"
            for c in section.tests {
                guard let ip = IPAddress(c.host) else { failed.append("\(c.name): bad host"); continue }
                let out = await v.verify(ip: ip, mailFrom: c.mailfrom, helo: c.helo)
                var ok = c.results.contains(out.result.rawValue)
                // "DEFAULT" stands for an implementation's own default text.
                if ok, let exp = c.explanation, exp != "DEFAULT", out.result == .fail, out.explanation != exp { ok = false }
                if ok { passed += 1 } else {
                    failed.append("\(section.description) / \(c.name): got \(out.result.rawValue) exp=\(out.explanation ?? "-") (\(out.problem ?? "")), want \(c.results) exp=\(c.explanation ?? "-")")
                }
            }
        }
        let total = sections.reduce(0) { $0 + $1.tests.count }
        print("RFC 7208 suite: \(passed) of \(total) cases passed")
        for f in failed { print("FAIL \(f)") }
        XCTAssertEqual(passed, total, "RFC 7208 suite: \(failed.count) failures")
        XCTAssertEqual(total, 203)
    }
}
