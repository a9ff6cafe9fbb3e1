#!/usr/bin/env bash
# Report known vulnerabilities in the pinned packages (requirements.lock) with
# pip-audit, run from a venv of its own (its pins clash with Rasa's).
# Report only: known issues in Rasa 3.6's own pins are listed with a reason in
# tools/known-vulnerabilities.txt; anything else is printed as NEW.
set -u
cd "$(dirname "$0")/.."
venv=.venv-audit
if [ ! -x "$venv/bin/pip-audit" ]; then
  "$(tools/find_python.sh)" -m venv "$venv" && "$venv/bin/pip" install -q pip-audit==2.10.1 || {
    echo "pip-audit could not be installed; no vulnerability report this time."; exit 0; }
fi
ignores=()
while read -r id _; do
  [ -n "$id" ] && [ "${id:0:1}" != "#" ] && ignores+=(--ignore-vuln "$id")
done < tools/known-vulnerabilities.txt
mkdir -p var
echo "pip-audit on requirements.lock (known and explained: tools/known-vulnerabilities.txt)"
"$venv/bin/pip-audit" -r requirements.lock --no-deps --disable-pip --progress-spinner off \
  "${ignores[@]}" > var/pip-audit.txt 2>&1
status=$?
unaudited=$(grep -c "could not be audited" var/pip-audit.txt || true)
total=$(grep -c "==" requirements.lock || true)
if [ "$unaudited" -gt 0 ]; then
  echo "pip-audit: $unaudited of $total pinned packages could not be audited: the vulnerability"
  echo "database (PyPI's JSON API) is not reachable from this machine. Full output: var/pip-audit.txt"
elif [ "$status" -eq 0 ]; then
  echo "pip-audit: no vulnerabilities beyond the known ones."
else
  echo "pip-audit: NEW findings (the build does not fail on them; review them):"
  cat var/pip-audit.txt
fi
exit 0
