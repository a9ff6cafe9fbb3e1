#!/usr/bin/env bash
# Report known vulnerabilities in the pinned packages (every lock `make install` and
# `make install-dev` install) with pip-audit, run from a venv of its own (its pins clash with
# Rasa's), then say what was checked (tools/advisories.py): how many packages an advisory
# service answered for, the advisories recorded in tools/known-vulnerabilities.txt that apply
# (checked offline), and anything NEW. Where no advisory service can be reached it says so, and
# never calls that a clean audit. Report only: it exits 0, so a missing network never fails CI.
set -u
cd "$(dirname "$0")/.."
venv=.venv-audit
out=${AUDIT_OUT:-var}
locks=(requirements.lock requirements-speech.lock requirements-dev.lock)
mkdir -p "$out"
: > "$out/pip-audit.json"
if [ ! -x "$venv/bin/pip-audit" ]; then
  { "$(tools/find_python.sh)" -m venv "$venv" && "$venv/bin/pip" install -q pip-audit==2.10.1; } \
    > "$out/pip-audit.txt" 2>&1 || echo "pip-audit could not be installed: no advisory service asked."
fi
if [ -x "$venv/bin/pip-audit" ]; then
  ignores=()
  while read -r id _; do
    [ -n "$id" ] && [ "${id:0:1}" != "#" ] && ignores+=(--ignore-vuln "$id")
  done < tools/known-vulnerabilities.txt
  requirements=()
  for lock in "${locks[@]}"; do requirements+=(-r "$lock"); done
  "$venv/bin/pip-audit" "${requirements[@]}" --require-hashes --disable-pip --progress-spinner off \
    --format json --output "$out/pip-audit.json" "${ignores[@]}" > "$out/pip-audit.txt" 2>&1
fi
python=.venv/bin/python
[ -x "$python" ] || python=$venv/bin/python
"$python" tools/advisories.py --pip-audit "$out/pip-audit.json" "${locks[@]}"
exit 0
