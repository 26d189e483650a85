#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address in network byte order.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses "192.0.2.1" or "2001:db8::1" (inet_pton rules: no zone, no
    /// leading zeros trickery beyond what the C library accepts).
    public init?(_ text: String) {
        if text.contains(":") {
            var a = in6_addr()
            guard inet_pton(AF_INET6, text, &a) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &a) { Array($0) }
        } else {
            var a = in_addr()
            guard inet_pton(AF_INET, text, &a) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &a) { Array($0) }
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }
    public var isIPv6: Bool { bytes.count == 16 }

    /// For an IPv4-mapped IPv6 address (::ffff:a.b.c.d) the IPv4 address,
    /// otherwise self. RFC 7208 §5 treats a mapped address as IPv4.
    public var unmapped: IPAddress {
        if isIPv6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return IPAddress(bytes: Array(bytes[12...]))!
        }
        return self
    }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var a = in6_addr()
        withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count)) != nil else { return "?" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The labels of the reverse name, most specific first: "4.3.2.1" for
    /// 1.2.3.4, 32 nibbles for IPv6 (RFC 3596 §2.5).
    public var reversedLabels: [String] {
        if isIPv4 { return bytes.reversed().map(String.init) }
        let hex = Array("0123456789abcdef")
        var out: [String] = []
        for b in bytes.reversed() {
            out.append(String(hex[Int(b & 0xf)]))
            out.append(String(hex[Int(b >> 4)]))
        }
        return out
    }

    /// The PTR query name: d.c.b.a.in-addr.arpa or the ip6.arpa nibble name.
    public var reverseName: DNSName {
        let labels = reversedLabels + (isIPv4 ? ["in-addr", "arpa"] : ["ip6", "arpa"])
        return DNSName(unchecked: labels.map { Array($0.utf8) })
    }

    /// Whether the first `prefix` bits equal those of `network`.
    public func matches(network: IPAddress, prefix: Int) -> Bool {
        guard bytes.count == network.bytes.count, prefix >= 0, prefix <= bytes.count * 8 else { return false }
        var bits = prefix
        for i in 0..<bytes.count where bits > 0 {
            let take = min(8, bits)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - take))
            if bytes[i] & mask != network.bytes[i] & mask { return false }
            bits -= take
        }
        return true
    }
}
