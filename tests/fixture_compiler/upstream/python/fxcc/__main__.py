"""python -m fxcc MODEL.onnx OUT_DIR --cpu CORE [--fail]: writes fxcc_model.c and fxcc_model.h."""
import argparse
import os
import sys
from pathlib import Path

import onnx
from onnx import numpy_helper


def main() -> int:
    parser = argparse.ArgumentParser(prog="fxcc")
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--cpu", required=True)
    parser.add_argument("--fail", action="store_true")
    args = parser.parse_args()
    if args.fail:
        print("fxcc: error: this model is too clever for me", file=sys.stderr)
        return 3
    graph = onnx.load(args.model).graph
    gemm = next(node for node in graph.node if node.op_type == "Gemm")
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    weights, bias = init[gemm.input[1]], init[gemm.input[2]]
    n_out, n_in = weights.shape
    # Helper names from a set of strings: emitted in hash order, as some real compilers do, so a
    # tool run without a fixed hash seed gives different sources each time.
    helpers = {f"fxcc_row_{i}" for i in range(n_out)}
    out = Path(args.out)
    lines = [f"/* fxcc for {args.cpu} ({os.environ['FXCC_FLAVOUR']}) */", '#include "fxcc_model.h"', ""]
    for name in helpers:
        row = int(name.rsplit("_", 1)[1])
        terms = " + ".join(f"{w!r}f * x[{j}]" for j, w in enumerate(weights[row].tolist()))
        lines += [f"static float {name}(const float *x)", "{", f"    return {float(bias[row])!r}f + {terms};", "}", ""]
    lines += ["void fxcc_run(const float *x, float *y)", "{"]
    lines += [f"    y[{i}] = fxcc_row_{i}(x);" for i in range(n_out)] + ["}", ""]
    (out / "fxcc_model.c").write_text("\n".join(lines))
    (out / "fxcc_model.h").write_text(f"#define FXCC_IN {n_in}\n#define FXCC_OUT {n_out}\n"
                                      "void fxcc_run(const float *x, float *y);\n")
    return 0


sys.exit(main())
