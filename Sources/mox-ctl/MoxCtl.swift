import ArgumentParser
import Foundation

@main
struct MoxCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mox-ctl",
        abstract: "Control a running mox over its control socket (DATADIR/ctl)."
    )

    @Option(help: "Path of the control socket.")
    var socket: String = "/var/lib/mox/data/ctl"

    @Argument(parsing: .captureForPassthrough, help: "Command and arguments, e.g. status.")
    var command: [String] = []

    func run() throws {
        FileHandle.standardError.write(Data("mox-ctl: the control socket is not served yet (supervisor issue)\n".utf8))
        throw ExitCode(2)
    }
}
