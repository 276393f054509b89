#!/usr/bin/env bash
# Installs everything callcore needs on a fresh Debian bookworm machine. Idempotent, and fast
# when nothing is missing, because npm test/start/build run it every time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sudo=""; [[ $EUID -ne 0 ]] && sudo="sudo"

# python3, make and g++ also serve node-gyp (better-sqlite3); pkg-config serves the installed core's
# callcore.pc (the native-install suite); dpkg-dev serves `apt-get source`
# (cJSON for the WASM build); chromium runs the browser tests; clang and its runtimes build the
# libFuzzer targets (tests/fuzz), and jansson is the second JSON parser of their differential target;
# valgrind runs the native suite under memcheck; wrk is the load generator of tests/load.
apt_packages=(cmake g++ make pkg-config python3 openssl libcjson-dev libgtest-dev emscripten dpkg-dev chromium
  clang libclang-rt-14-dev libjansson-dev valgrind wrk)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  # No recommends: emscripten's (libjs-d3, python3-numpy) serve its profiler and maintainer tools, not emcc.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash scripts/fetch-cjson-source.sh

# Debian's emscripten 3.1.6 finds its JS dependencies (acorn) only through NODE_PATH under Node 20.
export NODE_PATH=/usr/share/nodejs
if ! emcc --version >/dev/null || ! node -e "require('acorn')"; then
  echo "setup: emcc does not work (NODE_PATH=$NODE_PATH)" >&2
  exit 1
fi

# better-sqlite3 has no downloadable prebuilt binary here, so node-gyp compiles it; without a
# nodedir node-gyp would download node's headers, which is blocked. Node's own headers are in
# /usr/include/node. node-gyp reads npm_package_config_node_gyp_<key>; unlike npm_config_nodedir
# (env or .npmrc) it is not an npm option, so npm 11 does not warn that it is unknown.
export npm_package_config_node_gyp_nodedir=/usr
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci (compiles better-sqlite3, about 2 minutes)"
  npm ci --no-audit --no-fund
fi
