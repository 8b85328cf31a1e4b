#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run the whole suite;
# then, where a Python 3.13 is at hand (pyenv has one on our machines), the fast part again on
# it, so that "Python 3.11 and up" stays true.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
# WeasyPrint (the result as PDF) loads Pango; fonts-dejavu-core gives it fonts to draw with.
for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
if ((${#need_apt[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
  else
    echo "Please install Debian's ${need_apt[*]} first: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/pytest "$@"

python313() {
  local found
  for found in "$(command -v python3.13 || true)" \
    "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.13*/bin/python3.13; do
    if [[ -n $found && -x $found ]] && "$found" -c 'import sys' >/dev/null 2>&1; then
      echo "$found"
      return 0
    fi
  done
  return 1
}

if newer=$(python313); then
  echo "--- The fast tests again on $("$newer" -V)"
  [[ -x .venv-3.13/bin/python ]] || "$newer" -m venv .venv-3.13
  .venv-3.13/bin/pip install -q --disable-pip-version-check -e '.[test]'
  .venv-3.13/bin/pytest -m "not slow" "$@"
else
  echo "--- No Python 3.13 here: the suite ran on $(.venv/bin/python -V) only"
fi
