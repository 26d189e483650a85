import CLMDB

/// An LMDB return code with the call that produced it.
public struct LMDBError: Error, Equatable, CustomStringConvertible {
    public let code: Int32
    public let call: String

    public init(_ code: Int32, _ call: String) {
        self.code = code
        self.call = call
    }

    public var isMapFull: Bool { code == MDB_MAP_FULL }
    public var isMapResized: Bool { code == MDB_MAP_RESIZED }

    public var description: String {
        "\(call): \(String(cString: mdb_strerror(code))) (\(code))"
    }

    @inline(__always)
    static func check(_ rc: Int32, _ call: @autoclosure () -> String) throws(LMDBError) {
        if rc != 0 { throw LMDBError(rc, call()) }
    }
}
