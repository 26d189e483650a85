import MoxEncoding
@testable import MoxMessage
import XCTest

/// The MIME parser on real-world shaped messages. Expected offsets are
/// computed from the input text (where a marker string starts), not typed in.
final class MessageParserTests: XCTestCase {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func offset(of needle: String, in hay: [UInt8], after: Int = 0) -> Int {
        let n = Array(needle.utf8)
        var i = after
        while i + n.count <= hay.count {
            if hay[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        XCTFail("\(needle) not found")
        return -1
    }

    func text(_ data: [UInt8], _ r: Range<Int>) -> String { String(decoding: data[r], as: UTF8.self) }

    func testSimpleMessage() {
        let m = bytes("From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: hi\r\nMessage-ID: <1@x>\r\n\r\nline one\r\nline two\r\n")
        let (p, h) = MessageParser.parse(m)
        XCTAssertEqual(p.headerStart, 0)
        XCTAssertEqual(p.bodyStart, offset(of: "line one", in: m))
        XCTAssertEqual(p.end, m.count)
        XCTAssertEqual(p.bodyLines, 2)
        XCTAssertEqual(p.mediaType, "text")
        XCTAssertEqual(p.mediaSubtype, "plain")
        XCTAssertEqual(p.parameter("charset"), "us-ascii")
        XCTAssertEqual(p.transferEncoding, "7bit")
        XCTAssertEqual(h["subject"], "hi")
        let env = p.envelope!
        XCTAssertEqual(env.subject, "hi")
        XCTAssertEqual(env.from, [Address(name: "Alice", mailbox: "alice", host: "example.org")])
        XCTAssertEqual(env.to, [Address(mailbox: "bob", host: "example.com")])
        XCTAssertEqual(env.messageID, "<1@x>")
        XCTAssertEqual(env.effectiveSender, env.from)
    }

    static let nested = """
    From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.de>\r
    To: "Smith, John" <john@example.com>, undisclosed-recipients:;\r
    Subject: =?iso-8859-1?Q?Gr=FC=DFe?= aus\r
     =?utf-8?q?K=C3=B6ln?=\r
    MIME-Version: 1.0\r
    Content-Type: multipart/mixed; boundary="outer"\r
    \r
    This is a multi-part message in MIME format.\r
    --outer\r
    Content-Type: multipart/alternative; boundary=inner\r
    \r
    --inner\r
    Content-Type: text/plain; charset=utf-8\r
    Content-Transfer-Encoding: quoted-printable\r
    \r
    Gr=C3=BC=C3=9Fe=\r
     aus K=C3=B6ln\r
    --inner\r
    Content-Type: text/html; charset=utf-8\r
    \r
    <p>hello</p>\r
    --inner--\r
    --outer\r
    Content-Type: application/pdf; name*0*=utf-8''Rechnung%20M%C3%A4rz; name*1=".pdf"\r
    Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf\r
    Content-Transfer-Encoding: base64\r
    \r
    JVBERi0xLjQK\r
    --outer\r
    Content-Type: message/rfc822\r
    \r
    From: inner@example.net\r
    Subject: forwarded\r
    \r
    forwarded body\r
    --outer--\r
    epilogue\r

    """

    func testNestedMultipartWithAttachmentAndForward() {
        let m = bytes(Self.nested)
        let (p, _) = MessageParser.parse(m)
        XCTAssertEqual(p.mediaType, "multipart")
        XCTAssertEqual(p.mediaSubtype, "mixed")
        XCTAssertEqual(p.parts.count, 3)
        let alt = p.parts[0]
        XCTAssertEqual(alt.mediaSubtype, "alternative")
        XCTAssertEqual(alt.parts.count, 2)
        let plain = alt.parts[0]
        XCTAssertEqual(plain.transferEncoding, "quoted-printable")
        XCTAssertEqual(String(decoding: plain.decodedBody(from: m), as: UTF8.self), "Grüße aus Köln")
        XCTAssertEqual(plain.headerStart, offset(of: "Content-Type: text/plain", in: m))
        // The CRLF before the delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        XCTAssertEqual(plain.end, offset(of: "\r\n--inner\r\nContent-Type: text/html", in: m))
        XCTAssertEqual(text(m, alt.parts[1].bodyRange), "<p>hello</p>")
        let pdf = p.parts[1]
        XCTAssertEqual(pdf.parameter("name"), "Rechnung März.pdf")
        XCTAssertEqual(pdf.disposition, "attachment")
        XCTAssertEqual(pdf.dispositionParameters.first?.value, "Rechnung März.pdf")
        XCTAssertEqual(pdf.decodedBody(from: m), Array("%PDF-1.4\n".utf8))
        let fwd = p.parts[2]
        XCTAssertTrue(fwd.isMessage)
        XCTAssertEqual(fwd.envelope, nil)
        XCTAssertEqual(fwd.parts.first?.envelope?.subject, "forwarded")
        XCTAssertEqual(text(m, fwd.parts[0].bodyRange), "forwarded body")
        XCTAssertEqual(p.part(at: [1, 2])?.mediaSubtype, "html")
        XCTAssertEqual(p.part(at: [3, 1])?.mediaSubtype, "plain")
        XCTAssertNil(p.part(at: [4]))

        let env = p.envelope!
        XCTAssertEqual(env.from.first?.decodedName, "Jürgen")
        XCTAssertEqual(env.subject.map(EncodedWord.decode), "Grüße aus Köln")
        XCTAssertEqual(env.to, [
            Address(name: "Smith, John", mailbox: "john", host: "example.com"),
            Address(mailbox: "undisclosed-recipients", host: nil),
            Address(mailbox: nil, host: nil),
        ])
    }

    func testMissingCloseDelimiterRunsToEnd() {
        let m = bytes("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\nContent-Type: text/html\r\n\r\nsecond, truncated")
        let (p, _) = MessageParser.parse(m)
        XCTAssertEqual(p.parts.count, 2)
        XCTAssertEqual(text(m, p.parts[0].bodyRange), "first")
        XCTAssertEqual(text(m, p.parts[1].bodyRange), "second, truncated")
        XCTAssertEqual(p.parts[1].end, m.count)
    }

    func testBoundaryNeverFoundGivesOneTextPart() {
        let m = bytes("Content-Type: multipart/mixed; boundary=nothere\r\n\r\njust text\r\n")
        let (p, _) = MessageParser.parse(m)
        XCTAssertEqual(p.parts.count, 1)
        XCTAssertEqual(p.parts[0].mediaType, "text")
        XCTAssertEqual(text(m, p.parts[0].bodyRange), "just text\r\n")
    }

    func testBoundaryWithTrailingWhitespaceAndLFLineEnds() {
        let m = bytes("Content-Type: multipart/alternative;\n boundary=\"x y\"\n\n--x y  \nContent-Type: text/plain\n\none\n--x y--\t\n")
        let (p, _) = MessageParser.parse(m)
        XCTAssertEqual(p.parameter("boundary"), "x y")
        XCTAssertEqual(p.parts.count, 1)
        XCTAssertEqual(text(m, p.parts[0].bodyRange), "one")
    }

    func testMissingHeaderBodySeparatorAndInvalidContentType() {
        let m = bytes("Subject: only header\r\nContent-Type: garbage\r\n")
        let (p, h) = MessageParser.parse(m)
        XCTAssertEqual(p.bodyStart, m.count)
        XCTAssertEqual(p.mediaType, "text")
        XCTAssertEqual(p.mediaSubtype, "plain")
        XCTAssertEqual(h["Subject"], "only header")
    }

    func testEightBitUTF8Headers() {
        // RFC 6532: UTF-8 directly in header fields and addresses.
        let m = bytes("From: Jörg Müller <jörg@bücher.example>\r\nSubject: Grüße ☃\r\n\r\nx")
        let (p, _) = MessageParser.parse(m)
        XCTAssertEqual(p.envelope?.subject, "Grüße ☃")
        XCTAssertEqual(p.envelope?.from, [Address(name: "Jörg Müller", mailbox: "jörg", host: "bücher.example")])
        // Latin-1 bytes (invalid UTF-8) must not fail the parse.
        var latin = bytes("Subject: caf")
        latin += [0xE9]
        latin += bytes("\r\n\r\nbody")
        XCTAssertEqual(MessageParser.parse(latin).part.envelope?.subject, "caf\u{FFFD}")
    }

    func testEncodedWords() {
        XCTAssertEqual(EncodedWord.decode("=?utf-8?q?a_b?= =?utf-8?q?c?="), "a bc")
        XCTAssertEqual(EncodedWord.decode("x =?ISO-8859-1?Q?=E9t=E9?= y"), "x été y")
        XCTAssertEqual(EncodedWord.decode("=?utf-8?B?4piD?="), "☃")
        XCTAssertEqual(EncodedWord.decode("=?utf-8*en?B?4piD?="), "☃")
        XCTAssertEqual(EncodedWord.decode("=?broken"), "=?broken")
        XCTAssertEqual(EncodedWord.decode("=?utf-8?x?abc?="), "=?utf-8?x?abc?=")
        XCTAssertEqual(EncodedWord.decode("=?windows-1252?Q?=80?="), "€")
    }

    func testRFC2231Parameters() {
        let v = MIMEValue.parse("attachment; filename*0=\"long\"; filename*1=\" name.txt\"; size=12")
        XCTAssertEqual(v.value, "attachment")
        XCTAssertEqual(v.parameter("filename"), "long name.txt")
        XCTAssertEqual(v.parameter("size"), "12")
        let e = MIMEValue.parse("text/plain; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")
        XCTAssertEqual(e.parameter("title"), "This is ***fun***")
        let q = MIMEValue.parse("text/plain; name=\"=?utf-8?B?w6QudHh0?=\"; charset=\"utf-8\" (comment)")
        XCTAssertEqual(q.parameter("name"), "ä.txt")
        XCTAssertEqual(q.parameter("charset"), "utf-8")
    }

    func testAddressForms() {
        XCTAssertEqual(AddressParser.parseList("a@b.example (Old Style), \"Q. Name\" <q@c>"), [
            Address(name: "Old Style", mailbox: "a", host: "b.example"),
            Address(name: "Q. Name", mailbox: "q", host: "c"),
        ])
        XCTAssertEqual(AddressParser.parseList("Team: x@y, z@w;, last@v"), [
            Address(mailbox: "Team", host: nil), Address(mailbox: "x", host: "y"), Address(mailbox: "z", host: "w"),
            Address(mailbox: nil, host: nil), Address(mailbox: "last", host: "v"),
        ])
        XCTAssertEqual(AddressParser.parseList("<@route.example:user@host>"),
                       [Address(adl: "@route.example", mailbox: "user", host: "host")])
        XCTAssertEqual(AddressParser.parseList("nodomain"), [Address(mailbox: "nodomain", host: "")])
        XCTAssertEqual(AddressParser.parseList(" , ,"), [])
    }

    func testTransferDecoding() {
        XCTAssertEqual(TransferEncoding.decodeBase64(Array("aGVs\r\nbG8=\r\n".utf8)), Array("hello".utf8))
        XCTAssertEqual(TransferEncoding.decodeBase64(Array("aGVsbA".utf8)), Array("hell".utf8))
        XCTAssertEqual(TransferEncoding.decodeQuotedPrintable(Array("a=3Db  \r\nc=\r\nd=ZZ=".utf8)), Array("a=b\r\ncd=ZZ".utf8))
    }

    func testBinaryEncodingRoundTrip() throws {
        let (p, _) = MessageParser.parse(bytes(Self.nested))
        var w = ByteWriter()
        p.encode(to: &w)
        var r = ByteReader(w.bytes)
        XCTAssertEqual(try MessagePart.decode(from: &r), p)
        XCTAssertTrue(r.isAtEnd)
    }

    func testEveryPrefixAndDeepNestingParse() {
        // Truncation at every byte must still give a consistent structure.
        let m = bytes(Self.nested)
        for n in stride(from: 0, through: m.count, by: 7) {
            let slice = Array(m[0..<n])
            let (p, _) = MessageParser.parse(slice)
            XCTAssertLessThanOrEqual(p.end, n)
        }
        var deep = ""
        for i in 0..<200 { deep += "Content-Type: multipart/mixed; boundary=b\(i)\r\n\r\n--b\(i)\r\n" }
        let (p, _) = MessageParser.parse(bytes(deep))
        var depth = 0
        var cur = p
        while let c = cur.parts.first { cur = c; depth += 1 }
        XCTAssertLessThanOrEqual(depth, MessageParser.maxDepth + 1)
    }
}
