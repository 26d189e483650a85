/// client-first-message (RFC 5802 §5.1, §7):
/// gs2-header ("n" / "y" / "p=" cb-name, then "," [ "a=" authzid ] ",")
/// followed by client-first-message-bare ("n=" username ",r=" nonce [, ext]).
public struct SCRAMClientFirst: Sendable, Equatable {
    public enum ChannelBindingFlag: Sendable, Equatable {
        /// "n": the client does not support channel binding.
        case notSupported
        /// "y": the client supports it but thinks the server does not.
        case supportedNotUsed
        /// "p=name": the client binds to channel binding type `name`.
        case used(String)
    }

    public var channelBinding: ChannelBindingFlag
    public var authzid: String?
    public var username: String
    public var nonce: String
    /// The gs2-header as sent, which client-final's c= must repeat.
    public var gs2Header: String
    /// client-first-message-bare as sent, part of AuthMessage.
    public var bare: String

    public init(channelBinding: ChannelBindingFlag, authzid: String?, username: String, nonce: String) {
        self.channelBinding = channelBinding
        self.authzid = authzid
        self.username = username
        self.nonce = nonce
        var h: String
        switch channelBinding {
        case .notSupported: h = "n"
        case .supportedNotUsed: h = "y"
        case .used(let name): h = "p=" + name
        }
        h += "," + (authzid.map { "a=" + SCRAMSyntax.encodeSASLName($0) } ?? "") + ","
        gs2Header = h
        bare = "n=" + SCRAMSyntax.encodeSASLName(username) + ",r=" + nonce
    }

    public var encoded: [UInt8] { Array((gs2Header + bare).utf8) }

    public static func parse(_ bytes: [UInt8]) throws(SASLError) -> SCRAMClientFirst {
        let s = try SCRAMSyntax.utf8(bytes)
        let attrs = SCRAMSyntax.attributes(s[...])
        guard attrs.count >= 4 else { throw .malformed("client-first-message needs gs2-header, n= and r=") }

        let flag: ChannelBindingFlag
        switch attrs[0] {
        case "n": flag = .notSupported
        case "y": flag = .supportedNotUsed
        default:
            let name = try SCRAMSyntax.value(attrs[0], "p")
            // cb-name = 1*(ALPHA / DIGIT / "." / "-")
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && (($0.properties.isAlphabetic) || ("0"..."9").contains($0) || $0 == "." || $0 == "-") }) else {
                throw .malformed("invalid cb-name")
            }
            flag = .used(String(name))
        }
        let authzid: String? = attrs[1].isEmpty ? nil : try SCRAMSyntax.decodeSASLName(try SCRAMSyntax.value(attrs[1], "a"))

        // reserved-mext: a mandatory extension we cannot know (RFC 5802 §5.1).
        if attrs[2].hasPrefix("m=") { throw .extensionsNotSupported }
        let username = try SCRAMSyntax.decodeSASLName(try SCRAMSyntax.value(attrs[2], "n"))
        let nonce = try SCRAMSyntax.checkNonce(try SCRAMSyntax.value(attrs[3], "r"))
        try SCRAMSyntax.checkExtensions(attrs[4...])

        var m = SCRAMClientFirst(channelBinding: flag, authzid: authzid, username: username, nonce: nonce)
        // Keep the exact bytes: AuthMessage and c= use what was sent.
        let gs2Length = attrs[0].count + attrs[1].count + 2
        m.gs2Header = String(s.prefix(gs2Length))
        m.bare = String(s.dropFirst(gs2Length))
        return m
    }
}
