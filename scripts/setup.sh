#!/usr/bin/env bash
# Installs what building and testing mox needs on Debian 12 (apt packages and
# Python test tools), only when missing, then builds. Usage:
#   scripts/setup.sh            system libraries, then swift build
#   scripts/setup.sh --tests    also the tools the test suite drives
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

# Libraries the code links against (DESIGN.md, Dependencies).
packages=(liblmdb-dev zlib1g-dev libcap-dev libssl-dev pkg-config openssl)
# Peers and clients the tests speak to (TESTING.md).
test_packages=(python3 python3-pip curl lmdb-utils procps util-linux passwd)
# DNS servers for the resolver tests (Tests/e2e/dnsservers.py): nsd serves,
# unbound validates, ldnsutils signs the DNSSEC test zone.
test_packages+=(nsd unbound ldnsutils)

need=()
list=("${packages[@]}")
[ $want_tests = 1 ] && list+=("${test_packages[@]}")
for p in "${list[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    sudo_cmd=()
    [ "$(id -u)" != 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # Servers such as nsd and unbound are test peers started by the tests
    # themselves: keep their packages from starting system daemons on
    # install (policy-rc.d exit 101 = "not allowed").
    policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
        policy=1
    fi
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    if [ $policy = 1 ]; then "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d; fi
fi

if [ $want_tests = 1 ]; then
    python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest
    # The supervisor tests run roles under these users when run as root (CI).
    [ "$(id -u)" = 0 ] && scripts/create-users.sh
    # DKIM interop peer (TESTING.md): dkimpy, with pynacl for ed25519.
    python3 -c 'import dkim, nacl, cryptography' 2>/dev/null || python3 -m pip install -q dkimpy pynacl cryptography
fi

if ! command -v swift >/dev/null; then
    echo "setup: swift is not on PATH (expected Swift 6 at /opt/swift/usr/bin)" >&2
    exit 1
fi

# Never two builds at once on this 2-core machine: serialize through a lock.
exec 9>/tmp/mox-swift-build.lock
flock 9
if [ $want_tests = 1 ]; then
    swift build --build-tests
else
    swift build
fi
