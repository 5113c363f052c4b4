#!/usr/bin/env bash
# `npm run demo`: dependencies, services, build, then the CLI's demo (migrate, seed, show).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-dev-secret.sh
npm run --silent build
node --env-file=.env.local dist/apps/cli/src/main.js demo
