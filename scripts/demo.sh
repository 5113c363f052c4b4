#!/usr/bin/env bash
# `npm run demo`: dependencies, services, build, then the CLI's demo (migrate, seed, show).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-dev-secret.sh
# The web console's persona sign-in (development and demo only; refused with NODE_ENV=production).
grep -q '^AUTH_DEV_LOGIN=' .env.local || printf 'AUTH_DEV_LOGIN=true\n' >> .env.local
npm run --silent build
node --env-file=.env.local dist/apps/cli/src/main.js demo
