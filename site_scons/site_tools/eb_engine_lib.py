"""edgebench engine-library tool: an engine compiled once per board and option set.

Adds method EbEngineLibrary(board, engine, options, packages, build_dir, operators) -> the nodes a
model's link takes from its engine: the static archive of the engine's library (engine.yaml
`library`, kernels.py) and the objects of the kernel files the model's operators need, with the
helpers and `called` sources they reach. Both live in build/_engines/<board>/<engine>/<options>/ and
are made once per scons run whatever the number of models; a second model on the board compiles only
what no earlier model needed.
"""
import json
from pathlib import Path

from edgebench import kernels

# One scons run reads the SConstruct once: a library asked for by several models is made once.
_MADE: dict = {}


def library_dir(build_dir: Path, board: dict, engine: dict, options: dict) -> Path:
    named = ",".join(f"{key}={value}" for key, value in sorted(options.items())) or "default"
    return kernels.library_root(build_dir, board["name"], engine["name"]) / named


class Library:
    """One engine's library on one board and option set, and the kernel objects made so far."""

    def __init__(self, env, folder: Path, engine: dict, options: dict, packages: dict):
        self.env, self.folder, self.engine, self.options, self.packages = env, folder, engine, options, packages
        self.root = next(iter(packages.values()))
        self.kernel_objects: dict[Path, list] = {}
        flags = engine["library"].get("cflags", [])
        objects = [self._object(path, "lib", flags) for path in kernels.library_sources(engine, options, packages)]
        # an option set may compile nothing into it (microTVM's own C backend)
        self.archive = env.StaticLibrary(str(folder / "libengine.a"), objects) if objects else []

    def _object(self, path: Path, part: str, flags: list[str]):
        name, _ = self._relative(path)
        target = self.folder / part / (name.rsplit(".", 1)[0] + ".o")
        return self.env.Object(str(target), str(path), CCFLAGS=self.env["CCFLAGS"] + flags)[0]

    def _relative(self, path: Path) -> tuple[str, str]:
        for package, folder in self.packages.items():
            if path.is_relative_to(folder):
                return f"{package}/{path.relative_to(folder)}", package
        return path.name, ""

    def for_model(self, operators: list[str]) -> list:
        """The archive and the kernel objects a model with these operators links."""
        if "kernels" not in self.engine:  # a library without an operator catalogue: the archive alone
            return list(self.archive)
        flags = self.engine["kernels"].get("cflags", [])
        wanted = kernels.model_sources(self.engine, self.options, self.packages, operators)
        for path in wanted:
            if path not in self.kernel_objects:
                self.kernel_objects[path] = self._object(path, "kernels", flags)
        return [self.kernel_objects[path] for path in wanted] + list(self.archive)


def engine_library(env, board, engine, options, packages, build_dir, operators):
    key = json.dumps([board["name"], engine["name"], options], sort_keys=True)
    made = _MADE
    if key not in made:
        folder = library_dir(build_dir, board, engine, options)
        made[key] = Library(env.EbCompileEnv(board, engine, options, packages, build_dir), folder, engine, options,
                            packages)
    return made[key].for_model(operators)


def generate(env):
    env.SetDefault(ARCOMSTR="AR ${TARGET}", RANLIBCOMSTR="RANLIB ${TARGET}", CXXCOMSTR="CXX ${TARGET}")
    env.AddMethod(engine_library, "EbEngineLibrary")


def exists(env):
    return True
