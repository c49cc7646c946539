"""C++ engines on every board's toolchain (issue 8, part B): the compiler and flags per kind of source,
what each C library flavour needs for C++ (toolchains/libc.yaml, cxx), the harness's C++ ABI pieces
where a toolchain has no libsupc++ (riscv64-unknown-elf), and the C++ fixture engine
(tests/fixture_engine_cxx) built, run and checked on every board."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EMULATED_BOARDS, PROJECT, copy_project, report, scons
from cxx_fixture import make_overlay
from edgebench import boards, datafile, footprint, linkmap, preflight, toolchain
from edgebench.errors import InputError

BOARDS = {path.stem: boards.load_board(path) for path in sorted((PROJECT / "boards").glob("*.yaml"))}
C_ENGINE = {"name": "c", "glue": ["glue.c"], "sources": ["src/*.c"], "cflags": ["-DX"]}
CXX_ENGINE = {"name": "cxx", "glue": ["glue.cc"], "sources": ["src/*.cc"], "cflags": ["-DX"],
              "cxxflags": ["-std=c++17", "-fno-rtti"]}


@pytest.mark.parametrize(("engine", "cxx"), [
    (C_ENGINE, []),
    (CXX_ENGINE, ["glue.cc", "src/*.cc"]),
    ({"glue": ["glue.c"], "model_sources": ["model.cpp"]}, ["model.cpp"]),
    ({"glue": ["glue.c"], "library": {"sources": ["tensorflow/lite/micro/*.cc"]}}, ["tensorflow/lite/micro/*.cc"]),
    ({"glue": ["glue.c"], "kernels": {"sources": ["k/*.cxx"], "registration": "x"}}, ["k/*.cxx"]),
    ({"glue": ["glue.c"], "options": {"k": {"choices": {"a": None, "b": {"sources": ["pkg:s/*.c", "x.C"]}}}}},
     ["x.C"]),
])
def test_cxx_sources_decide_the_language(engine: dict, cxx: list[str]) -> None:
    assert toolchain.cxx_sources(engine) == cxx
    assert toolchain.uses_cxx(engine) is bool(cxx)


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_c_and_cxx_sources_get_their_own_standard(name: str) -> None:
    """-std=gnu11 goes to C sources only (g++ takes the last -std: among the common flags it would
    override the engine's C++ standard); the engine's cxxflags to C++ sources only."""
    board = BOARDS[name]
    c, cxx = toolchain.cflags(board, CXX_ENGINE, {}), toolchain.cxxflags(board, CXX_ENGINE, {})
    assert "-std=gnu11" in c and "-std=c++17" not in c and "-fno-rtti" not in c
    assert "-std=c++17" in cxx and "-fno-rtti" in cxx and not any(f.startswith("-std=gnu1") for f in cxx)
    assert "-DX" in c and "-DX" in cxx and board["toolchain"]["cflags"][0] in cxx
    assert toolchain.compiler(board)["CXX"] == f"{board['toolchain']['prefix']}g++"


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_every_board_builds_cxx(name: str) -> None:
    """Each board's compiler has C++ support with its C library; it links with g++ where it has a
    libstdc++, else with gcc and the harness's ABI pieces (compiled for C++ engines only)."""
    board = BOARDS[name]
    support = toolchain.cxx_support(board)
    assert support is not None
    harness = {p.name for p in toolchain.harness_sources(PROJECT / "harness", board, CXX_ENGINE)}
    assert {p.name for p in toolchain.harness_sources(PROJECT / "harness", board, C_ENGINE)} <= harness
    if support["link"] == "cc":
        assert toolchain.link_driver(board, CXX_ENGINE) == "$CC" and "cxx_abi.cc" in harness
    else:
        assert toolchain.link_driver(board, CXX_ENGINE) == "$CXX" and "cxx_abi.cc" not in harness
    assert toolchain.link_driver(board, C_ENGINE) == "$CC"
    for name_in_harness in support.get("harness", []):
        assert (PROJECT / "harness" / name_in_harness).is_file()


def test_toolchain_record_has_cxx_only_for_cxx_engines() -> None:
    board = BOARDS["hifive1"]
    assert not {"cxx", "cxxflags", "link"} & set(toolchain.record(board, C_ENGINE, {}))
    record = toolchain.record(board, CXX_ENGINE, {})
    assert record["cxx"] == "riscv64-unknown-elf-g++" and record["link"] == "riscv64-unknown-elf-gcc"
    assert record["cxxflags"] == toolchain.cxxflags(board, CXX_ENGINE, {})
    assert toolchain.record(BOARDS["nucleo_f411re"], CXX_ENGINE, {})["link"] == "arm-none-eabi-g++"


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_what_cxx_needs_is_installed_here(name: str) -> None:
    """setup.sh installs every package toolchains/libc.yaml names (tests/test_bad_inputs.py); here,
    every needed file is where the data says."""
    board = BOARDS[name]
    for need in toolchain.cxx_support(board).get("needs", []):
        found = preflight.needed_file(need["file"], board)
        assert found.is_absolute() and found.is_file(), (need, found)


def test_needed_file_reads_the_multilib_folder() -> None:
    found = preflight.needed_file("/usr/lib/picolibc/arm-none-eabi/lib/{multilib}/libstdc++.a",
                                  BOARDS["nucleo_f411re"])
    assert found == Path("/usr/lib/picolibc/arm-none-eabi/lib/thumb/v7e-m+fp/hard/libstdc++.a")
    assert preflight.needed_file("no-such-library.a", BOARDS["host"]) == Path("no-such-library.a")


def test_missing_cxx_file_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    board = BOARDS["nucleo_f411re"]
    missing = {"description": "d", "link": "cxx",
               "needs": [{"file": "/nonexistent/{multilib}/libstdc++.a", "what": "libstdc++ built for picolibc",
                          "package": "libstdc++-arm-none-eabi-picolibc"}]}
    monkeypatch.setattr(toolchain, "cxx_support", lambda b: missing)
    with pytest.raises(InputError) as raised:
        preflight.check_cxx_files([(PROJECT / "boards" / "nucleo_f411re.yaml", board)])
    text = str(raised.value)
    assert "'/nonexistent/thumb/v7e-m+fp/hard/libstdc++.a' (libstdc++ built for picolibc" in text
    assert "Debian package libstdc++-arm-none-eabi-picolibc" in text
    assert "sudo apt-get install libstdc++-arm-none-eabi-picolibc" in text


def test_board_without_cxx_support_is_refused_naming_why(monkeypatch: pytest.MonkeyPatch) -> None:
    class Target:
        board, engine = BOARDS["hifive1"], {**CXX_ENGINE, "name": "fixture_cxx"}

    libcs = toolchain.load_libcs()
    without = {**libcs, "picolibc-semihost": {**libcs["picolibc-semihost"], "cxx": {}}}
    monkeypatch.setattr(toolchain, "load_libcs", lambda: without)
    with pytest.raises(InputError) as raised:
        preflight.cxx_boards([Target()], {"hifive1": PROJECT / "boards" / "hifive1.yaml"})
    text = str(raised.value)
    assert "engine 'fixture_cxx' is C++ (glue.cc), and board 'hifive1' cannot build C++" in text
    assert "names no C++ support for 'riscv64-unknown-elf-g++'" in text and "(it lists none)" in text
    assert preflight.cxx_boards([type("T", (), {"board": BOARDS["hifive1"], "engine": C_ENGINE})()], {}) == []


@pytest.mark.parametrize(("field", "value", "says"), [
    ("cxxflags", "-std=c++17", "is not of type 'array'"),
    ("cxxflags", ["-std=c11"], "a C standard (-std=c11) is no C++ flag"),
    ("cxxflags", ["-std=gnu17"], "a C standard"),
    ("cflags", ["-std=c++17"], "a C++ standard (-std=c++17) belongs in cxxflags"),
    ("cflags", ["-std=gnu++14"], "belongs in cxxflags"),
])
def test_flags_in_the_wrong_field_are_refused(field: str, value: object, says: str) -> None:
    engine = datafile.load_yaml(PROJECT / "tests" / "fixture_engine_cxx" / "engine" / "engine.yaml")
    with pytest.raises(InputError, match=r"field '" + field) as raised:
        datafile.validate({**engine, field: value}, "engine", Path("engine.yaml"))
    assert says in str(raised.value)


def test_cxx_fixture_engine_file_is_valid() -> None:
    engine = datafile.load_yaml(PROJECT / "tests" / "fixture_engine_cxx" / "engine" / "engine.yaml")
    datafile.validate(engine, "engine", Path("engine.yaml"))
    assert toolchain.cxx_sources(engine) == ["glue.cc", "fx_model.cc", "src/*.cc"]


# --- the C++ fixture engine built, run and checked on every board (one build, -j2) ----------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("cxx")
    project = copy_project(base / "p")
    fixture = make_overlay(base)
    done = scons(project, "-j2", "-k", f"board={','.join(EMULATED_BOARDS)}", "engine=fixture_cxx",
                 f"model={fixture['model']}", f"overlay={fixture['overlay']}", env=fixture["env"])
    return {"project": project, "done": done}


def test_cxx_fixture_passes_on_every_board(built: dict) -> None:
    done = built["done"]
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    for board in EMULATED_BOARDS:
        result = report(built["project"], board, "fixture_cxx", "dense")
        assert result["passed"] and result["run"]["status"] == "ok", (board, result["verdict"])
        assert result["run"]["output_check"]["passed"], board


def test_flags_never_cross_languages(built: dict) -> None:
    """No C flag reached a C++ compile, nor a C++ flag a C one (gcc warns where they do)."""
    output = built["done"].stdout + built["done"].stderr
    assert "is valid for C/ObjC but not for C++" not in output
    assert "is valid for C++/ObjC++ but not for C" not in output
    assert "CXX " in output and "CC " in output  # both kinds of source were compiled


@pytest.mark.parametrize("board", EMULATED_BOARDS)
def test_report_records_the_cxx_toolchain(built: dict, board: str) -> None:
    result = report(built["project"], board, "fixture_cxx", "dense")
    prefix = BOARDS[board]["toolchain"]["prefix"]
    record = result["toolchain"]
    assert record["cc"] == f"{prefix}gcc" and record["cxx"] == f"{prefix}g++"
    own = toolchain.cxx_support(BOARDS[board]).get("cxxflags", [])
    assert record["cxxflags"][:len(own)] == own  # the toolchain's, then the engine's, then the common ones
    assert record["cxxflags"].index("-std=c++17") < record["cxxflags"].index("-O2")
    for flag in ("-std=c++17", "-fno-rtti", "-fno-exceptions", "-fno-threadsafe-statics"):
        assert flag in record["cxxflags"] and flag not in record["cflags"]
    assert "-std=gnu11" in record["cflags"] and "-std=gnu11" not in record["cxxflags"]
    driver = "g++" if toolchain.cxx_support(BOARDS[board])["link"] == "cxx" else "gcc"
    assert record["link"] == f"{prefix}{driver}"
    markdown = (built["project"] / "build" / board / "fixture_cxx" / "dense" / "report.md").read_text()
    assert f"C++: `{prefix}g++` " in markdown and f"linked with `{prefix}{driver}`" in markdown


@pytest.mark.parametrize("board", EMULATED_BOARDS)
def test_cxx_runtime_counts_as_runtime(built: dict, board: str) -> None:
    """The C++ library's members in the link (operator delete, from the virtual destructor) are
    `runtime` in the size report; where the toolchain has none, the harness's ABI pieces are
    `harness`. Components still add up to the sections."""
    out = built["project"] / "build" / board / "fixture_cxx" / "dense"
    result = json.loads((out / "report.json").read_text())
    libc = toolchain.load_libcs()[BOARDS[board]["toolchain"]["libc"]]
    pieces = [p for listed in linkmap.pieces(out / "firmware.map").values() for p in listed if p.size]
    obj_root = f"build/{board}/fixture_cxx/dense/obj"  # as the link map names our objects
    cxx_library = [p for p in pieces if "libstdc++.a(" in p.owner or "libsupc++.a(" in p.owner]
    abi = [p for p in pieces if p.owner.endswith("cxx_abi.o")]
    if toolchain.cxx_support(BOARDS[board])["link"] == "cxx":
        assert cxx_library and not abi, board
        assert {footprint.classify(p.owner, obj_root, libc) for p in cxx_library} == {"runtime"}
    else:
        assert abi and not cxx_library, board
        assert {footprint.classify(p.owner, obj_root, libc) for p in abi} == {"harness"}
    components = result["size"]["components"]
    assert sum(c["bytes"] for c in components.values()) == sum(s["bytes"] for s in result["size"]["sections"].values())
