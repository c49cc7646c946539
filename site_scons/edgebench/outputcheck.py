"""On-target outputs against the host reference, per output tensor: the
difference in the output's own units and, for quantised outputs, in
quantisation steps, against a tolerance that says where it came from; top-1
flips inside the tolerance are near ties, not failures; accuracy against the
labels, gating only when the model asks; and, when the check fails, the likely
cause the evidence shows (int8 wrap-around, a constant offset, a layout
permutation).

Default tolerances (README, "Output check"):
- a quantised output: STEPS_PER_LAYER steps per requantising layer of the
  model, at most 1/MAX_RANGE_FRACTION of the integer range. Two correct int8
  engines may round each requantised result differently (round-to-nearest vs
  truncation, float vs fixed-point multipliers: one step at that layer), and a
  later layer can magnify a step (a softmax behind a coarse logit layer turns
  one logit step into several output steps). Past 1/8 of the range a
  difference is no longer rounding: a value that wraps round is 256 steps off.
- a float output: REL_OF_MAGNITUDE of the reference outputs' largest magnitude
  (float32 keeps 24 bits; a different summation order or fused multiply-add
  moves results by a few units in the last place per operation).
"""
from __future__ import annotations

from itertools import permutations
from pathlib import Path
from typing import Any

import numpy as np

from .frontends._common import dequantize

STEPS_PER_LAYER = 4
MAX_RANGE_FRACTION = 8
REL_OF_MAGNITUDE = 1e-4
TOLERANCE_KEYS = ("max_abs_diff", "max_steps", "max_rel_diff")

Rule = tuple[str, dict[str, Any]]  # (source, check settings), later rules win


def decode(hex_text: str, tensor: dict[str, Any]) -> np.ndarray:
    values = np.frombuffer(bytes.fromhex(hex_text), dtype=np.dtype(tensor["dtype"]).newbyteorder("<"))
    quant = tensor.get("quant", {})
    return dequantize(values, quant.get("scale", 0.0), quant.get("zero_point", 0))


def model_rules(model: dict[str, Any]) -> list[Rule]:
    """The model manifest's `check:`, named by its file."""
    if not model.get("check"):
        return []
    path = Path(model.get("file", f"{model['name']}.yaml"))
    return [(f"model {path.parent.name}/{path.name}", model["check"])]


def option_rules(engine: dict[str, Any], options: dict[str, Any]) -> list[Rule]:
    """The `check:` of each chosen engine option value (engine.yaml), with its mandatory why."""
    rules = []
    for key, value in options.items():
        choice = engine.get("options", {}).get(key, {}).get("choices", {}).get(value) or {}
        if "check" in choice:
            rules.append((f"engine option {key}={value}: {choice['check']['why']}", choice["check"]))
    return rules


def option_suspects(engine: dict[str, Any], options: dict[str, Any]) -> list[dict[str, str]]:
    """Known defects the chosen option values keep (engine.yaml `suspect:`): likely causes of any
    failing check, whether or not the outputs show the pattern (a wrap-around inside the network
    may reach a softmax output as just a wrong answer)."""
    suspects = []
    for key, value in options.items():
        choice = engine.get("options", {}).get(key, {}).get("choices", {}).get(value) or {}
        if "suspect" in choice:
            suspects.append({"kind": "engine option", "detail": f"{key}={value}: {choice['suspect']}"})
    return suspects


def requantising_layers(model_format: str, path: Path) -> int | None:
    """How many layers of the model requantise (None: not quantised, or the format cannot tell)."""
    from .frontends import frontend

    count = getattr(frontend(model_format), "requantising_layers", None)
    return count(path) if count else None


# --- tolerances -----------------------------------------------------------------------------------

def quant_of(index: int, engine_io: dict[str, Any], model_io: dict[str, Any] | None) -> dict[str, Any] | None:
    """The output's quantisation: the engine's own, else the model's (an engine may
    dequantise its output, as TinyMaix does, but the model's steps still hold)."""
    for spec in (engine_io, model_io or {}):
        outputs = spec.get("outputs", [])
        if index < len(outputs) and outputs[index].get("quant", {}).get("scale"):
            return {**outputs[index]["quant"], "dtype": outputs[index]["dtype"]}
    return None


def default_tolerance(quant: dict[str, Any] | None, magnitude: float, layers: int | None) -> tuple[float, str]:
    if quant:
        info = np.iinfo(quant["dtype"])
        cap = (int(info.max) - int(info.min) + 1) // MAX_RANGE_FRACTION
        steps = cap if layers is None else min(cap, STEPS_PER_LAYER * max(layers, 1))
        counted = "layers unknown" if layers is None else f"{layers} requantising layers"
        return steps * quant["scale"], (f"default: {STEPS_PER_LAYER} steps per requantising layer ({counted}), "
                                        f"at most 1/{MAX_RANGE_FRACTION} of the {quant['dtype']} range")
    return REL_OF_MAGNITUDE * magnitude, (f"default: {REL_OF_MAGNITUDE:g} of the reference outputs' "
                                          f"largest magnitude ({magnitude:.3g})")


def _rule_value(rule: dict[str, Any], quant: dict[str, Any] | None, magnitude: float) -> float | None:
    """The strictest of the tolerances a rule gives that apply to this output."""
    values = []
    if "max_abs_diff" in rule:
        values.append(float(rule["max_abs_diff"]))
    if "max_steps" in rule and quant:
        values.append(rule["max_steps"] * quant["scale"])
    if "max_rel_diff" in rule:
        values.append(rule["max_rel_diff"] * magnitude)
    return min(values) if values else None


def tolerance(quant: dict[str, Any] | None, reference: np.ndarray, layers: int | None,
              rules: list[Rule]) -> dict[str, Any]:
    """{max_abs_diff, max_steps (quantised outputs), step, source}: the default, then each rule in turn."""
    magnitude = float(np.max(np.abs(reference))) if reference.size else 0.0
    value, source = default_tolerance(quant, magnitude, layers)
    for rule_source, rule in rules:
        ruled = _rule_value(rule, quant, magnitude)
        if ruled is not None:
            value, source = ruled, rule_source
    step = quant["scale"] if quant else None
    return {"max_abs_diff": value, "max_steps": None if step is None else round(value / step, 3),
            "step": step, "source": source}


# --- top-1 ----------------------------------------------------------------------------------------

def top1_flips(got: list[np.ndarray], want: list[np.ndarray], tol: dict[str, Any]) -> tuple[list, list]:
    """(near ties, failures): inputs whose top-1 differs, split by the reference's own margin
    between its top-1 and the target's top-1 (inside the tolerance: a near tie)."""
    near, failed = [], []
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if not g.size or int(np.argmax(g)) == int(np.argmax(w)):
            continue
        target, ref = int(np.argmax(g)), int(np.argmax(w))
        margin = float(w[ref] - w[target])
        flip = {"input": i, "top1": target, "reference_top1": ref, "margin": margin,
                "margin_steps": None if tol["step"] is None else round(margin / tol["step"], 3)}
        (near if margin <= tol["max_abs_diff"] else failed).append(flip)
    return near, failed


# --- likely causes --------------------------------------------------------------------------------

def _steps(values: np.ndarray, quant: dict[str, Any]) -> np.ndarray:
    return np.round(values / quant["scale"]) + quant["zero_point"]


def wraparound(got: np.ndarray, want: np.ndarray, quant: dict[str, Any] | None) -> dict[str, str] | None:
    """Reference values pinned at the integer limits where the target is at least half the
    range away: a result that wrapped round instead of saturating."""
    if not quant:
        return None
    info = np.iinfo(quant["dtype"])
    g, w = _steps(got, quant), _steps(want, quant)
    pinned = (w <= info.min) | (w >= info.max)
    far = pinned & (np.abs(g - w) >= (int(info.max) - int(info.min) + 1) // 2)
    if not far.any():
        return None
    return {"kind": "wraparound",
            "detail": f"{int(far.sum())} reference value(s) pinned at the {quant['dtype']} limit "
                      f"({int(info.min)} or {int(info.max)}) where the target is up to "
                      f"{int(np.max(np.abs(g - w)[far]))} steps away, at the other end: a requantised result "
                      f"wrapped round instead of clamping (missing saturation)"}


def offset(got: np.ndarray, want: np.ndarray, tol: dict[str, Any]) -> dict[str, str] | None:
    """target - reference about the same on (nearly) every value, and beyond the tolerance."""
    diff = got - want
    shift = float(np.median(diff))
    share = float(np.mean(np.abs(diff - shift) <= tol["max_abs_diff"]))
    if abs(shift) <= tol["max_abs_diff"] or share < 0.9:
        return None
    steps = "" if tol["step"] is None else f" ({shift / tol['step']:+.1f} steps)"
    return {"kind": "offset", "detail": f"target - reference is {shift:+.3g}{steps} on {share:.0%} of values: "
                                        f"a constant offset (a zero point or bias applied twice or not at all)"}


def _transpose(got: np.ndarray, want: np.ndarray, dims: tuple[int, ...], limit: float) -> tuple | None:
    for axes in permutations(range(len(dims))):
        if axes != tuple(range(len(dims))) and np.max(np.abs(want.reshape(dims).transpose(axes).reshape(-1) - got)) \
                <= limit:
            return axes
    return None


def permutation(got: list[np.ndarray], want: list[np.ndarray], shape: tuple[int, ...],
                tol: dict[str, Any]) -> dict[str, str] | None:
    """On every input that differs, the target's values are the reference's in another order.
    Only for outputs of two or more dimensions: a vector has no layout to get wrong (and
    two confident, different classifications would look like a permutation of each other)."""
    limit, dims = tol["max_abs_diff"], tuple(d for d in shape if d > 1)
    if not 2 <= len(dims) <= 5:
        return None
    bad = [(g, w) for g, w in zip(got, want, strict=True) if np.max(np.abs(g - w)) > limit]
    if not bad or any(np.max(np.abs(np.sort(g) - np.sort(w))) > limit for g, w in bad):
        return None
    axes = {_transpose(g, w, dims, limit) for g, w in bad}
    how = (f"transposed to axes {axes.pop()} of {list(dims)} (NCHW vs NHWC?)"
           if len(axes) == 1 and None not in axes else "in another order")
    return {"kind": "permutation",
            "detail": f"on {len(bad)} input(s) the target's values are the reference's {how}: a layout mismatch"}


def likely_causes(got: list[np.ndarray], want: list[np.ndarray], shape: tuple[int, ...],
                  quant: dict[str, Any] | None, tol: dict[str, Any]) -> list[dict[str, str]]:
    flat_got, flat_want = np.concatenate(got), np.concatenate(want)
    found = [wraparound(flat_got, flat_want, quant), offset(flat_got, flat_want, tol),
             permutation(got, want, shape, tol)]
    return [cause for cause in found if cause]


# --- the check ------------------------------------------------------------------------------------

def _tensor(k: int, got: list[np.ndarray], reference: np.ndarray, quant: dict[str, Any] | None,
            layers: int | None, rules: list[Rule], suspects: list[dict[str, str]]) -> dict[str, Any]:
    want = [reference[i].reshape(-1) for i in range(len(got))]
    tol = tolerance(quant, reference, layers, rules)
    complete = all(g.size == w.size for g, w in zip(got, want, strict=True))
    record = {"index": k, "complete": complete, "tolerance": tol, "max_abs_diff": None, "max_steps_diff": None,
              "values": sum(w.size for w in want), "differing_values": None, "within_tolerance": False,
              "top1": [int(np.argmax(g)) if g.size else -1 for g in got],
              "reference_top1": [int(np.argmax(w)) for w in want], "near_ties": [], "top1_failures": [],
              "likely_causes": []}
    record["top1_agree"] = sum(t == r for t, r in zip(record["top1"], record["reference_top1"], strict=True))
    if not complete:
        return record
    diff = max(float(np.max(np.abs(g - w))) for g, w in zip(got, want, strict=True))
    near, failed = top1_flips(got, want, tol)
    record.update(max_abs_diff=diff, within_tolerance=bool(diff <= tol["max_abs_diff"]), near_ties=near,
                  top1_failures=failed, max_steps_diff=None if quant is None else round(diff / quant["scale"], 3),
                  differing_values=differing(got, want, quant))
    if failed or not record["within_tolerance"]:
        record["likely_causes"] = likely_causes(got, want, tuple(reference.shape[1:]), quant, tol) + suspects
    return record


def differing(got: list[np.ndarray], want: list[np.ndarray], quant: dict[str, Any] | None) -> int:
    """How many values differ at all: by more than half a step for a quantised output (an engine that
    dequantises its own output is a rounding error off the exact value), by anything for a float one."""
    limit = 0.5 * quant["scale"] if quant else 0.0
    return sum(int(np.count_nonzero(np.abs(g - w) > limit)) for g, w in zip(got, want, strict=True))


def accuracy(first: dict[str, Any], labels: np.ndarray, rules: list[Rule]) -> dict[str, Any]:
    """Accuracy against the labels, target and reference apart; gates only on a min_accuracy rule."""
    known = [i for i in range(len(labels)) if labels[i] >= 0]
    target = sum(first["top1"][i] == labels[i] for i in known)
    reference = sum(first["reference_top1"][i] == labels[i] for i in known)
    gate = next(((source, rule["min_accuracy"]) for source, rule in reversed(rules) if "min_accuracy" in rule), None)
    result = {"labelled": len(known), "target_correct": int(target), "reference_correct": int(reference),
              "target_accuracy": target / len(known) if known else None,
              "reference_accuracy": reference / len(known) if known else None,
              "min_accuracy": None, "accuracy_passed": True}
    if gate:
        result["min_accuracy"] = {"value": gate[1], "source": gate[0]}
        result["accuracy_passed"] = bool(known) and bool(target / len(known) >= gate[1])
    return result


def check(run: dict[str, Any], engine_io: dict[str, Any], reference: list[np.ndarray], labels: np.ndarray,
          rules: list[Rule] | None = None, model_io: dict[str, Any] | None = None,
          layers: int | None = None, suspects: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The output check record (report.json run.output_check). rules: (source, settings)
    from the model manifest, then engine options; layers: the model's requantising layers;
    suspects: known defects of the chosen engine options (option_suspects)."""
    rules = rules or []
    count = len(labels)
    tensors = []
    for k, spec in enumerate(engine_io["outputs"]):
        got = [decode(run["outputs"].get(str(i), {}).get(str(k), ""), spec) for i in range(count)]
        tensors.append(_tensor(k, got, reference[k], quant_of(k, engine_io, model_io), layers, rules,
                               suspects or []))
    result = {"inputs": count, "tensors": tensors, **accuracy(tensors[0], labels, rules),
              "likely_causes": [{**c, "output": t["index"]} for t in tensors for c in t["likely_causes"]]}
    result["passed"] = result["accuracy_passed"] and all(
        t["complete"] and t["within_tolerance"] and not t["top1_failures"] for t in tensors)
    return result
