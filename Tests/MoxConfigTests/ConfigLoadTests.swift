import Foundation
@testable import MoxConfig
import XCTest

final class ConfigLoadTests: XCTestCase {
    var testdata: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("testdata").path }

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "moxconfig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testQuickstartShapedConfigLoads() throws {
        let c = try Config.load(path: testdata + "/quickstart")
        XCTAssertEqual(c.staticConfig.hostname, "mail.example.com")
        XCTAssertTrue(c.dataDirectory.hasSuffix("quickstart/../data"))
        XCTAssertEqual(c.dynamicConfig.domains["example.com"]?.dkim?.sign, ["2024a", "2024b"])
        XCTAssertEqual(c.dynamicConfig.domains["example.com"]?.mtasts?.maxAge.seconds, 86400)
        XCTAssertEqual(c.dynamicConfig.accounts["mjl"]?.destinations?["postmaster@example.com"]?.rulesets?.first?.mailbox, "Lists/Dev")
        XCTAssertNotNil(c.dynamicConfig.accounts["mjl"]?.destinations?["mjl@example.com"])
        let sockets = c.listenerSockets
        XCTAssertTrue(sockets.contains(ListenerSocket(listener: "public", service: .smtp, ip: "0.0.0.0", port: 25)))
        XCTAssertTrue(sockets.contains(ListenerSocket(listener: "public", service: .imaps, ip: "::", port: 993, implicitTLS: true)))
        XCTAssertTrue(sockets.contains(ListenerSocket(listener: "internal", service: .metricsHTTP, ip: "::1", port: 8010)))
        XCTAssertFalse(sockets.contains { $0.service == .adminHTTPS })
    }

    func testLocalserveConfigLoads() throws {
        let dir = try tempDir()
        XCTAssertTrue(try LocalserveConfig.ensure(directory: dir, user: "nobody"))
        XCTAssertFalse(try LocalserveConfig.ensure(directory: dir, user: "nobody"))
        let c = try Config.load(path: dir + "/mox.conf")
        let ports = Set(c.listenerSockets.map(\.port))
        XCTAssertEqual(ports, [1025, 1587, 1465, 1143, 1993, 1080, 1443])
        XCTAssertTrue(c.listenerSockets.allSatisfy { $0.ip == "127.0.0.1" })
    }

    func write(_ dir: String, _ staticText: String, _ dynamicText: String) throws {
        try staticText.write(toFile: dir + "/mox.conf", atomically: true, encoding: .utf8)
        try dynamicText.write(toFile: dir + "/domains.conf", atomically: true, encoding: .utf8)
    }

    let goodStatic = "DataDir: data\nLogLevel: info\nHostname: mail.a.test\nListeners:\n\tl:\n\t\tIPs:\n\t\t\t- 127.0.0.1\n\t\tSMTP:\n\t\t\tEnabled: true\nPostmaster:\n\tAccount: a\n\tMailbox: Inbox\n"
    let goodDynamic = "Domains:\n\ta.test: nil\nAccounts:\n\ta:\n\t\tDomain: a.test\n\t\tDestinations:\n\t\t\ta@a.test: nil\n"

    func assertLoadError(_ s: String, _ d: String, file: String, line: Int, path: String, contains: String, fileNo: StaticString = #filePath, lineNo: UInt = #line) throws {
        let dir = try tempDir()
        try write(dir, s, d)
        do {
            _ = try Config.load(path: dir)
            XCTFail("loaded", file: fileNo, line: lineNo)
        } catch {
            XCTAssertTrue(error.file.hasSuffix(file), "\(error)", file: fileNo, line: lineNo)
            XCTAssertEqual(error.line, line, "\(error)", file: fileNo, line: lineNo)
            XCTAssertEqual(error.path, path, "\(error)", file: fileNo, line: lineNo)
            XCTAssertTrue(error.message.contains(contains), "\(error)", file: fileNo, line: lineNo)
        }
    }

    func testGoodMinimalConfig() throws {
        let dir = try tempDir()
        try write(dir, goodStatic, goodDynamic)
        let c = try Config.load(path: dir)
        XCTAssertEqual(c.dataDirectory, dir + "/data")
    }

    func testCrossFileErrors() throws {
        try assertLoadError(goodStatic.replacingOccurrences(of: "Account: a", with: "Account: nobody"), goodDynamic,
                            file: "mox.conf", line: 11, path: "Postmaster.Account", contains: "not in domains.conf")
        try assertLoadError(goodStatic.replacingOccurrences(of: "LogLevel: info", with: "LogLevel: loud"), goodDynamic,
                            file: "mox.conf", line: 2, path: "LogLevel", contains: "unknown level")
        try assertLoadError(goodStatic.replacingOccurrences(of: "127.0.0.1", with: "localhost"), goodDynamic,
                            file: "mox.conf", line: 6, path: "Listeners.l.IPs", contains: "not an IP")
        try assertLoadError(goodStatic.replacingOccurrences(of: "Enabled: true", with: "Enabled: true\n\t\t\tPort: 70000"), goodDynamic,
                            file: "mox.conf", line: 8, path: "Listeners.l.smtp", contains: "out of range")
        try assertLoadError(goodStatic.replacingOccurrences(of: "SMTP:", with: "IMAPS:"), goodDynamic,
                            file: "mox.conf", line: 8, path: "Listeners.l.imaps", contains: "TLS")
        try assertLoadError(goodStatic, goodDynamic.replacingOccurrences(of: "Domain: a.test", with: "Domain: b.test"),
                            file: "domains.conf", line: 5, path: "Accounts.a.Domain", contains: "not configured")
        try assertLoadError(goodStatic, goodDynamic.replacingOccurrences(of: "a@a.test", with: "a@c.test"),
                            file: "domains.conf", line: 7, path: "Accounts.a.Destinations.a@c.test", contains: "not configured")
        try assertLoadError(goodStatic, goodDynamic.replacingOccurrences(of: "\ta.test: nil\n", with: "\ta.test:\n\t\tDKIM:\n\t\t\tSign:\n\t\t\t\t- s1\n"),
                            file: "domains.conf", line: 4, path: "Domains.a.test.DKIM.Sign", contains: "not defined")
        try assertLoadError(goodStatic + "Frobnicate: yes\n", goodDynamic,
                            file: "mox.conf", line: 13, path: "Frobnicate", contains: "unknown key")
        try assertLoadError(goodStatic, goodDynamic + "\t\tQuota: 1\n",
                            file: "domains.conf", line: 8, path: "Accounts.a.Quota", contains: "unknown key")
    }

    /// quickstart -existing-webserver: autoconfig and MTA-STS without TLS
    /// behind a proxy, account/admin/webmail/webapi HTTP sharing one port.
    func testExistingWebserverShapeSharesPorts() throws {
        let web = "\t\tAccountHTTP:\n\t\t\tEnabled: true\n\t\t\tPort: 1080\n\t\tWebmailHTTP:\n\t\t\tEnabled: true\n\t\t\tPort: 1080\n"
            + "\t\tAutoconfigHTTPS:\n\t\t\tEnabled: true\n\t\t\tPort: 81\n\t\t\tNonTLS: true\n"
            + "\t\tMTASTSHTTPS:\n\t\t\tEnabled: true\n\t\t\tPort: 81\n\t\t\tNonTLS: true\n"
            + "\t\tWebserverHTTP:\n\t\t\tEnabled: true\n\t\t\tPort: 81\n\t\t\tRateLimitDisabled: true\n"
        let s = goodStatic.replacingOccurrences(of: "\t\tSMTP:\n", with: web + "\t\tSMTP:\n")
        let dir = try tempDir()
        try write(dir, s, goodDynamic)
        let c = try Config.load(path: dir)
        let sockets = c.listenerSockets.map { "\($0.port) \($0.implicitTLS)" }.sorted()
        XCTAssertEqual(sockets, ["1080 false", "25 false", "81 false"])

        // A TLS service cannot share a socket with a plain one.
        let tls = "\t\tTLS:\n\t\t\tKeyCerts:\n\t\t\t\t-\n\t\t\t\t\tCertFile: c.pem\n\t\t\t\t\tKeyFile: k.pem\n"
        try assertConflict(s.replacingOccurrences(of: "\t\t\tNonTLS: true\n\t\tMTASTSHTTPS", with: "\t\tMTASTSHTTPS")
            .replacingOccurrences(of: "\t\tSMTP:\n", with: tls + "\t\tSMTP:\n"), "port 81 is also used by")
        // Nor an SMTP service with an HTTP one.
        try assertConflict(s.replacingOccurrences(of: "Port: 1080\n\t\tWebmail", with: "Port: 25\n\t\tWebmail"), "port 25 is also used by")
    }

    func assertConflict(_ staticText: String, _ message: String, line: UInt = #line) throws {
        let dir = try tempDir()
        try write(dir, staticText, goodDynamic)
        XCTAssertThrowsError(try Config.load(path: dir), line: line) { e in
            XCTAssertTrue("\(e)".contains(message) && "\(e)".contains("mox.conf"), "\(e)", line: line)
        }
    }

    func testKeysMoxWrites() throws {
        // sconf writes an empty value as "Key: ", Go durations may be negative,
        // and the Fail transport has its own block.
        let s = goodStatic + "Transports:\n\tbroken:\n\t\tFail:\n\t\t\tSMTPCode: 554\n\t\t\tSMTPMessage: \n"
        let dir = try tempDir()
        try write(dir, s, goodDynamic)
        let c = try Config.load(path: dir)
        XCTAssertEqual(c.staticConfig.transports?["broken"]?.fail?.smtpCode, 554)
        XCTAssertEqual(c.staticConfig.transports?["broken"]?.fail?.smtpMessage, "")
        XCTAssertEqual(ConfigDuration.parse("-1h30m"), -5400)
    }

    func testMissingFile() throws {
        let dir = try tempDir()
        try goodStatic.write(toFile: dir + "/mox.conf", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Config.load(path: dir)) { e in
            XCTAssertTrue("\(e)".contains("domains.conf:0: cannot read file"), "\(e)")
        }
    }
}
