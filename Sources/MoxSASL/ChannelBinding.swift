/// Channel-binding data of the TLS connection a SCRAM-*-PLUS exchange runs
/// over. The network process computes it (it holds the TLS session) and
/// passes it with the exchange; this module only compares.
public struct ChannelBinding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// RFC 9266: TLS exporter, label "EXPORTER-Channel-Binding", empty context, 32 bytes. The default for TLS 1.3.
        case tlsExporter = "tls-exporter"
        /// RFC 5929 §4: hash of the server's certificate.
        case tlsServerEndPoint = "tls-server-end-point"
        /// RFC 5929 §3, TLS 1.2 only; accepted if the network process supplies it.
        case tlsUnique = "tls-unique"
    }

    public var kind: Kind
    public var data: [UInt8]

    public init(kind: Kind, data: [UInt8]) {
        self.kind = kind
        self.data = data
    }
}
