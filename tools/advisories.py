"""Say what a dependency audit checked: `tools/audit.sh` runs it after pip-audit.

pip-audit asks an advisory service (PyPI's JSON API) about each pinned package. Where
none can be reached, it checks nothing, and a report must not read as a clean audit. So
this reports, for the locks given:

- how many pinned packages pip-audit could check, and which it could not;
- the advisories recorded in tools/known-vulnerabilities.txt that apply to the pins (each
  with why it does not reach the assistant), checked here with no network at all;
- anything pip-audit found that is not recorded there: NEW;

and ends with one verdict line. It never fails: an audit reports, people decide.

    python tools/advisories.py --pip-audit var/pip-audit.json LOCK...
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
KNOWN = ROOT / "tools" / "known-vulnerabilities.txt"


@dataclass(frozen=True)
class Advisory:
    id: str
    package: str
    affected: SpecifierSet
    reason: str


def read_known(path: Path = KNOWN) -> list[Advisory]:
    found = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            advisory_id, package, affected, reason = line.split(maxsplit=3)
            found.append(
                Advisory(advisory_id, canonicalize_name(package), SpecifierSet(affected), reason)
            )
    return found


def read_pins(locks: list[Path]) -> dict[str, str]:
    """Package -> pinned version, from lock files (continuation lines and hashes allowed)."""
    pins = {}
    for lock in locks:
        for line in lock.read_text().replace("\\\n", " ").splitlines():
            words = line.split("#", 1)[0].split()
            if words and "==" in words[0]:
                name, version = words[0].split("==", 1)
                pins[canonicalize_name(name)] = version
    return pins


def read_pip_audit(path: Path | None) -> tuple[set[str], list[tuple[str, str, str]]]:
    """(packages pip-audit checked, its findings as (package, version, id and aliases))."""
    if path is None or not path.exists() or not path.read_text().strip():
        return set(), []
    try:
        report = json.loads(path.read_text())
    except json.JSONDecodeError:
        return set(), []
    checked, findings = set(), []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            continue
        name = canonicalize_name(dependency["name"])
        checked.add(name)
        for vuln in dependency.get("vulns", []):
            ids = " ".join([vuln["id"], *vuln.get("aliases", [])])
            findings.append((name, dependency["version"], ids))
    return checked, findings


def report(locks: list[Path], pip_audit: Path | None, known: list[Advisory]) -> list[str]:
    pins = read_pins(locks)
    checked, findings = read_pip_audit(pip_audit)
    checked &= set(pins)
    names = ", ".join(lock.name for lock in locks)
    lines = [f"Checked {len(pins)} pinned packages ({names}):"]
    unchecked = sorted(set(pins) - checked)
    lines.append(
        f"  online, pip-audit against PyPI's advisory data: {len(checked)} of {len(pins)} checked"
        + (f"; not checked: {len(unchecked)} (no advisory service answered)" if unchecked else "")
    )
    applying = [a for a in known if a.package in pins and pins[a.package] in a.affected]
    stale = [a for a in known if a.package in pins and pins[a.package] not in a.affected]
    lines.append(
        f"  offline, against the {len(known)} advisories recorded in "
        f"tools/known-vulnerabilities.txt: {len(applying)} apply to the pins, each explained:"
    )
    lines += [
        f"    {a.package}=={pins[a.package]} {a.id} ({a.affected}): {a.reason}" for a in applying
    ]
    lines += [
        f"    {a.id} no longer applies to {a.package}=={pins[a.package]}: remove its line"
        for a in stale
    ]
    recorded = {a.id for a in known}
    new = [f for f in findings if not recorded & set(f[2].split())]
    lines += [f"  NEW: {name}=={version} {ids}" for name, version, ids in new]
    if new:
        lines.append(f"VERDICT: {len(new)} NEW advisories: review them (the build does not fail).")
    elif unchecked:
        lines.append(
            f"VERDICT: NOT A CLEAN AUDIT. {len(unchecked)} of {len(pins)} packages were not "
            "checked against any advisory database; only the recorded advisories above were. "
            "Run `make audit` where PyPI's JSON API is reachable."
        )
    else:
        lines.append(
            f"VERDICT: all {len(pins)} packages checked online; no advisories beyond the "
            "recorded ones."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", type=Path, help="pip-audit's JSON report, if it ran")
    parser.add_argument("locks", type=Path, nargs="+")
    args = parser.parse_args(argv)
    print("\n".join(report(args.locks, args.pip_audit, read_known())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
