"""Pinned downloads (model files, test images): sha256-checked, cached, mirrorable.

The mirror list is Conan's own `core.sources:download_urls` setting in the
project's Conan home (.edgebench/conan2/global.conf), read the same way
Conan reads it for recipe archives: "origin" means the pinned URL, any other
entry is a base URL (or directory) holding files named by their sha256. One
setting therefore points recipe sources and model files at one mirror.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from .errors import InputError, SourceError
from .sources import state_dir

CONF_KEY = "core.sources:download_urls"
CACHE_KEY = "core.sources:download_cache"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _conf(conan_home: Path, key: str) -> str | None:
    """One value of global.conf, read without importing Conan (a no-op build must stay fast)."""
    conf = conan_home / "global.conf"
    if not conf.is_file():
        return None
    for line in conf.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return None


def mirrors(conan_home: Path) -> list[str]:
    """The download_urls list from global.conf."""
    value = _conf(conan_home, CONF_KEY)
    if value is None:
        return ["origin"]
    import ast

    try:
        urls = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        urls = None
    if not isinstance(urls, (list, tuple)) or not all(isinstance(url, str) for url in urls):
        raise InputError(f"{CONF_KEY}={value} is not a list of strings", where=str(conan_home / "global.conf"),
                         expected=f'{CONF_KEY}=["http://mirror.local/", "origin"] (Conan\'s list syntax)',
                         fix="correct that line, or remove it to download from the pinned URLs")
    return list(urls)


def candidates(url: str, sha256: str, conan_home: Path) -> list[str]:
    found = [url if base == "origin" else f"{base.rstrip('/')}/{sha256}" for base in mirrors(conan_home)]
    cache = _conf(conan_home, CACHE_KEY)
    # Conan's download cache keeps backup sources as s/<sha256>: a cache filled
    # for recipe archives serves model files too.
    return ([str(Path(cache) / "s" / sha256)] if cache else []) + found


def _copy_url(url: str, dest: Path) -> None:
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        shutil.copyfile(parsed.path if parsed.scheme else url, dest)
        return
    with urllib.request.urlopen(url, timeout=60) as response, open(dest, "wb") as out:  # noqa: S310 - pinned by sha256
        shutil.copyfileobj(response, out)


def fetch(url: str, sha256: str, dest: Path, conan_home: Path) -> Path:
    """Put the file pinned by (url, sha256) at dest, via the cache; raise SourceError if no source has it."""
    cache = cached(url, sha256, conan_home)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache, dest)
    return dest


def cached(url: str, sha256: str, conan_home: Path) -> Path:
    """The cache's copy of the file pinned by (url, sha256), downloaded if it has none (read-only use)."""
    cache = state_dir(conan_home) / "downloads" / sha256
    cache.parent.mkdir(parents=True, exist_ok=True)
    # scons -j runs build steps as threads of one process, and two checkouts
    # may share the cache: a lock per file, held by an open file description
    # of its own, keeps both from fetching the same file at once.
    with open(cache.parent / f"{sha256}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache.is_file() and sha256_of(cache) == sha256):
            _download(url, sha256, cache, conan_home)
    return cache


def _download(url: str, sha256: str, cache: Path, conan_home: Path) -> None:
    handle, name = tempfile.mkstemp(dir=cache.parent, suffix=".part")
    os.close(handle)
    tmp = Path(name)
    problems = []
    try:
        for candidate in candidates(url, sha256, conan_home):
            try:
                _copy_url(candidate, tmp)
            except OSError as exc:
                problems.append(f"{candidate}: {exc}")
                continue
            got = sha256_of(tmp)
            if got == sha256:
                tmp.replace(cache)
                return
            problems.append(f"{candidate}: sha256 {got} does not match the pin {sha256}")
    finally:
        tmp.unlink(missing_ok=True)
    raise SourceError(f"could not fetch {url}:\n  " + "\n  ".join(problems)
                      + f"\n  fix: make it reachable, or list a mirror in {conan_home / 'global.conf'} "
                      f"({CONF_KEY}=[\"file:///path/to/mirror/\", \"origin\"]) holding it as <sha256>")
