#!/usr/bin/env bash
# Sets up (packages, build) and runs every test: Swift unit and integration
# tests, fuzz corpus replays, then end-to-end tests that start the real mox
# binaries and talk to them with real clients.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests

bin=$(swift build --show-bin-path)

echo "== fuzz corpus replay"
for t in Tests/Fuzz/corpus/*; do
    name=$(basename "$t")
    "$bin/fuzz-$name" "$t"
done

echo "== swift test"
swift test --skip-build 2>&1 | tee /tmp/mox-swift-test.log | grep -E '^(Test Suite|.*error:|.*failed)|Executed' || true
status=${PIPESTATUS[0]}
if [ "$status" != 0 ]; then
    echo "swift test failed (exit $status); full log in /tmp/mox-swift-test.log"
    grep -E 'error:|failed' /tmp/mox-swift-test.log | head -50
    exit "$status"
fi

echo "== end-to-end"
MOX_BIN="$bin" python3 -m pytest -q Tests/e2e
