#include "fuzz_support.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"

void fuzz_fail(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  fputs("callcore fuzz invariant broken: ", stderr);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
  va_end(args);
  __builtin_trap();
}

/* ---- verdicts ---- */

static cJSON *catalog_codes(void) {
  static cJSON *codes;
  if (codes) return codes;
  char *text = callcore_catalog_json();
  cJSON *catalog = cJSON_Parse(text);
  callcore_free(text);
  FUZZ_CHECK(catalog, "the catalogue is not JSON");
  codes = cJSON_CreateObject();
  const cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(catalog, "violations")) {
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(v, "code");
    FUZZ_CHECK(cJSON_IsString(code), "a catalogue violation without a code");
    cJSON_AddTrueToObject(codes, code->valuestring);
  }
  cJSON_Delete(catalog);
  return codes;
}

static void check_findings(const char *what, const cJSON *list, const char *key) {
  FUZZ_CHECK(cJSON_IsArray(list), "%s: verdict.%s is not an array", what, key);
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
    const cJSON *field = cJSON_GetObjectItemCaseSensitive(item, "field");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(item, "message");
    FUZZ_CHECK(cJSON_IsString(code) && cJSON_GetObjectItemCaseSensitive(catalog_codes(), code->valuestring),
               "%s: a finding in %s has no catalogue code", what, key);
    FUZZ_CHECK(cJSON_IsString(field), "%s: finding %s has no field string", what, code->valuestring);
    FUZZ_CHECK(cJSON_IsString(message) && message->valuestring[0], "%s: finding %s has no sentence", what,
               code->valuestring);
  }
}

cJSON *fuzz_check_verdict(const char *what, const char *verdict_text) {
  FUZZ_CHECK(verdict_text, "%s returned NULL (only allowed when out of memory)", what);
  cJSON *verdict = cJSON_Parse(verdict_text);
  FUZZ_CHECK(verdict, "%s: the verdict is not JSON: %.200s", what, verdict_text);
  const cJSON *ok = cJSON_GetObjectItemCaseSensitive(verdict, "ok");
  const cJSON *errors = cJSON_GetObjectItemCaseSensitive(verdict, "errors");
  const cJSON *warnings = cJSON_GetObjectItemCaseSensitive(verdict, "warnings");
  FUZZ_CHECK(cJSON_IsBool(ok), "%s: verdict.ok is not a boolean", what);
  check_findings(what, errors, "errors");
  check_findings(what, warnings, "warnings");
  FUZZ_CHECK(cJSON_IsTrue(ok) == (cJSON_GetArraySize(errors) == 0),
             "%s: ok is %s with %d errors", what, cJSON_IsTrue(ok) ? "true" : "false", cJSON_GetArraySize(errors));
  FUZZ_CHECK(cJSON_GetObjectItemCaseSensitive(verdict, "value"), "%s: the verdict has no value key", what);
  return verdict;
}

char *fuzz_print(const cJSON *item) {
  char *text = cJSON_PrintUnformatted(item);
  FUZZ_CHECK(text, "cJSON could not print a value");
  return text;
}

int fuzz_has_non_finite(const cJSON *item) {
  for (; item; item = item->next) {
    if (cJSON_IsNumber(item) && !isfinite(item->valuedouble)) return 1;
    if (item->child && fuzz_has_non_finite(item->child)) return 1;
  }
  return 0;
}
