#!/usr/bin/env bash
# Runs every suite; `npm test` and .ci/run both end here. Each suite runs even if an earlier
# one failed, so one run reports everything; the exit code is non-zero if any failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

# --- suites: each runs under `set -e`; run_suite below skips one whose inputs do not exist yet ---

run_native_tests() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug -DCALLCORE_SANITIZE=ON
  cmake --build build -j2
  # --no-tests=error: an empty suite is a failure, not a silent pass.
  ctest --test-dir build --output-on-failure --no-tests=error -j2
}

run_native_install() {
  # The core as a native library, used as a developer would use it: `cmake --install` into a
  # fresh prefix, then examples/native-call-flow through find_package(callcore) and a one-file
  # C program through pkg-config, neither told about cJSON. Static (the default), then shared.
  # Its own trees: build-install/static, build-install/shared.
  command -v pkg-config >/dev/null || { echo "pkg-config is missing: apt-get install pkg-config" >&2; return 1; }
  local kind tree prefix flags
  for kind in static shared; do
    echo "--- $kind libcallcore"
    tree="build-install/$kind" prefix="$root/build-install/$kind/prefix"
    rm -rf "$prefix" "$tree/example" "$tree/pkg-config"
    cmake -S . -B "$tree/core" -DCMAKE_BUILD_TYPE=Release -DCALLCORE_TESTS=OFF \
      -DBUILD_SHARED_LIBS="$([[ $kind == shared ]] && echo ON || echo OFF)" >/dev/null
    cmake --build "$tree/core" -j2 >/dev/null
    cmake --install "$tree/core" --prefix "$prefix"
    if [[ $kind == shared ]]; then
      # The shared library exports callcore.h's functions and nothing of core/src.
      if nm -D --defined-only "$prefix/lib/libcallcore.so" | grep -v ' callcore_'; then
        echo "libcallcore.so exports more than callcore_* (above)" >&2
        return 1
      fi
    fi

    cmake -S examples/native-call-flow -B "$tree/example" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
    # The package found is the one just installed, not one elsewhere on the machine.
    grep -qx "callcore_DIR:PATH=$prefix/lib/cmake/callcore" "$tree/example/CMakeCache.txt" ||
      { grep '^callcore_DIR' "$tree/example/CMakeCache.txt" >&2; return 1; }
    cmake --build "$tree/example" -j2 >/dev/null
    ctest --test-dir "$tree/example" --output-on-failure --no-tests=error

    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    [[ "$(pkg-config --variable=prefix callcore)" == "$prefix" ]] ||
      { echo "pkg-config found callcore.pc elsewhere: $(pkg-config --path callcore)" >&2; return 1; }
    flags=$(pkg-config --cflags --libs callcore)
    echo "cc examples/native-call-flow/check_envelope.c $flags"
    mkdir -p "$tree/pkg-config"
    # shellcheck disable=SC2086 # the flags are words
    "${CC:-cc}" -std=c11 -Wall -Wextra -Werror examples/native-call-flow/check_envelope.c $flags \
      -o "$tree/pkg-config/check_envelope"
    # pkg-config gives no run path: the loader is told where the shared library is.
    LD_LIBRARY_PATH="$prefix/lib" "$tree/pkg-config/check_envelope" \
      '{"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"DONE"}}' | tee "$tree/pkg-config/verdict.json"
    grep -q '"code":"FIELD_ENUM","field":"data.callEndStatus"' "$tree/pkg-config/verdict.json" ||
      { echo "check_envelope: not the verdict expected" >&2; return 1; }
  done
}

run_native_valgrind() {
  # The same GoogleTest binary built without sanitizers, under valgrind memcheck: zero bytes lost.
  bash scripts/valgrind.sh
}

run_fuzz_smoke() {
  bash scripts/fuzz.sh
}

run_build() {
  # The WASM core, the generated glue sources and types, and web/dist/: what the JS suites load.
  bash scripts/build.sh
}

run_web_tests() {
  node --test tests/web/
}

run_emulator_tests() {
  node --test tests/emulator/
}

run_emulator_abuse_tests() {
  node --test tests/emulator-abuse/
}

run_load_test() {
  node --test --test-concurrency=1 tests/load/
}

run_durability_tests() {
  node --test --test-concurrency=1 tests/durability/
}

run_e2e_tests() {
  node --test --test-concurrency=1 tests/e2e/
}

run_hostile_tests() {
  node --test --test-concurrency=1 tests/hostile/
}

run_check_tests() {
  node --test --test-concurrency=1 tests/check/
}

run_consumer_tests() {
  # The SDK as a widget project gets it: packed, installed in a temp project, bundled by esbuild,
  # webpack and Vite, run under the reference SDK's host in Chromium, imported in Node.
  node --test tests/consumer/
}

# --- runner ---

summary=()
failed=0
run_suite() {
  local name="$1" needs="$2" rc
  if [[ ! -e "$needs" ]]; then
    summary+=("$name: skipped (no $needs yet)")
    return 0
  fi
  echo "==> $name"
  # A subshell with its own `set -e`: a failing step stops this suite only.
  set +e
  ( set -e; "$name" )
  rc=$?
  set -e
  if ((rc == 0)); then
    summary+=("$name: ok")
  else
    summary+=("$name: FAILED (exit $rc)"); failed=1
  fi
}

run_suite run_native_tests CMakeLists.txt
run_suite run_native_install examples/native-call-flow/CMakeLists.txt
run_suite run_native_valgrind scripts/valgrind.sh
run_suite run_fuzz_smoke tests/fuzz
run_suite run_build wasm/CMakeLists.txt
run_suite run_web_tests tests/web
run_suite run_emulator_tests tests/emulator
run_suite run_emulator_abuse_tests tests/emulator-abuse
run_suite run_load_test tests/load
run_suite run_durability_tests tests/durability
run_suite run_e2e_tests tests/e2e
run_suite run_hostile_tests tests/hostile
run_suite run_check_tests tests/check
run_suite run_consumer_tests tests/consumer

echo
printf '  %s\n' "${summary[@]}"
if ((failed)); then
  echo "test.sh: FAILED"
  exit 1
fi
echo "test.sh: all suites ok"
