import ArgumentParser
import Foundation
import MoxConfig

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configuration files.",
        subcommands: [Test.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse and check mox.conf and domains.conf; exit 1 with file:line: key: problem on error.")

        @Argument(help: "Directory with mox.conf and domains.conf, or the path of mox.conf.")
        var path: String = "config"

        func run() throws {
            do {
                let config = try Config.load(path: path)
                print("config OK: \(config.dynamicConfig.domains.count) domains, \(config.dynamicConfig.accounts.count) accounts, \(config.listenerSockets.count) listening sockets")
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
