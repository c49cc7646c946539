"""Engine sources through Conan 2, driven from Python.

Recipes live in recipes/ (conan-center-index layout) and are served to
Conan as a local-recipes-index remote; Conan's home is inside the project
(.edgebench/conan2), so nothing leaks into ~/.conan2. A package's folder is
remembered in a small JSON keyed by the recipe's content, so an up-to-date
build does not even import Conan. A file lock serialises Conan for
concurrent scons runs sharing the home.
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


def package_folder(ref: str, recipe_dirs: list[Path], home: Path) -> Path:
    """The installed package folder of `ref` (name/version), fetching it on first use."""
    memo = home.parent / "sources" / f"{ref.replace('/', '-')}-{recipe_digest(recipe_folder(ref, recipe_dirs))}.json"
    if memo.is_file():
        folder = Path(json.loads(memo.read_text())["package_folder"])
        if folder.is_dir():
            return folder
    with locked(home):
        folder = _conan_install(ref, recipe_dirs, home)
    memo.parent.mkdir(parents=True, exist_ok=True)
    tmp = memo.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"ref": ref, "package_folder": str(folder)}))
    tmp.replace(memo)
    return folder


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


def _conan_install(ref: str, recipe_dirs: list[Path], home: Path) -> Path:
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
    return Path(node.conanfile.package_folder)


def _profile_file(home: Path) -> Path:
    """Recipes are settings-free (one package serves every board), but Conan
    still wants a profile: a fixed one keeps package ids machine-independent."""
    path = home / "profiles" / "edgebench"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("[settings]\nos=Linux\narch=x86_64\nbuild_type=Release\n")
    return path
