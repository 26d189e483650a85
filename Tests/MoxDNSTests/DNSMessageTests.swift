import MoxDNS
import XCTest

final class DNSMessageTests: XCTestCase {
    func name(_ s: String) -> DNSName { try! DNSName(s) }

    func testQueryRoundTrip() throws {
        let q = DNSMessage.query(id: 0xbeef, name: name("mail.example.com"), type: .mx, udpPayloadSize: 1232)
        let bytes = try q.encoded()
        let back = try DNSMessage.parse(bytes)
        XCTAssertEqual(back, q)
        XCTAssertEqual(back.edns?.dnssecOK, true)
        XCTAssertEqual(back.edns?.udpPayloadSize, 1232)
        XCTAssertTrue(back.recursionDesired)
    }

    func testAnswerRoundTripAllTypes() throws {
        var m = DNSMessage(id: 7)
        m.isResponse = true
        m.authenticData = true
        m.questions = [DNSQuestion(name: name("example.com"), type: .any)]
        let n = name("example.com")
        let datas: [(DNSRecordType, DNSRecordData)] = [
            (.a, .a(IPAddress("192.0.2.1")!)), (.aaaa, .aaaa(IPAddress("2001:db8::1")!)),
            (.mx, .mx(DNSMX(preference: 10, exchange: name("mx.example.com")))),
            (.txt, .txt([Array("v=spf1".utf8), Array(" -all".utf8)])), (.ptr, .ptr(name("host.example.com"))),
            (.cname, .cname(name("other.example.com"))), (.ns, .ns(name("ns1.example.com"))),
            (.soa, .soa(DNSSOA(mname: name("ns1.example.com"), rname: name("host.example.com"), serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5))),
            (.tlsa, .tlsa(DNSTLSA(usage: 3, selector: 1, matchingType: 1, data: [1, 2, 3]))),
            (DNSRecordType(rawValue: 999), .unknown([9, 9])),
        ]
        m.answers = datas.map { DNSResourceRecord(name: n, type: $0.0, ttl: 60, data: $0.1) }
        let back = try DNSMessage.parse(try m.encoded())
        XCTAssertEqual(back.answers, m.answers)
        XCTAssertTrue(back.authenticData)
    }

    /// A hand-made response using compression pointers, as servers send them.
    func testCompressionPointers() throws {
        var b: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        b += [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 15, 0, 1]
        // Answer: owner = pointer to 12; MX 10 mx.<pointer 12>.
        b += [0xc0, 12, 0, 15, 0, 1, 0, 0, 1, 44, 0, 7, 0, 10, 2] + Array("mx".utf8) + [0xc0, 12]
        let m = try DNSMessage.parse(b)
        XCTAssertEqual(m.answers.first?.data, .mx(DNSMX(preference: 10, exchange: name("mx.example.com"))))
        XCTAssertEqual(m.answers.first?.name, name("example.com"))
    }

    func testHostileInputsThrow() {
        // Pointer to itself.
        let loop: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]
        XCTAssertThrowsError(try DNSMessage.parse(loop)) { XCTAssertEqual($0 as? DNSMessageError, .badPointer) }
        // Forward pointer.
        let fwd: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 20, 0, 1, 0, 1, 0, 0, 0]
        XCTAssertThrowsError(try DNSMessage.parse(fwd))
        // Truncated header, label running past the end, huge counts.
        XCTAssertThrowsError(try DNSMessage.parse([0, 1, 2]))
        XCTAssertThrowsError(try DNSMessage.parse([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 63, 1, 2]))
        XCTAssertThrowsError(try DNSMessage.parse([0, 1, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]))
        // Questions whose names each add a label before a pointer to the
        // previous one: the fourth is over 255 bytes and must be rejected.
        var long: [UInt8] = [0, 1, 0x81, 0x80, 0, 6, 0, 0, 0, 0, 0, 0]
        var prev = 12
        long += [63] + [UInt8](repeating: 97, count: 63) + [0, 0, 1, 0, 1]
        for _ in 0..<5 {
            let start = long.count
            long += [63] + [UInt8](repeating: 98, count: 63) + [0xc0 | UInt8(prev >> 8), UInt8(prev & 0xff), 0, 1, 0, 1]
            prev = start
        }
        XCTAssertThrowsError(try DNSMessage.parse(long)) { XCTAssertEqual($0 as? DNSMessageError, .badName(.nameTooLong)) }
        // rdata length disagreeing with the name inside it.
        var bad: [UInt8] = [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0]
        bad += [0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 4, 1, 97, 0, 0]
        XCTAssertThrowsError(try DNSMessage.parse(bad))
    }

    func testNamesAndIDNA() throws {
        XCTAssertEqual(try DNSName("bücher.example").description, "xn--bcher-kva.example")
        XCTAssertEqual(try DNSName("xn--bcher-kva.example").unicodeDescription, "bücher.example")
        XCTAssertEqual(try DNSName("Example.COM."), try DNSName("example.com"))
        XCTAssertEqual(IDNA.punycodeEncode("münchen"), "mnchen-3ya")
        // RFC 3492 §7.1 sample (L): 3<nen>B<gumi><kinpachi><sensei>
        XCTAssertEqual(IDNA.punycodeEncode("3年b組金八先生"), "3b-ww4c5e180e575a65lsy2b")
        XCTAssertEqual(IDNA.punycodeDecode("3b-ww4c5e180e575a65lsy2b"), "3年b組金八先生")
        XCTAssertNil(IDNA.punycodeDecode("99999999999999999999"))
        XCTAssertThrowsError(try DNSName("a..b"))
        XCTAssertThrowsError(try DNSName(String(repeating: "a", count: 64) + ".com"))
        XCTAssertThrowsError(try DNSName(Array(repeating: "abcdefghi", count: 30).joined(separator: ".")))
        XCTAssertEqual(IPAddress("192.0.2.1")!.reverseName.description, "1.2.0.192.in-addr.arpa")
        XCTAssertEqual(IPAddress("2001:db8::1")!.reverseName.description,
                       "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")
        XCTAssertEqual(IPAddress("::ffff:192.0.2.1")!.unmapped, IPAddress("192.0.2.1"))
    }

    func testResolvConf() {
        let rc = ResolvConf.parse("# comment\nsearch example.com\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\nnameserver bogus\noptions timeout:2 attempts:3 trust-ad\n")
        XCTAssertEqual(rc.nameservers, ["192.0.2.53", "fe80::1"])
        XCTAssertEqual(rc.timeoutSeconds, 2)
        XCTAssertEqual(rc.attempts, 3)
        XCTAssertTrue(rc.trustAD)
        XCTAssertEqual(DNSStubResolver.Config.fromResolvConf("").servers.count, 1)
        XCTAssertNotNil(DNSStubResolver.serverAddress("127.0.0.1:5353"))
        XCTAssertNotNil(DNSStubResolver.serverAddress("[::1]:5353"))
        XCTAssertNil(DNSStubResolver.serverAddress("nonsense:x"))
    }

    func testCacheTTLAndNegative() {
        let c = DNSCache(maxEntries: 2)
        let n = name("example.com")
        let t0 = ContinuousClock.now
        c.put(n, .a, .answer(DNSAnswer([], authentic: true)), ttl: 10, now: t0)
        c.put(n, .mx, .negative(.notFound(authentic: false)), ttl: 5, now: t0)
        c.put(n, .txt, .negative(.temporary("x")), ttl: 5, now: t0)
        XCTAssertNotNil(c.get(n, .a, now: t0 + .seconds(9)))
        XCTAssertNil(c.get(n, .a, now: t0 + .seconds(10)))
        XCTAssertNotNil(c.get(n, .mx, now: t0 + .seconds(4)))
        XCTAssertNil(c.get(n, .txt, now: t0), "temporary failures are not cached")
    }

    func testMemoryResolverFollowsCNAME() async throws {
        var r = DNSMemoryResolver()
        r.add("alias.example", .cname(name("target.example")))
        r.add("target.example", .a(IPAddress("192.0.2.7")!), .txt([Array("hi".utf8)]))
        let a = try await r.lookupA(name("alias.example"))
        XCTAssertEqual(a.value, [IPAddress("192.0.2.7")!])
        do { _ = try await r.lookupMX(name("target.example")); XCTFail() } catch { XCTAssertEqual(error, .noRecord(authentic: false)) }
        do { _ = try await r.lookupMX(name("none.example")); XCTFail() } catch { XCTAssertEqual(error, .notFound(authentic: false)) }
    }
}

