#!/usr/bin/env bash
# npm start: set up and build what is missing (build.sh runs setup.sh), then run the demo widget
# (https://localhost:9025/) and the emulator (http://localhost:9026/). Arguments go to
# demo/start.mjs, e.g. `npm start -- --http --emulator-port 9100`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/build.sh
exec node demo/start.mjs "$@"
