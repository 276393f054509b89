#!/usr/bin/env bash
# Fuzzes the core with libFuzzer (clang, ASan, UBSan), one target per entry point:
#   fuzz_envelope        callcore_validate_envelope
#   fuzz_rest            callcore_validate_rest, every kind
#   fuzz_session_widget  a script of receive/call/tick/unload events into a widget session
#   fuzz_session_host    the same into a host session (iframe loads included)
# Each checks invariants, not only crashes (tests/fuzz/session_script.h lists them).
#
#   scripts/fuzz.sh                  the smoke run of npm test: seeded, a fixed number of inputs per
#                                    target, the committed seeds untouched (about a minute in all)
#   scripts/fuzz.sh --long [target]  npm run fuzz: FUZZ_SECONDS (default 180) per target, one after
#                                    the other; what is found is kept in build-fuzz/corpus/<target>
#   scripts/fuzz.sh --seeds          rewrite tests/fuzz/corpus/*/golden-* and tests/fuzz/callcore.dict
#                                    from the golden envelopes of tests/core (then commit them)
# A broken invariant stops the run; the input is saved as build-fuzz/artifacts/<target>-crash-*.
# Replay it with: build-fuzz/<target> <that file>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode="smoke"
case "${1:-}" in
  --long) mode="long"; shift ;;
  --seeds) mode="seeds"; shift ;;
  "") ;;
  -*) echo "fuzz.sh: unknown option $1 (use --long or --seeds)" >&2; exit 2 ;;
esac
targets=("$@")
((${#targets[@]})) || targets=(fuzz_envelope fuzz_rest fuzz_session_widget fuzz_session_host)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCALLCORE_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]}" make_seeds >/dev/null

if [[ "$mode" == "seeds" ]]; then
  build-fuzz/make_seeds tests/fuzz tests/core/*.cc
  exit 0
fi

# Inputs per target in the smoke run: the session targets check a snapshot of the whole
# session around every event, so they run about a hundred scripts a second under ASan.
declare -A smoke_runs=([fuzz_envelope]=20000 [fuzz_rest]=20000 [fuzz_session_widget]=3000 [fuzz_session_host]=3000)

mkdir -p build-fuzz/artifacts
summary=()
for target in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$target"
  [[ -d "$seeds" ]] || { echo "fuzz.sh: no seed corpus $seeds" >&2; exit 2; }
  common=(-dict=tests/fuzz/callcore.dict -max_len=4096 -timeout=20 -print_final_stats=1
          "-artifact_prefix=build-fuzz/artifacts/$target-")
  log="build-fuzz/$target.$mode.log"
  if [[ "$mode" == "long" ]]; then
    mkdir -p "build-fuzz/corpus/$target"
    args=(-max_total_time="${FUZZ_SECONDS:-180}" "build-fuzz/corpus/$target" "$seeds")
  else
    # Seeded and bounded: the same inputs every run, so a failure here is reproducible.
    # libFuzzer writes what it finds into the first folder, so that is a fresh one.
    rm -rf "build-fuzz/smoke/$target" && mkdir -p "build-fuzz/smoke/$target"
    args=(-seed=1 -runs="${smoke_runs[$target]:-2000}" "build-fuzz/smoke/$target" "$seeds")
  fi
  echo "==> $target ($mode)"
  set +e
  "build-fuzz/$target" "${common[@]}" "${args[@]}" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -Eo 'DONE +cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 | sed 's/DONE *//' || true)
  memory=$(sed -n 's/^callcore fuzz: session memory: /; session memory: /p' "$log" | tail -1)
  line="$target: ${runs:-?} inputs, ${speed:-?}/s, ${cov:-no final coverage line}${memory}"
  if ((rc != 0)); then
    grep -E 'callcore fuzz invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|Test unit written' \
      "$log" | head -8 >&2
    summary+=("$line — FAILED (exit $rc, log $log)")
    printf '  %s\n' "${summary[@]}"
    exit 1
  fi
  summary+=("$line")
done
printf '  %s\n' "${summary[@]}"
