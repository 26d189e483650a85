#!/usr/bin/env bash
# Sets up (packages, build) and starts `mox localserve` in the foreground.
# Extra arguments go to localserve, e.g. --dir /tmp/moxdev.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec "$(swift build --show-bin-path)/mox" localserve "$@"
