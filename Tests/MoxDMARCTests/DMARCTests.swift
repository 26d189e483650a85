import MoxAuthResults
import MoxDMARC
import MoxDNS
import XCTest

final class DMARCTests: XCTestCase {
    func n(_ s: String) -> DNSName { try! DNSName(s) }
    func txt(_ s: String) -> DNSRecordData { .txt([Array(s.utf8)]) }

    func testParseRecord() throws {
        let r = try DMARCRecord.parse("v=DMARC1; p=reject; sp=none; adkim=s; aspf=s; pct=20; rua=mailto:a@example.com!10m, mailto:b@example.com; ruf=mailto:f@example.com; fo=1:d; ri=3600; future=x")
        XCTAssertEqual(r.policy, .reject)
        XCTAssertEqual(r.subdomainPolicy, DMARCRecord.Policy.none)
        XCTAssertEqual(r.dkimAlignment, .strict)
        XCTAssertEqual(r.spfAlignment, .strict)
        XCTAssertEqual(r.percentage, 20)
        XCTAssertEqual(r.aggregateReportURIs.map(\.address), ["mailto:a@example.com", "mailto:b@example.com"])
        XCTAssertEqual(r.aggregateReportURIs.first?.maxSize, 10 << 20)
        XCTAssertEqual(r.failureOptions, ["1", "d"])
        XCTAssertEqual(try DMARCRecord.parse(r.text), r)
        // §6.6.3: invalid p with a valid rua is p=none; without rua, no record.
        XCTAssertEqual(try DMARCRecord.parse("v=DMARC1; p=bogus; rua=mailto:x@example.com").policy, DMARCRecord.Policy.none)
        XCTAssertThrowsError(try DMARCRecord.parse("v=DMARC1; p=bogus"))
        XCTAssertThrowsError(try DMARCRecord.parse("p=reject; v=DMARC1"))
        XCTAssertThrowsError(try DMARCRecord.parse("v=DMARC2; p=reject"))
        XCTAssertThrowsError(try DMARCRecord.parse("v=DMARC1; p=reject; p=none"))
        XCTAssertEqual(try DMARCRecord.parse("v=DMARC1;p=quarantine;").policy, .quarantine)
        XCTAssertFalse(DMARCRecord.isDMARC("v=spf1 -all"))
    }

    func testOrganizationalDomain() {
        let psl = PublicSuffixList.shared
        XCTAssertEqual(psl.organizationalDomain(n("a.b.example.com")), n("example.com"))
        XCTAssertEqual(psl.organizationalDomain(n("mail.example.co.uk")), n("example.co.uk"))
        XCTAssertEqual(psl.organizationalDomain(n("com")), n("com"))
        let custom = PublicSuffixList(text: "// test\ncom\n*.ck\n!www.ck\n")
        XCTAssertEqual(custom.organizationalDomain(n("a.b.foo.ck")), n("b.foo.ck"))
        XCTAssertEqual(custom.organizationalDomain(n("a.www.ck")), n("www.ck"))
        XCTAssertEqual(custom.organizationalDomain(n("x.y.unknowntld")), n("y.unknowntld"))
    }

    func resolver() -> DNSMemoryResolver {
        var r = DNSMemoryResolver()
        r.add("_dmarc.example.com", txt("v=DMARC1; p=reject; sp=quarantine; rua=mailto:r@example.com"))
        r.add("_dmarc.strict.example", txt("v=DMARC1; p=reject; adkim=s; aspf=s"))
        r.add("_dmarc.sampled.example", txt("v=DMARC1; p=reject; pct=10"))
        r.add("_dmarc.twice.example", txt("v=DMARC1; p=reject"), txt("v=DMARC1; p=none"))
        r.failing.insert(n("_dmarc.broken.example"))
        return r
    }

    func testVerify() async {
        let v = DMARCVerifier(resolver: resolver())
        let pass = DKIMResultSummary(result: .pass, domain: "mail.example.com", selector: "s1")
        // Relaxed DKIM alignment through the organizational domain.
        var o = await v.verify(fromDomain: n("example.com"), spf: nil, dkim: [pass])
        XCTAssertEqual(o.result, .pass)
        XCTAssertTrue(o.dkimAligned)
        // SPF aligned.
        o = await v.verify(fromDomain: n("example.com"), spf: DMARCSPFInput(passed: true, domain: "bounce.example.com"), dkim: [])
        XCTAssertEqual(o.result, .pass)
        XCTAssertTrue(o.spfAligned)
        // Nothing aligned: fail with p=reject.
        o = await v.verify(fromDomain: n("example.com"), spf: DMARCSPFInput(passed: true, domain: "other.org"), dkim: [DKIMResultSummary(result: .pass, domain: "other.org")])
        XCTAssertEqual(o.result, .fail)
        XCTAssertTrue(o.reject)
        // Subdomain uses sp from the organizational domain's record.
        o = await v.verify(fromDomain: n("sub.example.com"), spf: nil, dkim: [])
        XCTAssertEqual(o.policyDomain, n("example.com"))
        XCTAssertEqual(o.policy, .quarantine)
        XCTAssertTrue(o.quarantine)
        // Strict alignment: a subdomain signature does not align.
        o = await v.verify(fromDomain: n("strict.example"), spf: nil, dkim: [DKIMResultSummary(result: .pass, domain: "sub.strict.example")])
        XCTAssertEqual(o.result, .fail)
        // pct: outside the sample, reject becomes quarantine.
        o = await v.verify(fromDomain: n("sampled.example"), spf: nil, dkim: [], sample: 50)
        XCTAssertEqual(o.policy, .quarantine)
        XCTAssertTrue(o.sampledOut)
        o = await v.verify(fromDomain: n("sampled.example"), spf: nil, dkim: [], sample: 5)
        XCTAssertEqual(o.policy, .reject)
        // No record, two records, temporary failure.
        o = await v.verify(fromDomain: n("nothing.example"), spf: nil, dkim: [])
        XCTAssertEqual(o.result, .none)
        o = await v.verify(fromDomain: n("twice.example"), spf: nil, dkim: [])
        XCTAssertEqual(o.result, .none)
        o = await v.verify(fromDomain: n("broken.example"), spf: nil, dkim: [])
        XCTAssertEqual(o.result, .temperror)
    }

    func testAuthenticationResultsHeader() {
        var ar = AuthenticationResults(authservID: "mx.example.org")
        XCTAssertEqual(ar.header(), "Authentication-Results: mx.example.org; none\r\n")
        ar.methods = [
            .iprev(result: "pass", ip: "192.0.2.1", name: "mail.example.com"),
            .spf(result: "pass", mailFrom: "user@example.com", helo: "mail.example.com"),
            .dkim(DKIMResultSummary(result: .pass, domain: "example.com", selector: "s1", algorithm: "ed25519-sha256", signaturePrefix: "abcdefghijklmnop")),
            .dmarc(result: "pass", fromDomain: "example.com", policy: "reject"),
            AuthResultsMethod(method: "dkim", result: "fail", reason: "body hash did not verify", properties: [.init("header", "d", "example.net")]),
        ]
        XCTAssertEqual(ar.header(), """
            Authentication-Results: mx.example.org;\r
            \tiprev=pass (mail.example.com) smtp.remote-ip=192.0.2.1;\r
            \tspf=pass smtp.mailfrom=user@example.com;\r
            \tdkim=pass header.d=example.com header.s=s1 header.a=ed25519-sha256 header.b=abcdefghijkl;\r
            \tdmarc=pass (p=reject) header.from=example.com;\r
            \tdkim=fail reason="body hash did not verify" header.d=example.net\r

            """)
    }

    func testIPRevAndDNSBL() async throws {
        var r = DNSMemoryResolver()
        r.add("10.2.0.192.in-addr.arpa", .ptr(n("mail.example.com")))
        r.add("mail.example.com", .a(IPAddress("192.0.2.10")!))
        r.add("11.2.0.192.in-addr.arpa", .ptr(n("liar.example.com")))
        r.add("liar.example.com", .a(IPAddress("192.0.2.99")!))
        r.add("99.2.0.192.bl.example", .a(IPAddress("127.0.0.2")!), .txt([Array("spam source".utf8)]))
        r.add("2.0.0.127.bl.example", .a(IPAddress("127.0.0.2")!))
        r.add("98.2.0.192.bl.example", .a(IPAddress("127.255.255.254")!))
        r.failing.insert(n("12.2.0.192.in-addr.arpa"))
        let iprev = IPRevChecks(resolver: r)
        let pass = await iprev.check("192.0.2.10")
        XCTAssertEqual(pass.result.rawValue, "pass")
        XCTAssertEqual(pass.name, n("mail.example.com"))
        let fail = await iprev.check("192.0.2.11")
        XCTAssertEqual(fail.result.rawValue, "fail")
        let perm = await iprev.check("192.0.2.13")
        XCTAssertEqual(perm.result.rawValue, "permerror")
        let temp = await iprev.check("192.0.2.12")
        XCTAssertEqual(temp.result.rawValue, "temperror")

        let bl = DNSBL(resolver: r)
        let zone = n("bl.example")
        let listed = await bl.lookup(zone: zone, ip: IPAddress("192.0.2.99")!)
        XCTAssertEqual(listed.status, .fail)
        XCTAssertEqual(listed.reason, "spam source")
        let clean = await bl.lookup(zone: zone, ip: IPAddress("192.0.2.1")!)
        XCTAssertEqual(clean.status, .pass)
        let errorCode = await bl.lookup(zone: zone, ip: IPAddress("192.0.2.98")!)
        XCTAssertEqual(errorCode.status, .temperror)
        let healthy = await bl.isHealthy(zone: zone)
        XCTAssertTrue(healthy)
        XCTAssertEqual(DNSBL.queryName(IPAddress("2001:db8::1")!, zone: zone)?.labels.count, 34)
    }
}

import MoxDNSBL
import MoxIPRev

/// Small adapter so the test reads as text addresses.
struct IPRevChecks {
    let resolver: DNSMemoryResolver
    func check(_ ip: String) async -> IPRev.Outcome { await IPRev(resolver: resolver).check(IPAddress(ip)!) }
}
