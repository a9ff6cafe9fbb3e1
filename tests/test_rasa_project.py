"""Rasa's own checks on the project: data validation and conversation tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RASA = [sys.executable, "-m", "rasa"]
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def _run(args: list[str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        RASA + args, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow
def test_rasa_data_validate_is_clean():
    result = _run(["data", "validate", "--fail-on-warnings"])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.model
def test_conversation_stories_pass(tmp_path):
    model = ROOT / "models" / "bank.tar.gz"
    if not model.exists():
        pytest.fail("No trained model: run `make test`, which trains it first.")
    result = _run(
        [
            "test", "core", "--model", str(model), "--stories", "tests/test_stories.yml",
            "--out", str(tmp_path), "--fail-on-prediction-errors",
        ]
    )  # fmt: skip
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details or (result.stdout[-3000:] + result.stderr[-3000:])
    assert "None of the test stories failed" in details or not details.strip("# \n")
