import ArgumentParser
import Foundation
import MoxDNS
import MoxSPF

struct SPFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spf",
        abstract: "SPF (RFC 7208) checks.",
        subcommands: [Check.self, Lookup.self, Parse.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the SPF policy of DOMAIN for a connection from IP; prints the result (none, neutral, pass, fail, softfail, temperror, permerror).")
        @OptionGroup var options: ResolverOptions
        @Argument(help: "Domain, or a MAIL FROM address.") var domain: String
        @Argument(help: "The connecting IP.") var ip: String
        @Argument(help: "HELO name (default: the domain).") var helo: String?

        func run() throws {
            guard let addr = IPAddress(ip) else { throw fail("invalid IP \(ip)") }
            let resolver = try options.makeResolver()
            let mailFrom = domain.contains("@") ? domain : "postmaster@" + domain
            let heloName = helo ?? (domain.split(separator: "@").last.map(String.init) ?? domain)
            try runBlocking {
                let o = await SPFVerifier(resolver: resolver).verify(ip: addr, mailFrom: mailFrom, helo: heloName)
                print(o.result.rawValue)
                if let m = o.mechanism { print("mechanism: \(m)") }
                if let e = o.explanation { print("explanation: \(e)") }
                if let p = o.problem { print("problem: \(p)") }
                print("authentic: \(o.authentic)")
            }
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the SPF record of DOMAIN.")
        @OptionGroup var options: ResolverOptions
        @Argument var domain: String

        func run() throws {
            let n = try parseName(domain)
            let resolver = try options.makeResolver()
            try runBlocking {
                do {
                    let txt = try await resolver.lookupTXT(n)
                    let recs = txt.value.filter(SPFRecord.isSPF)
                    guard !recs.isEmpty else { throw fail("no SPF record at \(n)") }
                    for r in recs { print(r) }
                    print("; authentic: \(txt.authentic)")
                } catch let e as DNSError {
                    throw fail("lookup \(n): \(e)")
                }
            }
        }
    }

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse an SPF record text and print its terms, or the syntax error.")
        @Argument var record: String

        func run() throws {
            do {
                let r = try SPFRecord.parse(record)
                for d in r.directives { print("directive: \(d.text)") }
                if let x = r.redirect { print("redirect: \(x)") }
                if let x = r.explanation { print("exp: \(x)") }
                for m in r.unknownModifiers { print("modifier: \(m.name)=\(m.value)") }
            } catch {
                throw fail("invalid SPF record: \(error)")
            }
        }
    }
}
