/// The parts of resolv.conf(5) a stub resolver uses: nameserver lines and
/// the timeout/attempts options. Search lists and ndots do not apply to mail,
/// which always asks fully qualified names.
public struct ResolvConf: Equatable, Sendable {
    public var nameservers: [String] = []
    public var timeoutSeconds: Int = 5
    public var attempts: Int = 2
    /// "options trust-ad": glibc's switch to believe the AD bit; we always
    /// report it and leave trust to the caller, but keep the setting visible.
    public var trustAD = false

    public init() {}

    public static func parse(_ text: String) -> ResolvConf {
        var c = ResolvConf()
        for raw in text.split(whereSeparator: { $0 == "\n" }) {
            let line = raw.split(whereSeparator: { $0 == "#" || $0 == ";" }).first ?? ""
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = f.first else { continue }
            switch key {
            case "nameserver" where f.count >= 2:
                // Drop an IPv6 zone ("fe80::1%eth0"): we connect by address only.
                let addr = f[1].split(separator: "%").first.map(String.init) ?? f[1]
                if IPAddress(addr) != nil { c.nameservers.append(addr) }
            case "options":
                for o in f.dropFirst() {
                    if o.hasPrefix("timeout:"), let v = Int(o.dropFirst(8)) { c.timeoutSeconds = max(1, min(v, 30)) }
                    if o.hasPrefix("attempts:"), let v = Int(o.dropFirst(9)) { c.attempts = max(1, min(v, 5)) }
                    if o == "trust-ad" { c.trustAD = true }
                }
            default: break
            }
        }
        return c
    }
}
