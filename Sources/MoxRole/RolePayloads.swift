import Foundation
import MoxConfig
import MoxEncoding
import MoxIPC

/// Payloads of the supervision frames, shared by the supervisor and roles.

/// First frame a role sends: who it is. The reply carries its RoleConfig.
public struct RoleHello: Sendable, Equatable {
    public var role: String
    public var pid: Int32

    public init(role: String, pid: Int32) {
        self.role = role
        self.pid = pid
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(role)
        w.write(UInt32(bitPattern: pid))
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        role = try r.readString()
        pid = Int32(bitPattern: try r.readUInt32())
        try r.expectEnd()
    }
}

/// What a role gets instead of reading config files: the parsed config, the
/// sockets it will be handed, and whether it must be running unprivileged.
public struct RoleConfig: Codable, Sendable {
    public var role: String
    /// Set when the supervisor started the role under another uid; the role
    /// refuses to serve if it could regain root.
    public var expectUnprivileged: Bool
    public var listeners: [ListenerSocket]
    public var config: Config
    /// Files the role needs but may not open itself, read by the supervisor,
    /// keyed by the path as the config writes it: certificate chains for
    /// network roles, private keys for keyd only.
    public var files: [String: String]
    /// Started by `mox localserve`: keyd sets the development account's password.
    public var localserve: Bool

    public init(role: String, expectUnprivileged: Bool, listeners: [ListenerSocket], config: Config, files: [String: String] = [:], localserve: Bool = false) {
        self.localserve = localserve
        self.role = role
        self.expectUnprivileged = expectUnprivileged
        self.listeners = listeners
        self.config = config
        self.files = files
    }

    public func encoded() throws -> [UInt8] { Array(try JSONEncoder().encode(self)) }
    public init(decoding bytes: [UInt8]) throws { self = try JSONDecoder().decode(RoleConfig.self, from: Data(bytes)) }
}

/// Request for listener number `index` of RoleConfig.listeners; the reply carries its descriptor.
public struct ListenerRequest: Sendable {
    public var index: Int

    public init(index: Int) { self.index = index }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.writeVarint(index)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        index = try r.readLength(limit: 65535)
        try r.expectEnd()
    }
}

/// A control command's answer: an exit code for mox-ctl and text to print.
public struct ControlResult: Sendable, Equatable {
    public var exitCode: UInt8
    public var text: String

    public init(exitCode: UInt8, text: String) {
        self.exitCode = exitCode
        self.text = text
    }

    public static func ok(_ text: String) -> ControlResult { ControlResult(exitCode: 0, text: text) }
    public static func failure(_ text: String) -> ControlResult { ControlResult(exitCode: 1, text: text) }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(exitCode)
        w.write(text)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        exitCode = try r.readUInt8()
        text = try r.readString()
        try r.expectEnd()
    }
}

/// Arguments of a control command (mox-ctl's argv after options).
public struct ControlArguments: Sendable, Equatable {
    public var arguments: [String]

    public init(_ arguments: [String]) { self.arguments = arguments }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(arguments)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        arguments = try r.readStrings()
        try r.expectEnd()
    }
}
