#!/usr/bin/env bash
# Fuzzes the core with libFuzzer (clang, ASan, UBSan), one target per entry point:
#   fuzz_envelope           callcore_validate_envelope
#   fuzz_rest               callcore_validate_rest, every kind
#   fuzz_session_widget     a script of receive/call/tick/unload events into a widget session
#   fuzz_session_host       the same into a host session (iframe loads included)
#   fuzz_json_differential  the core's JSON reading (cc_parse_bounded) against jansson's
# Each checks invariants, not only crashes (tests/fuzz/session_script.h and the head of
# tests/fuzz/fuzz_json_differential.c list them).
#
#   scripts/fuzz.sh                  the smoke run of npm test: seeded, a fixed number of inputs per
#                                    target, the committed seeds untouched (about a minute in all)
#   scripts/fuzz.sh --long [target]  npm run fuzz: FUZZ_SECONDS (default 180) per target, one after
#                                    the other; what is found is kept in build-fuzz/corpus/<target>.
#                                    A broken invariant is recorded and the target fuzzes on for the
#                                    rest of its time; build-fuzz/fuzz-summary.md gets the figures
#                                    (executions, exec/s, corpus, findings) per target.
#                                    The issue's campaign: FUZZ_SECONDS=1800 npm run fuzz
#                                    (FUZZ_SUMMARY=<file> writes the figures elsewhere)
#                                    It fuzzes the campaign build (build-fuzz-fast: UBSan, no ASan,
#                                    about twice as fast), then replays the whole corpus under ASan;
#                                    FUZZ_ASAN=1 fuzzes under ASan instead.
#   scripts/fuzz.sh --seeds          rewrite tests/fuzz/corpus/*/golden-* and tests/fuzz/callcore.dict
#                                    from the golden envelopes of tests/core (then commit them)
# A broken invariant saves the input as build-fuzz/artifacts/<target>-crash-* (the smoke run stops
# there). Replay it with: build-fuzz/<target> <that file>
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
((${#targets[@]})) || targets=(fuzz_envelope fuzz_rest fuzz_session_widget fuzz_session_host fuzz_json_differential)

# Optimised, as libFuzzer advises (at -O0 the session targets ran at a third of the speed), with debug
# information for the reports; no NDEBUG.
# build-fuzz is under ASan and UBSan; build-fuzz-fast, the campaign build, under UBSan only (its byte
# count wraps malloc: tests/fuzz/counting_allocator.c).
configure() { # <dir> <ASan ON|OFF>
  CC=clang CXX=clang++ cmake -S . -B "$1" -DCALLCORE_FUZZ=ON -DCALLCORE_FUZZ_ASAN="$2" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" >/dev/null
}
configure build-fuzz ON
cmake --build build-fuzz -j2 --target "${targets[@]}" make_seeds >/dev/null

# The build a campaign fuzzes: the campaign build, or with FUZZ_ASAN=1 the ASan build (no replay then).
campaign=build-fuzz-fast
[[ "${FUZZ_ASAN:-0}" == 1 ]] && campaign=build-fuzz
# The smoke run also runs the session targets in the campaign build, which keeps its byte count honest.
smoked_fast() { [[ "$1" == fuzz_session_* ]]; }
fast_build=()
for target in "${targets[@]}"; do
  if [[ "$mode" == "long" && "$campaign" == build-fuzz-fast ]] || { [[ "$mode" == "smoke" ]] && smoked_fast "$target"; }; then
    fast_build+=("$target")
  fi
done
if ((${#fast_build[@]})); then
  configure build-fuzz-fast OFF
  cmake --build build-fuzz-fast -j2 --target "${fast_build[@]}" >/dev/null
fi

if [[ "$mode" == "seeds" ]]; then
  build-fuzz/make_seeds tests/fuzz tests/core/*.cc
  exit 0
fi

# The differential target fails on every disagreement with jansson. (CALLCORE_DIFF_OPEN=1 made it
# tolerate the lax readings the core had before it held texts to JSON's grammar: fixed, kept for
# looking back at an old core.)
export CALLCORE_DIFF_OPEN="${CALLCORE_DIFF_OPEN:-0}"

# Inputs per target in the smoke run, about half a minute of fuzzing on the 2-CPU machine (the rest of
# the minute is the build): the session targets run each script's events with their checks, a few
# thousand scripts a second.
declare -A smoke_runs=([fuzz_envelope]=60000 [fuzz_rest]=60000 [fuzz_session_widget]=20000
  [fuzz_session_host]=20000 [fuzz_json_differential]=150000)

# The figures of one libFuzzer log: "<inputs> <exec/s>".
figures() {
  local runs speed
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$1" | tail -1)
  echo "${runs:-0} ${speed:-0}"
}
# What a target prints of its own at exit: the session memory, the open findings it tolerated.
notes() {
  sed -n -e 's/^callcore fuzz: session memory: /; session memory: /p' \
    -e 's/^callcore fuzz: open findings tolerated ([^)]*): /; open findings tolerated: /p' "$1" | tail -2 | tr -d '\n'
}
# The line that says what broke, for a finding.
what_broke() {
  grep -a -m1 -E 'callcore fuzz invariant broken|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$1" |
    cut -c1-200 || echo "exit without a reason line"
}

mkdir -p build-fuzz/artifacts
summary=()
if [[ "$mode" == "long" ]]; then
  seconds="${FUZZ_SECONDS:-180}"
  # FUZZ_SUMMARY: another file, so that campaigns of different targets can run side by side.
  report="${FUZZ_SUMMARY:-build-fuzz/fuzz-summary.md}"
  rm -f "$report.notes" "$report.findings"
  {
    echo "# callcore fuzz campaign"
    echo
    echo "\`scripts/fuzz.sh --long\`, FUZZ_SECONDS=$seconds per target, one target at a time (nice 10), fuzzing $campaign;"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
      "$(nproc) CPUs, clang $(clang -dumpversion), CALLCORE_DIFF_OPEN=$CALLCORE_DIFF_OPEN."
    echo
    echo "| target | seconds | executions | exec/s | corpus files (new) | findings |"
    echo "|---|--:|--:|--:|--:|---|"
  } >"$report"
  found_any=()
fi

for target in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$target"
  [[ -d "$seeds" ]] || { echo "fuzz.sh: no seed corpus $seeds" >&2; exit 2; }
  dict="tests/fuzz/$target.dict"
  [[ -f "$dict" ]] || dict=tests/fuzz/callcore.dict
  common=("-dict=$dict" -max_len=4096 -timeout=20 -print_final_stats=1
          "-artifact_prefix=build-fuzz/artifacts/$target-")
  log="build-fuzz/$target.$mode.log"
  echo "==> $target ($mode)"

  if [[ "$mode" == "smoke" ]]; then
    # Seeded and bounded: the same inputs every run, so a failure here is reproducible.
    # libFuzzer writes what it finds into the first folder, so that is a fresh one.
    builds=(build-fuzz)
    if smoked_fast "$target"; then builds+=(build-fuzz-fast); fi
    for build in "${builds[@]}"; do
      runs_asked="${smoke_runs[$target]:-2000}" label="$target"
      if [[ "$build" == build-fuzz-fast ]]; then runs_asked=20000 label="$target (campaign build)"; fi
      rm -rf "build-fuzz/smoke/$target" && mkdir -p "build-fuzz/smoke/$target"
      set +e
      nice -n 10 "$build/$target" "${common[@]}" -seed=1 -runs="$runs_asked" \
        "build-fuzz/smoke/$target" "$seeds" >"$log" 2>&1
      rc=$?
      set -e
      read -r runs speed < <(figures "$log")
      cov=$(grep -a -Eo 'DONE +cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 | sed 's/DONE *//' || true)
      line="$label: $runs inputs, $speed/s, ${cov:-no final coverage line}$(notes "$log")"
      if ((rc != 0)); then
        grep -a -E 'callcore fuzz invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|Test unit written' \
          "$log" | head -8 >&2
        summary+=("$line — FAILED (exit $rc, log $log)")
        printf '  %s\n' "${summary[@]}"
        exit 1
      fi
      summary+=("$line")
    done
    continue
  fi

  # --long: FUZZ_SECONDS of fuzzing. libFuzzer stops at a broken invariant; it is recorded and the
  # target starts again on its corpus for the time left (a restart costs a few seconds of reading the
  # corpus; after 100 stops the rest of the time would only find the same bugs again).
  corpus="build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  corpus_before=$(find "$corpus" -type f | wc -l)
  : >"$log"
  start=$SECONDS total=0 crashes=0 findings=()
  while :; do
    left=$((seconds - (SECONDS - start)))
    ((left > 0 && crashes < 100)) || break
    part="$log.part"
    set +e
    nice -n 10 "$campaign/$target" "${common[@]}" -max_total_time="$left" "$corpus" "$seeds" >"$part" 2>&1
    rc=$?
    set -e
    cat "$part" >>"$log"
    read -r runs _ < <(figures "$part")
    total=$((total + runs))
    ((rc != 0)) || break
    crashes=$((crashes + 1))
    artifact=$(sed -n 's/.*Test unit written to //p' "$part" | tail -1)
    findings+=("$(what_broke "$part") (${artifact:-no artifact})")
    echo "  finding: ${findings[-1]}"
  done
  spent=$((SECONDS - start))
  ((spent > 0)) || spent=1
  corpus_after=$(find "$corpus" -type f | wc -l)
  rm -f "$log.part"
  # What the campaign build cannot see, ASan can: every input the campaign kept, and the seeds, run
  # once more under ASan. A finding there stops the replay; it is recorded like the others.
  if [[ "$campaign" != build-fuzz ]]; then
    replay_log="build-fuzz/$target.replay.log"
    set +e
    nice -n 10 "build-fuzz/$target" "${common[@]}" -runs=0 "$corpus" "$seeds" >"$replay_log" 2>&1
    rc=$?
    set -e
    if ((rc != 0)); then
      crashes=$((crashes + 1))
      artifact=$(sed -n 's/.*Test unit written to //p' "$replay_log" | tail -1)
      findings+=("under ASan, replaying the corpus: $(what_broke "$replay_log") (${artifact:-no artifact})")
      echo "  finding: ${findings[-1]}"
    else
      echo "- $target: the corpus and seeds, $corpus_after + $(find "$seeds" -type f | wc -l) inputs, replayed under ASan: nothing found" \
        >>"$report.notes"
    fi
  fi
  # The same bug found again is one finding, keyed on what broke; the first input that did it is named.
  distinct=()
  if ((${#findings[@]})); then
    mapfile -t distinct < <(printf '%s\n' "${findings[@]}" |
      awk '{ key = $0; sub(/ \([^()]*\)$/, "", key); if (!(key in n)) { order[++k] = key; first[key] = $0 } n[key]++ }
           END { for (i = 1; i <= k; i++) printf "%s (x%d)\n", first[order[i]], n[order[i]] }')
  fi
  speed=$((total / spent))
  line="$target: $total inputs in ${spent}s, $speed/s, corpus $corpus_after files (+$((corpus_after - corpus_before)))$(notes "$log")"
  if ((crashes)); then
    line+=" — $crashes stop(s) on ${#distinct[@]} finding(s), artifacts in build-fuzz/artifacts/"
    found_any+=("$target")
  fi
  summary+=("$line")
  printf '| %s | %d | %d | %d | %d (+%d) | %s |\n' "$target" "$spent" "$total" "$speed" "$corpus_after" \
    "$((corpus_after - corpus_before))" "$( ((${#distinct[@]})) && echo "${#distinct[@]} (below)" || echo none)" >>"$report"
  notes_text=$(notes "$log" | sed 's/^; //')
  if [[ -n "$notes_text" ]]; then echo "- $target: $notes_text" >>"$report.notes"; fi
  if ((${#distinct[@]})); then printf -- "- $target: %s\n" "${distinct[@]}" >>"$report.findings"; fi
done
printf '  %s\n' "${summary[@]}"

if [[ "$mode" == "long" ]]; then
  {
    if [[ -f "$report.notes" ]]; then
      echo
      echo "Notes:"
      echo
      cat "$report.notes"
    fi
    if [[ -f "$report.findings" ]]; then
      echo
      echo "Findings (what broke, the first input that did it, how many times the target stopped on it):"
      echo
      cat "$report.findings"
    fi
  } >>"$report"
  rm -f "$report.notes" "$report.findings"
  echo "  summary: $report"
  ((${#found_any[@]} == 0)) || exit 1
fi
