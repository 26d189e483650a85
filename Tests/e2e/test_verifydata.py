"""`mox verifydata` on a store written by a separate process."""
import pathlib
import subprocess

from conftest import bin_dir


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kw)


def test_verifydata_checks_files_and_reports_orphans(mox, tmp_path):
    peer = bin_dir() / "mox-store-testpeer"
    d = tmp_path / "data"
    r = run(peer, d, "--count", "20", "--threads", "2")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 20

    r = run(mox, "verifydata", d)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "messages=20 problems=0 orphans=0" in r.stdout

    # A file nobody references is reported but is not a problem.
    files = sorted(pathlib.Path(d, "accounts", "test", "msg").glob("*/*"))
    assert len(files) == 20
    orphan = files[0].parent / "orphan"
    orphan.write_bytes(b"x")
    r = run(mox, "verifydata", d)
    assert r.returncode == 0
    assert f"orphan file: {orphan}" in r.stdout

    # An index entry without its file is.
    files[1].unlink()
    r = run(mox, "verifydata", d)
    assert r.returncode == 1
    assert "missing file" in r.stdout
