/* What every callcore fuzz target shares: a way to stop with a reason that
 * libFuzzer reports as a crash, a count of the bytes the core holds, and the
 * checks of a verdict from callcore_validate_envelope / _rest. */
#ifndef CALLCORE_FUZZ_SUPPORT_H
#define CALLCORE_FUZZ_SUPPORT_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* A broken invariant: print why, then trap, so libFuzzer saves the input. */
void fuzz_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;
#define FUZZ_CHECK(cond, ...) \
  do {                        \
    if (!(cond)) fuzz_fail(__VA_ARGS__); \
  } while (0)

/* Heap bytes counted while counting is on: bytes allocated minus bytes freed,
 * every allocation cJSON and the core make (realloc as a free and a new
 * block). tests/fuzz/counting_allocator.c: ASan's hooks, or --wrap without ASan. */
void fuzz_count_start(void);  /* zero the counter and switch it on */
void fuzz_count_pause(void);
void fuzz_count_resume(void);
long long fuzz_counted_bytes(void);

/* Parses a verdict ({"ok","errors","warnings","value"}) and checks its shape:
 * ok is a boolean, true exactly when errors is empty, and every finding has
 * a known code, a field string and a non-empty sentence. Returns the parsed
 * verdict (the caller deletes it). */
cJSON *fuzz_check_verdict(const char *what, const char *verdict_text);

/* Whether a number in the tree overflowed to infinity ("1e999"): JSON cannot
 * print it back (cJSON writes null, as JSON.stringify does), so a round trip
 * through text is not expected to keep such a value. */
int fuzz_has_non_finite(const cJSON *item);

/* cJSON_PrintUnformatted, or a failed check: printing only fails without memory. */
char *fuzz_print(const cJSON *item);

#endif
