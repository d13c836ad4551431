"""The service imports serving code only, so the bento (bentofile.yaml) packs no training code."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVING_PACKAGES = {"model", "service", "extraction"}  # what bentofile.yaml includes
OTHER_PACKAGES = {"training", "cli", "scoring", "bench", "tests", "monitoring", "reporting"}


def test_the_service_loads_no_training_cli_or_bench_module(trained_models):
    """Imports service.service in a fresh interpreter (with models in the store, so the
    whole module runs) and lists the project's packages that got loaded."""
    code = "import json, sys, service.service; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),  # conftest's BENTOML_HOME, holding the trained models
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}
    assert "service" in loaded and "model" in loaded
    assert sorted(loaded & OTHER_PACKAGES) == []


def test_the_bento_includes_every_serving_package_and_no_other():
    bentofile = yaml.safe_load((PROJECT_ROOT / "bentofile.yaml").read_text())
    assert {pattern.split("/")[0] for pattern in bentofile["include"]} == SERVING_PACKAGES
