import ArgumentParser
import Foundation
import MoxDMARC
import MoxDNS

struct DMARCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmarc",
        abstract: "DMARC (RFC 7489) policy lookups.",
        subcommands: [Lookup.self, ParseRecord.self, OrgDomain.self]
    )

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find the DMARC policy for a From domain (its own, or its organizational domain's).")
        @OptionGroup var options: ResolverOptions
        @Argument var domain: String

        func run() throws {
            let n = try parseName(domain)
            let resolver = try options.makeResolver()
            try runBlocking {
                do {
                    guard let found = try await DMARCVerifier(resolver: resolver).lookup(n) else {
                        throw fail("no DMARC record for \(n)")
                    }
                    print("domain: \(found.domain)")
                    print("record: \(found.record.text)")
                    for w in found.record.warnings { print("warning: \(w)") }
                    print("authentic: \(found.authentic)")
                } catch let e as DNSError {
                    throw fail("lookup: \(e)")
                }
            }
        }
    }

    struct ParseRecord: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "parsedmarcrecord", abstract: "Parse a DMARC record and print it in canonical form, or the error.")
        @Argument var record: String

        func run() throws {
            do {
                let r = try DMARCRecord.parse(record)
                print(r.text)
                for w in r.warnings { print("warning: \(w)") }
            } catch {
                throw fail("invalid DMARC record: \(error)")
            }
        }
    }

    struct OrgDomain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "orgdomain", abstract: "Print the organizational domain (public suffix plus one label).")
        @Argument var domain: String

        func run() throws {
            print(PublicSuffixList.shared.organizationalDomain(try parseName(domain)).description)
        }
    }
}
