"""site_scons/edgebench/callgraph.py: what a C or C++ file defines at file scope and what it uses,
read from its text, and the sources a set of files reaches through those names."""
from __future__ import annotations

from pathlib import Path

import pytest
from edgebench import callgraph


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(("text", "defined"), [
    ("int add(int a, int b)\n{\n    return a + b;\n}\n", {"add"}),
    ("int add(int a, int b);\nextern int counter;\ntypedef int (*fn)(int);\n", set()),  # declarations only
    ("const short table[4] = {1, 2, 3, 4};\nstatic int count;\nint limit = 3;\n", {"table", "count", "limit"}),
    ("__attribute__((noinline)) static void slow(void)\n{\n}\n", {"slow"}),
    ("struct pair { int a; int b; };\nenum mode { A, B };\n", set()),
    ('#ifdef __cplusplus\nextern "C" {\n#endif\nvoid c_api(void) {}\n#ifdef __cplusplus\n}\n#endif\n', {"c_api"}),
    ('extern "C" void DebugLog(const char* format) {}\n', {"DebugLog"}),
    ("namespace tflite {\nnamespace {\nint Helper(int x) { return x; }\n}  // namespace\n"
     "TfLiteStatus Tool::Prepare(TfLiteContext* c) { if (c) { return 0; } return 1; }\n}\n", {"Helper", "Prepare"}),
    ("Interp::Interp(const Model* m) : model_(m), size_(Size(m)) {}\n", {"Interp"}),
    ("template <typename T>\nT Twice(T x) { return x + x; }\nusing namespace tflite;\n", {"Twice"}),
    ("static inline int fast(int x)\n{\n    int y[2] = {x, x};\n    return y[0];\n}\nint after(void) { return 0; }\n",
     {"fast", "after"}),
])
def test_what_a_file_defines(tmp_path: Path, text: str, defined: set) -> None:
    assert callgraph.scan(write(tmp_path, "f.cc", text))[0] == defined


def test_comments_and_strings_use_no_names(tmp_path: Path) -> None:
    path = write(tmp_path, "f.c", '/* calls hidden() */\n// and ghost()\nconst char *s = "phantom()";\n'
                                  "#if 0\nint side(void) { return real(); }\n#endif\n")
    defined, uses = callgraph.scan(path)
    assert {"hidden", "ghost", "phantom"}.isdisjoint(uses)
    assert "side" in defined and "real" in uses  # both sides of an #if count


def test_reached_follows_names_through_sources_and_headers(tmp_path: Path) -> None:
    root = write(tmp_path, "kernel.c", '#include "api.h"\nint eval(void) { return wrap(1); }\n')
    header = write(tmp_path, "api.h", "int core(int);\nstatic inline int wrap(int x) { return core(x); }\n")
    core = write(tmp_path, "core.c", "int core(int x) { return table[x] + more(x); }\n")
    more = write(tmp_path, "more.c", "int more(int x) { return x; }\n")
    table = write(tmp_path, "table.c", "const int table[2] = {0, 1};\n")
    spare = write(tmp_path, "spare.c", "int spare(void) { return core(0); }\n")  # calls in, never called
    sources = [core, more, spare, table]
    assert callgraph.reached([root], sources, [header]) == [core, more, table]
    assert callgraph.reached([root], sources) == []  # without the header, wrap() leads nowhere


def test_a_name_defined_twice_reaches_both(tmp_path: Path) -> None:
    # C++: one name in two scopes (or overloads); either may be the one called, so both are compiled
    first = write(tmp_path, "a.cc", "namespace a { int Init() { return 1; } }\n")
    second = write(tmp_path, "b.cc", "namespace b { int Init() { return 2; } }\n")
    root = write(tmp_path, "r.cc", "int go() { return a::Init(); }\n")
    assert callgraph.reached([root], [first, second]) == [first, second]
