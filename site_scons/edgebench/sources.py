"""Engine sources through Conan 2, driven from Python.

Recipes live in recipes/ (conan-center-index layout) and are served to
Conan as a local-recipes-index remote; Conan's home is inside the project
(.edgebench/conan2) unless EDGEBENCH_CONAN_HOME names another, so nothing
leaks into ~/.conan2. A package's folder is remembered in a small JSON
inside that home, keyed by the recipe's content, so an up-to-date build does
not even import Conan; the memo also lists every packaged file, so a package
damaged in the cache is noticed and installed again. A file lock serialises
Conan for concurrent scons runs sharing the home.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, SourceError

REMOTE_PREFIX = "edgebench"


def recipe_folder(ref: str, recipe_dirs: list[Path]) -> Path:
    name, _, version = ref.partition("/")
    for base in reversed(recipe_dirs):
        if (base / name / "config.yml").is_file():
            return base / name
    raise InputError(f"no recipe '{name}' in {', '.join(map(str, recipe_dirs))}", where=f"recipe {ref}",
                     fix=f"add recipes/{name}/config.yml and recipes/{name}/all/ (conan-center-index layout)")


def recipe_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def locked(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".edgebench.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def state_dir(home: Path) -> Path:
    """edgebench's own state for one Conan home (package memos, downloads): inside it, so that
    two homes never share an answer."""
    return home / "edgebench"


def package_folder(ref: str, recipe_dirs: list[Path], home: Path) -> Path:
    """The installed package folder of `ref` (name/version), fetching it on first use."""
    digest = recipe_digest(recipe_folder(ref, recipe_dirs))
    memo = state_dir(home) / "packages" / f"{ref.replace('/', '-')}-{digest}.json"
    record = _read_memo(memo)
    if record and not _damage(record):
        return Path(record["package_folder"])
    with locked(home):
        if record and (damaged := _damage(record)):
            print(f"edgebench: the Conan package of {ref} was changed in the cache ({damaged}); installing it again")
            _conan_remove(record["pref"], home)
        folder, pref = _conan_install(ref, recipe_dirs, home)
        _write_memo(memo, {"ref": ref, "pref": pref, "package_folder": str(folder), "files": _manifest(folder)})
    return folder


def _read_memo(memo: Path) -> dict | None:
    try:
        record = json.loads(memo.read_text())
        return record if {"package_folder", "pref", "files"} <= set(record) else None
    except (OSError, ValueError):
        return None  # none yet, or damaged: ask Conan again


def _write_memo(memo: Path, record: dict) -> None:
    memo.parent.mkdir(parents=True, exist_ok=True)
    tmp = memo.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record))
    tmp.replace(memo)


def _manifest(folder: Path) -> dict[str, list]:
    """relative path -> [size, sha256] of every file in a package."""
    return {str(path.relative_to(folder)): [path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest()]
            for path in sorted(p for p in folder.rglob("*") if p.is_file())}


def _damage(record: dict) -> str | None:
    """What differs between a package folder and its memo, or None when it is as installed."""
    folder = Path(record["package_folder"])
    if not folder.is_dir():
        return "its folder is gone"
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present ^ set(record["files"])):
        return f"{name} {'appeared' if name in present else 'is missing'}"
    for name, recorded in record["files"].items():
        size, sha256 = recorded[0], recorded[-1]  # memos of earlier versions hold a time between them
        # the bytes, always: a copy that keeps times (cp -p, rsync -a) must not pass for the original
        try:
            if (folder / name).stat().st_size != size or \
                    hashlib.sha256((folder / name).read_bytes()).hexdigest() != sha256:
                return f"{name} differs from what was installed"
        except FileNotFoundError:  # removed meanwhile (another checkout sharing the home reinstalling it)
            return f"{name} is missing"
    return None


def _remotes(api, recipe_dirs: list[Path]) -> list:
    from conan.api.model import Remote

    for remote in api.remotes.list():
        if not remote.name.startswith(REMOTE_PREFIX):
            api.remotes.disable(remote.name)
    remotes = []
    for index, base in enumerate(recipe_dirs):
        # A local-recipes-index remote points at the folder that holds recipes/.
        remote = Remote(f"{REMOTE_PREFIX}{index}", url=str(base.parent), remote_type="local-recipes-index")
        api.remotes.add(remote, force=True)
        remotes.append(remote)
    return remotes


def _conan_install(ref: str, recipe_dirs: list[Path], home: Path) -> tuple[Path, str]:
    from conan.api.conan_api import ConanAPI
    from conan.errors import ConanException

    try:
        api = ConanAPI(cache_folder=str(home))
        remotes = _remotes(api, recipe_dirs)
        profile = api.profiles.get_profile([str(_profile_file(home))])
        name = ref.split("/", maxsplit=1)[0]
        graph = api.graph.load_graph_requires([ref], None, profile, profile, None, remotes, update=[name])
        graph.report_graph_error()
        api.graph.analyze_binaries(graph, ["missing"], remotes=remotes)
        api.install.install_binaries(graph, remotes)
    except ConanException as exc:
        raise SourceError(f"fetching sources for {ref} failed: {exc}") from exc
    node = graph.root.edges[0].dst
    return Path(node.conanfile.package_folder), node.pref.repr_notime()


def _conan_remove(pref: str, home: Path) -> None:
    from conan.api.conan_api import ConanAPI
    from conan.api.model import PkgReference
    from conan.errors import ConanException

    try:
        ConanAPI(cache_folder=str(home)).remove.package(PkgReference.loads(pref))
    except ConanException as exc:
        raise SourceError(f"could not remove the damaged package {pref} from {home}: {exc}") from exc


def _profile_file(home: Path) -> Path:
    """Recipes are settings-free (one package serves every board), but Conan
    still wants a profile: a fixed one keeps package ids machine-independent."""
    path = home / "profiles" / "edgebench"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("[settings]\nos=Linux\narch=x86_64\nbuild_type=Release\n")
    return path
