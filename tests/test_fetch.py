"""Pinned downloads: sha256 enforced, cached, and servable from a mirror
named in Conan's own core.sources:download_urls (one setting for recipe
archives and model files alike)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from edgebench.errors import SourceError
from edgebench.fetch import fetch, mirrors
from edgebench.sources import state_dir


def test_sha256_mismatch_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    source = tmp_path / "model.onnx"
    source.write_bytes(b"these are not the pinned bytes")
    home = tmp_path / "conan2"
    with pytest.raises(SourceError, match="does not match the pin"):
        fetch(source.as_uri(), "a" * 64, tmp_path / "out" / "model.onnx", home)
    assert not (tmp_path / "out" / "model.onnx").exists()
    assert not [p for p in (state_dir(home) / "downloads").rglob("*") if p.is_file() and p.suffix != ".lock"]


def test_mirror_serves_a_file_the_origin_cannot(tmp_path: Path) -> None:
    payload = b"model bytes"
    digest = hashlib.sha256(payload).hexdigest()
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / digest).write_bytes(payload)
    home = tmp_path / "conan2"
    home.mkdir()
    (home / "global.conf").write_text(f'core.sources:download_urls=["{mirror.as_uri()}/", "origin"]\n')
    assert mirrors(home) == [f"{mirror.as_uri()}/", "origin"]
    dest = fetch("https://unreachable.invalid/model.onnx", digest, tmp_path / "out.onnx", home)
    assert dest.read_bytes() == payload
    (mirror / digest).unlink()  # now only the cache has it
    again = fetch("https://unreachable.invalid/model.onnx", digest, tmp_path / "again.onnx", home)
    assert again.read_bytes() == payload


def test_unreachable_everywhere_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="list a mirror in"):
        fetch((tmp_path / "missing").as_uri(), "b" * 64, tmp_path / "x", tmp_path / "conan2")


def test_conan_download_cache_serves_model_files(tmp_path: Path) -> None:
    payload = b"image bytes"
    digest = hashlib.sha256(payload).hexdigest()
    cache = tmp_path / "cache"
    (cache / "s").mkdir(parents=True)
    (cache / "s" / digest).write_bytes(payload)
    home = tmp_path / "conan2"
    home.mkdir()
    (home / "global.conf").write_text(f"core.sources:download_cache={cache}\n")
    assert fetch("https://unreachable.invalid/img.jpg", digest, tmp_path / "img.jpg", home).read_bytes() == payload


def test_one_file_fetched_by_many_threads_at_once(tmp_path: Path) -> None:
    """scons -j runs steps as threads: two models sharing a picture must not collide."""
    from concurrent.futures import ThreadPoolExecutor

    payload = b"shared picture" * 1000
    source = tmp_path / "pic.jpg"
    source.write_bytes(payload)
    digest = hashlib.sha256(payload).hexdigest()
    home = tmp_path / "conan2"
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = list(pool.map(lambda i: fetch(source.as_uri(), digest, tmp_path / f"out{i}" / "pic.jpg", home),
                             range(16)))
    assert all(path.read_bytes() == payload for path in done)
    assert (state_dir(home) / "downloads" / digest).is_file()
    assert not list((state_dir(home) / "downloads").glob("*.part"))


def test_each_conan_home_has_its_own_download_cache(tmp_path: Path) -> None:
    """Two homes side by side share nothing: a file fetched through one is not served to the other,
    whose own global.conf (here: no reachable source) is what counts."""
    payload = b"only the first home can reach this"
    source = tmp_path / "only-here.bin"
    source.write_bytes(payload)
    digest = hashlib.sha256(payload).hexdigest()
    first, second = tmp_path / "x" / "h1", tmp_path / "x" / "h2"
    fetch(source.as_uri(), digest, tmp_path / "a.bin", first)
    source.unlink()
    with pytest.raises(SourceError, match="could not fetch"):
        fetch(source.as_uri(), digest, tmp_path / "b.bin", second)
    assert not (state_dir(second) / "downloads" / digest).exists()
