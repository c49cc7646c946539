"""Which rounding TFLite's interpreter uses when it requantises FULLY_CONNECTED outputs, found by
computing every layer again in integers both ways and comparing with what the interpreter holds.

    .venv/bin/python bench/tflite_rounding.py MODEL.tflite [--count 8] [--seed 0]

TFLite and TFLM share one requantisation, MultiplyByQuantizedMultiplier, in two variants chosen at
compile time (TFLITE_SINGLE_ROUNDING): `double` rounds twice (a rounding doubling high multiply,
then a rounding right shift: gemmlowp's way, TFLM's default) and `single` rounds once (one 64-bit
multiply, add half, shift). The two differ by one step now and then. This prints, per FULLY_CONNECTED
layer, how many outputs each variant gets wrong against the interpreter (BUILTIN_REF, every tensor
kept), each layer fed the interpreter's own input to it, and then how far the two variants' whole
chains end up apart from each other. Only per-tensor int8 FULLY_CONNECTED layers are recomputed.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np


def quantize_multiplier(real: float) -> tuple[int, int]:
    """TFLite's QuantizeMultiplier: real = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31)."""
    if real == 0:
        return 0, 0
    fraction, shift = math.frexp(real)
    multiplier = round(fraction * (1 << 31))
    if multiplier == 1 << 31:
        multiplier, shift = multiplier // 2, shift + 1
    return multiplier, shift


def requantize(acc: np.ndarray, multiplier: int, shift: int, rounding: str) -> np.ndarray:
    """MultiplyByQuantizedMultiplier on int64 accumulators, `single` or `double` rounding."""
    acc = acc.astype(np.int64)
    if rounding == "single":
        total = 31 - shift
        return (acc * multiplier + (1 << (total - 1))) >> total
    left, right = max(shift, 0), max(-shift, 0)
    product = (acc << left) * multiplier
    nudge = np.where(product >= 0, 1 << 30, 1 - (1 << 30))
    total = product + nudge
    high = np.sign(total) * (np.abs(total) >> 31)  # C's division: toward zero
    mask = (1 << right) - 1
    threshold = (mask >> 1) + (high < 0)
    return (high >> right) + ((high & mask) > threshold)


def fully_connected(x: np.ndarray, weights: np.ndarray, bias: np.ndarray, scales: tuple, zero_points: tuple,
                    rounding: str) -> np.ndarray:
    """One per-tensor int8 FULLY_CONNECTED layer (weights' zero point 0, as TFLite's int8 scheme has it)."""
    (s_in, s_w, s_out), (z_in, z_out) = scales, zero_points
    acc = (x.astype(np.int64) - z_in) @ weights.astype(np.int64).T + bias.astype(np.int64)
    multiplier, shift = quantize_multiplier(np.float64(s_in) * np.float64(s_w) / np.float64(s_out))
    return np.clip(requantize(acc, multiplier, shift, rounding) + z_out, -128, 127)


def layers(interpreter) -> list[dict]:
    details = {d["index"]: d for d in interpreter.get_tensor_details()}
    found = []
    for op in interpreter._get_ops_details():  # the interpreter's own list of operators
        if op["op_name"] != "FULLY_CONNECTED":
            continue
        x, w, b = (details[i] for i in op["inputs"][:3])
        y = details[op["outputs"][0]]
        found.append({"x": x["index"], "w": w["index"], "b": b["index"], "y": y["index"],
                      "scales": (x["quantization"][0], w["quantization"][0], y["quantization"][0]),
                      "zero_points": (x["quantization"][1], y["quantization"][1])})
    return found


def compare(model: Path, inputs: np.ndarray) -> dict:
    """Per layer, per rounding: outputs that differ from the interpreter's, over all inputs; and the
    largest difference between the two roundings' whole chains (each layer fed the previous one's)."""
    from ai_edge_litert import interpreter as litert

    interpreter = litert.Interpreter(model_path=str(model), experimental_preserve_all_tensors=True,
                                     experimental_op_resolver_type=litert.OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    fcs = layers(interpreter)
    wrong = {rounding: [0] * len(fcs) for rounding in ("single", "double")}
    chains_apart, outputs = 0, 0
    index = interpreter.get_input_details()[0]["index"]
    for x in inputs:
        interpreter.set_tensor(index, x.reshape(interpreter.get_input_details()[0]["shape"]))
        interpreter.invoke()
        chain = {"single": None, "double": None}
        for n, fc in enumerate(fcs):
            weights, bias = interpreter.get_tensor(fc["w"]), interpreter.get_tensor(fc["b"])
            held = interpreter.get_tensor(fc["x"]).reshape(1, -1)
            expected = interpreter.get_tensor(fc["y"]).reshape(1, -1).astype(np.int64)
            for rounding, counts in wrong.items():
                mine = fully_connected(held, weights, bias, fc["scales"], fc["zero_points"], rounding)
                counts[n] += int((mine != expected).sum())
                fed = held if chain[rounding] is None else chain[rounding]
                chain[rounding] = fully_connected(fed, weights, bias, fc["scales"], fc["zero_points"], rounding)
        if fcs:
            chains_apart = max(chains_apart, int(np.abs(chain["single"] - chain["double"]).max()))
            outputs += int((chain["single"] != chain["double"]).sum())
    return {"layers": len(fcs), "wrong": wrong, "chains_max_steps_apart": chains_apart,
            "chain_outputs_apart": outputs}


def seeded_inputs(model: Path, count: int, seed: int) -> np.ndarray:
    from ai_edge_litert import interpreter as litert

    detail = litert.Interpreter(model_path=str(model)).get_input_details()[0]
    if detail["dtype"] != np.int8:
        raise SystemExit(f"{model}: input is {np.dtype(detail['dtype']).name}; this compares int8 models only")
    rng = np.random.default_rng(seed)
    return rng.integers(-128, 128, size=(count, *detail["shape"]), dtype=np.int8)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--count", type=int, default=8, help="seeded int8 inputs, uniform over -128..127")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = compare(args.model, seeded_inputs(args.model, args.count, args.seed))
    print(f"{args.model.name}: {result['layers']} int8 FULLY_CONNECTED layers, {args.count} inputs")
    print("| rounding | outputs unlike TFLite's, per layer | total |")
    print("|---|---|---:|")
    for rounding, counts in result["wrong"].items():
        print(f"| {rounding} | {' '.join(map(str, counts))} | {sum(counts)} |")
    print(f"whole chains, single against double: {result['chain_outputs_apart']} outputs differ, "
          f"by at most {result['chains_max_steps_apart']} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
