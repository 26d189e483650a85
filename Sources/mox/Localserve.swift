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
        let user = String(cString: getpwuid(getuid())?.pointee.pw_name ?? strdup("root"))
        if try LocalserveConfig.ensure(directory: directory, user: user) {
            logger.info("wrote new config", metadata: ["dir": "\(directory)"])
        }
        let config: Config
        do {
            config = try Config.load(path: directory)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let plan = StartPlan(config: config)
        for e in plan.entries {
            logger.info("would start", metadata: ["role": "\(e.role.rawValue)", "user": "\(e.user)", "sockets": "\(e.sockets.map(\.description).joined(separator: ","))"])
        }
        logger.info("process roles are not implemented yet; config loaded", metadata: ["dir": "\(directory)", "account": "\(LocalserveConfig.address)"])
    }

    static func defaultDirectory() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"
        return "\(home)/.config/mox-localserve"
    }
}
