#!/usr/bin/env bash
# Sourced (not run) by scripts/demo.sh, scripts/test.sh and .ci/run: makes `node` on PATH a supported
# line (Node 24, see "engines" in package.json). When the machine's Node is another line, it installs
# Node 24 from the npm registry's `node` package (nothing else is downloaded) into the git-ignored
# .tools/node once, and puts it first on PATH for the rest of the calling script.
tierwatch_node_line=24
tierwatch_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tierwatch_node_tools="$tierwatch_root/.tools/node"

tierwatch_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(tierwatch_node_major node)" != "$tierwatch_node_line" ]; then
  if [ "$(tierwatch_node_major "$tierwatch_node_tools/node_modules/.bin/node")" != "$tierwatch_node_line" ]; then
    echo "Node $(node -v 2>/dev/null || echo '(none)') is not a supported line; installing Node $tierwatch_node_line from the npm registry (package \"node\") into .tools/node"
    mkdir -p "$tierwatch_node_tools"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$tierwatch_node_tools" "node@$tierwatch_node_line" >&2
    if [ "$(tierwatch_node_major "$tierwatch_node_tools/node_modules/.bin/node")" != "$tierwatch_node_line" ]; then
      echo "could not install Node $tierwatch_node_line into .tools/node; install Node $tierwatch_node_line.x (LTS) yourself and retry" >&2
      exit 1
    fi
  fi
  export PATH="$tierwatch_node_tools/node_modules/.bin:$PATH"
fi
echo "node: $(command -v node) $(node -v)"
