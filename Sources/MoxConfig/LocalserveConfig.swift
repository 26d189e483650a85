import Foundation

/// The config `mox localserve` writes on first start: everything on
/// 127.0.0.1, ports 1000 + the standard port, one account mox@localhost.
public enum LocalserveConfig {
    public static let account = "mox"
    public static let address = "mox@localhost"
    public static let password = "moxmoxmox"

    public static func staticText(user: String) -> String {
        """
        # Written by mox localserve. Everything listens on 127.0.0.1 only.
        DataDir: data
        LogLevel: info
        User: \(user)
        Hostname: localhost
        KeyUser: \(user)
        Listeners:
        \tlocal:
        \t\tIPs:
        \t\t\t- 127.0.0.1
        \t\tTLS:
        \t\t\tKeyCerts:
        \t\t\t\t-
        \t\t\t\t\tCertFile: localhost.crt
        \t\t\t\t\tKeyFile: localhost.key
        \t\tSMTP:
        \t\t\tEnabled: true
        \t\t\tPort: 1025
        \t\tSubmission:
        \t\t\tEnabled: true
        \t\t\tPort: 1587
        \t\tSubmissions:
        \t\t\tEnabled: true
        \t\t\tPort: 1465
        \t\tIMAP:
        \t\t\tEnabled: true
        \t\t\tPort: 1143
        \t\t\tNoRequireSTARTTLS: true
        \t\tIMAPS:
        \t\t\tEnabled: true
        \t\t\tPort: 1993
        \t\tWebAPIHTTP:
        \t\t\tEnabled: true
        \t\t\tPort: 1080
        \t\tWebAPIHTTPS:
        \t\t\tEnabled: true
        \t\t\tPort: 1443
        Postmaster:
        \tAccount: mox
        \tMailbox: Inbox

        """
    }

    public static let dynamicText = """
        # Written by mox localserve.
        Domains:
        \tlocalhost:
        \t\tLocalpartCatchallSeparator: +
        Accounts:
        \tmox:
        \t\tDomain: localhost
        \t\tDestinations:
        \t\t\tmox@localhost: nil

        """

    /// Writes both files into `directory` unless mox.conf exists already.
    /// Returns whether it wrote them.
    @discardableResult
    public static func ensure(directory: String, user: String) throws -> Bool {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staticPath = (directory as NSString).appendingPathComponent("mox.conf")
        if fm.fileExists(atPath: staticPath) { return false }
        try dynamicText.write(toFile: (directory as NSString).appendingPathComponent("domains.conf"), atomically: true, encoding: .utf8)
        try staticText(user: user).write(toFile: staticPath, atomically: true, encoding: .utf8)
        return true
    }
}
