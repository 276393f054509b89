/* libFuzzer target: callcore_validate_envelope on arbitrary bytes.
 * Beyond "no crash, no leak, no UB" (ASan, UBSan, LeakSanitizer):
 *  - the verdict is well formed (fuzz_check_verdict);
 *  - the same text gets the same verdict twice (no hidden state);
 *  - the normalised value, printed and checked again, is the same value, and
 *    gets no finding it did not get the first time (one it got may be gone:
 *    a value the core rewrote, INTERNAL_BUSY to BUSY, no longer needs the
 *    warning that said so); numbers that overflow to infinity excepted:
 *    JSON cannot write them back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "fuzz_support.h"

/* The first finding of `again` (errors or warnings, by `list`) that `first` lacks, or NULL. */
static const cJSON *new_finding(const cJSON *first, const cJSON *again, const char *list) {
  const cJSON *finding;
  cJSON_ArrayForEach(finding, cJSON_GetObjectItemCaseSensitive(again, list)) {
    const cJSON *earlier;
    int seen = 0;
    cJSON_ArrayForEach(earlier, cJSON_GetObjectItemCaseSensitive(first, list)) seen |= cJSON_Compare(finding, earlier, 1);
    if (!seen) return finding;
  }
  return NULL;
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
    const cJSON *value_again = cJSON_GetObjectItemCaseSensitive(reverdict, "value");
    FUZZ_CHECK(cJSON_Compare(value, value_again, 1), "the printed value normalises to another value: %.300s", printed);
    const char *lists[] = {"errors", "warnings"};
    for (size_t i = 0; i < 2; i++) {
      const cJSON *added = new_finding(verdict, reverdict, lists[i]);
      if (added) {
        char *shown = fuzz_print(added);
        fuzz_fail("the printed value gets a finding the input did not: %s\nvalue: %.300s", shown, printed);
      }
    }
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
