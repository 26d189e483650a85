"""keyd in a running `mox serve`: credentials and DKIM keys in its own store
(owned by moxkey), managed through mox-ctl, signatures checked by dkimpy."""
import os
import subprocess

import dkim
import pytest

from conftest import bin_dir
from moxserver import MoxServer, user_ids

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mox serve needs root; CI runs as root")


@pytest.fixture(scope="module")
def server():
    s = MoxServer(str(bin_dir())).start()
    yield s
    s.stop()


def ctl(server, *args, stdin=""):
    cmd = [os.path.join(str(bin_dir()), "mox-ctl"), "--socket", server.ctl_socket, *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30)


def test_setpassword_from_stdin_stores_derived_secrets_only(server):
    r = ctl(server, "setpassword", "admin", stdin="correct horse battery\n")
    assert r.returncode == 0, r.stderr
    assert "password set for admin" in r.stdout
    path = os.path.join(server.dir, "data", "keys", "credentials", "admin")
    st = os.stat(path)
    key_uid, _ = user_ids("moxkey")
    assert st.st_uid == key_uid and st.st_mode & 0o777 == 0o600
    assert b"correct horse" not in open(path, "rb").read()
    # Network roles run as mox and cannot even reach keyd's directory.
    uid, gid = user_ids("mox")
    r = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "cat", path], capture_output=True, text=True)
    assert r.returncode != 0 and "Permission denied" in r.stderr


def test_setpassword_generates_one_and_rejects_unknown_accounts(server):
    r = ctl(server, "setpassword", "admin", stdin="")
    assert r.returncode == 0 and r.stdout.startswith("password for admin: ")
    assert len(r.stdout.split(": ")[1].strip()) >= 16
    r = ctl(server, "setpassword", "mallory", stdin="x\n")
    assert r.returncode == 1 and "no account" in r.stderr


MESSAGE = "From: admin@test.example\r\nTo: someone@example.org\r\nSubject: keyd signs\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@test.example>\r\n\r\nHello from keyd.\r\n"


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_dkim_key_generated_and_used_by_keyd_verifies_with_dkimpy(server, kind):
    selector = f"e2e{kind}"
    r = ctl(server, "dkim", "gen", "test.example", selector, kind)
    assert r.returncode == 0, r.stderr
    name, _, rest = r.stdout.strip().partition(" TXT ")
    assert name == f"{selector}._domainkey.test.example."
    txt = rest.strip('"')
    assert f"k={kind}" in txt.replace(" ", "")
    r = ctl(server, "dkim", "sign", "test.example", selector, stdin=MESSAGE)
    assert r.returncode == 0, r.stderr
    signed = r.stdout.rstrip("\n").encode()
    # mox-ctl prints with a trailing newline; the signed message is what keyd returned.
    assert signed.startswith(b"DKIM-Signature:")

    def dnsfunc(qname, timeout=5):
        assert qname.decode().rstrip(".") == f"{selector}._domainkey.test.example"
        return txt.encode()

    assert dkim.verify(signed + b"\r\n" if not signed.endswith(b"\r\n") else signed, dnsfunc=dnsfunc)
    tampered = signed.replace(b"Hello from keyd.", b"Hello from mallory.")
    assert not dkim.verify(tampered, dnsfunc=dnsfunc)
    listed = ctl(server, "dkim", "list")
    assert f"{selector}._domainkey.test.example" in listed.stdout
    # The private key file is keyd's alone.
    path = os.path.join(server.dir, "data", "keys", "dkim", f"{selector}._domainkey.test.example")
    assert os.stat(path).st_uid == user_ids("moxkey")[0]
