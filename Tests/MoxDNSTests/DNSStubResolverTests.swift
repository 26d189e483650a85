import Foundation
import MoxDNS
import NIOCore
import NIOPosix
import XCTest

/// The NIO resolver against real servers: unbound validating a signed zone
/// served by nsd (AD set), an unsigned zone (AD clear), a truncated UDP
/// answer retried over TCP, NXDOMAIN/NODATA, CNAME chains, and timeouts.
final class DNSStubResolverTests: XCTestCase {
    nonisolated(unsafe) static var servers: DNSServerHarness?

    override class func setUp() {
        super.setUp()
        guard DNSServerHarness.available() else { return }
        let h = DNSServerHarness()
        do { try h.start(); servers = h } catch { print("dns servers did not start: \(error)") }
    }

    override class func tearDown() {
        servers?.stop()
        servers = nil
        super.tearDown()
    }

    func resolver(port: Int? = nil, udpSize: UInt16 = 1232, trace: (@Sendable (String) -> Void)? = nil) throws -> DNSStubResolver {
        guard let s = Self.servers else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("nsd/unbound not available") }
            throw XCTSkip("nsd, unbound or ldnsutils not installed (scripts/setup.sh --tests installs them)")
        }
        var c = DNSStubResolver.Config(servers: [try SocketAddress(ipAddress: "127.0.0.1", port: port ?? s.unboundPort)])
        c.udpPayloadSize = udpSize
        c.timeout = .seconds(5)
        c.trace = trace
        return DNSStubResolver(config: c)
    }

    func n(_ s: String) -> DNSName { try! DNSName(s) }

    func testSignedZoneIsAuthentic() async throws {
        let r = try resolver()
        let a = try await r.lookupA(n("signed.test"))
        XCTAssertEqual(a.value, [IPAddress("192.0.2.20")!])
        XCTAssertTrue(a.authentic)
        let tlsa = try await r.lookupTLSA(n("_25._tcp.mx.signed.test"))
        XCTAssertTrue(tlsa.authentic)
        XCTAssertEqual(tlsa.value.first?.usage, 3)
        // Authenticated denial of existence.
        do { _ = try await r.lookupA(n("nope.signed.test")); XCTFail() } catch {
            XCTAssertEqual(error, .notFound(authentic: true))
        }
    }

    func testUnsignedZoneIsNotAuthentic() async throws {
        let r = try resolver()
        let mx = try await r.lookupMX(n("plain.test"))
        XCTAssertFalse(mx.authentic)
        XCTAssertEqual(mx.value.map(\.exchange), [n("mx.plain.test"), n("mx2.plain.test")])
        let txt = try await r.lookupTXT(n("plain.test"))
        XCTAssertEqual(txt.value, ["v=spf1 ip4:192.0.2.0/24 mx -all"])
        let a = try await r.lookupA(n("alias.plain.test"))
        XCTAssertEqual(a.value, [IPAddress("192.0.2.10")!])
        let ptr = try await r.lookupPTR(IPAddress("192.0.2.10")!)
        XCTAssertEqual(ptr.value, [n("plain.test")])
        let idn = try await r.lookupA(n("bücher.plain.test"))
        XCTAssertEqual(idn.value, [IPAddress("192.0.2.44")!])
        do { _ = try await r.lookupTXT(n("mx.plain.test")); XCTFail() } catch { XCTAssertEqual(error, .noRecord(authentic: false)) }
        do { _ = try await r.lookupA(n("nope.plain.test")); XCTFail() } catch { XCTAssertEqual(error, .notFound(authentic: false)) }
    }

    func testTruncatedAnswerRetriedOverTCP() async throws {
        final class Lines: @unchecked Sendable { let lock = NSLock(); var lines: [String] = [] }
        let lines = Lines()
        let r = try resolver(udpSize: 512) { l in lines.lock.lock(); lines.lines.append(l); lines.lock.unlock() }
        let txt = try await r.lookupTXT(n("big.plain.test"))
        XCTAssertEqual(txt.value.count, 6)
        XCTAssertEqual(txt.value.sorted().first?.count, 250)
        XCTAssertTrue(lines.lines.contains { $0.contains("over tcp") }, "\(lines.lines)")
    }

    func testAuthoritativeServerDirectly() async throws {
        let r = try resolver(port: Self.servers?.nsdPort)
        let a = try await r.lookupA(n("plain.test"))
        XCTAssertEqual(a.value, [IPAddress("192.0.2.10")!])
        XCTAssertFalse(a.authentic)
    }

    func testCacheAnswersSecondQuery() async throws {
        let r = try resolver()
        _ = try await r.lookupA(n("mx.plain.test"))
        let before = r.config.cache?.count ?? 0
        _ = try await r.lookupA(n("mx.plain.test"))
        XCTAssertEqual(r.config.cache?.count, before)
        XCTAssertGreaterThan(before, 0)
    }

    /// A UDP socket that never answers: every attempt times out, and the
    /// error is temporary, not not-found.
    func testTimeoutIsTemporary() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let silent = try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        var c = DNSStubResolver.Config(servers: [silent.localAddress!])
        c.timeout = .milliseconds(200)
        c.attempts = 2
        let r = DNSStubResolver(config: c)
        let start = ContinuousClock.now
        do { _ = try await r.lookupA(n("example.test")); XCTFail() } catch {
            XCTAssertTrue(error.isTemporary, "\(error)")
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(350))
    }

    /// A server that first answers with a wrong id and a wrong question
    /// (spoofing attempts), then correctly: only the correct answer counts.
    func testMismatchedResponsesIgnored() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await DatagramBootstrap(group: group)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(SpoofingServer()) } }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        var c = DNSStubResolver.Config(servers: [server.localAddress!])
        c.timeout = .seconds(2)
        let r = DNSStubResolver(config: c)
        let a = try await r.lookupA(n("spoof.test"))
        XCTAssertEqual(a.value, [IPAddress("192.0.2.99")!])
    }
}

extension DNSStubResolverTests {
    func fakeServer(_ rcode: UInt16) async throws -> any Channel {
        try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(RcodeServer(rcode: rcode)) } }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// SERVFAIL from the first server: the second is asked; SERVFAIL from
    /// all is temporary; NXDOMAIN is cached by the SOA's negative TTL.
    func testServfailTriesNextServer() async throws {
        let bad = try await fakeServer(DNSRcode.servFail)
        let nx = try await fakeServer(DNSRcode.nxDomain)
        defer { bad.close(promise: nil); nx.close(promise: nil) }
        var c = DNSStubResolver.Config(servers: [bad.localAddress!, nx.localAddress!])
        c.timeout = .seconds(2)
        let r = DNSStubResolver(config: c)
        do { _ = try await r.lookupA(n("x.test")); XCTFail() } catch { XCTAssertEqual(error, .notFound(authentic: false)) }
        XCTAssertEqual(r.config.cache?.count, 1)
        var c2 = DNSStubResolver.Config(servers: [bad.localAddress!])
        c2.timeout = .seconds(2)
        c2.attempts = 1
        do { _ = try await DNSStubResolver(config: c2).lookupA(n("x.test")); XCTFail() } catch { XCTAssertTrue(error.isTemporary) }
    }
}

final class RcodeServer: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let rcode: UInt16
    init(rcode: UInt16) { self.rcode = rcode }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let env = unwrapInboundIn(data)
        var b = env.data
        guard var m = try? DNSMessage.parse(b.readBytes(length: b.readableBytes) ?? []) else { return }
        m.isResponse = true
        m.rcode = rcode
        m.edns = nil
        m.authenticData = false
        m.authorities = [DNSResourceRecord(name: try! DNSName("test"), type: .soa, ttl: 300, data: .soa(DNSSOA(
            mname: try! DNSName("ns.test"), rname: try! DNSName("h.test"), serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 30)))]
        var out = context.channel.allocator.buffer(capacity: 512)
        out.writeBytes(try! m.encoded())
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: env.remoteAddress, data: out)), promise: nil)
    }
}

final class SpoofingServer: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let env = unwrapInboundIn(data)
        var b = env.data
        guard let q = try? DNSMessage.parse(b.readBytes(length: b.readableBytes) ?? []) else { return }
        func send(_ m: DNSMessage) {
            var out = context.channel.allocator.buffer(capacity: 512)
            out.writeBytes(try! m.encoded())
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: env.remoteAddress, data: out)), promise: nil)
        }
        var wrongID = q
        wrongID.isResponse = true
        wrongID.id = q.id &+ 1
        wrongID.answers = [DNSResourceRecord(name: q.questions[0].name, type: .a, ttl: 60, data: .a(IPAddress("192.0.2.66")!))]
        send(wrongID)
        var wrongQ = wrongID
        wrongQ.id = q.id
        wrongQ.questions = [DNSQuestion(name: try! DNSName("other.test"), type: .a)]
        send(wrongQ)
        var good = q
        good.isResponse = true
        good.answers = [DNSResourceRecord(name: q.questions[0].name, type: .a, ttl: 60, data: .a(IPAddress("192.0.2.99")!))]
        send(good)
    }
}
