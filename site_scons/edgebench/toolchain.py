"""Compiler and linker settings for one board x engine x options, as plain data."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .boards import link_values, load_libcs
from .engines import option_cflags

COMMON_CFLAGS = ["-O2", "-g", "-std=gnu11", "-ffunction-sections", "-fdata-sections", "-Wall"]
# The harness counts heap use by wrapping the allocator (harness/heap.c).
HEAP_WRAP = "-Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc"


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
    return {"CC": f"{prefix}gcc", "AR": f"{prefix}ar", "RANLIB": f"{prefix}ranlib", "SIZE": f"{prefix}size"}


def cflags(board: dict[str, Any], engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    libc = load_libcs()[board["toolchain"]["libc"]]
    return [*COMMON_CFLAGS, *board["toolchain"]["cflags"], *libc["cflags"],
            *engine.get("cflags", []), *option_cflags(engine, options)]


def defines(engine: dict[str, Any], options: dict[str, Any]) -> list[str]:
    return [d.format(**options) for d in engine.get("defines", [])]


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


def harness_sources(harness_dir: Path, board: dict[str, Any]) -> list[Path]:
    return [harness_dir / name for name in ("main.c", "region.c", "heap.c")] + [harness_dir / "os" / f"{board['os']}.c"]
