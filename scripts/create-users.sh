#!/usr/bin/env bash
# Creates the system users the roles run as: `mox` (smtpd, imapd, queued,
# webapid) and `moxkey` (keyd, the only one that reads secrets). Idempotent.
set -euo pipefail
for u in mox moxkey; do
    if ! getent passwd "$u" >/dev/null; then
        useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$u"
        echo "created user $u"
    fi
done
