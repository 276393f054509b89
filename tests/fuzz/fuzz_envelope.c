/* libFuzzer target: callcore_validate_envelope on arbitrary bytes.
 * Beyond "no crash, no leak, no UB" (ASan, UBSan, LeakSanitizer):
 *  - the verdict is well formed (fuzz_check_verdict);
 *  - the same text gets the same verdict twice (no hidden state);
 *  - the normalised value, printed and checked again, gets the same findings:
 *    what the core hands on re-validates as it validated (numbers that
 *    overflow to infinity excepted: JSON cannot write them back). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "fuzz_support.h"

static char *findings(const cJSON *verdict) {
  cJSON *pair = cJSON_CreateArray();
  cJSON_AddItemToArray(pair, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(verdict, "errors"), 1));
  cJSON_AddItemToArray(pair, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(verdict, "warnings"), 1));
  char *text = fuzz_print(pair);
  cJSON_Delete(pair);
  return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';

  char *first = callcore_validate_envelope(text);
  char *second = callcore_validate_envelope(text);
  cJSON *verdict = fuzz_check_verdict("validate_envelope", first);
  FUZZ_CHECK(second && strcmp(first, second) == 0, "the same envelope got two verdicts:\n%s\n%s", first, second);

  const cJSON *value = cJSON_GetObjectItemCaseSensitive(verdict, "value");
  cJSON *input = cJSON_Parse(text); /* the verdict's value is already printed: look at the input */
  int overflows = fuzz_has_non_finite(input);
  cJSON_Delete(input);
  if (!cJSON_IsNull(value) && !overflows) {
    char *printed = fuzz_print(value);
    char *again = callcore_validate_envelope(printed);
    cJSON *reverdict = fuzz_check_verdict("validate_envelope(value)", again);
    char *before = findings(verdict), *after = findings(reverdict);
    FUZZ_CHECK(strcmp(before, after) == 0, "the printed value validates differently:\n%s\n%s\nvalue: %.300s", before,
               after, printed);
    free(before);
    free(after);
    cJSON_Delete(reverdict);
    callcore_free(again);
    free(printed);
  }
  cJSON_Delete(verdict);
  callcore_free(first);
  callcore_free(second);
  free(text);
  return 0;
}
