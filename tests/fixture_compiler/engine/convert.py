"""Fixture compiler engine's converter: runs the fxcc tool on the model, for the board's CPU."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def convert(model_path: Path, model_format: str, spec: dict[str, Any], options: dict[str, Any], out_dir: Path,
            tool: Any, board: dict[str, Any]) -> dict[str, Any]:
    from edgebench.errors import ToolError

    args = ["-m", "fxcc", str(model_path), str(out_dir), "--cpu", board["cpu"].get("core", board["name"])]
    done = tool.run(args + (["--fail"] if options["behaviour"] == "fail" else []), cwd=out_dir)
    if done.returncode != 0:
        raise ToolError(f"fxcc failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    n_in, n_out = spec["inputs"][0]["shape"][-1], spec["outputs"][0]["shape"][-1]
    return {"inputs": [{"dtype": "float32", "shape": [n_in]}], "outputs": [{"dtype": "float32", "shape": [n_out]}]}
