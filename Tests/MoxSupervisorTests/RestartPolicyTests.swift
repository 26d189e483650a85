@testable import MoxSupervisor
import XCTest

final class RestartPolicyTests: XCTestCase {
    func testServingRoleRestartsAtOnceThenBacksOff() {
        var p = RestartPolicy(maxRestarts: 10, window: 60, backoff: 2)
        XCTAssertEqual(p.exited(at: 100, ranFor: 50, wasReady: true), .restart(afterSeconds: 0))
        XCTAssertEqual(p.exited(at: 101, ranFor: 1, wasReady: true), .restart(afterSeconds: 2))
        XCTAssertEqual(p.exited(at: 104, ranFor: 1, wasReady: true), .restart(afterSeconds: 4))
        XCTAssertEqual(p.exited(at: 110, ranFor: 1, wasReady: true), .restart(afterSeconds: 8))
    }

    func testRoleThatNeverGotReadyIsThrottledFromTheStart() {
        var p = RestartPolicy(maxRestarts: 10, window: 60, backoff: 2)
        XCTAssertEqual(p.exited(at: 0, ranFor: 0.1, wasReady: false), .restart(afterSeconds: 2))
        XCTAssertEqual(p.exited(at: 3, ranFor: 0.1, wasReady: false), .restart(afterSeconds: 4))
    }

    func testBackoffIsCappedAt60Seconds() {
        var p = RestartPolicy(maxRestarts: 100, window: 1, backoff: 2)
        var last = RestartPolicy.Decision.restart(afterSeconds: 0)
        for i in 0..<20 { last = p.exited(at: Double(i) * 100, ranFor: 1, wasReady: false) }
        XCTAssertEqual(last, .restart(afterSeconds: 60))
    }

    func testHealthyRunResetsBackoff() {
        var p = RestartPolicy(maxRestarts: 10, window: 1000, backoff: 2)
        _ = p.exited(at: 0, ranFor: 100, wasReady: true)
        _ = p.exited(at: 1, ranFor: 1, wasReady: true)
        XCTAssertEqual(p.exited(at: 200, ranFor: 100, wasReady: true), .restart(afterSeconds: 0))
    }

    func testCrashLoopStopsService() {
        var p = RestartPolicy(maxRestarts: 3, window: 60, backoff: 0.1)
        for i in 0..<3 {
            guard case .restart = p.exited(at: Double(i), ranFor: 0.5, wasReady: true) else { return XCTFail("stopped early at \(i)") }
        }
        guard case .stopService(let reason) = p.exited(at: 4, ranFor: 0.5, wasReady: true) else { return XCTFail("no stop") }
        XCTAssertTrue(reason.contains("3 times within 60s"))
        // Restarts that fall out of the window no longer count.
        var q = RestartPolicy(maxRestarts: 3, window: 10, backoff: 0.1)
        for i in 0..<10 {
            guard case .restart = q.exited(at: Double(i) * 20, ranFor: 20, wasReady: true) else { return XCTFail("spaced exits stopped the service") }
        }
    }
}
