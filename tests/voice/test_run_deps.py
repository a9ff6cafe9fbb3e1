"""`make run` sets up speech output, or says exactly what to install and starts anyway."""

import os
import shutil
import subprocess

from assistant.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "tools" / "run_deps.sh"


def test_installed_espeak_needs_nothing():
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == result.stderr == ""


def test_without_espeak_or_a_way_to_install_it_says_what_to_run(tmp_path):
    # A PATH with neither espeak-ng nor dpkg nor apt-get: a machine where it is missing
    # and this user cannot install it.
    (tmp_path / "id").symlink_to(shutil.which("id"))
    result = subprocess.run(
        [shutil.which("bash"), str(SCRIPT)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PATH": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, "make run starts anyway"
    assert "sudo apt-get install espeak-ng" in result.stderr
    assert "Starting anyway" in result.stderr
