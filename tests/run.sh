#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run the whole suite.
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
exec .venv/bin/pytest "$@"
