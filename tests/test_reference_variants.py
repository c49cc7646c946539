"""Host reference variants (engine.yaml `host_reference`): checked when the engine is loaded,
computed only for the targets that ask for one, once per model and variant, and recorded in
the report. Proven on models tests/tflite_builder.py writes and on the fixture engine."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import copy_project, report, scons
from edgebench import references
from edgebench.errors import InputError
from tflite_builder import dense, saturating


@pytest.mark.parametrize(("engine", "says"), [
    ({"formats": ["tflite"], "host_reference": {"tflite": "builtin_reff"}},
     ["field 'host_reference.tflite'", "unknown tflite host reference 'builtin_reff'", "did you mean 'builtin_ref'",
      "builtin_ref (TFLite's reference kernels"]),
    ({"formats": ["onnx"], "host_reference": {"onnx": "builtin_ref"}},
     ["field 'host_reference.onnx'", "onnx models have one host reference (onnxruntime), no variants"]),
    ({"formats": ["sklearn"], "host_reference": {"sklearn": "exact"}},
     ["sklearn models have one host reference (scikit-learn)"]),
    ({"formats": ["onnx"], "host_reference": {"tflite": "builtin_ref"}},
     ["field 'host_reference.tflite'", "the engine takes no tflite models (formats: onnx)"]),
])
def test_bad_host_reference_is_refused_naming_the_field(engine: dict, says: list[str]) -> None:
    with pytest.raises(InputError) as error:
        references.check_engine(engine, Path("engines/x/engine.yaml"))
    for fragment in ["engines/x/engine.yaml", *says]:
        assert fragment in str(error.value)


@pytest.mark.parametrize(("engine", "model_format", "variant", "file"), [
    ({"formats": ["tflite"], "host_reference": {"tflite": "builtin_ref"}}, "tflite", "builtin_ref",
     "reference.builtin_ref.npz"),
    ({"formats": ["tflite", "onnx"], "host_reference": {"tflite": "builtin_ref"}}, "onnx", "default", "reference.npz"),
    ({"formats": ["tflite"]}, "tflite", "default", "reference.npz"),
    (None, "sklearn", "default", "reference.npz"),
])
def test_variant_for_engine_and_format(engine: dict | None, model_format: str, variant: str, file: str) -> None:
    if engine:
        references.check_engine(engine, Path("engine.yaml"))  # a good entry passes
    assert references.variant_for(engine, model_format) == variant
    assert references.path(Path("m"), variant) == Path("m") / file


def test_builtin_ref_runs_the_reference_kernels(tmp_path: Path) -> None:
    """On a MEAN the optimised kernels round apart from the reference kernels by one step (one value
    of every input): the variant's outputs are the reference kernels' (not the default's), and the file says
    what computed them."""
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    model = saturating(tmp_path / "gap.tflite", "gap")
    inputs = np.random.default_rng(0).uniform(0, 1, size=(4, 5, 5, 1)).astype(np.float32)
    for variant in ("default", "builtin_ref"):
        references.compute("tflite", model, inputs, variant, references.path(tmp_path, variant))
    default, ref = (references.load(references.path(tmp_path, v))[0] for v in ("default", "builtin_ref"))
    interpreter = Interpreter(model_path=str(model), experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    (detail,), (out,) = interpreter.get_input_details(), interpreter.get_output_details()
    scale, zero = out["quantization"]
    for x, got in zip(inputs, ref, strict=True):
        interpreter.set_tensor(detail["index"], (np.round(x * 255) - 128).astype(np.int8)[None])
        interpreter.invoke()
        assert np.array_equal(got, (interpreter.get_tensor(out["index"]).astype(np.float32) - zero) * scale)
    assert np.all(np.abs(default - ref).reshape(len(inputs), -1).max(axis=1) > 0.5 * scale)
    about = references.recorded(references.path(tmp_path, "builtin_ref"))
    assert (about["interpreter"], about["variant"]) == ("ai-edge-litert", "builtin_ref")
    assert "BUILTIN_REF" in about["kernels"] and about["version"]
    assert references.recorded(references.path(tmp_path, "default"))["variant"] == "default"


# --- end to end on the fixture engine -------------------------------------------------------------

@pytest.fixture(scope="module")
def variant_build(tmp_path_factory, fixture_overlay: dict) -> dict:
    """The fixture engine twice in one overlay: `fixture` asking for TFLite's reference kernels,
    `fixture_default` (a copy) asking for nothing; a float dense .tflite the tests write."""
    base = tmp_path_factory.mktemp("variants")
    overlay = base / "overlay"
    shutil.copytree(fixture_overlay["overlay"], overlay)
    engines = overlay / "engines"
    shutil.copytree(engines / "fixture", engines / "fixture_default")
    for name, extra in (("fixture", {"host_reference": {"tflite": "builtin_ref"}}), ("fixture_default", {})):
        path = engines / name / "engine.yaml"
        path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text()), "name": name, **extra}))
    return {"project": copy_project(base / "p"), "overlay": overlay, "env": fixture_overlay["env"],
            "model": dense(base / "dense.tflite")}


def build(setup: dict, engines: str):
    done = scons(setup["project"], f"overlay={setup['overlay']}", f"engine={engines}", f"model={setup['model']}",
                 "board=host", env=setup["env"])
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_variant_is_computed_only_when_asked_cached_and_reported(variant_build: dict) -> None:
    models = variant_build["project"] / "build" / "_models" / "dense"
    first = build(variant_build, "fixture")
    assert f"MODEL {Path('build/_models/dense/reference.builtin_ref.npz')}" in first
    assert (models / "reference.builtin_ref.npz").is_file()
    assert not (models / "reference.npz").exists()  # no target asked for the default
    result = report(variant_build["project"], "host", "fixture", "dense")
    assert result["passed"], result["verdict"]
    assert result["reference"]["variant"] == "builtin_ref" and result["reference"]["interpreter"] == "ai-edge-litert"
    assert "Host reference: ai-edge-litert" in \
        (variant_build["project"] / "build" / "host" / "fixture" / "dense" / "report.md").read_text()
    assert "MODEL" not in build(variant_build, "fixture")  # cached

    both = build(variant_build, "fixture,fixture_default")
    assert both.count("MODEL ") == 1 and "reference.npz" in both  # only the default is new
    assert report(variant_build["project"], "host", "fixture_default", "dense")["reference"]["variant"] == "default"
    assert report(variant_build["project"], "host", "fixture", "dense")["reference"]["variant"] == "builtin_ref"


@pytest.mark.parametrize(("quant", "shift", "differing"), [
    ({"scale": 0.5, "zero_point": 0, "dtype": "int8"}, [0.0, 0.5, 0.0, -1.0], 2),  # whole steps
    ({"scale": 0.5, "zero_point": 0, "dtype": "int8"}, [0.1, 0.0, -0.2, 0.0], 0),  # an engine's own dequantising
    (None, [0.0, 1e-6, 0.0, 0.0], 1),  # float: any difference
    (None, [0.0, 0.0, 0.0, 0.0], 0),
])
def test_output_check_counts_differing_values_per_tensor(quant: dict | None, shift: list[float],
                                                         differing: int) -> None:
    from edgebench import outputcheck

    want = np.array([[[1.0, 2.0, 3.0, 4.0]]], np.float32)
    got = (want[0, 0] + np.array(shift, np.float32)).astype("<f4")
    engine_io = {"outputs": [{"dtype": "float32", "shape": [4]}]}
    model_io = {"outputs": [{"dtype": "int8", "shape": [4], **({"quant": quant} if quant else {})}]}
    check = outputcheck.check({"outputs": {"0": {"0": got.tobytes().hex()}}}, engine_io, [want], np.array([-1]),
                              model_io=model_io, layers=1)
    second = outputcheck.check({"outputs": {"0": {"0": want[0, 0].astype("<f4").tobytes().hex()},
                                            "1": {"0": got.tobytes().hex()}}}, engine_io,
                               [np.concatenate([want, want])], np.array([-1, -1]), model_io=model_io, layers=1)
    assert (check["tensors"][0]["differing_values"], check["tensors"][0]["values"]) == (differing, 4)
    assert (second["tensors"][0]["differing_values"], second["tensors"][0]["values"]) == (differing, 8)


def test_damaged_variant_reference_is_computed_again(variant_build: dict) -> None:
    build(variant_build, "fixture")
    path = variant_build["project"] / "build" / "_models" / "dense" / "reference.builtin_ref.npz"
    path.write_bytes(b"not an npz")
    again = build(variant_build, "fixture")
    assert "reference.builtin_ref.npz is not the file SCons recorded building" in again
    assert "MODEL" in again and references.load(path)
    assert report(variant_build["project"], "host", "fixture", "dense")["passed"]
