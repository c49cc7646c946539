"""The output check (issue 7, section 1): agreement in the output's units and
in quantisation steps against a tolerance that says where it came from; top-1
flips inside the tolerance are near ties; accuracy gates only on request; a
failing check names the likely cause. Pure functions on synthetic arrays, and
one end-to-end run showing a model's `check:` reaches the report."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import copy_project, report, scons
from edgebench import outputcheck
from edgebench import report as reports

STEP = 1 / 256  # a softmax output's scale, as TFLite quantises it
INT8_OUT = {"name": "y", "dtype": "int8", "shape": [1, 10], "quant": {"scale": STEP, "zero_point": -128}}


def probs(*pairs: tuple[int, int]) -> np.ndarray:
    """A 10-class int8 softmax output (dequantised): class -> quantised value, the rest at -128."""
    q = np.full(10, -128)
    for index, value in pairs:
        q[index] = value
    return ((q + 128) * STEP).astype(np.float32)


def run_of(outputs: list[np.ndarray]) -> dict:
    return {"outputs": {str(i): {"0": o.astype("<f4").tobytes().hex()} for i, o in enumerate(outputs)}}


def checked(target: list[np.ndarray], reference: list[np.ndarray], *, quantised: bool = True, layers: int | None = 5,
            labels: list[int] | None = None, rules: list | None = None, shape: tuple[int, ...] | None = None) -> dict:
    """The check of float32 target outputs (as TinyMaix gives them, dequantised) against the reference."""
    shape = shape or (1, reference[0].size)
    engine_io = {"outputs": [{"dtype": "float32", "shape": list(shape)}]}
    model_out = {**INT8_OUT, "shape": list(shape)} if quantised else engine_io["outputs"][0]
    model_io = {"outputs": [model_out]}
    ref = np.stack([r.reshape(shape) for r in reference])
    labels = np.array(labels if labels is not None else [-1] * len(reference))
    return outputcheck.check(run_of(target), engine_io, [ref], labels, rules or [], model_io, layers)


def verdict_of(check: dict) -> tuple[bool, str]:
    return reports.verdict({"run": {"status": "ok", "detail": "", "output_check": check},
                            "size": {"fit": {"fits": True}}})


RNG = np.random.default_rng(0)
FLOAT_REF = [RNG.normal(size=12).astype(np.float32) * 100 for _ in range(3)]
GRID = RNG.normal(size=(2, 3, 4)).astype(np.float32)

# (id, target, reference, keyword arguments, passed, near ties, top-1 failures, cause kinds)
CASES = [
    ("exact match", [probs((3, 100))], [probs((3, 100))], {}, True, 0, 0, []),
    # the real case: cifar10 picture 51-8, frog (6) 5 steps over ship (8), the target picks ship
    ("near tie inside the tolerance", [probs((6, -58), (8, -55))], [probs((6, -55), (8, -60))], {}, True, 1, 0, []),
    ("flip beyond the tolerance", [probs((6, -60), (8, 0))], [probs((6, 60), (8, -60))], {}, False, 0, 1, []),
    ("wrap-around: pinned reference, target at the other end", [probs((2, -123), (5, 120))],
     [probs((2, 127), (5, -128))], {}, False, 0, 1, ["wraparound"]),
    ("constant offset", [r + 0.5 for r in FLOAT_REF], FLOAT_REF, {"quantised": False}, False, 0, 0, ["offset"]),
    ("layout permutation (NHWC read as NCHW)", [GRID.transpose(2, 0, 1).reshape(-1)], [GRID.reshape(-1)],
     {"quantised": False, "shape": (1, 2, 3, 4)}, False, 0, 1, ["permutation"]),
    ("float: within the relative default", [r * (1 + 2e-5) for r in FLOAT_REF], FLOAT_REF, {"quantised": False},
     True, 0, 0, []),
    ("float: beyond the relative default", [r + np.float32(0.03) * (np.arange(12) % 2) for r in FLOAT_REF],
     FLOAT_REF, {"quantised": False}, False, 0, 0, []),
]


@pytest.mark.parametrize(("target", "reference", "kwargs", "passed", "ties", "failures", "causes"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_agreement(target, reference, kwargs, passed, ties, failures, causes) -> None:
    check = checked(target, reference, **kwargs)
    tensor = check["tensors"][0]
    assert check["passed"] is passed, tensor
    assert (len(tensor["near_ties"]), len(tensor["top1_failures"])) == (ties, failures)
    assert [c["kind"] for c in check["likely_causes"]] == causes
    ok, text = verdict_of(check)
    assert ok is passed
    for kind in causes:
        assert f"likely cause: {kind}" in text


def test_near_tie_reports_its_margin_in_units_and_steps() -> None:
    tie = checked([probs((6, -58), (8, -55))], [probs((6, -55), (8, -60))])["tensors"][0]["near_ties"][0]
    assert (tie["input"], tie["top1"], tie["reference_top1"]) == (0, 8, 6)
    assert tie["margin"] == pytest.approx(5 * STEP) and tie["margin_steps"] == pytest.approx(5)


def test_wraparound_names_saturation() -> None:
    check = checked([probs((2, -123), (5, 120))], [probs((2, 127), (5, -128))])
    assert "saturation" in check["likely_causes"][0]["detail"]
    assert "saturat" in verdict_of(check)[1]
    assert check["tensors"][0]["max_steps_diff"] == pytest.approx(250)


def test_permutation_names_the_axes() -> None:
    check = checked([GRID.transpose(2, 0, 1).reshape(-1)], [GRID.reshape(-1)], quantised=False, shape=(1, 2, 3, 4))
    assert "(2, 0, 1)" in check["likely_causes"][0]["detail"]


@pytest.mark.parametrize(("layers", "steps"), [(1, 4), (5, 20), (6, 24), (29, 32), (None, 32)])
def test_default_steps_follow_the_requantising_layers(layers, steps) -> None:
    tol = checked([probs((3, 100))], [probs((3, 100))], layers=layers)["tensors"][0]["tolerance"]
    assert tol["max_steps"] == pytest.approx(steps) and tol["max_abs_diff"] == pytest.approx(steps * STEP)
    assert tol["source"].startswith("default: ")


def test_float_default_is_relative_to_the_reference_magnitude() -> None:
    tol = checked(FLOAT_REF, FLOAT_REF, quantised=False)["tensors"][0]["tolerance"]
    magnitude = max(float(np.max(np.abs(r))) for r in FLOAT_REF)
    assert tol["max_abs_diff"] == pytest.approx(1e-4 * magnitude) and tol["step"] is None


MODEL = {"name": "m", "file": Path("/x/models/m.yaml"), "check": {"max_steps": 2}}
ENGINE = {"options": {"exp": {"choices": {"approx": {"check": {"max_abs_diff": 0.5, "why": "approximate exp()"}},
                                          "libm": {"why": "libm"}}}}}


@pytest.mark.parametrize(("options", "value", "source"), [
    ({"exp": "libm"}, 2 * STEP, "model models/m.yaml"),
    ({"exp": "approx"}, 0.5, "engine option exp=approx: approximate exp()"),
])
def test_overrides_say_where_they_came_from(options, value, source) -> None:
    rules = outputcheck.model_rules(MODEL) + outputcheck.option_rules(ENGINE, options)
    tol = checked([probs((3, 100))], [probs((3, 100))], rules=rules)["tensors"][0]["tolerance"]
    assert (tol["max_abs_diff"], tol["source"]) == (pytest.approx(value), source)


def test_a_model_override_can_fail_a_near_tie() -> None:
    rules = outputcheck.model_rules(MODEL)  # 2 steps: the 5-step margin is now a disagreement
    check = checked([probs((6, -58), (8, -55))], [probs((6, -55), (8, -60))], rules=rules)
    assert not check["passed"] and len(check["tensors"][0]["top1_failures"]) == 1
    assert "(model models/m.yaml)" in verdict_of(check)[1]


@pytest.mark.parametrize(("labels", "minimum", "passed", "says"), [
    ([3, 4], None, True, "ok"),  # reported, not gated: target 1/2, reference 1/2
    ([3, 4], 0.5, True, "ok"),
    ([3, 4], 0.8, False, "accuracy 1/2 (0.50) is below min_accuracy 0.8 (model models/m.yaml)"),
    ([-1, -1], 0.8, False, "min_accuracy 0.8 cannot be judged: no labelled test inputs"),
])
def test_min_accuracy_gates_only_when_asked(labels, minimum, passed, says) -> None:
    rules = outputcheck.model_rules({**MODEL, "check": {"min_accuracy": minimum}}) if minimum else []
    check = checked([probs((3, 100)), probs((5, 100))], [probs((3, 100)), probs((5, 100))], labels=labels,
                    rules=rules)
    assert check["passed"] is passed
    assert says in verdict_of(check)[1]
    if any(label >= 0 for label in labels):
        assert (check["target_accuracy"], check["reference_accuracy"]) == (0.5, 0.5)


def test_report_md_and_summary_show_tolerance_source_ties_and_causes() -> None:
    good = checked([probs((6, -58), (8, -55))], [probs((6, -55), (8, -60))])
    bad = checked([probs((2, -123), (5, 120))], [probs((2, 127), (5, -128))])
    lines = "\n".join(reports._check_lines(good) + reports._check_lines(bad))
    assert "from default: 4 steps per requantising layer" in lines
    assert "near tie on input 0: top-1 8 vs reference 6, reference margin 0.0195 (5 steps)" in lines
    assert "likely cause (wraparound)" in lines
    line = reports._check_summary(good, good["tensors"][0])
    assert line == "top-1 0/1 (1 near tie), max|diff| 0.0195 = 5 steps (tol 20)" and "\n" not in line


def test_model_check_reaches_the_report(tmp_path: Path) -> None:
    """A manifest's check: sets the tolerance, names itself as the source, and a change to it
    is judged again (here: a tolerance below what float32 gives fails, saying so)."""
    project = copy_project(tmp_path / "p")
    manifest = project / "models" / "digits_mlp.yaml"
    text = manifest.read_text()
    manifest.write_text(text.replace("max_abs_diff: 0.0001", "max_abs_diff: 0.0002\n  min_accuracy: 0.5"))
    args = ("board=host", "engine=emlearn", "model=digits_mlp")
    done = scons(project, *args)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    check = report(project, "host", "emlearn", "digits_mlp")["run"]["output_check"]
    assert check["tensors"][0]["tolerance"] == {"max_abs_diff": 0.0002, "max_steps": None, "step": None,
                                                "source": "model models/digits_mlp.yaml"}
    assert check["min_accuracy"] == {"value": 0.5, "source": "model models/digits_mlp.yaml"}
    manifest.write_text(text.replace("max_abs_diff: 0.0001", "max_abs_diff: 1.0e-12"))
    done = scons(project, *args)
    result = report(project, "host", "emlearn", "digits_mlp")
    assert done.returncode != 0 and not result["passed"]
    assert "> tolerance 1e-12 (model models/digits_mlp.yaml)" in result["verdict"]


ENGINE_WITH_SUSPECT = {"options": {"saturate": {"choices": {
    0: {"why": "upstream's code", "suspect": "requantisation wraps round (missing saturation)"},
    1: {"why": "clamps"}}}}}


@pytest.mark.parametrize(("saturate", "target", "named"), [
    (0, probs((6, -60), (2, 110)), True),  # a wrong answer with no pinned value at the output
    (1, probs((6, -60), (2, 110)), False),  # the same failure, but this value keeps no known defect
    (0, probs((6, 110)), False),  # it passes: nothing to explain
])
def test_a_chosen_options_known_defect_is_named_when_the_check_fails(saturate, target, named) -> None:
    suspects = outputcheck.option_suspects(ENGINE_WITH_SUSPECT, {"saturate": saturate})
    engine_io = {"outputs": [{"dtype": "float32", "shape": [1, 10]}]}
    model_io = {"outputs": [INT8_OUT]}
    check = outputcheck.check(run_of([target]), engine_io, [probs((6, 110))[None, ...]], np.array([-1]), [],
                              model_io, 5, suspects)
    kinds = [c["kind"] for c in check["likely_causes"]]
    assert ("engine option" in kinds) == named
    _, text = verdict_of(check)
    assert ("likely cause: engine option: saturate=0: requantisation wraps round" in text) == named


def test_tinymaix_names_its_kept_defects() -> None:
    from edgebench.engines import load_engine

    engine = load_engine(Path(__file__).resolve().parents[1] / "engines" / "tinymaix" / "engine.yaml")
    assert "saturat" in outputcheck.option_suspects(engine, {"saturate": 0})[0]["detail"]
    assert outputcheck.option_suspects(engine, {"saturate": 1, "local_math": 0}) == []
    assert "exp()" in outputcheck.option_suspects(engine, {"local_math": 1})[0]["detail"]
