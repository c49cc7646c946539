"""Where boards, engines, models and recipes are found.

The project root comes first; each `overlay=` directory laid out the same
way (boards/, engines/, models/, recipes/) adds to it, so a team can keep
private boards and engines in a repository of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, unknown_name


@dataclass(frozen=True)
class Catalog:
    roots: tuple[Path, ...]

    @classmethod
    def for_project(cls, project: Path, overlays: list[str], launch_dir: Path | None = None) -> Catalog:
        """A relative overlay path is taken from `launch_dir` (where scons was started)."""
        roots = [project]
        for text in overlays:
            path = ((launch_dir or Path.cwd()) / Path(text).expanduser()).resolve()
            _check_overlay(text, path, project, roots[1:])
            roots.append(path)
        return cls(tuple(roots))

    def entries(self, folder: str, pattern: str) -> dict[str, Path]:
        """name -> path for every match of `pattern` in <root>/<folder>.

        A name defined twice is refused: the later one would silently shadow the
        other and build into the same directory under build/."""
        found: dict[str, Path] = {}
        for root in self.roots:
            for path in sorted((root / folder).glob(pattern)):
                name = path.parent.name if path.name == "engine.yaml" else path.stem
                if name in found:
                    raise InputError(f"'{name}' is defined twice: in {found[name]} and in {path}",
                                     where=f"{folder}/ of the project and overlays",
                                     expected=f"each name in {folder}/ defined once",
                                     fix="rename one of them (file name and its 'name' field)")
                found[name] = path
        return found

    def boards(self) -> dict[str, Path]:
        return self.entries("boards", "*.yaml")

    def engines(self) -> dict[str, Path]:
        return self.entries("engines", "*/engine.yaml")

    def models(self) -> dict[str, Path]:
        return self.entries("models", "*.yaml")

    def recipe_dirs(self) -> list[Path]:
        return [root / "recipes" for root in self.roots if (root / "recipes").is_dir()]

    def find(self, kind: str, name: str) -> Path:
        table = {"board": self.boards, "engine": self.engines, "model": self.models}[kind]()
        if name not in table:
            raise unknown_name(kind, name, table, where=f"argument {kind}")
        return table[name]


def _check_overlay(text: str, path: Path, project: Path, overlays: list[Path]) -> None:
    """An overlay is an existing directory other than the project and the overlays before it: read
    twice, every name in it would be "defined twice" in one and the same file."""
    if not path.is_dir():
        raise InputError(f"overlay directory '{text}' does not exist", where="argument overlay",
                         expected="a directory holding boards/, engines/, models/ or recipes/")
    if path == project.resolve():
        raise InputError(f"overlay directory '{text}' is the project itself ({path})", where="argument overlay",
                         expected="directories other than the project: its boards, engines and models are "
                                  "always there", fix=f"drop overlay={text}")
    if path in overlays:
        raise InputError(f"overlay directory '{text}' is given twice ({path})", where="argument overlay",
                         expected="each overlay directory once", fix=f"drop the second '{text}'")
