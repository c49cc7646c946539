"""Air-gapped builds for archive-pinned recipes (url + sha256, Conan's get()):
the pinned origin is unreachable, and the archive comes from Conan's own
backup-sources mirror (an HTTP server with <sha256> + <sha256>.json) or from a
pre-filled download cache, set in the project's Conan home without touching
the recipe."""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE, copy_project, report, scons

ORIGIN = "https://edgebench-fixture.invalid/dense/archive/v1.0.tar.gz"


@pytest.fixture(scope="module")
def archive_overlay(tmp_path_factory, fixture_overlay: dict) -> dict:
    base = tmp_path_factory.mktemp("archive")
    archive = base / "dense-1.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(FIXTURE / "upstream", arcname="dense-1.0")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    overlay = base / "overlay"
    shutil.copytree(fixture_overlay["overlay"], overlay)
    (overlay / "recipes" / "fixture_dense" / "all" / "conandata.yml").write_text(
        f'sources:\n  "1.0":\n    url: "{ORIGIN}"\n    sha256: "{digest}"\n')
    return {"overlay": overlay, "archive": archive, "sha256": digest, "model": fixture_overlay["model"]}


@pytest.fixture
def http_mirror(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    root = tmp_path / "mirror"
    root.mkdir()
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, fmt: str, *args: object) -> None:
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root, requests
    finally:
        server.shutdown()


def project_with_conf(tmp_path: Path, conf: str) -> Path:
    """A fresh project whose Conan home has this global.conf."""
    project = copy_project(tmp_path / "p")
    home = project / ".edgebench" / "conan2"
    home.mkdir(parents=True)
    (home / "global.conf").write_text(conf + "\n")
    return project


def build(project: Path, fx: dict) -> object:
    return scons(project, f"overlay={fx['overlay']}", "engine=fixture", f"model={fx['model']}", "board=host")


def test_archive_from_backup_sources_mirror(tmp_path: Path, archive_overlay: dict, http_mirror) -> None:
    url, root, requests = http_mirror
    digest = archive_overlay["sha256"]
    shutil.copy(archive_overlay["archive"], root / digest)
    (root / f"{digest}.json").write_text(json.dumps({"references": {}}))
    project = project_with_conf(tmp_path, f'core.sources:download_urls=["{url}", "origin"]')
    done = build(project, archive_overlay)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"/{digest}" in requests
    assert report(project, "host", "fixture", "dense")["passed"]


def test_archive_from_prefilled_download_cache(tmp_path: Path, archive_overlay: dict) -> None:
    cache = tmp_path / "cache"
    (cache / "s").mkdir(parents=True)
    shutil.copy(archive_overlay["archive"], cache / "s" / archive_overlay["sha256"])
    project = project_with_conf(tmp_path, f"core.sources:download_cache={cache}")
    done = build(project, archive_overlay)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert report(project, "host", "fixture", "dense")["passed"]


def test_archive_with_wrong_bytes_is_refused(tmp_path: Path, archive_overlay: dict, http_mirror) -> None:
    url, root, _ = http_mirror
    digest = archive_overlay["sha256"]
    (root / digest).write_bytes(b"not the pinned archive")
    (root / f"{digest}.json").write_text(json.dumps({"references": {}}))
    project = project_with_conf(tmp_path, f'core.sources:download_urls=["{url}"]')
    done = build(project, archive_overlay)
    assert done.returncode != 0
    assert "fixture_dense/1.0" in done.stderr and "sha256" in done.stderr.lower()
    assert not (project / "build" / "host").exists()
