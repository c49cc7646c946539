"""The example CI workflow (.github/workflows/matrix.yml) run here, step by step as a runner would:
each shard's build of .ci/matrix.yaml, the artifacts gathered as download-artifact lays them out, the
merge into one comparison written to the job summary, then the same against that comparison as the
baseline. Its matrix uses emlearn, which CI gets from PyPI."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, copy_project
from edgebench import matrix
from edgebench.catalog import Catalog

WORKFLOW = PROJECT / ".github" / "workflows" / "matrix.yml"


def step(job: dict, name: str) -> str:
    return next(s["run"] for s in job["steps"] if s.get("name") == name)


def run_step(script: str, project: Path, env: dict[str, str], shard: int | None = None) -> subprocess.CompletedProcess:
    script = script.replace("${{ github.workspace }}", str(project))
    if shard is not None:
        script = script.replace("${{ matrix.shard }}", str(shard))
    assert "${{" not in script, script  # every expression the steps use is one this test provides
    full = {k: v for k, v in os.environ.items() if k != "EDGEBENCH_CONAN_HOME"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=project, env={**full, **env}, capture_output=True,
                          text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_workflow_shards_merge_and_gate(workflow: dict, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "checkout")
    shutil.copytree(PROJECT / ".ci", project / ".ci")
    (project / ".venv").symlink_to(Path(sys.executable).parents[1])  # what `bash setup.sh` makes
    env = {k: str(v).replace("${{ github.workspace }}", str(project)) for k, v in workflow["env"].items()}
    count = int(env["SHARDS"])
    assert workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"] == list(range(1, count + 1))
    build = step(workflow["jobs"]["shard"], "build shard")
    for shard in range(1, count + 1):
        done = run_step(build, project, env, shard)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        # upload-artifact of reports/shard-K, then download-artifact by pattern: one folder per artifact
        shutil.move(project / "reports" / f"shard-{shard}", project / "reports" / f"edgebench-shard-{shard}")
    summary = tmp_path / "summary.md"
    merge = step(workflow["jobs"]["merge"], "merge and gate")
    done = run_step(merge, project, {**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    merged = json.loads((project / "merged" / "matrix.json").read_text())
    whole = matrix.expand(Catalog.for_project(project, []), matrix.load_file(project / ".ci" / "matrix.yaml"), "m",
                          project, {}, None)
    assert sorted(r["key"] for r in merged["rows"]) == whole.keys
    assert all(r["status"] == "ok" for r in merged["rows"])
    assert summary.read_text().startswith("# edgebench comparison") and "Mem / Time / Deploy" in summary.read_text()
    # the next pull request: main's merged comparison is the baseline; the same build changes nothing
    shutil.copytree(project / "merged", project / "baseline")
    again = run_step(merge, project, {**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert again.returncode == 0, again.stdout[-3000:]
    rows = json.loads((project / "merged" / "matrix.json").read_text())["rows"]
    assert all(d["absolute"] == 0 for r in rows for d in r["deltas"].values()) and all(r["deltas"] for r in rows)
