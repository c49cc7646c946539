"""Engine option resolution: defaults picked by board features, overrides
checked against the allowed values and the board's features."""
from __future__ import annotations

import pytest
from edgebench.engines import parse_engine_opts, resolve_options
from edgebench.errors import InputError

ENGINE = {
    "name": "demo",
    "options": {
        "arch": {"description": "kernel flavour",
                 "default": [{"when": ["mve_i"], "value": "MVEI"}, {"when": ["dsp"], "value": "SIMD"},
                             {"value": "CPU"}],
                 "choices": {"CPU": None, "SIMD": {"requires": ["dsp"], "why": "uses SMLAD"},
                             "MVEI": {"requires": ["mve_i"]}}},
        "level": {"description": "opt level", "default": 0, "choices": {0: None, 1: None}},
    },
}


def board(*features: str) -> dict:
    return {"name": "b", "cpu": {"features": list(features)}}


@pytest.mark.parametrize(("features", "expected"), [
    ((), "CPU"), (("dsp",), "SIMD"), (("dsp", "mve_i"), "MVEI"), (("neon",), "CPU"),
])
def test_default_follows_board_features(features: tuple[str, ...], expected: str) -> None:
    assert resolve_options(ENGINE, board(*features), {}) == {"arch": expected, "level": 0}


def test_override_and_integer_choice() -> None:
    assert resolve_options(ENGINE, board("dsp"), parse_engine_opts("arch=CPU,level=1")) == {"arch": "CPU", "level": 1}


@pytest.mark.parametrize(("opts", "fragment"), [
    ("arch=SIMD", "needs board feature(s) dsp, which board 'b' does not have (uses SMLAD)"),
    ("arch=SIMDD", "did you mean 'SIMD'"),
    ("level=3", "one of: 0, 1"),
    ("arhc=CPU", "did you mean 'arch'"),
])
def test_refused_before_compiling(opts: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        resolve_options(ENGINE, board(), parse_engine_opts(opts))
    assert fragment in str(info.value)
