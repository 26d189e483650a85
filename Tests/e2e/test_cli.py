"""The mox binary's command line: config checking and localserve's start."""
import pathlib
import shutil
import signal
import socket
import subprocess
import time

from conftest import ROOT


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, **kw)


def test_config_test_accepts_examples(mox):
    r = run(mox, "config", "test", str(ROOT / "etc"))
    assert r.returncode == 0, r.stderr
    assert "config OK" in r.stdout


def test_config_test_accepts_quickstart_shaped_config(mox):
    r = run(mox, "config", "test", str(ROOT / "Tests/MoxConfigTests/testdata/quickstart/mox.conf"))
    assert r.returncode == 0, r.stderr


def test_config_test_names_file_line_and_key(mox, tmp_path):
    shutil.copy(ROOT / "etc/mox.conf", tmp_path / "mox.conf")
    shutil.copy(ROOT / "etc/domains.conf", tmp_path / "domains.conf")
    text = (tmp_path / "mox.conf").read_text()
    lines = text.splitlines()
    # An unknown key nested in the first listener's SMTP block.
    idx = next(i for i, l in enumerate(lines) if l.strip() == "SMTP:")
    lines.insert(idx + 1, "\t\t\tFrobnicate: true")
    (tmp_path / "mox.conf").write_text("\n".join(lines) + "\n")
    r = run(mox, "config", "test", str(tmp_path))
    assert r.returncode == 1
    assert f"mox.conf:{idx + 2}: Listeners." in r.stderr
    assert ".SMTP.Frobnicate: unknown key" in r.stderr


def test_config_test_missing_directory(mox, tmp_path):
    r = run(mox, "config", "test", str(tmp_path / "nope"))
    assert r.returncode == 1
    assert "cannot read file" in r.stderr


def test_localserve_runs_every_role_and_stops_on_sigterm(mox, tmp_path):
    d = tmp_path / "ls"
    log = open(tmp_path / "log", "w")
    p = subprocess.Popen([mox, "localserve", "--dir", str(d)], stdout=log, stderr=subprocess.STDOUT)
    ctl = pathlib.Path(mox).with_name("mox-ctl")
    try:
        deadline = time.time() + 20
        while True:
            r = run(str(ctl), "--socket", str(d / "data/ctl"), "status")
            if r.returncode == 0 and r.stdout.count(" ready") == 5:
                break
            assert p.poll() is None, (tmp_path / "log").read_text()
            assert time.time() < deadline, r.stdout + r.stderr
            time.sleep(0.1)
        # Localserve's fixed ports, on 127.0.0.1 only.
        for port, greeting in [(1025, "421 "), (1587, "421 "), (1143, "* BYE"), (1080, "HTTP/1.1 503")]:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                assert s.recv(200).decode().startswith(greeting), port
        # Implicit TLS with the self-signed certificate made on first start,
        # valid for the name and the IP that clients check; its key is in keyd.
        for port, check, expect in [(1465, ["-verify_hostname", "localhost"], "421 "), (1993, ["-verify_ip", "127.0.0.1"], "* BYE")]:
            r = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", str(d / "localhost.crt"),
                                "-verify_return_error", "-brief", "-ign_eof", *check], input="", capture_output=True, text=True, timeout=30)
            assert r.returncode == 0 and "Verification: OK" in r.stderr, r.stderr
            assert r.stdout.startswith(expect), r.stdout
        assert oct((d / "localhost.key").stat().st_mode & 0o777) == "0o600"
        # keyd set the development account's password (derived secrets only).
        cred = d / "data/keys/credentials/mox"
        assert cred.exists() and b"moxmoxmox" not in cred.read_bytes()
        assert (d / "mox.conf").exists() and (d / "domains.conf").exists()
        assert run(mox, "config", "test", str(d)).returncode == 0
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=20) == 0
    text = (tmp_path / "log").read_text()
    # One log line per event, key=value, with the process's pid.
    lines = [l for l in text.splitlines() if "role=smtpd" in l]
    assert lines and all(l.startswith("t=") and " level=" in l for l in lines)
    assert "msg=stopped code=0" in text
