"""House rule 12: the code passes ruff (rule sets in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", str(PROJECT)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout
