#!/usr/bin/env bash
# Sourced (not run) by scripts/demo.sh, scripts/test.sh and .ci/run: makes `node` on PATH a supported
# line (Node 24, see "engines" in package.json). When the machine's Node is another line, it installs
# Node 24 from the npm registry's `node` package (nothing else is downloaded) into the git-ignored
# .tools/ once, and puts it first on PATH for the rest of the calling script.
tierwatch_node_line=24
tierwatch_node_tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"

tierwatch_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
tierwatch_node_install() { # prefix, package
  mkdir -p "$1"
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$1" "$2" >&2 || true
}

if [ "$(tierwatch_node_major node)" != "$tierwatch_node_line" ]; then
  tierwatch_node_bin=""
  # The "node" package fetches the binary in an install script; where npm runs none, the binary
  # package it would have fetched (node-<os>-<arch>, same registry) is the fallback.
  tierwatch_node_os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in x86_64 | amd64) tierwatch_node_arch=x64 ;; aarch64 | arm64) tierwatch_node_arch=arm64 ;; *) tierwatch_node_arch=$(uname -m) ;; esac
  for tierwatch_node_try in "node:node" "node-bin:node-$tierwatch_node_os-$tierwatch_node_arch"; do
    tierwatch_node_prefix="$tierwatch_node_tools/${tierwatch_node_try%%:*}"
    if [ "$(tierwatch_node_major "$tierwatch_node_prefix/node_modules/.bin/node")" != "$tierwatch_node_line" ]; then
      echo "Node $(node -v 2>/dev/null || echo '(none)') is not a supported line; installing Node $tierwatch_node_line from the npm registry (package \"${tierwatch_node_try#*:}\") into .tools/${tierwatch_node_try%%:*}"
      tierwatch_node_install "$tierwatch_node_prefix" "${tierwatch_node_try#*:}@$tierwatch_node_line"
    fi
    if [ "$(tierwatch_node_major "$tierwatch_node_prefix/node_modules/.bin/node")" = "$tierwatch_node_line" ]; then
      tierwatch_node_bin="$tierwatch_node_prefix/node_modules/.bin"
      break
    fi
  done
  if [ -z "$tierwatch_node_bin" ]; then
    echo "could not install Node $tierwatch_node_line into .tools/; install Node $tierwatch_node_line.x (LTS) yourself and retry" >&2
    exit 1
  fi
  export PATH="$tierwatch_node_bin:$PATH"
fi
echo "node: $(command -v node) $(node -v)"
