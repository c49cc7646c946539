"""emlearn converter: a trained scikit-learn estimator -> model.h via
emlearn's own code generator (the emlearn Python package, the same version
as the recipe's C headers), plus model_config.h and model.c from the
templates beside this file."""
from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# Estimator family -> (template, C feature type, numpy feature type).
# emlearn's trees compare int16 features; its networks compute in float.
FAMILIES = {
    "MLPClassifier": ("predict_net.c.in", "float", "float32"),
    "RandomForestClassifier": ("predict_trees.c.in", "int16_t", "int16"),
    "ExtraTreesClassifier": ("predict_trees.c.in", "int16_t", "int16"),
    "DecisionTreeClassifier": ("predict_trees.c.in", "int16_t", "int16"),
}
# Soft voting with 8-bit class proportions: the nearest emlearn's trees get
# to scikit-learn's predict_proba.
LEAF_BITS = 8


def _render(name: str, out: Path, **values: Any) -> None:
    out.write_text(string.Template((HERE / name).read_text()).substitute(**values))


@contextlib.contextmanager
def _host_check_programs_in(folder: Path) -> Iterator[None]:
    """emlearn.convert() also compiles a host program to check the model, into 'tmp' under the
    current directory (emlearn/common.py: CompiledClassifier's temp_dir default), which is the
    checkout during a build. Point that default into the conversion's own scratch folder instead;
    the caller holds the converter lock, so no other conversion sees the change."""
    from emlearn.common import CompiledClassifier

    init = CompiledClassifier.__init__
    names = init.__code__.co_varnames[1:init.__code__.co_argcount]
    defaults = init.__defaults__
    position = names.index("temp_dir") - (len(names) - len(defaults))
    # Relative to the current directory: distutils then puts the objects beside their sources (given
    # an absolute path, it would rebuild that path under the current directory for them).
    relative = os.path.relpath(folder, os.getcwd())
    init.__defaults__ = (*defaults[:position], relative, *defaults[position + 1:])
    try:
        yield
    finally:
        init.__defaults__ = defaults


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any],
            out_dir: Path) -> dict[str, Any]:
    import emlearn
    from edgebench.errors import UnsupportedModel

    with open(model_path, "rb") as handle:
        estimator = pickle.load(handle)["estimator"]  # noqa: S301 - built by edgebench's sklearn frontend
    family = type(estimator).__name__
    if family not in FAMILIES:
        raise UnsupportedModel(f"emlearn engine: no glue for {family}; supported: {', '.join(FAMILIES)}")
    template, c_type, np_type = FAMILIES[family]
    trees = c_type == "int16_t"
    scratch = out_dir / "emlearn-host-check"
    with _host_check_programs_in(scratch):
        converted = emlearn.convert(estimator, method=options["method"], **({"leaf_bits": LEAF_BITS} if trees else {}))
    shutil.rmtree(scratch, ignore_errors=True)
    converted.save(file=str(out_dir / "model.h"), name="eb_model", **({"include_proba": True} if trees else {}))
    features, classes = spec["inputs"][0]["shape"][-1], spec["outputs"][0]["shape"][-1]
    _render("model_config.h.in", out_dir / "model_config.h", features=features, classes=classes, feature_type=c_type)
    _render(template, out_dir / "model.c")
    return {"inputs": [{"dtype": np_type, "shape": [features]}],
            "outputs": [{"dtype": "float32", "shape": [classes]}]}
