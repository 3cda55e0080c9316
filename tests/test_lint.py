"""The repository is clean under ruff, with the rules of pyproject.toml ([tool.ruff]): pyflakes,
pycodestyle, isort, bugbear and pyupgrade. A violation fails here, so it is fixed where it is made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_the_repository():
    try:
        out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    except FileNotFoundError as exc:  # pragma: no cover - the interpreter itself is missing
        raise AssertionError(f"cannot run ruff: {exc}") from exc
    assert "No module named ruff" not in out.stderr, "ruff is not installed: pip install -e '.[test]'"
    assert out.returncode == 0, f"ruff check found violations:\n{out.stdout}{out.stderr}"
