@testable import MoxConfig
import XCTest

final class SconfParserTests: XCTestCase {
    struct Small: Decodable {
        struct Inner: Decodable {
            var enabled: Bool
            var port: Int?
        }
        var name: String
        var items: [String]?
        var inner: Inner?
        struct Loose: Decodable {
            var enabled: Bool?
        }
        var map: [String: Loose]?
        var strict: [String: Inner]?
        var wait: ConfigDuration?
    }

    func decode(_ text: String) throws -> Small { try SconfDecoder.decode(Small.self, from: text, file: "t.conf") }

    func assertError(_ text: String, line: Int, path: String, contains: String, file: StaticString = #filePath, lineNo: UInt = #line) {
        do {
            _ = try decode(text)
            XCTFail("no error for:\n\(text)", file: file, line: lineNo)
        } catch let e as ConfigError {
            XCTAssertEqual(e.file, "t.conf", file: file, line: lineNo)
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: lineNo)
            XCTAssertEqual(e.path, path, "\(e)", file: file, line: lineNo)
            XCTAssertTrue(e.message.contains(contains), "\(e)", file: file, line: lineNo)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: lineNo)
        }
    }

    func testValidFileWithEveryShape() throws {
        let s = try decode("""
            # comment
            Name: a b: c
            Items:
            \t- one
            \t- two words

            Inner:
            \t# indented comment
            \tEnabled: true
            \tPort: 25
            Map:
            \tx@example.com: nil
            \ty:
            \t\tEnabled: false
            Wait: 1h30m
            """)
        XCTAssertEqual(s.name, "a b: c")
        XCTAssertEqual(s.items, ["one", "two words"])
        XCTAssertEqual(s.inner?.enabled, true)
        XCTAssertEqual(s.inner?.port, 25)
        XCTAssertEqual(s.map?["y"]?.enabled, false)
        XCTAssertEqual(s.wait?.seconds, 5400)
    }

    func testNilBlockLacksRequiredKey() {
        assertError("Name: n\nStrict:\n\tx: nil\n", line: 3, path: "Strict.x", contains: "missing required key Enabled")
    }

    func testUnknownKeyNamesLineAndPath() {
        assertError("Name: n\nInner:\n\tEnabled: true\n\tBogus: 1\n", line: 4, path: "Inner.Bogus", contains: "unknown key")
        assertError("Name: n\nExtra: 1\n", line: 2, path: "Extra", contains: "unknown key")
    }

    func testTypeErrors() {
        assertError("Name: n\nInner:\n\tEnabled: yes\n", line: 3, path: "Inner.Enabled", contains: "true or false")
        assertError("Name: n\nInner:\n\tEnabled: true\n\tPort: 99999999999999999999\n", line: 4, path: "Inner.Port", contains: "integer")
        assertError("Name: n\nWait: 5 minutes\n", line: 2, path: "Wait", contains: "duration")
        assertError("Name: n\nItems: one\n", line: 2, path: "Items", contains: "list")
        assertError("Name: n\nInner: x\n", line: 2, path: "Inner", contains: "block")
    }

    func testMissingRequiredKey() {
        assertError("Items:\n\t- a\n", line: 1, path: "", contains: "missing required key Name")
    }

    func testSyntaxErrors() {
        assertError("Name: n\n  Items:\n", line: 2, path: "", contains: "tabs only")
        assertError("Name: n \n", line: 1, path: "", contains: "trailing whitespace")
        assertError("Name: n\nName: m\n", line: 2, path: "", contains: "duplicate key")
        assertError("Name: n\nItems:\n\t\t- a\n", line: 3, path: "", contains: "deeper")
        assertError("Name: n\nItems:\n\t- a\n\tb: c\n", line: 4, path: "", contains: "expected a list item")
        assertError("Name: n\nInner:\n\t- a\n\tEnabled: true\n", line: 4, path: "", contains: "expected a list item")
        assertError("Name: n\nItems:\n\t-\n", line: 3, path: "", contains: "indented block")
        assertError("Name: n\nJust text\n", line: 2, path: "", contains: "Key: value")
        assertError("\tName: n\n", line: 1, path: "", contains: "indented")
        assertError("Name: n\n: v\n", line: 2, path: "", contains: "empty key")
        assertError("Name: n\n\tInner: x\n", line: 2, path: "", contains: "indented")
    }

    func testEmptyFileDecodesEmptyBlock() {
        assertError("", line: 1, path: "", contains: "missing required key Name")
    }

    func testDurations() {
        XCTAssertEqual(ConfigDuration.parse("0s"), 0)
        XCTAssertEqual(ConfigDuration.parse("72h"), 72 * 3600)
        XCTAssertEqual(ConfigDuration.parse("24h0m0s"), 86400)
        XCTAssertEqual(ConfigDuration.parse("1.5s"), 1.5)
        XCTAssertEqual(ConfigDuration.parse("100ms"), 0.1)
        XCTAssertNil(ConfigDuration.parse(""))
        XCTAssertNil(ConfigDuration.parse("5"))
        XCTAssertNil(ConfigDuration.parse("5d"))
        XCTAssertNil(ConfigDuration.parse("h"))
    }
}
