import Foundation
import Logging

/// One line per event, logfmt style: `t=... level=info pkg=ipc msg="..." key=value`.
/// Values with spaces, quotes or `=` are quoted so a line stays machine-splittable.
public struct LogfmtHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogSink

    public init(label: String, level: Logger.Level, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        var line = "t=\(Self.timestamp()) level=\(event.level) pkg=\(label) msg=\(Self.quote(event.message.description))"
        for key in fields.keys.sorted() {
            line += " \(key)=\(Self.quote(Self.render(fields[key]!)))"
        }
        line += "\n"
        sink.write(line)
    }

    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let a): return a.map(render).joined(separator: ",")
        case .dictionary(let d): return d.keys.sorted().map { "\($0):\(render(d[$0]!))" }.joined(separator: ",")
        }
    }

    /// Quotes when needed; escapes quotes, backslashes and control characters so
    /// that a value can never start a new log line.
    public static func quote(_ s: String) -> String {
        let needs = s.isEmpty || s.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f }
        if !needs { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7f { out += String(format: "\\x%02x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, Int(tv.tv_usec / 1000))
    }
}

/// Where log lines go. One write(2) per line keeps lines from different
/// processes sharing stderr from interleaving mid-line.
public struct LogSink: Sendable {
    let fd: Int32
    public static let standardError = LogSink(fd: 2)
    public init(fd: Int32) { self.fd = fd }

    func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }
}

public enum MoxLogging {
    /// Installs the logfmt handler once per process. The level comes from the
    /// config's LogLevel (error, info, debug, trace) or MOX_LOG_LEVEL.
    public static func bootstrap(level: Logger.Level = .info) {
        let env = ProcessInfo.processInfo.environment["MOX_LOG_LEVEL"].flatMap(parseLevel)
        let chosen = env ?? level
        LoggingSystem.bootstrap { label in LogfmtHandler(label: label, level: chosen) }
    }

    /// mox's level names mapped onto swift-log's.
    public static func parseLevel(_ s: String) -> Logger.Level? {
        switch s.lowercased() {
        case "error": return .error
        case "warn", "warning": return .warning
        case "info", "": return .info
        case "debug": return .debug
        case "trace", "traceauth", "tracedata": return .trace
        default: return nil
        }
    }
}
