import ArgumentParser
import Foundation
import MoxConfig
import MoxLog
import MoxSupervisor

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start mox as a system service (as root): bind the ports, start every role under its configured user."
    )

    @Option(help: "Directory with mox.conf and domains.conf, or the path of mox.conf.")
    var config = "/etc/mox"

    func run() throws {
        let loaded = try ConfigLoading.load(config)
        MoxLogging.bootstrap(level: MoxLogging.parseLevel(loaded.staticConfig.logLevel) ?? .info)
        let supervisor = Supervisor(config: loaded, options: .init(configPath: config, dropToConfiguredUsers: true))
        do {
            throw ExitCode(try supervisor.run())
        } catch let e as SupervisorError {
            FileHandle.standardError.write(Data("mox serve: \(e)\n".utf8))
            throw ExitCode(1)
        }
    }
}

enum ConfigLoading {
    /// Loads the config or exits 1 with the file:line: key: problem message.
    static func load(_ path: String) throws -> Config {
        do {
            return try Config.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
