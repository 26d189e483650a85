import MoxDNS

public typealias IPAddressValue = IPAddress

/// Address text forms SPF accepts (RFC 7208 §5.6): IPv4 as four decimal
/// octets, IPv6 as RFC 4291 §2.2 text. inet_pton is stricter than needed in
/// no case we rely on.
enum IPAddressParse {
    static func parse(_ s: String) -> IPAddress? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":") }) else { return nil }
        return IPAddress(s)
    }
}
