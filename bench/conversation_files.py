"""Benchmark: the share of customer-style conversations that pass.

Runs tests/e2e/test_customer_conversations.py (every conversation in
tests/conversations/*.yml) through one real stack, started once, and prints
how many pass, per file and in all, and how long the run took.

    PYTHONPATH=$PWD .venv/bin/python bench/conversation_files.py [--failures]

With --failures it also lists the conversations that failed, and why.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "tests/e2e/test_customer_conversations.py"


def run(report: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pytest", MODULE, "-q", "-p", "no:warnings", f"--junitxml={report}"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list what failed and why")
    args = parser.parse_args()
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.xml"
        seconds = run(report)
        if not report.exists():
            sys.exit("pytest wrote no report: run the module by hand to see why.")
        cases = ET.parse(report).getroot().iter("testcase")  # noqa: S314 - our own pytest wrote it
        total: Counter[str] = Counter()
        passed: Counter[str] = Counter()
        for case in cases:
            name = case.get("name", "")
            source = name.split("[", 1)[-1].split(":", 1)[0]
            total[source] += 1
            problems = [c for c in case if c.tag in ("failure", "error", "skipped")]
            if not problems:
                passed[source] += 1
            else:
                why = (problems[0].get("message") or "").splitlines()[0][:160]
                failed.append(f"{name.split('[', 1)[-1].rstrip(']')}: {why}")
    for source in sorted(total):
        print(f"{source:28} {passed[source]:4d} of {total[source]:4d} pass")
    all_passed, all_total = sum(passed.values()), sum(total.values())
    share = 100 * all_passed / all_total if all_total else 0.0
    print(f"{'all conversations':28} {all_passed:4d} of {all_total:4d} pass ({share:.1f}%)")
    print(f"run time {seconds:.0f} s, one stack for all ({os.cpu_count()} CPUs)")
    if args.failures:
        print("\n".join(["", "failed:", *failed]) if failed else "none failed")


if __name__ == "__main__":
    main()
