/// Every message type any process sends. One list for the whole system, as
/// OpenSMTPD's imsg types, so a frame of a type nobody defined is rejected at
/// decode time. Numbers are grouped by the role that serves the request.
public enum IPCMessageType: UInt16, Sendable, CaseIterable {
    // Supervision (0x00xx).
    case hello = 0x0001          // child → supervisor: role and pid, first frame
    case ready = 0x0002          // child → supervisor: config applied, serving
    case config = 0x0003         // supervisor → child: the part of the config the role needs
    case listener = 0x0004       // supervisor → child: a listening socket, name in payload
    case shutdown = 0x0005       // supervisor → child: stop accepting, drain, exit
    case reload = 0x0006         // supervisor → child: a new config follows
    case ping = 0x0007
    case pong = 0x0008
    case peer = 0x0009           // supervisor → child: a socket to another role, role in payload

    // Control socket (0x01xx): mox-ctl ↔ supervisor.
    case controlRequest = 0x0101  // payload: argument list
    case controlReply = 0x0102    // payload: exit code, text
    case controlRelay = 0x0103    // supervisor → owning role: an opaque control request

    // keyd (0x02xx): operations on secrets that never leave keyd.
    case tlsSign = 0x0201         // network role → keyd: TLSSignRequest; reply: signature bytes
    case saslStart = 0x0202       // network role → keyd: SASLStartRequest; reply: SASLReply
    case saslStep = 0x0203        // network role → keyd: SASLStepRequest; reply: SASLReply
    case dkimSign = 0x0204        // smtpd/queued → keyd: message to sign; reply: DKIM-Signature header fields

    // queued (0x04xx): requests served by queued.
    case queueKick = 0x0401       // smtpd/webapid → queued: QueueKick (ids just queued, may be empty); reply: empty

    // Reserved ranges, so roles built in parallel do not collide:
    // 0x03xx store change events (a writer → imapd, webapid), 0x04xx requests
    // served by queued (queue kick, queue control), 0x05xx smtpd, 0x06xx imapd,
    // 0x07xx webapid.
}
