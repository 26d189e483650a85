import ArgumentParser
import Foundation
import MoxDNS
import MoxDNSBL
import MoxIPRev

struct DNSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "DNS lookups through the stub resolver mox uses.",
        subcommands: [Lookup.self]
    )

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look up records of TYPE at NAME; prints the answer in zone file form and whether it is DNSSEC-authentic (AD bit). For PTR, NAME may be an IP address.")

        @OptionGroup var options: ResolverOptions
        @Argument(help: "Record type: A, AAAA, MX, TXT, PTR, CNAME, TLSA, NS, SOA or TYPEnn.") var type: String
        @Argument(help: "Domain name (IDNA names are converted to A-labels).") var name: String

        func run() throws {
            guard let t = DNSRecordType(name: type) else { throw fail("unknown record type \(type)") }
            let n: DNSName
            if t == .ptr, let ip = IPAddress(name) { n = ip.reverseName } else { n = try parseName(name) }
            let resolver = try options.makeResolver()
            try runBlocking {
                do {
                    let ans = try await resolver.query(n, type: t)
                    for rr in ans.value { print(rr.description) }
                    // The typed lookups treat "only a CNAME" as no record.
                    if !ans.value.contains(where: { $0.type == t }) && t != .cname {
                        print("; no \(t) record at the end of the CNAME chain")
                    }
                    print("; authentic: \(ans.authentic)")
                } catch {
                    print("; \(error)")
                    throw fail("dns lookup \(t) \(n): \(error)")
                }
            }
        }
    }
}

struct IPRevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "iprev", abstract: "Check an IP's reverse name with forward confirmation (RFC 8601 §3).")

    @OptionGroup var options: ResolverOptions
    @Argument(help: "IPv4 or IPv6 address.") var ip: String

    func run() throws {
        guard let addr = IPAddress(ip) else { throw fail("invalid IP \(ip)") }
        let resolver = try options.makeResolver()
        try runBlocking {
            let o = await IPRev(resolver: resolver).check(addr)
            print("iprev: \(o.result.rawValue)")
            if let n = o.name { print("name: \(n.fqdn)") }
            for n in o.ptrNames { print("ptr: \(n.fqdn)") }
            print("authentic: \(o.authentic)")
        }
    }
}

struct DNSBLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dnsbl", abstract: "DNS blocklist checks (RFC 5782).", subcommands: [Check.self, CheckHealth.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check whether IP is listed in the DNSBL at ZONE.")
        @OptionGroup var options: ResolverOptions
        @Argument var zone: String
        @Argument var ip: String

        func run() throws {
            guard let addr = IPAddress(ip) else { throw fail("invalid IP \(ip)") }
            let z = try parseName(zone)
            let resolver = try options.makeResolver()
            try runBlocking {
                let o = await DNSBL(resolver: resolver).lookup(zone: z, ip: addr)
                print("status: \(o.status.rawValue)")
                if let r = o.reason { print("reason: \(r)") }
            }
        }
    }

    struct CheckHealth: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkhealth", abstract: "Check that ZONE lists 127.0.0.2 and not 127.0.0.1 (RFC 5782 §5).")
        @OptionGroup var options: ResolverOptions
        @Argument var zone: String

        func run() throws {
            let z = try parseName(zone)
            let resolver = try options.makeResolver()
            try runBlocking {
                let ok = await DNSBL(resolver: resolver).isHealthy(zone: z)
                print(ok ? "healthy" : "unhealthy")
                if !ok { throw ExitCode(1) }
            }
        }
    }
}
