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
        try LocalserveCertificate.ensure(directory: directory)
        let config = try ConfigLoading.load(directory)
        logger.info("starting", metadata: ["dir": "\(directory)", "account": "\(LocalserveConfig.address)", "password": "\(LocalserveConfig.password)"])
        let supervisor = Supervisor(config: config, options: .init(configPath: directory, dropToConfiguredUsers: false, localserve: true))
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

import MoxTLS

/// localserve's self-signed certificate, made on first start for the names
/// clients check (localhost, 127.0.0.1). The key file is 0600; only keyd
/// receives its contents.
enum LocalserveCertificate {
    static func ensure(directory: String) throws {
        let cert = directory + "/localhost.crt"
        let key = directory + "/localhost.key"
        if FileManager.default.fileExists(atPath: cert) && FileManager.default.fileExists(atPath: key) { return }
        let made = try SelfSignedCertificate.generate(dnsNames: ["localhost"], ipv4: ["127.0.0.1"])
        FileManager.default.createFile(atPath: key, contents: Data(made.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
        try made.certificatePEM.write(toFile: cert, atomically: true, encoding: .utf8)
        Logger(label: "localserve").info("made self-signed certificate", metadata: ["file": "\(cert)"])
    }
}
