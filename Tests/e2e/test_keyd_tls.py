"""TLS private keys live only in keyd: network roles hold certificates and
have every handshake signature made by keyd over IPC (NIOSSLCustomPrivateKey)."""
import os
import subprocess

import pytest

from conftest import bin_dir
from moxserver import MoxServer, user_ids

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mox serve needs root; CI runs as root")

STATIC = """DataDir: data
LogLevel: info
User: mox
KeyUser: moxkey
Hostname: localhost
Listeners:
\tec:
\t\tIPs:
\t\t\t- 127.0.0.1
\t\tTLS:
\t\t\tKeyCerts:
\t\t\t\t-
\t\t\t\t\tCertFile: tls/ec.crt
\t\t\t\t\tKeyFile: tls/ec.key
\t\tSubmissions:
\t\t\tEnabled: true
\t\t\tPort: {submissions}
\t\tIMAPS:
\t\t\tEnabled: true
\t\t\tPort: {imaps}
\t\tSMTP:
\t\t\tEnabled: true
\t\t\tPort: {smtp}
\trsa:
\t\tIPs:
\t\t\t- 127.0.0.1
\t\tTLS:
\t\t\tKeyCerts:
\t\t\t\t-
\t\t\t\t\tCertFile: {dir}/tls/rsa.crt
\t\t\t\t\tKeyFile: {dir}/tls/rsa.key
\t\tSubmissions:
\t\t\tEnabled: true
\t\t\tPort: {rsasubmissions}
Postmaster:
\tAccount: admin
\tMailbox: Inbox
"""


def make_cert(directory, name, keyargs):
    key, crt = os.path.join(directory, f"{name}.key"), os.path.join(directory, f"{name}.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", keyargs[0], *keyargs[1:], "-nodes", "-keyout", key, "-out", crt,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    return key, crt


@pytest.fixture(scope="module")
def server():
    s = MoxServer(str(bin_dir()), static_text=STATIC, extra_ports=("submissions", "imaps", "rsasubmissions"))
    tls = os.path.join(s.dir, "tls")
    os.mkdir(tls, 0o700)
    s.ec = make_cert(tls, "ec", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
    s.rsa = make_cert(tls, "rsa", ["rsa:2048"])
    s.start()
    yield s
    s.stop()


def s_client(port, cafile, *extra):
    r = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
                        "-CAfile", cafile, "-verify_return_error", "-brief", "-ign_eof", *extra],
                       input="", capture_output=True, text=True, timeout=30)
    return r


@pytest.mark.parametrize("version", ["-tls1_3", "-tls1_2"])
def test_ecdsa_handshake_with_key_in_keyd(server, version):
    r = s_client(server.ports["submissions"], server.ec[1], version)
    assert r.returncode == 0, r.stderr
    assert "Verification: OK" in r.stderr
    assert f"Protocol version: TLSv1.{version[-1]}" in r.stderr
    assert "421 4.3.2 localhost" in r.stdout


@pytest.mark.parametrize("version", ["-tls1_3", "-tls1_2"])
def test_rsa_handshake_with_key_in_keyd(server, version):
    r = s_client(server.ports["rsasubmissions"], server.rsa[1], version)
    assert r.returncode == 0, r.stderr
    assert f"Protocol version: TLSv1.{version[-1]}" in r.stderr
    assert "421 4.3.2" in r.stdout


def test_imaps_handshake(server):
    r = s_client(server.ports["imaps"], server.ec[1])
    assert r.returncode == 0, r.stderr
    assert "* BYE" in r.stdout


def test_network_role_cannot_open_key_files(server):
    uid, gid = user_ids("mox")
    for key in (server.ec[0], server.rsa[0]):
        r = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "cat", key], capture_output=True, text=True)
        assert r.returncode != 0
        assert "Permission denied" in r.stderr
    # And keyd is the one that signs: the handshakes above produced no key
    # errors in the network roles' logs.
    assert "keyd is not connected" not in server.log()


def test_keyd_holds_the_keys_and_smtpd_does_not(server):
    st = server.status()
    assert "msg=\"keys loaded\" dkim=0" in server.log() and "tls=2" in server.log()
    # The supervisor handed smtpd certificate chains only.
    assert "cannot read file for role" not in server.log()
