#!/usr/bin/env bash
# tierwatch has no built-in signing secret. For the demo and local runs, generate a random one into
# .env.local (git-ignored) once; npm run start:api|start:worker|cli and npx tierwatch read it.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077  # the file is readable by its owner only, from its first byte
if [ ! -f .env.local ] || ! grep -q '^AUTH_JWT_SECRET=' .env.local; then
  secret=$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")
  printf 'AUTH_JWT_SECRET=%s\n' "$secret" >> .env.local
  echo "generated a random development signing secret into .env.local (git-ignored; never commit it)"
fi
