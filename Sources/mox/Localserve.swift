import ArgumentParser
import Foundation
import Logging
import MoxConfig
import MoxLog
import MoxSupervisor

struct Localserve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a local mail server for development: 127.0.0.1 only, ports 1000 + standard, account mox@localhost with password moxmoxmox, no root needed."
    )

    @Option(help: "Directory for config and data. Default: $HOME/.config/mox-localserve.")
    var dir: String?

    func run() throws {
        MoxLogging.bootstrap()
        let logger = Logger(label: "localserve")
        let directory = dir ?? Self.defaultDirectory()
        if try LocalserveConfig.ensure(directory: directory, user: SystemUser.current().name) {
            logger.info("wrote new config", metadata: ["dir": "\(directory)"])
        }
        let config = try ConfigLoading.load(directory)
        logger.info("starting", metadata: ["dir": "\(directory)", "account": "\(LocalserveConfig.address)", "password": "\(LocalserveConfig.password)"])
        let supervisor = Supervisor(config: config, options: .init(configPath: directory, dropToConfiguredUsers: false))
        do {
            throw ExitCode(try supervisor.run())
        } catch let e as SupervisorError {
            FileHandle.standardError.write(Data("mox localserve: \(e)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func defaultDirectory() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"
        return "\(home)/.config/mox-localserve"
    }
}
