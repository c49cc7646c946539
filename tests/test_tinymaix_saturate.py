"""TinyMaix's int8 requantisation wraps round where TFLite clamps (issue 7, section 2).

Our patch (recipes/tinymaix/all/patches/) routes every requantised
conversion through TM_SAT(), a clamp when the port header sets TM_SATURATE
to 1 and the bare value when 0; the engine option `saturate` writes that
setting. Without the upstream: the option reaches tm_port.h and the patch is
listed, well-formed and changes nothing but those conversions. With it
(`upstream`): models the tests write, whose last layer leaves its range on
every input, fail the check naming wrap-round with saturate=0 and pass with
saturate=1 on every kernel set; and saturate=0 compiles to upstream's code.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, copy_project, load_by_path, report, scons
from edgebench import boards, engines, sources
from edgebench.errors import InputError
from tflite_builder import SATURATING_LAYERS, saturating

ENGINE_DIR = PROJECT / "engines" / "tinymaix"
RECIPE = PROJECT / "recipes" / "tinymaix"
VERSION = "cci.20250205"
# Where upstream requantises to int8 (tinymaix.h's TM_QUANT serves ADD): every arch header's
# post-processing, pooling and FC at both optimisation levels, and the input quantisation.
REQUANTISING_FILES = {"include/tinymaix.h", "src/tm_layers.c", "src/tm_layers_O1.c", "src/tm_model.c",
                      *(f"src/arch_{a}.h" for a in ("cpu", "arm_simd", "arm_neon", "arm_mvei", "rv32p", "rv64v",
                                                    "cskyv2", "x86_sse2"))}
CCI_PATCH_TYPES = {"official", "conan", "portability", "bugfix", "vulnerability", "backport"}

converter = load_by_path("eb_tinymaix_convert_saturate", ENGINE_DIR / "convert.py")


def patch_entries() -> list[dict]:
    data = yaml.safe_load((RECIPE / "all" / "conandata.yml").read_text())
    return data.get("patches", {}).get(VERSION, [])


def tinymaix_options(board_name: str, opts: str = "") -> dict:
    engine = engines.load_engine(ENGINE_DIR / "engine.yaml")
    board = boards.load_board(PROJECT / "boards" / f"{board_name}.yaml")
    return engines.resolve_options(engine, board, engines.parse_engine_opts(opts), {"model_int8"})


def render_port(tmp_path: Path, options: dict) -> str:
    model = saturating(tmp_path / "m.tflite", "conv")
    spec = {"inputs": [{"dtype": "int8", "shape": [1, 3, 3, 1], "quant": {"scale": 1 / 255, "zero_point": -128}}],
            "outputs": [{"dtype": "int8", "shape": [1, 1, 1, 4]}]}
    converter.convert(model, "tflite", spec, options, tmp_path)
    return (tmp_path / "tm_port.h").read_text()


# --- without the upstream ------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1])
def test_saturate_option_reaches_the_port_header(tmp_path: Path, value: int) -> None:
    options = tinymaix_options("host", f"saturate={value}")
    assert options["saturate"] == value
    assert re.search(rf"^#define TM_SATURATE\s+\({value}\)$", render_port(tmp_path, options), re.M)


@pytest.mark.parametrize("board", ["host", "nucleo_f411re", "nucleo_f103rb", "pynq_z2"])
def test_saturate_defaults_to_clamping(board: str) -> None:
    assert tinymaix_options(board)["saturate"] == 1


@pytest.mark.parametrize("value", ["2", "-1", "yes"])
def test_other_saturate_values_are_refused(value: str) -> None:
    with pytest.raises(InputError, match=f"option saturate={value} is not allowed"):
        tinymaix_options("host", f"saturate={value}")


def test_patch_is_listed_and_described_in_conandata() -> None:
    entries = patch_entries()
    assert len(entries) == 1
    entry = entries[0]
    assert (RECIPE / "all" / entry["patch_file"]).is_file()
    assert entry["patch_type"] in CCI_PATCH_TYPES and "TM_SATURATE" in entry["patch_description"]
    listed = {e["patch_file"] for e in entries}
    assert {str(p.relative_to(RECIPE / "all")) for p in (RECIPE / "all" / "patches").iterdir()} == listed


def parsed_patch():
    import patch_ng  # Conan's own patch reader, the one apply_conandata_patches uses

    patchset = patch_ng.fromfile(str(RECIPE / "all" / patch_entries()[0]["patch_file"]))
    assert patchset, "the patch does not parse"
    return patchset


def test_patch_touches_every_requantising_file() -> None:
    touched = {item.target.decode().removeprefix("b/") for item in parsed_patch().items}
    assert touched == REQUANTISING_FILES


def test_patch_only_routes_conversions_through_tm_sat() -> None:
    """Apart from TM_SAT's own definition, each changed line is upstream's line with one
    expression wrapped in TM_SAT(): with TM_SATURATE 0 (TM_SAT(x) is x) nothing changes."""
    wrapped = 0
    for item in parsed_patch().items:
        for hunk in item.hunks:
            old = [line[1:] for line in hunk.text if line.startswith(b"-")]
            new = [line[1:] for line in hunk.text if line.startswith(b"+")]
            if not old:  # the definition block in tinymaix.h
                assert item.target.endswith(b"tinymaix.h") and any(b"#define TM_SAT(x) (x)" in n for n in new)
                continue
            assert len(old) == len(new)
            for before, after in zip(old, new, strict=True):
                assert after.count(b"TM_SAT(") == 1 and after.replace(b"TM_SAT(", b"(") == before
                wrapped += 1
    assert wrapped == 2 * 8 + 2 * 2 + 1 + 1  # 8 arch headers x 2 scale paths, GAP+FC x 2 files, preprocess, TM_QUANT


def test_recipe_folder_digest_follows_the_patch(tmp_path: Path) -> None:
    """Packages are remembered by the recipe folder's content: a changed patch is a new package."""
    copy = tmp_path / "tinymaix"
    shutil.copytree(RECIPE, copy)
    before = sources.recipe_digest(copy)
    patch = copy / "all" / patch_entries()[0]["patch_file"]
    patch.write_text(patch.read_text() + "\n")
    assert sources.recipe_digest(copy) != before


# --- with the upstream ---------------------------------------------------------------------------

SAT_BOARDS = ["host", "nucleo_f411re", "pynq_z2", "nucleo_f103rb"]  # SSE2, ARM_SIMD, NEON, CPU + fastscale
VARIANTS = {"default": (SAT_BOARDS, ""), "cpu_opt1": (["host"], "arch=CPU,opt_level=1")}


def _pin() -> dict:
    return yaml.safe_load((RECIPE / "all" / "conandata.yml").read_text())["sources"][VERSION]


def _git_or_skip(*args: str) -> None:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"TinyMaix upstream not reachable ({_pin()['url']}): {done.stderr.strip()[-300:]}")


def _conan_env() -> dict | None:
    home = os.environ.get("EDGEBENCH_CONAN_HOME")
    return {"EDGEBENCH_CONAN_HOME": home} if home else None


@pytest.fixture(scope="module")
def saturation_runs(tmp_path_factory) -> dict:
    """Every saturating model on each kernel set, built with saturate=0 and with saturate=1:
    {(variant, saturate, board, layer): report}."""
    _git_or_skip("ls-remote", "--quiet", _pin()["url"])  # fails in a second where it is out of reach
    base = tmp_path_factory.mktemp("sat")
    files = [saturating(base / f"sat_{layer}.tflite", layer) for layer in SATURATING_LAYERS]
    reports = {}
    for variant, (board_list, opts) in VARIANTS.items():
        project = copy_project(base / variant)
        for value in (0, 1):
            options = ",".join(filter(None, [opts, f"saturate={value}"]))
            done = scons(project, "-j4", "-k", f"board={','.join(board_list)}", "engine=tinymaix",
                         f"model={','.join(map(str, files))}", f"engine_opts={options}", env=_conan_env())
            if "fetching sources for tinymaix" in done.stderr:
                pytest.skip(f"TinyMaix upstream not reachable: {done.stderr[-300:]}")
            for board in board_list:
                for layer in SATURATING_LAYERS:
                    reports[variant, value, board, layer] = report(project, board, "tinymaix", f"sat_{layer}",
                                                                     options)
    return reports


CASES = [(v, b, layer) for v, (bs, _) in VARIANTS.items() for b in bs for layer in SATURATING_LAYERS]


@pytest.mark.upstream
@pytest.mark.parametrize(("variant", "board", "layer"), CASES, ids=["-".join(c) for c in CASES])
def test_upstream_wraps_round_and_the_check_names_it(saturation_runs: dict, variant: str, board: str,
                                                     layer: str) -> None:
    result = saturation_runs[variant, 0, board, layer]
    check = result["run"]["output_check"]
    assert result["engine_options"]["saturate"] == 0 and not result["passed"]
    tensor = check["tensors"][0]
    # TFLite clamps channel 0 at 127 and channel 1 at -128; wrapped, channel 1 is near +90.
    assert tensor["reference_top1"] == [0] * check["inputs"] and tensor["top1"] == [1] * check["inputs"]
    causes = check.get("likely_causes", [])
    assert any(c["kind"] == "wraparound" and "saturat" in c["detail"] for c in causes), causes
    assert "likely cause" in result["verdict"], result["verdict"]


@pytest.mark.upstream
@pytest.mark.parametrize(("variant", "board", "layer"), CASES, ids=["-".join(c) for c in CASES])
def test_saturate_clamps_as_tflite_does(saturation_runs: dict, variant: str, board: str, layer: str) -> None:
    result = saturation_runs[variant, 1, board, layer]
    check = result["run"]["output_check"]
    assert result["engine_options"]["saturate"] == 1 and result["passed"], result["verdict"]
    # The channels in range sit a quarter step off an integer: both round the same way.
    assert check["tensors"][0]["max_abs_diff"] == 0.0
    assert check["tensors"][0]["top1_agree"] == check["inputs"]


ASM_BOARDS = {"host": ["", "arch=CPU", "arch=CPU,opt_level=1,fastscale=1"], "nucleo_f411re": ["", "opt_level=1"],
              "pynq_z2": ["", "opt_level=1"], "nucleo_f103rb": [""]}
ASM_CASES = [(b, o) for b, opts in ASM_BOARDS.items() for o in opts]
COMPILED = ["src/tm_layers.c", "src/tm_layers_O1.c", "src/tm_model.c"]


@pytest.fixture(scope="module")
def both_trees(tmp_path_factory) -> dict:
    """Upstream's include/ and src/ at the pin, and the package our recipe makes of them."""
    from edgebench.errors import SourceError

    base = tmp_path_factory.mktemp("trees")
    pin, tree = _pin(), str(base / "upstream")
    _git_or_skip("clone", "--quiet", "--no-checkout", "--filter=blob:none", pin["url"], tree)
    _git_or_skip("-C", tree, "sparse-checkout", "set", "--no-cone", "/include/", "/src/")
    _git_or_skip("-C", tree, "checkout", "--quiet", pin["commit"])
    # As the recipe does: tinymaix.h includes tm_port.h with quotes, so upstream's copy beside
    # it would win over the one the test renders.
    (base / "upstream" / "include" / "tm_port.h").unlink()
    home = Path(os.environ.get("EDGEBENCH_CONAN_HOME") or base / "conan2")
    try:
        package = sources.package_folders(f"tinymaix/{VERSION}", [PROJECT / "recipes"], home)["tinymaix"]
    except SourceError as exc:
        pytest.skip(f"TinyMaix upstream not reachable: {str(exc)[-300:]}")
    return {"upstream": base / "upstream", "patched": package}


def _assembly(root: Path, port_dir: Path, compiler: str, cflags: list[str]) -> list[str]:
    texts = []
    for source in COMPILED:
        done = subprocess.run([compiler, "-S", "-o", "-", *cflags, f"-I{port_dir}", "-Iinclude", "-Isrc", source],
                              cwd=root, capture_output=True, text=True, check=True)
        texts.append(done.stdout)
    return texts


@pytest.mark.upstream
@pytest.mark.parametrize(("board", "opts"), ASM_CASES, ids=[f"{b}-{o or 'default'}" for b, o in ASM_CASES])
def test_saturate_0_compiles_to_upstreams_code(both_trees: dict, tmp_path: Path, board: str, opts: str) -> None:
    """TM_SATURATE 0 is upstream exactly: the same assembly from the patched package as from
    upstream's files (and TM_SATURATE 1 differs, so the comparison can tell)."""
    engine = engines.load_engine(ENGINE_DIR / "engine.yaml")
    spec = boards.load_board(PROJECT / "boards" / f"{board}.yaml")
    compiler = f"{spec['toolchain']['prefix']}gcc"
    if shutil.which(compiler) is None:
        pytest.skip(f"{compiler} is not installed")
    assembly = {}
    for value in (0, 1):
        options = tinymaix_options(board, ",".join(filter(None, [opts, f"saturate={value}"])))
        port = tmp_path / str(value)
        port.mkdir()
        render_port(port, options)
        cflags = ["-O2", *spec["toolchain"]["cflags"], *engines.option_cflags(engine, options)]
        for tree in ("upstream", "patched"):
            assembly[tree, value] = _assembly(both_trees[tree], port, compiler, cflags)
    assert assembly["patched", 0] == assembly["upstream", 0]
    assert assembly["patched", 1] != assembly["upstream", 1]
