#if canImport(Glibc)
import Glibc
#endif

/// Textual IP address checks, via inet_pton so we accept exactly what bind will.
public enum IPAddressText {
    public static func isIPv4(_ s: String) -> Bool {
        var a = in_addr()
        return inet_pton(AF_INET, s, &a) == 1
    }

    public static func isIPv6(_ s: String) -> Bool {
        var a = in6_addr()
        return inet_pton(AF_INET6, s, &a) == 1
    }

    public static func isValid(_ s: String) -> Bool { isIPv4(s) || isIPv6(s) }
}
