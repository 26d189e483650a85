import NIOCore
import NIOPosix

/// A stub resolver: asks recursive resolvers (from /etc/resolv.conf or
/// given) over UDP with EDNS0 and DO, retries over TCP when the answer is
/// truncated (RFC 7766 §5), retries other servers on timeout or SERVFAIL,
/// validates responses (id, question, source), caches by TTL and reports the
/// AD bit with every answer.
public final class DNSStubResolver: DNSResolving {
    public struct Config: Sendable {
        /// Recursive resolvers, tried in order.
        public var servers: [SocketAddress]
        /// Per-attempt timeout.
        public var timeout: TimeAmount = .seconds(5)
        /// Rounds over the server list.
        public var attempts: Int = 2
        /// The EDNS0 UDP payload size we advertise (RFC 6891 §6.2.5; 1232
        /// avoids fragmentation, as the DNS flag day 2020 recommends).
        public var udpPayloadSize: UInt16 = 1232
        public var cache: DNSCache? = DNSCache()
        /// Called with a line for each query sent, for `mox dns lookup -v`.
        public var trace: (@Sendable (String) -> Void)?

        public init(servers: [SocketAddress]) { self.servers = servers }

        /// Servers, timeout and attempts from resolv.conf text; when it names
        /// no server, 127.0.0.1:53 as glibc does.
        public static func fromResolvConf(_ text: String) -> Config {
            let rc = ResolvConf.parse(text)
            let addrs = (rc.nameservers.isEmpty ? ["127.0.0.1"] : rc.nameservers).compactMap { try? SocketAddress(ipAddress: $0, port: 53) }
            var c = Config(servers: addrs)
            c.timeout = .seconds(Int64(rc.timeoutSeconds))
            c.attempts = rc.attempts
            return c
        }
    }

    public let config: Config
    let group: any EventLoopGroup

    public init(config: Config, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.config = config
        self.group = group
    }

    /// A resolver configured from /etc/resolv.conf.
    public static func system(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) -> DNSStubResolver {
        let text = (try? readFile("/etc/resolv.conf")) ?? ""
        return DNSStubResolver(config: .fromResolvConf(text), group: group)
    }

    /// Parses "IP:PORT", "[IPv6]:PORT" or a bare IP (port 53).
    public static func serverAddress(_ s: String) -> SocketAddress? {
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            let host = String(s[s.index(after: s.startIndex)..<close])
            let rest = s[s.index(after: close)...]
            let port = rest.hasPrefix(":") ? Int(rest.dropFirst()) : (rest.isEmpty ? 53 : nil)
            guard let p = port else { return nil }
            return try? SocketAddress(ipAddress: host, port: p)
        }
        if s.filter({ $0 == ":" }).count == 1, let i = s.firstIndex(of: ":"), let p = Int(s[s.index(after: i)...]) {
            return try? SocketAddress(ipAddress: String(s[..<i]), port: p)
        }
        return try? SocketAddress(ipAddress: s, port: 53)
    }

    public func query(_ name: DNSName, type: DNSRecordType) async throws(DNSError) -> DNSAnswer<[DNSResourceRecord]> {
        let now = ContinuousClock.now
        if let c = config.cache, let e = c.get(name, type, now: now) {
            switch e {
            case .answer(let a): return a
            case .negative(let err): throw err
            }
        }
        guard !config.servers.isEmpty else { throw .temporary("no DNS servers configured") }
        var lastError: DNSError = .temporary("no answer")
        for _ in 0..<max(1, config.attempts) {
            for server in config.servers {
                let response: DNSMessage
                do {
                    response = try await exchange(name: name, type: type, server: server)
                } catch {
                    lastError = error
                    if case .permanent = error { throw error }
                    continue
                }
                switch response.rcode {
                case DNSRcode.noError:
                    let ad = response.authenticData
                    let relevant = response.answers.filter { $0.rrClass == 1 }
                    let hasType = relevant.contains { $0.type == type }
                    if !hasType && !relevant.contains(where: { $0.type == .cname }) {
                        let err = DNSError.noRecord(authentic: ad)
                        config.cache?.put(name, type, .negative(err), ttl: Self.negativeTTL(response), now: now)
                        throw err
                    }
                    let answer = DNSAnswer(relevant, authentic: ad)
                    let ttl = relevant.map(\.ttl).min() ?? 0
                    config.cache?.put(name, type, .answer(answer), ttl: ttl, now: now)
                    return answer
                case DNSRcode.nxDomain:
                    let err = DNSError.notFound(authentic: response.authenticData)
                    config.cache?.put(name, type, .negative(err), ttl: Self.negativeTTL(response), now: now)
                    throw err
                case DNSRcode.servFail, DNSRcode.refused:
                    // Another server may do better (RFC 1035 §7.2); DNSSEC
                    // validation failures also arrive as SERVFAIL.
                    lastError = .temporary("server \(server) answered rcode \(response.rcode)")
                    continue
                default:
                    throw .permanent("server \(server) answered rcode \(response.rcode)")
                }
            }
        }
        throw lastError
    }

    /// RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its
    /// MINIMUM field; 60 seconds when the response carries no SOA.
    static func negativeTTL(_ m: DNSMessage) -> UInt32 {
        for rr in m.authorities {
            if case .soa(let s) = rr.data { return min(rr.ttl, s.minimum) }
        }
        return 60
    }

    func exchange(name: DNSName, type: DNSRecordType, server: SocketAddress) async throws(DNSError) -> DNSMessage {
        let id = UInt16.random(in: 0...UInt16.max)
        let q = DNSMessage.query(id: id, name: name, type: type, udpPayloadSize: config.udpPayloadSize)
        let bytes: [UInt8]
        do { bytes = try q.encoded() } catch { throw .permanent("encoding query: \(error)") }
        config.trace?("query \(name.fqdn) \(type) to \(server) over udp")
        var m = try await DNSTransport.udp(query: bytes, expect: q, server: server, timeout: config.timeout, group: group)
        if m.truncated {
            // RFC 7766 §5: a truncated answer is asked again over TCP.
            config.trace?("truncated answer, asking \(server) over tcp")
            m = try await DNSTransport.tcp(query: bytes, expect: q, server: server, timeout: config.timeout, group: group)
        }
        return m
    }
}

func readFile(_ path: String) throws -> String {
    guard let f = fopen(path, "r") else { throw DNSError.permanent("cannot open \(path)") }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        out += buf[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}

#if canImport(Glibc)
import Glibc
#endif
