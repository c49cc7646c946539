"""ORT's conversion of an ONNX model to its .ort format, run in the engine's tool environment (the
onnxruntime release the recipe pins): what onnxruntime.tools.convert_onnx_models_to_ort does for
`--optimization_style Fixed`, a session that optimises the graph (level all, without the NCHWc
layout that is for x86-64 alone) and saves it, on one thread and with address-space randomisation
off. ORT lays out the .ort's tables in the order of hash maps seeded by heap addresses; with the
addresses fixed, and no worker threads (ORT's or OpenBLAS's) allocating beside the main one, the
same model gives the same bytes.

It also writes the operators the .ort uses (OUT.ort's name with .config), in the format ORT's
reduced operator build reads (tools/ci_build/reduce_op_kernels.py).

usage: python -c "$(cat ort_format.py)" MODEL.onnx OUT.ort, in the model's folder with relative
paths: the paths are strings on the heap too, and their lengths moved ORT 1.32's layout.
"""
import ctypes
import os
import sys

ADDR_NO_RANDOMIZE = 0x0040000  # <linux/personality.h>


def without_randomisation() -> None:
    """Run this script again in a process whose addresses are not randomised (setarch -R)."""
    libc = ctypes.CDLL(None, use_errno=True)
    current = libc.personality(0xFFFFFFFF)
    if current != -1 and current & ADDR_NO_RANDOMIZE:
        return
    if current == -1 or libc.personality(current | ADDR_NO_RANDOMIZE) == -1:
        sys.exit(f"edgebench: cannot turn address randomisation off: {os.strerror(ctypes.get_errno())}")
    # numpy's OpenBLAS starts a thread per core at import, whose allocations land among ORT's in
    # an order the scheduler decides
    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    os.execv(sys.executable, sys.orig_argv)


def main(source: str, target: str) -> None:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.optimized_model_filepath = target
    options.add_session_config_entry("session.save_model_format", "ORT")
    ort.InferenceSession(source, sess_options=options, providers=["CPUExecutionProvider"],
                         disabled_optimizers=["NchwcTransformer"])

    from pathlib import Path

    from onnxruntime.tools.ort_format_model.utils import create_config_from_models

    create_config_from_models([Path(target)], Path(target).with_suffix(".config"), enable_type_reduction=False)


if __name__ == "__main__":
    without_randomisation()
    main(*sys.argv[1:])
