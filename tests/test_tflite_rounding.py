"""bench/tflite_rounding.py: TFLite's two requantisations recomputed in numpy, checked against exact
integer arithmetic; with ../shared, the finding it explains (README, TFLM: mlperf_ad): TFLite's
interpreter requantises FULLY_CONNECTED with single rounding, TFLM's release build with double."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import PROJECT
from test_mlperf import SHARED, without_shared

sys.path.insert(0, str(PROJECT / "bench"))
import tflite_rounding  # noqa: E402


def exact(acc: int, multiplier: int, shift: int, rounding: str) -> int:
    """Both variants in Python's unbounded integers, step by step as TFLite's common.h writes them."""
    if rounding == "single":
        total = 31 - shift
        return (acc * multiplier + (1 << (total - 1))) >> total
    product = (acc << max(shift, 0)) * multiplier
    nudge = (1 << 30) if product >= 0 else 1 - (1 << 30)
    high = abs(product + nudge) >> 31
    high = high if product + nudge >= 0 else -high  # C's division: toward zero
    right = max(-shift, 0)
    mask = (1 << right) - 1
    return (high >> right) + ((high & mask) > (mask >> 1) + (high < 0))


def test_double_rounding_rounds_twice() -> None:
    # 5 x 0.25 = 1.25: once rounded, 1; rounded to 2.5 first and then up, 2
    assert tflite_rounding.requantize(np.array([5]), 1 << 30, -1, "single")[0] == 1
    assert tflite_rounding.requantize(np.array([5]), 1 << 30, -1, "double")[0] == 2


@pytest.mark.parametrize("rounding", ["single", "double"])
def test_requantize_is_exact_over_the_int32_range(rounding: str) -> None:
    rng = np.random.default_rng(7)
    acc = rng.integers(-(1 << 31), 1 << 31, size=2000, dtype=np.int64)
    for real in (0.000731, 0.0421, 0.5, 0.99):
        multiplier, shift = tflite_rounding.quantize_multiplier(real)
        assert (1 << 30) <= multiplier < (1 << 31)
        ours = tflite_rounding.requantize(acc, multiplier, shift, rounding)
        assert ours.tolist() == [exact(int(a), multiplier, shift, rounding) for a in acc]


@pytest.mark.shared
@without_shared
def test_tflite_requantises_fully_connected_with_single_rounding() -> None:
    model = SHARED / "models" / "mlperf_ad01_int8.tflite"
    result = tflite_rounding.compare(model, tflite_rounding.seeded_inputs(model, 4, 0))
    assert result["layers"] == 10
    assert sum(result["wrong"]["single"]) == 0  # every output of every layer, as the interpreter has it
    assert sum(result["wrong"]["double"]) > 0
    assert result["chain_outputs_apart"] > 0
