import Foundation
@testable import MoxStore
import XCTest

/// A fresh data directory and store per test.
class StoreTestCase: XCTestCase {
    var dir = ""
    var store: Store!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "mox-store-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try Store.open(dataDirectory: dir, options: storeOptions)
    }

    var storeOptions: Store.Options { .init(mapSize: 1 << 20) }

    override func tearDownWithError() throws {
        store?.close()
        store = nil
        try? FileManager.default.removeItem(atPath: dir)
    }

    func message(_ subject: String, id: String? = nil, extra: String = "", body: String = "hello\r\n") -> [UInt8] {
        let mid = id ?? "<\(UUID().uuidString)@test>"
        return Array("From: a@example.org\r\nTo: b@example.org\r\nSubject: \(subject)\r\nMessage-ID: \(mid)\r\n\(extra)\r\n\(body)".utf8)
    }

    func inbox(_ account: String = "mjl") throws -> Mailbox {
        try XCTUnwrap(try store.mailbox(account: account, named: "Inbox"))
    }

    /// The verifier must find nothing wrong after every test's operations.
    func assertVerifies(file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [], file: file, line: line)
    }

    static var buildDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }
}
