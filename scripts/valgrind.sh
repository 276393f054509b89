#!/usr/bin/env bash
# The native GoogleTest suite under valgrind memcheck: no invalid access, no
# uninitialised read, and not one byte lost or still reachable at exit.
# Sanitizers and valgrind do not mix, so this is its own build (build-valgrind/,
# -O1 -g: fast enough, and the stacks still point at lines). For where an uninitialised
# value came from, add --track-origins=yes below (it doubles the time).
#   scripts/valgrind.sh                  the whole suite
#   scripts/valgrind.sh 'Rest*:Limits*'  a GoogleTest filter, while working on one part
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
filter="${1:-*}"

cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALLCORE_SANITIZE=OFF -DCALLCORE_FUZZ=OFF \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build build-valgrind -j2 --target callcore_tests >/dev/null

log="build-valgrind/memcheck.log"
gtest_out="build-valgrind/gtest.log"
# --errors-for-leak-kinds=all: "still reachable" counts as an error too, so
# the exit code alone says "zero bytes lost"; the log gives the figures.
set +e
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
  --error-exitcode=1 --log-file="$log" \
  build-valgrind/callcore_tests --gtest_filter="$filter" --gtest_brief=1 >"$gtest_out" 2>&1
rc=$?
set -e

tests=$(grep -Eo '\[  PASSED  \] [0-9]+ test' "$gtest_out" | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo '\[  FAILED  \] [0-9]+ test' "$gtest_out" | grep -Eo '[0-9]+' || echo 0)
errors=$(grep -Eo 'ERROR SUMMARY: [0-9,]+ errors' "$log" | grep -Eo '[0-9,]+' | tr -d , || echo '?')
heap=$(grep -Eo 'total heap usage: .*' "$log" || echo 'total heap usage: ?')
# "All heap blocks were freed" replaces the LEAK SUMMARY when nothing is left.
if grep -q 'All heap blocks were freed -- no leaks are possible' "$log"; then
  lost="0 bytes in 0 blocks (all heap blocks were freed)"
else
  lost=$(sed -n 's/.*==[0-9]*==    \(definitely lost\|indirectly lost\|possibly lost\|still reachable\): /\1: /p' "$log" |
    paste -sd ';' -)
fi
echo "valgrind memcheck: ${tests} tests passed, ${failed} failed; ${errors} errors; lost: ${lost}"
echo "valgrind memcheck: ${heap}"
if ((rc != 0)); then
  echo "valgrind.sh: FAILED (exit $rc); full report in $log, test output in $gtest_out" >&2
  grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|  at |   by |.*lost|.*reachable)' "$log" | head -60 >&2
  tail -20 "$gtest_out" >&2
  exit 1
fi
