import MoxEncoding

/// Payloads of the requests network roles make to keyd. Mechanism names are
/// strings so roles need not link the SASL code: keyd alone runs it.

/// A channel binding the TLS library could give (RFC 9266 tls-exporter,
/// RFC 5929 tls-server-end-point).
public struct ChannelBindingData: Sendable, Equatable {
    public var type: String
    public var data: [UInt8]
    public init(type: String, data: [UInt8]) {
        self.type = type
        self.data = data
    }
}

/// Starts a SASL exchange (AUTH in SMTP, AUTHENTICATE or LOGIN in IMAP).
public struct SASLStartRequest: Sendable, Equatable {
    public var mechanism: String
    public var initialResponse: [UInt8]?
    public var remoteIP: String
    /// "smtp", "submission", "imap": for logs and limits.
    public var protocolName: String
    public var tls: Bool
    public var channelBindings: [ChannelBindingData]
    /// SHA-256 of the TLS client certificate's public key, for EXTERNAL.
    public var clientPublicKeyHash: [UInt8]?

    public init(mechanism: String, initialResponse: [UInt8]?, remoteIP: String, protocolName: String, tls: Bool,
                channelBindings: [ChannelBindingData] = [], clientPublicKeyHash: [UInt8]? = nil) {
        self.mechanism = mechanism
        self.initialResponse = initialResponse
        self.remoteIP = remoteIP
        self.protocolName = protocolName
        self.tls = tls
        self.channelBindings = channelBindings
        self.clientPublicKeyHash = clientPublicKeyHash
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(mechanism)
        w.write(initialResponse != nil)
        if let r = initialResponse { w.write(bytes: r) }
        w.write(remoteIP)
        w.write(protocolName)
        w.write(tls)
        w.writeVarint(channelBindings.count)
        for cb in channelBindings {
            w.write(cb.type)
            w.write(bytes: cb.data)
        }
        w.write(clientPublicKeyHash != nil)
        if let h = clientPublicKeyHash { w.write(bytes: h) }
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        mechanism = try r.readString()
        initialResponse = try r.readBool() ? try r.readBytes() : nil
        remoteIP = try r.readString()
        protocolName = try r.readString()
        tls = try r.readBool()
        let n = try r.readLength(limit: 8)
        channelBindings = []
        for _ in 0..<n { channelBindings.append(ChannelBindingData(type: try r.readString(), data: try r.readBytes())) }
        clientPublicKeyHash = try r.readBool() ? try r.readBytes() : nil
        try r.expectEnd()
    }
}

/// The client's next response in an exchange keyd is running.
public struct SASLStepRequest: Sendable, Equatable {
    public var session: UInt64
    /// nil: the client cancelled ("*").
    public var response: [UInt8]?

    public init(session: UInt64, response: [UInt8]?) {
        self.session = session
        self.response = response
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(session)
        w.write(response != nil)
        if let r = response { w.write(bytes: r) }
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        session = try r.readUInt64()
        response = try r.readBool() ? try r.readBytes() : nil
        try r.expectEnd()
    }
}

/// keyd's answer to a start or step.
public struct SASLReply: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Send this challenge and step with the client's response.
        case challenge([UInt8])
        /// Authenticated as `account`; `additionalData` is SCRAM's server-final.
        case success(account: String, additionalData: [UInt8]?)
        /// Failed; `reason` is for logs, never for the client.
        case failure(reason: String)
    }

    public var session: UInt64
    public var outcome: Outcome
    /// Seconds keyd held this answer back because of earlier failures.
    public var delayedSeconds: Double

    public init(session: UInt64, outcome: Outcome, delayedSeconds: Double = 0) {
        self.session = session
        self.outcome = outcome
        self.delayedSeconds = delayedSeconds
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(session)
        switch outcome {
        case .challenge(let c):
            w.write(UInt8(0))
            w.write(bytes: c)
        case .success(let account, let data):
            w.write(UInt8(1))
            w.write(account)
            w.write(data != nil)
            if let data { w.write(bytes: data) }
        case .failure(let reason):
            w.write(UInt8(2))
            w.write(reason)
        }
        w.write(UInt64(delayedSeconds * 1000))
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        session = try r.readUInt64()
        switch try r.readUInt8() {
        case 0: outcome = .challenge(try r.readBytes())
        case 1:
            let account = try r.readString()
            outcome = .success(account: account, additionalData: try r.readBool() ? try r.readBytes() : nil)
        case 2: outcome = .failure(reason: try r.readString())
        case let k: throw ByteDecodingError.invalid("SASL reply kind \(k)")
        }
        delayedSeconds = Double(try r.readUInt64()) / 1000
        try r.expectEnd()
    }
}

/// A DKIM signature keyd makes over data the sender prepared
/// (MoxDKIM's DKIMSigner.prepare): the private key never leaves keyd.
public struct DKIMSignRequest: Sendable, Equatable {
    public var domain: String
    public var selector: String
    /// "rsa-sha256" or "ed25519-sha256".
    public var algorithm: String
    public var dataToSign: [UInt8]

    public init(domain: String, selector: String, algorithm: String, dataToSign: [UInt8]) {
        self.domain = domain
        self.selector = selector
        self.algorithm = algorithm
        self.dataToSign = dataToSign
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.write(domain)
        w.write(selector)
        w.write(algorithm)
        w.write(bytes: dataToSign)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        domain = try r.readString()
        selector = try r.readString()
        algorithm = try r.readString()
        dataToSign = try r.readBytes()
        try r.expectEnd()
    }
}
