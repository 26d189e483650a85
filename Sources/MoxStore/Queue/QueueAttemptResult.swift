import MoxEncoding

/// The outcome of one delivery attempt for one recipient, as shown by
/// `queue list` and carried into DSNs and the retired history.
public struct QueueAttemptResult: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var start: Int64
    public var durationMilliseconds: Int64
    public var success: Bool
    /// SMTP reply code, 0 when no reply was received (connection, DNS or TLS failure).
    public var code: Int
    /// RFC 3463 enhanced status code without the class, e.g. "1.1", or "".
    public var enhancedCode: String
    /// The remote reply or our description of what failed.
    public var error: String

    /// Stored while an attempt is running; a crash leaves it, so an
    /// interrupted attempt is visible in `queue list`.
    public static let inProgress = "delivering..."

    public init(start: Int64, durationMilliseconds: Int64 = 0, success: Bool = false, code: Int = 0,
                enhancedCode: String = "", error: String = "") {
        self.start = start
        self.durationMilliseconds = durationMilliseconds
        self.success = success
        self.code = code
        self.enhancedCode = enhancedCode
        self.error = error
    }

    func encode(to w: inout ByteWriter) {
        w.write(start)
        w.write(durationMilliseconds)
        w.write(success)
        w.writeVarint(code)
        w.write(enhancedCode)
        w.write(error)
    }

    static func decode(from r: inout ByteReader) throws(ByteDecodingError) -> QueueAttemptResult {
        QueueAttemptResult(start: try r.readInt64(), durationMilliseconds: try r.readInt64(), success: try r.readBool(),
                           code: try r.readLength(limit: 999), enhancedCode: try r.readString(), error: try r.readString())
    }
}
