"""Engine sources through Conan 2, driven from Python.

Recipes live in recipes/ (conan-center-index layout) and are served to
Conan as a local-recipes-index remote; Conan's home is inside the project
(.edgebench/conan2) unless EDGEBENCH_CONAN_HOME names another, so nothing
leaks into ~/.conan2. An engine's recipe may have Conan requirements (TFLM
requires flatbuffers, ...): edgebench gets the package folder of every
recipe in the graph, and engine.yaml names a path in a requirement's package
as `<package>:<path>`. The folders are remembered in a small JSON inside
that home, keyed by the engine recipe's content (and each requirement's
recipe content inside), so an up-to-date build does not even import Conan;
the memo also lists every packaged file of the graph, so a package damaged
in the cache is noticed and installed again. A file lock serialises Conan
for concurrent scons runs sharing the home.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from .errors import InputError, SourceError, did_you_mean

REMOTE_PREFIX = "edgebench"
# engine.yaml fields that hold paths in the packages (`dir`, in the engine's own, or `<package>:dir`),
# all checked before anything builds; `*` is any key.
PATH_FIELDS = ("include_dirs", "sources", "library.sources", "kernels.sources", "operators.file",
               "options.*.choices.*.include_dirs", "options.*.choices.*.sources", "options.*.choices.*.specialize",
               "options.*.choices.*.called.sources", "options.*.choices.*.called.headers")
# Fields that name files by glob patterns.
GLOBBED = ("sources", "headers")


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


def package_folders(ref: str, recipe_dirs: list[Path], home: Path) -> dict[str, Path]:
    """{package name: installed folder} of `ref` (name/version) and of every Conan requirement it
    pulls in, transitively; `ref`'s own package first. Fetched on first use."""
    memo = _memo_path(ref, recipe_dirs, home)
    record = _read_memo(memo)
    if record and _recipes_unchanged(record, recipe_dirs) and not _graph_damage(record):
        return _folders(record)
    with locked(home):
        for package, damaged in _graph_damage(record) if record else []:
            print(f"edgebench: the Conan package of {package['ref']} was changed in the cache ({damaged}); "
                  "installing it again")
            _conan_remove(package["pref"], home)
        start = time.monotonic()
        packages = _conan_install(ref, recipe_dirs, home)
        # what getting the engine took (fetch, verify, package): a matrix's Deploy figures count it
        record = {"ref": ref, "install_seconds": round(time.monotonic() - start, 2),
                  "packages": [{**p, "files": _manifest(Path(p["package_folder"]))} for p in packages]}
        _write_memo(memo, record)
    return _folders(record)


def _memo_path(ref: str, recipe_dirs: list[Path], home: Path) -> Path:
    digest = recipe_digest(recipe_folder(ref, recipe_dirs))
    return state_dir(home) / "packages" / f"{ref.replace('/', '-')}-{digest}.json"


def package_runenv(ref: str, recipe_dirs: list[Path], home: Path) -> dict[str, str]:
    """The run environment `ref`'s own package declares (installed by package_folders, which this
    calls only where no memo of the install is there)."""
    record = _read_memo(_memo_path(ref, recipe_dirs, home))
    if record is None:
        package_folders(ref, recipe_dirs, home)
        record = _read_memo(_memo_path(ref, recipe_dirs, home)) or {"packages": [{}]}
    return dict(record["packages"][0].get("runenv", {}))


def install_seconds(ref: str, recipe_dirs: list[Path], home: Path) -> float | None:
    """How long the last install of `ref`'s packages took (fetch, verify, package), where it is known."""
    return (_read_memo(_memo_path(ref, recipe_dirs, home)) or {}).get("install_seconds")


def engine_packages(engine: dict, recipe_dirs: list[Path], home: Path) -> dict[str, Path]:
    """package_folders of the engine's recipe, with every package path engine.yaml names checked
    against them (before anything builds)."""
    folders = package_folders(engine["recipe"], recipe_dirs, home)
    for pattern in PATH_FIELDS:
        for field in _fields(engine, pattern):
            engine_paths(engine, field, folders)
    return folders


def engine_paths(engine: dict, field: str, folders: dict[str, Path]) -> list[Path]:
    """The paths of one engine.yaml field (dotted: 'library.sources'; a list or one path), each `path`
    in the engine's own package or `<package>:path` in a requirement's; globbed, for fields of sources."""
    specs: object = engine
    for key in field.split("."):
        specs = _child(specs, key)
    where = f"{engine.get('file', 'engine ' + engine['name'])}: field '{field}'"
    split = [_split_path(spec, folders, where) for spec in ([specs] if isinstance(specs, str) else specs or [])]
    if field.rsplit(".", 1)[-1] in GLOBBED:
        return sorted({path for root, pattern in split for path in root.glob(pattern)})
    return [root / path for root, path in split]


def _child(value: object, key: str) -> object:
    """value[key], with YAML's integer keys (option values 0, 1) named as text; None where absent."""
    if not isinstance(value, dict):
        return None
    return next((item for name, item in value.items() if str(name) == key), None)


def _fields(engine: dict, pattern: str) -> list[str]:
    """The dotted fields of `engine` a PATH_FIELDS pattern names."""
    found = [("", engine)]
    for key in pattern.split("."):
        found = [(f"{prefix}{name}.", item) for prefix, value in found if isinstance(value, dict)
                 for name, item in value.items() if key in ("*", str(name))]
    return [prefix.rstrip(".") for prefix, _ in found]


def _split_path(spec: str, folders: dict[str, Path], where: str) -> tuple[Path, str]:
    name, sep, path = spec.partition(":")
    if not sep:
        return next(iter(folders.values())), spec
    if name not in folders:
        own = next(iter(folders))
        raise InputError(f"'{spec}' names package '{name}'{did_you_mean(name, folders)}, which is not in the "
                         f"Conan graph of {own}", where=where,
                         expected=f"a path in {own}'s own package, or <package>:<path> with a package of "
                                  f"its graph: {', '.join(folders)}",
                         fix=f"name one of those packages, or add {name} to the requirements of {own}'s recipe")
    return folders[name], path


def _folders(record: dict) -> dict[str, Path]:
    return {package["name"]: Path(package["package_folder"]) for package in record["packages"]}


def _recipes_unchanged(record: dict, recipe_dirs: list[Path]) -> bool:
    """The memo is keyed by the engine's own recipe; a requirement's recipe edited since (or one
    an overlay now shadows) is a new graph. A requirement whose recipe has gone: let Conan say so."""
    try:
        return all(recipe_digest(recipe_folder(p["ref"], recipe_dirs)) == p["recipe_digest"]
                   for p in record["packages"][1:])
    except InputError:
        return False


def _graph_damage(record: dict) -> list[tuple[dict, str]]:
    """(package, what differs) for every package of the graph that is not as installed."""
    return [(package, damaged) for package in record["packages"] if (damaged := _damage(package))]


def _read_memo(memo: Path) -> dict | None:
    try:
        record = json.loads(memo.read_text())
        fields = {"name", "ref", "pref", "package_folder", "runenv", "recipe_digest", "files"}
        return record if record["packages"] and all(fields <= set(p) for p in record["packages"]) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, of an earlier layout, or damaged: ask Conan again


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


def _conan_install(ref: str, recipe_dirs: list[Path], home: Path) -> list[dict]:
    from conan.api.conan_api import ConanAPI
    from conan.errors import ConanException

    try:
        api = ConanAPI(cache_folder=str(home))
        remotes = _remotes(api, recipe_dirs)
        profile = api.profiles.get_profile([str(_profile_file(home))])
        # Every package of the graph, even one Conan deems unneeded by its consumer (the requirements
        # of a tool package, such as the CMSIS-NN microTVM's generated code calls): engine.yaml may
        # name a path in any of them.
        profile.conf.update("tools.graph:skip_binaries", False)
        # update every recipe of the graph, not only ref's: a requirement's recipe may have changed
        graph = api.graph.load_graph_requires([ref], None, profile, profile, None, remotes, update=["*"])
        _graph_error(graph, ref, recipe_dirs)
        api.graph.analyze_binaries(graph, ["missing"], remotes=remotes)
        api.install.install_binaries(graph, remotes)
    except ConanException as exc:
        raise SourceError(f"fetching sources for {ref} failed: {exc}") from exc
    return [_package_record(node, recipe_dirs) for node in _graph_order(graph.root.edges[0].dst)]


# Stands for a variable's inherited value in Conan's run environment, which a tool does not get.
_INHERITED = "\0"


def _runenv(node) -> dict[str, str]:
    """The variables the package's recipe declares for running what it packages (package_info's
    runenv_info: a tool's library path, its Python path), without the user's own values."""
    env = node.conanfile.runenv_info.vars(node.conanfile, scope="run")
    values = {name: env.get(name, variable_reference=_INHERITED) for name in env.keys()}
    return {name: os.pathsep.join(part for part in value.split(os.pathsep) if part != _INHERITED)
            for name, value in values.items()}


def _graph_order(top) -> list:
    """The nodes under `top`, `top` first, each once (breadth first: direct requirements early)."""
    order, queue = [], [top]
    while queue:
        node = queue.pop(0)
        if node not in order:
            order.append(node)
            queue += [edge.dst for edge in node.edges if edge.dst.context == "host"]
    return order


def _package_record(node, recipe_dirs: list[Path]) -> dict:
    if not node.conanfile.package_folder:
        raise SourceError(f"Conan installed no package folder for {node.ref} (binary: {node.binary})")
    ref = f"{node.ref.name}/{node.ref.version}"
    return {"name": str(node.ref.name), "ref": ref, "pref": node.pref.repr_notime(),
            "package_folder": node.conanfile.package_folder, "runenv": _runenv(node),
            "recipe_digest": recipe_digest(recipe_folder(ref, recipe_dirs))}


def _graph_error(graph, ref: str, recipe_dirs: list[Path]) -> None:
    """A graph Conan cannot resolve (a requirement no recipe folder holds, a version its config.yml
    does not list, a loop) is a mistake in a recipe, said as one."""
    error = graph.error
    if not error:  # False, not None, when there is none
        return
    where = f"the Conan requirements of {ref}"
    if not hasattr(error, "missing_error"):  # a loop or a conflict: Conan's words name the recipes
        raise InputError(f"Conan cannot resolve them: {error}", where=where,
                         fix="correct the requirements of the recipes named above")
    wanted, by = error.require.ref, error.node.ref  # Conan's GraphMissingError (its serialize() is broken)
    needer = f"recipe {by}" if by else "the engine"
    try:
        config = recipe_folder(f"{wanted.name}/{wanted.version}", recipe_dirs) / "config.yml"
    except InputError:
        raise InputError(f"{needer} requires {wanted}, which is in none of the recipe folders "
                         f"({', '.join(map(str, recipe_dirs))})", where=where,
                         fix=f"add the recipe {wanted.name}, or correct the requirement of {needer}") from None
    listed = ", ".join(str(v) for v in (yaml.safe_load(config.read_text()) or {}).get("versions", {}))
    raise InputError(f"{needer} requires {wanted}, but {config} lists no version {wanted.version}", where=where,
                     expected=f"one of the versions it lists: {listed or '(none)'}",
                     fix=f"require one of those versions, or add {wanted.version} to {config.name}")


def _conan_remove(pref: str, home: Path) -> None:
    from conan.api.conan_api import ConanAPI
    from conan.api.model import PkgReference
    from conan.errors import ConanException

    api = ConanAPI(cache_folder=str(home))
    ref = PkgReference.loads(pref)
    try:
        present = api.list.package_revisions(ref)
    except ConanException:
        present = []  # its recipe is gone from the cache too
    if not present:
        return  # removed already (`conan remove` behind edgebench's back): nothing to do
    try:
        api.remove.package(ref)
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
