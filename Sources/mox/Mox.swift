import ArgumentParser
import Foundation
import MoxConfig
import MoxLog
import MoxSupervisor

@main
struct Mox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mox",
        abstract: "A privilege-separated mail server: SMTP, IMAP, webapi, with SPF, DKIM, DMARC, MTA-STS and DANE.",
        subcommands: [Serve.self, Localserve.self, ConfigCommand.self, Version.self, RoleCommand.self,
                      DNSCommand.self, SPFCommand.self, DMARCCommand.self, IPRevCommand.self, DNSBLCommand.self, DKIMCommand.self, VerifyData.self]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() { print(MoxVersion.string) }
}

enum MoxVersion {
    static let string = "0.1.0-dev"
}
