#!/usr/bin/env bash
# npm run build: the WASM core (emcmake), then the catalogue-generated glue
# sources and types, then the three bundles under web/dist/ (and the split
# build under web/dist/split/: callcore.js with the same callcore-core.wasm beside it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

export NODE_PATH=/usr/share/nodejs # Debian's emcc finds acorn only there (docs/toolchain.md)
if [ ! -f build-wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=MinSizeRel \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=node;--no-experimental-fetch" >/dev/null
fi
cmake --build build-wasm -j2 >/dev/null
unset NODE_PATH

mkdir -p web/generated web/dist/split
cp build-wasm/wasm/callcore-core.js web/generated/callcore-core.cjs
cp build-wasm/wasm/callcore-core.wasm web/generated/callcore-core.wasm
# the split build: the .wasm as its own file beside web/dist/split/callcore.js (for <script> pages)
cp build-wasm/wasm/callcore-core.wasm web/dist/split/callcore-core.wasm
rm -rf web/generated/split # left by earlier builds (a second Emscripten link per build)
node web/tools/generate.mjs
node web/tools/bundle.mjs
# The declarations once more as .d.cts: the package is "type": "module", so TypeScript (node16,
# nodenext) reads callcore.d.ts as ES module declarations, right for `import`; `require("callcore")`
# gets callcore.cjs, whose exports (`default`, `CallingExtensions`, …) the same text describes as
# CommonJS declarations under this extension.
cp web/dist/callcore.d.ts web/dist/callcore.d.cts
