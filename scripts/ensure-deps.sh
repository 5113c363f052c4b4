#!/usr/bin/env bash
# Installs dependencies when they are missing or older than package-lock.json, and rebuilds native
# modules when the Node on PATH has another ABI than the one they were installed with.
set -euo pipefail
cd "$(dirname "$0")/.."
abi=$(node -p 'process.versions.modules')
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$abi" > node_modules/.tierwatch-node-abi
elif [ "$(cat node_modules/.tierwatch-node-abi 2>/dev/null)" != "$abi" ]; then
  echo "rebuilding native modules for Node $(node -v) (ABI $abi)"
  npm rebuild
  echo "$abi" > node_modules/.tierwatch-node-abi
fi
