"""Compiler and linker settings for one board x engine x options, as plain data."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .boards import link_values, load_libcs
from .engines import option_cflags, platform_cflags

# Flags every C and C++ source gets; C_ONLY_FLAGS go to C sources alone (the driver takes the last
# -std it is given, so a C standard among the common flags would override an engine's C++ one).
COMMON_FLAGS = ["-O2", "-g", "-ffunction-sections", "-fdata-sections", "-Wall"]
C_ONLY_FLAGS = ["-std=gnu11"]
# What gcc compiles as C++ (by suffix, as the driver decides).
CXX_SUFFIXES = (".cc", ".cpp", ".cxx", ".c++", ".C")
# The harness counts heap use by wrapping the allocator (harness/heap.c).
HEAP_WRAP = ("-Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc,--wrap=posix_memalign,--wrap=aligned_alloc,"
             "--wrap=memalign")


# Where the debug info says an engine package's files are, whichever Conan home holds them: the size
# report knows engine code by it, and images do not depend on where the package was unpacked.
PACKAGE_PREFIX = "/edgebench/packages"


def prefix_maps(top: Path, build: Path, engine: dict[str, Any], packages: dict[str, Path]) -> list[str]:
    """Flags that take the machine's paths out of the objects (debug info, __FILE__), so two checkouts,
    build directories, overlays or Conan homes give the same bytes. gcc tries the last matching map
    first, so the more specific directories come later. Every package of the engine's Conan graph
    ({name: folder}) lies under PACKAGE_PREFIX, so its code counts as the engine's."""
    maps = [(top, "."), (build, "build"), (engine["folder"], f"engines/{engine['name']}"),
            *((folder, f"{PACKAGE_PREFIX}/{name}") for name, folder in packages.items())]
    spelt = [(spelling, new) for old, new in maps for spelling in _spellings(Path(old), top) if spelling != new]
    return [f"-ffile-prefix-map={old}={new}" for old, new in spelt]


def _spellings(path: Path, top: Path) -> list[str]:
    """Every way gcc may be handed `path`: as given, with symlinks resolved (the working directory),
    and relative to the top directory, as SCons names a source inside the checkout (a Conan home in
    the checkout, .edgebench/conan2, holds the engine sources it compiles)."""
    spellings = [str(path), str(path.resolve())]
    if path.resolve().is_relative_to(top.resolve()) and path.resolve() != top.resolve():
        spellings.append(str(path.resolve().relative_to(top.resolve())))
    return list(dict.fromkeys(spellings))


def compiler(board: dict[str, Any]) -> dict[str, str]:
    prefix = board["toolchain"]["prefix"]
    return {"CC": f"{prefix}gcc", "CXX": f"{prefix}g++", "AR": f"{prefix}ar", "RANLIB": f"{prefix}ranlib",
            "SIZE": f"{prefix}size"}


def common_flags(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """What every C and C++ source of the target is compiled with (SCons's CCFLAGS)."""
    libc = load_libcs()[board["toolchain"]["libc"]]
    return [*COMMON_FLAGS, *board["toolchain"]["cflags"], *libc["cflags"],
            *engine.get("cflags", []), *platform_cflags(engine, board), *option_cflags(engine, options)]


def cflags(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """A C source's flags, in command-line order (SCons puts CFLAGS before CCFLAGS)."""
    return [*C_ONLY_FLAGS, *common_flags(board, engine, options)]


def cxx_only_flags(board: dict[str, Any], engine: dict[str, Any]) -> list[str]:
    """Flags for C++ sources alone (SCons's CXXFLAGS): what the toolchain's C++ support adds
    (toolchains/libc.yaml), then the engine's `cxxflags`."""
    return [*(cxx_support(board) or {}).get("cxxflags", []), *engine.get("cxxflags", [])]


def cxxflags(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """A C++ source's flags, in command-line order (SCons puts CXXFLAGS before CCFLAGS)."""
    return [*cxx_only_flags(board, engine), *common_flags(board, engine, options)]


def cxx_sources(engine: dict[str, Any]) -> list[str]:
    """The C++ files (or globs) among everything the engine compiles: glue, model sources, its
    package's sources, library and kernel sources, and sources an option value adds."""
    names = [*engine.get("glue", []), *engine.get("model_sources", []), *engine.get("sources", [])]
    for part in ("library", "kernels"):
        names += (engine.get(part) or {}).get("sources", [])
    for option in (engine.get("options") or {}).values():
        names += [name for choice in option["choices"].values() for name in (choice or {}).get("sources", [])]
    return [name for name in names if name.endswith(CXX_SUFFIXES)]


def uses_cxx(engine: dict[str, Any]) -> bool:
    return bool(cxx_sources(engine))


def cxx_support(board: dict[str, Any]) -> dict[str, Any] | None:
    """How the board's compiler builds C++ against its C library (toolchains/libc.yaml:
    <libc>.cxx.<prefix>), or None where the flavour names no C++ support for that compiler."""
    libc = load_libcs()[board["toolchain"]["libc"]]
    return (libc.get("cxx") or {}).get(board["toolchain"]["prefix"])


def link_driver(board: dict[str, Any], engine: dict[str, Any]) -> str:
    """The driver that links: the C++ one where the engine has C++ and the toolchain a C++ library to
    link (g++ adds it), else the C one (a toolchain without libstdc++ links C++ objects with the
    harness's ABI pieces instead, toolchains/libc.yaml `harness`)."""
    support = cxx_support(board)
    return "$CXX" if uses_cxx(engine) and support and support["link"] == "cxx" else "$CC"


def record(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The report's `toolchain`: the compilers and each kind of source's flags; the C++ ones only for
    an engine with C++ sources."""
    prefix = board["toolchain"]["prefix"]
    toolchain: dict[str, Any] = {"cc": f"{prefix}gcc", "cflags": cflags(board, engine, options),
                                 "defines": defines(engine, options)}
    if uses_cxx(engine):
        toolchain.update(cxx=f"{prefix}g++", cxxflags=cxxflags(board, engine, options),
                         link=f"{prefix}{'g++' if link_driver(board, engine) == '$CXX' else 'gcc'}")
    if "library" in engine:  # an engine built as a library: what its two parts add to those flags
        parts = [part for part in ("library", "kernels") if part in engine]
        toolchain["engine_flags"] = {part: engine[part].get("cflags", []) for part in parts}
    if "cmake" in engine:  # built by its own CMake: what the configure step was given besides the flags above
        from .cmake_build import build_options, definitions  # it builds on this module
        toolchain["cmake_definitions"] = definitions(engine, build_options(engine, options), board)
    return toolchain


def defines(engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    """The engine's defines ({option} placeholders filled), then those of its chosen option values."""
    chosen = [engine["options"][key]["choices"][value] or {} for key, value in options.items()]
    return [d.format(**options) for d in engine.get("defines", [])] + [d for c in chosen for d in c.get("defines", [])]


def linkflags(board: dict[str, Any], map_file: Path) -> list[str]:
    libc = load_libcs()[board["toolchain"]["libc"]]
    values = link_values(board)
    return [*board["toolchain"]["cflags"], *[f.format(**values) for f in libc["linkflags"]],
            *board["toolchain"].get("linkflags", []), "-Wl,--gc-sections", f"-Wl,-Map={map_file}", HEAP_WRAP]


MEASURING_SPAN = 0x10000000  # 256 MiB per region: room for any model we would measure


def measuring_board(board: dict[str, Any]) -> dict[str, Any]:
    """The board with its emulator memory regions laid out 256 MiB apart and
    256 MiB long, in their original order from the first origin: an image too
    big for the stand-in still links, so its size can be reported. Such an
    ELF is never run, so where the regions sit does not matter."""
    link = board["emulator"]["link"]
    names = sorted(link, key=lambda name: link[name]["origin"])
    base = link[names[0]]["origin"]
    grown = {name: {"origin": base + i * MEASURING_SPAN, "size_bytes": MEASURING_SPAN} for i, name in enumerate(names)}
    return {**board, "emulator": {**board["emulator"], "link": grown}}


def harness_sources(harness_dir: Path, board: dict[str, Any], engine: dict[str, Any]) -> list[Path]:
    """The harness for the board's OS, and for a C++ engine the C++ runtime pieces its toolchain
    lacks (toolchains/libc.yaml `harness`)."""
    names = ["main.c", "region.c", "heap.c", f"os/{board['os']}.c"]
    if uses_cxx(engine):
        names += (cxx_support(board) or {}).get("harness", [])
    return [harness_dir / name for name in names]
