import MoxDNS
import MoxSPF
import XCTest

final class SPFRecordTests: XCTestCase {
    func testParseTerms() throws {
        let r = try SPFRecord.parse("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:example.com/24//64 ~include:_spf.example.net ?exists:%{ir}.x.example -all redirect=example.org exp=exp.%{d} foo=bar")
        XCTAssertEqual(r.directives.count, 7)
        XCTAssertEqual(r.directives[4].qualifier, .softfail)
        XCTAssertEqual(r.directives[5].qualifier, .neutral)
        XCTAssertEqual(r.directives[6].qualifier, .fail)
        XCTAssertEqual(r.directives[3].mechanism, .mx(try SPFMacroString.parse("example.com"), ip4Prefix: 24, ip6Prefix: 64))
        XCTAssertEqual(r.redirect?.text, "example.org")
        XCTAssertEqual(r.unknownModifiers.map(\.name), ["foo"])
    }

    func testSyntaxErrors() {
        for bad in ["v=spf1 ip4:192.0.2.0/33", "v=spf1 ip4:1.2.3", "v=spf1 a:foo-bar", "v=spf1 redirect=a.example redirect=b.example",
                    "v=spf1 include", "v=spf1 all:x", "v=spf1 a:%{z}.example.com", "v=spf1 a/024", "v=spf1 moo:cow",
                    "v=spf1 exists:%{l0}.example.com", "v=spf1 a:example.com\u{0d}ptr", "v=spf1 a:bücher.example"] {
            XCTAssertThrowsError(try SPFRecord.parse(bad), bad)
        }
        XCTAssertFalse(SPFRecord.isSPF("v=spf10"))
        XCTAssertTrue(SPFRecord.isSPF("V=SPF1"))
    }

    func testEvaluationLimits() async {
        var r = DNSMemoryResolver()
        // A chain of 11 includes: the 11th lookup exceeds the limit of 10.
        for i in 0..<12 {
            r.add("l\(i).example", .txt([Array("v=spf1 include:l\(i + 1).example -all".utf8)]))
        }
        r.add("void.example", .txt([Array("v=spf1 a:n1.example a:n2.example a:n3.example +all".utf8)]))
        let v = SPFVerifier(resolver: r)
        let ip = IPAddress("192.0.2.1")!
        let deep = await v.verify(ip: ip, mailFrom: "a@l0.example", helo: "h.example")
        XCTAssertEqual(deep.result, .permerror)
        let void = await v.verify(ip: ip, mailFrom: "a@void.example", helo: "h.example")
        XCTAssertEqual(void.result, .permerror)
        XCTAssertEqual(void.problem, "more than 2 void lookups")
    }
}

final class ReceivedSPFTests: XCTestCase {
    func testHeader() async {
        var r = DNSMemoryResolver()
        r.add("example.com", .txt([Array("v=spf1 ip4:192.0.2.0/24 -all".utf8)]))
        let ip = IPAddress("192.0.2.1")!
        let o = await SPFVerifier(resolver: r).verify(ip: ip, mailFrom: "user@example.com", helo: "mail.example.com")
        let h = ReceivedSPF(outcome: o, ip: ip, mailFrom: "user@example.com", helo: "mail.example.com", receiver: "mx.example.org").header()
        XCTAssertEqual(h, "Received-SPF: pass (mx.example.org: domain of example.com designates 192.0.2.1)\r\n\tclient-ip=192.0.2.1;\r\n\tenvelope-from=\"user@example.com\";\r\n\thelo=mail.example.com;\r\n\tmechanism=\"ip4:192.0.2.0/24\";\r\n\treceiver=mx.example.org;\r\n\tidentity=mailfrom;\r\n")
    }
}
