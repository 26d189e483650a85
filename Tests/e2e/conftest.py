import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def bin_dir():
    if os.environ.get("MOX_BIN"):
        return pathlib.Path(os.environ["MOX_BIN"])
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return pathlib.Path(out.stdout.strip())


@pytest.fixture(scope="session")
def mox():
    path = bin_dir() / "mox"
    assert path.exists(), f"{path} not built"
    return str(path)
