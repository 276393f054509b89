#!/usr/bin/env bash
# `prepack` of both packages (web/package.json: callcore, devtools/package.json: @callcore/devtools):
# `npm pack` from a fresh clone has no web/dist/ (it is built, not committed), so build what is
# missing first; a tree that is already built is packed as it is, in a second.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for f in callcore.mjs callcore.cjs callcore.js callcore.d.ts callcore.d.cts split/callcore.js split/callcore-core.wasm; do
  if [[ ! -s "web/dist/$f" ]]; then
    echo "prepack: web/dist/$f is missing; building (scripts/build.sh)" >&2
    # npm runs this with the package's own npm_package_* variables and, under `npm pack -w`, the
    # workspace in npm_config_workspace: build.sh's npm ci is the root's, so they are dropped.
    for v in $(compgen -e); do
      case "$v" in npm_package_* | npm_config_workspace* | npm_lifecycle_*) unset "$v" ;; esac
    done
    bash scripts/build.sh >&2
    break
  fi
done
