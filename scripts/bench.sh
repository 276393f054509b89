#!/usr/bin/env bash
# npm run bench: every benchmark in one run, then BENCHMARKS.md from their results.
#   1. the native core (build-bench/core_bench, CMake Release) and, with valgrind,
#      its instruction counts per message (callgrind)
#   2. the WebAssembly core in Node (bench/wasm-bench.mjs) and the glue in Chromium (bench/chromium-glue-bench.mjs)
#   3. Chromium: the reference SDK and callcore, four pairings, and raw postMessage pages as the floor,
#      two console modes, the same wire traffic in all (bench/web-bench.mjs); the handshake step by step
#      (bench/handshake-timeline.mjs); a CPU profile of a callcore widget's burst (bench/profile-burst.mjs);
#      the traffic again in a Chromium no DevTools client is attached to (bench/no-inspector.mjs)
#   4. download sizes, and what each part costs gzip -9 and brotli (bench/size.mjs)
# Figures, not tests: nothing here fails because something is slow. It fails only if a
# benchmark cannot run (a build error, a mix that is not clean) or when the browser pairings did
# not put the same traffic on the wire.
#
#   scripts/bench.sh [--quick] [--out FILE]    (--quick: fewer rounds, for a first look)
#
# Only the browser comparison, quickly (after a change to the glue or the core; about 20 s):
#   npm run build && node bench/web-bench.mjs --quick
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
out="BENCHMARKS.md"
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: scripts/bench.sh [--quick] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done
if ((quick)); then
  core_args=(--rounds 5 --calls 100); wasm_args=(--rounds 5 --calls 100); timeline_loads=3
  web_args=(--loads 3 --rounds 3 --messages 1000 --pings 200 --modes silenced,as-shipped); profile_args=(--bursts 2)
  inspectorless_args=(--rounds 3 --messages 1000 --pings 200); burst_args=(--rounds 5 --calls 800)
else
  core_args=(--rounds 15 --calls 250); wasm_args=(--rounds 15 --calls 250); timeline_loads=9
  web_args=(--loads 9 --rounds 9 --messages 2000 --pings 500 --modes silenced,as-shipped); profile_args=(--bursts 5)
  inspectorless_args=(--rounds 9 --messages 2000 --pings 500); burst_args=(--rounds 15 --calls 2000)
fi

# The raw results stay for a look (or `node bench/report.mjs --dir build-bench/results`); build-*/ is not committed.
results="$root/build-bench/results"
rm -rf "$results"
mkdir -p "$results"

bash scripts/build.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target core_bench >/dev/null

load() { cut -d' ' -f1-3 /proc/loadavg; }
node -e '
  const os = require("node:os");
  const [cc, chromium, emcc, git, loadStart] = process.argv.slice(1);
  console.log(JSON.stringify({
    date: new Date().toISOString(), cpu: os.cpus()[0].model, cores: os.cpus().length, memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`, node: process.version, chromium, emscripten: emcc, cc, git, loadStart }));
' "$(cc --version | head -1)" "$(chromium --version 2>/dev/null | grep -o 'Chromium [0-9.]*' || echo unknown)" \
  "$(NODE_PATH=/usr/share/nodejs emcc --version 2>/dev/null | head -1 || echo unknown)" \
  "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core wasm web bench || echo ' (with uncommitted changes)')" \
  "$(load)" >"$results/machine.json"

echo "==> native core"
build-bench/core_bench "${core_args[@]}"
build-bench/core_bench "${core_args[@]}" --json >"$results/core.json"
echo "==> native core, the browser bursts' messages (bench/burst-mix.json)"
build-bench/core_bench --mix bench/burst-mix.json "${core_args[@]}" --json >"$results/core-burst.json"

if command -v valgrind >/dev/null; then
  echo "==> instructions per message (callgrind)"
  calls=100
  for role in widget host; do
    valgrind --tool=callgrind --callgrind-out-file="$results/callgrind.$role" --toggle-collect=run_profiled \
      build-bench/core_bench --profile "$role" --calls "$calls" 2>"$results/callgrind.$role.log" >/dev/null
    grep -o 'Collected : [0-9]*' "$results/callgrind.$role.log" | grep -o '[0-9]*$' >"$results/callgrind.$role.count"
  done
  node -e '
    const fs = require("node:fs");
    const [dir, calls] = process.argv.slice(1);
    const mix = JSON.parse(fs.readFileSync("bench/call-mix.json", "utf8"));
    const out = {};
    for (const role of ["widget", "host"]) {
      const total = Number(fs.readFileSync(`${dir}/callgrind.${role}.count`, "utf8"));
      out[role] = { instructions: total, messages: calls * mix[role].length, instructionsPerMessage: total / (calls * mix[role].length) };
    }
    console.log(JSON.stringify(out));
  ' "$results" "$calls" >"$results/callgrind.json"
  cat "$results/callgrind.json"; echo
fi

echo "==> WebAssembly core in Node"
node --expose-gc bench/wasm-bench.mjs "${wasm_args[@]}" --json >"$results/wasm.json"
node -e 'const r = require(process.argv[1]); for (const k of ["widget", "host"]) console.log(`  ${k}: exports ${Math.round(r.perMessage[k].raw.median_ns)} ns, glue ${Math.round(r.perMessage[k].glue.median_ns)} ns per message`)' "$results/wasm.json"

echo "==> the glue in Chromium"
node bench/chromium-glue-bench.mjs "${wasm_args[@]}" --json >"$results/chromium-glue.json"
# Four messages per call: eight times the calls, so that a round lasts some milliseconds
# (the page's clock counts in steps of 0.1 ms) and one garbage collection does not set its median.
node bench/chromium-glue-bench.mjs --mix bench/burst-mix.json "${burst_args[@]}" --json >"$results/chromium-glue-burst.json"

echo "==> Chromium: reference SDK, callcore and raw postMessage (refuses to report if their wire traffic differs)"
node bench/web-bench.mjs "${web_args[@]}" --json >"$results/web.json"
echo "==> Chromium with no DevTools client attached: the same pages, driving themselves"
node bench/no-inspector.mjs "${inspectorless_args[@]}" --json >"$results/no-inspector.json"
echo "==> Chromium: a callcore widget's widget→host burst under the CPU profiler"
node bench/profile-burst.mjs "${profile_args[@]}" --json >"$results/profile.json"
echo "==> Chromium: the handshake step by step"
node bench/handshake-timeline.mjs --loads "$timeline_loads" --json >"$results/handshake.json"

echo "==> sizes"
node bench/size.mjs --json >"$results/size.json"

node -e '
  const fs = require("node:fs");
  const file = process.argv[1];
  const m = JSON.parse(fs.readFileSync(file, "utf8"));
  m.loadEnd = process.argv[2];
  fs.writeFileSync(file, JSON.stringify(m));
' "$results/machine.json" "$(load)"
[[ -f bench/notes.md ]] && cp bench/notes.md "$results/notes.md"
node bench/report.mjs --dir "$results" --out "$out"
