#!/usr/bin/env bash
# `npm test`: dependencies, services, then lint, type check and the three test tiers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
echo "== lint";       npx eslint --max-warnings 0 .
echo "== format";     npx prettier --check "{apps,libs,test,scripts}/**/*.ts" --log-level warn
echo "== type check"; npx tsc --noEmit -p tsconfig.json
echo "== type check (web console)"; npx vue-tsc --noEmit -p apps/web/tsconfig.json
echo "== build";      npm run --silent build
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || echo "note: no Chromium, the web console's browser tests will be skipped (apt-get install -y chromium)"
echo "== tests (unit, integration, e2e, browser; screenshots in test-results/screenshots)"
npx jest --ci "$@"
