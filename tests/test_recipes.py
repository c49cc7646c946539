"""Package graphs (issue 8, part A): an engine recipe with Conan requirements gives edgebench every
package folder of its graph, its own first; engine.yaml names a requirement's path as
`<package>:<path>`; the memo covers every package of the graph. Proven on tests/fixture_graph
(fixture_top requires fixture_dense), without upstreams; the TFLM family is tests/test_recipes_upstream.py."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, copy_project, git, report, scons
from edgebench import sources
from edgebench.errors import InputError
from graph_overlay import DEP, ENGINE, TOP, edit_engine, edit_recipe_data, make_graph_overlay


@pytest.fixture
def graph(tmp_path: Path) -> dict:
    made = make_graph_overlay(tmp_path / "graph")
    return {**made, "home": tmp_path / "home", "dirs": [PROJECT / "recipes", made["recipes"]]}


def folders_of(graph: dict) -> dict[str, Path]:
    return sources.package_folders(TOP, graph["dirs"], graph["home"])


def memo_of(graph: dict) -> Path:
    (memo,) = (sources.state_dir(graph["home"]) / "packages").glob("fixture_top-*.json")
    return memo


def test_graph_gives_every_package_own_first(graph: dict) -> None:
    folders = folders_of(graph)
    assert list(folders) == ["fixture_top", "fixture_dense"]
    assert (folders["fixture_top"] / "include" / "dense.h").is_file()
    assert (folders["fixture_dense"] / "src" / "dense.c").is_file()
    record = json.loads(memo_of(graph).read_text())
    assert [p["ref"] for p in record["packages"]] == [TOP, DEP]


def test_up_to_date_graph_does_not_import_conan(graph: dict) -> None:
    first = folders_of(graph)
    probe = ("import sys, json; from pathlib import Path; from edgebench import sources; "
             f"f = sources.package_folders({TOP!r}, [Path(p) for p in sys.argv[2:]], Path(sys.argv[1])); "
             "print(json.dumps({'conan': any(m.startswith('conan') for m in sys.modules), "
             "'folders': {k: str(v) for k, v in f.items()}}))")
    done = subprocess.run([sys.executable, "-c", probe, str(graph["home"]), *map(str, graph["dirs"])],
                          capture_output=True, text=True, check=True, cwd=PROJECT / "site_scons")
    answer = json.loads(done.stdout.splitlines()[-1])
    assert answer == {"conan": False, "folders": {k: str(v) for k, v in first.items()}}


def test_damaged_requirement_is_installed_again(graph: dict, capsys) -> None:
    code = folders_of(graph)["fixture_dense"] / "src" / "dense.c"
    good = code.read_text()
    code.write_text(good.replace("acc += ", "acc -= "))
    capsys.readouterr()
    again = folders_of(graph)
    said = capsys.readouterr().out
    assert f"the Conan package of {DEP} was changed in the cache (src/dense.c differs" in said
    assert (again["fixture_dense"] / "src" / "dense.c").read_text() == good


def test_requirement_gone_from_the_cache_is_installed_again(graph: dict, capsys) -> None:
    shutil.rmtree(folders_of(graph)["fixture_dense"])
    capsys.readouterr()
    again = folders_of(graph)
    assert "fixture_dense/1.0 was changed in the cache (its folder is gone)" in capsys.readouterr().out
    assert (again["fixture_dense"] / "src" / "dense.c").is_file()


def test_edited_requirement_recipe_is_a_new_graph(graph: dict) -> None:
    """The memo is named after the engine recipe; a requirement's recipe pinned to a new commit must
    not be answered from it."""
    assert "second commit" not in (folders_of(graph)["fixture_dense"] / "src" / "dense.c").read_text()
    code = graph["upstream"] / "dense.c"
    code.write_text(code.read_text() + "/* second commit */\n")
    git(graph["upstream"], "commit", "-q", "-am", "second")
    edit_recipe_data(graph["recipes"] / "fixture_dense",
                     sources={"1.0": {"url": str(graph["upstream"]), "commit": git(graph["upstream"], "rev-parse",
                                                                                    "HEAD")}})
    assert "second commit" in (folders_of(graph)["fixture_dense"] / "src" / "dense.c").read_text()


def test_memo_of_the_single_package_layout_is_asked_again(graph: dict) -> None:
    """Memos written before package graphs hold one package_folder: asked of Conan again, not a crash."""
    folders = folders_of(graph)
    memo = memo_of(graph)
    memo.write_text(json.dumps({"ref": TOP, "pref": "x", "package_folder": str(folders["fixture_top"]),
                                "files": {}}))
    assert folders_of(graph) == folders
    assert len(json.loads(memo.read_text())["packages"]) == 2


def test_missing_requirement_names_the_recipe_and_the_fix(graph: dict) -> None:
    edit_recipe_data(graph["recipes"] / "fixture_top", requires=["fixture_nothere/1.0"])
    with pytest.raises(InputError) as caught:
        folders_of(graph)
    text = str(caught.value)
    assert "recipe fixture_top/1.0 requires fixture_nothere/1.0, which is in none of the recipe folders" in text
    assert "fix: add the recipe fixture_nothere" in text


FOLDERS = {"top": Path("/p/top"), "dep": Path("/p/dep"), "cmsis-nn": Path("/p/nn")}


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("include_dirs", ["include"], [Path("/p/top/include")]),
    ("include_dirs", ["dep:include", "include"], [Path("/p/dep/include"), Path("/p/top/include")]),
    ("include_dirs", ["cmsis-nn:.", "cmsis-nn:Include"], [Path("/p/nn"), Path("/p/nn/Include")]),
    ("include_dirs", [], []),
    ("library.include_dirs", ["dep:a/b"], [Path("/p/dep/a/b")]),
])
def test_engine_paths_resolve_in_their_package(field: str, value: list[str], expected: list[Path]) -> None:
    engine: dict = {"name": "e"}
    target = engine
    *parents, last = field.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
    assert sources.engine_paths(engine, field, FOLDERS) == expected


def test_one_path_and_integer_option_keys(tmp_path: Path) -> None:
    engine = {"name": "e", "options": {"k": {"choices": {0: {"specialize": "dep:kernels/fast"}}}}}
    assert sources.engine_paths(engine, "options.k.choices.0.specialize", FOLDERS) == [Path("/p/dep/kernels/fast")]


@pytest.mark.parametrize("field", ["sources", "kernels.sources", "library.sources", "operators.file",
                                   "options.k.choices.fast.include_dirs", "options.k.choices.1.sources",
                                   "options.k.choices.fast.specialize"])
def test_every_path_field_is_checked_before_building(monkeypatch, field: str) -> None:
    """engine_packages (SConstruct, before the build) refuses a bad package name in any path field,
    an option value's too: not a traceback halfway through the build."""
    engine: dict = {"name": "e", "recipe": "top/1", "include_dirs": ["include"],
                    "options": {"k": {"choices": {"fast": {"why": "x"}, 1: None}}}}
    target = engine
    *parents, last = field.split(".")
    for name in parents:
        key = int(name) if name.isdigit() else name
        target[key] = target.get(key) or {}
        target = target[key]
    target[last] = "nope:x" if last in ("file", "specialize") else ["nope:x"]
    monkeypatch.setattr(sources, "package_folders", lambda *_: FOLDERS)
    with pytest.raises(InputError, match=f"field '{field}': 'nope:x' names package 'nope'"):
        sources.engine_packages(engine, [], Path("/home"))


def test_engine_sources_glob_in_each_package(tmp_path: Path) -> None:
    for name in ("top/src/a.c", "dep/src/b.c", "dep/src/c.h", "dep/other/d.c"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    folders = {"top": tmp_path / "top", "dep": tmp_path / "dep"}
    engine = {"name": "e", "sources": ["src/*.c", "dep:src/*.c", "dep:**/d.c"]}
    found = sources.engine_paths(engine, "sources", folders)
    assert found == sorted([tmp_path / "top/src/a.c", tmp_path / "dep/src/b.c", tmp_path / "dep/other/d.c"])


@pytest.mark.parametrize(("spec", "says"), [
    ("nothere:src", ["names package 'nothere', which is not in the Conan graph of top",
                     "expected: a path in top's own package, or <package>:<path> with a package of its graph: "
                     "top, dep, cmsis-nn", "fix: name one of those packages, or add nothere"]),
    ("cmsis_nn:Include", ["names package 'cmsis_nn' (did you mean 'cmsis-nn'?)"]),
    (":src", ["names package ''"]),
])
def test_unknown_package_prefix_is_refused(spec: str, says: list[str]) -> None:
    engine = {"name": "e", "file": Path("/x/engines/e/engine.yaml"), "include_dirs": ["include", spec]}
    with pytest.raises(InputError) as caught:
        sources.engine_paths(engine, "include_dirs", FOLDERS)
    text = str(caught.value)
    assert text.startswith("/x/engines/e/engine.yaml: field 'include_dirs': '" + spec + "'")
    for fragment in says:
        assert fragment in text


@pytest.fixture(scope="module")
def built_graph(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("graph_e2e")
    made = make_graph_overlay(base / "graph")
    project = copy_project(base / "p")
    done = scons(project, "board=host", f"engine={ENGINE}", f"model={made['model']}", f"overlay={made['overlay']}")
    return {**made, "project": project, "done": done}


def test_engine_with_a_requirement_builds_and_passes(built_graph: dict) -> None:
    done = built_graph["done"]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = report(built_graph["project"], "host", ENGINE, "dense")
    assert result["passed"], result["verdict"]
    assert result["size"]["components"]["engine"]["bytes"] > 0  # fx_dense, from the requirement's package


def test_every_package_is_mapped_out_of_the_image(built_graph: dict) -> None:
    """Debug info names the requirement's sources under /edgebench/packages/<package>, never the
    Conan home (the size report counts them as engine code by that prefix)."""
    elf = (built_graph["project"] / "build" / "host" / ENGINE / "dense" / "firmware.elf").read_bytes()
    assert b"/edgebench/packages/fixture_dense" in elf
    home = built_graph["project"] / ".edgebench" / "conan2"
    assert str(home).encode() not in elf and str(home.resolve()).encode() not in elf
    assert b".edgebench/conan2" not in elf


def test_bad_package_prefix_refused_before_building(tmp_path: Path) -> None:
    made = make_graph_overlay(tmp_path / "graph")
    edit_engine(made["engine"] / "engine.yaml", sources=["fixture_dens:src/*.c"])
    project = copy_project(tmp_path / "p")
    done = scons(project, "board=host", f"engine={ENGINE}", f"model={made['model']}", f"overlay={made['overlay']}")
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    assert "field 'sources': 'fixture_dens:src/*.c' names package 'fixture_dens' (did you mean 'fixture_dense'?)" \
        in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (project / "build" / "host").exists()

