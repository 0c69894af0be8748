#!/usr/bin/env bash
# Runs every test of PES-TOR: unit, integration (real server on 127.0.0.1), edge, nginx proxy,
# and headless-Chromium journeys with axe-core. Needs: Rust, Node.js, Debian packages
# `chromium` and `nginx` (see README "Tests"). Prepares the npm packages of the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v node >/dev/null || missing+=("nodejs")
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || missing+=("chromium")
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=("nginx")
if [ ${#missing[@]} -gt 0 ]; then
  echo "Brakuje programów potrzebnych do testów: ${missing[*]}" >&2
  echo "Zainstaluj je, np.: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi

cargo test --all-targets --no-fail-fast "$@"
