#!/usr/bin/env bash
# Fuzzes the core's text inputs with libFuzzer (clang, ASan, UBSan).
#   scripts/fuzz.sh            a fixed, seeded smoke run (what npm test does)
#   FUZZ_SECONDS=600 scripts/fuzz.sh   a longer exploration, new inputs kept in build-fuzz/corpus
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCALLCORE_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j2 --target fuzz_session >/dev/null
mkdir -p build-fuzz/corpus
if [[ -n "${FUZZ_SECONDS:-}" ]]; then
  build-fuzz/fuzz_session -max_total_time="$FUZZ_SECONDS" -max_len=4096 build-fuzz/corpus tests/fuzz/corpus
else
  # Seeded and bounded: the same inputs every run, so a failure here is reproducible. libFuzzer
  # writes what it finds into the first folder, so that is a fresh one: the seeds stay as committed.
  rm -rf build-fuzz/smoke && mkdir -p build-fuzz/smoke
  build-fuzz/fuzz_session -seed=1 -runs=30000 -max_len=4096 build-fuzz/smoke tests/fuzz/corpus
fi
