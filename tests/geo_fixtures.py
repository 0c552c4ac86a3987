"""The real boundary build, run once per test process through the CLI into a temporary directory."""

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from indicators.paths import DataLocationError, boundaries_dir

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def run_real_build() -> tuple[Path, str]:
    """Build from a clean directory with `python -m geo.build --out DIR`; return the directory and stdout."""
    out = Path(tempfile.mkdtemp(prefix="geo_build_"))
    atexit.register(shutil.rmtree, out, True)
    result = subprocess.run([sys.executable, "-m", "geo.build", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def real_build() -> tuple[Path, str]:
    """The session's real build, or a skip naming VN_BOUNDARIES_DIR when the boundary data is absent."""
    try:
        boundaries_dir()
    except DataLocationError as error:
        pytest.skip(str(error))
    return run_real_build()
