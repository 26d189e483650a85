"""The mox binary's command line: config checking and localserve's start."""
import pathlib
import shutil
import subprocess

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


def test_localserve_writes_config_and_loads_it(mox, tmp_path):
    d = tmp_path / "ls"
    r = run(mox, "localserve", "--dir", str(d))
    assert r.returncode == 0, r.stderr
    assert (d / "mox.conf").exists() and (d / "domains.conf").exists()
    # One log line per event, key=value.
    lines = [l for l in r.stderr.splitlines() if "role=smtpd" in l]
    assert lines and all(l.startswith("t=") and " level=" in l for l in lines)
    assert "127.0.0.1:1025" in r.stderr and "127.0.0.1:1993" in r.stderr
    # The written config passes the checker.
    assert run(mox, "config", "test", str(d)).returncode == 0
