"""matrix.html rendered for real in headless Chromium (Debian's chromium, which setup.sh installs): it
refers to nothing outside itself, every board gets its bar and scatter plots, and the screenshot shows
them (the engines' bar colours, the red capacity line)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from edgebench import comparison
from PIL import Image
from test_matrix import sample_doc

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a machine without network or desktop: no background connections, no first-run UI.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: setup.sh installs Debian's chromium for this test")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    doc = sample_doc()
    for row in doc["rows"]:
        if row.get("instructions"):
            row["latency_ms"] = row["instructions"] / 1e5
    comparison.write(doc, folder / "r")
    return folder / "r" / "matrix.html"


def test_page_needs_nothing_from_elsewhere(page: Path) -> None:
    text = page.read_text()
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)


def test_dom_has_both_plots_for_each_board_and_the_tables(page: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    boards = re.findall(r"<section><h2>(\w+)</h2>", dom)
    assert boards == ["nucleo_f103rb", "nucleo_f411re"]
    assert dom.count("<svg") == 2 * len(boards)
    assert "latency against RAM" in dom and "Compatibility: engine x board" in dom and "<table>" in dom
    assert "What broke" in dom and "flash 23,000 &gt; budget 22,800" in dom


def test_screenshot_shows_the_plots(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = chromium(tmp_path, "--window-size=1300,2200", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 20)}

    def near(rgb: tuple[int, int, int]) -> int:
        return sum(n for c, n in counts.items() if all(abs(a - b) <= 6 for a, b in zip(c, rgb, strict=True)))
    # tab10's first three colours: the engines' bars; the dashed red capacity lines
    assert near((31, 119, 180)) > 2000 and near((255, 127, 14)) > 500 and near((44, 160, 44)) > 500
    assert near((204, 0, 0)) > 50
