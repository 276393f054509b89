/* libFuzzer target: callcore_validate_rest. The first byte picks the kind
 * (the six REST bodies, plus one kind that does not exist), the rest is the body.
 * Beyond "no crash, no leak, no UB":
 *  - the verdict is well formed (fuzz_check_verdict), and the same twice;
 *  - an unknown kind is always an error naming the field "kind";
 *  - normalising is a fixed point: an accepted body's value is accepted
 *    again, and normalises to itself (truncated names stay truncated,
 *    "selectable" marks are recomputed to the same). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "fuzz_support.h"

static const char *const KINDS[] = {"settings.create",         "settings.patch", "channelConnection.create",
                                    "channelConnection.patch", "inboundCall",    "webhookAnswer",
                                    "settings.delete"};
enum { KIND_COUNT = sizeof KINDS / sizeof *KINDS, UNKNOWN_KIND = KIND_COUNT - 1 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t kind = data[0] % KIND_COUNT;
  char *body = malloc(size);
  if (!body) return 0;
  memcpy(body, data + 1, size - 1);
  body[size - 1] = '\0';

  char *first = callcore_validate_rest(KINDS[kind], body);
  char *second = callcore_validate_rest(KINDS[kind], body);
  cJSON *verdict = fuzz_check_verdict(KINDS[kind], first);
  FUZZ_CHECK(second && strcmp(first, second) == 0, "the same body got two verdicts:\n%s\n%s", first, second);

  if (kind == UNKNOWN_KIND) {
    const cJSON *error = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(verdict, "errors"), 0);
    const cJSON *field = cJSON_GetObjectItemCaseSensitive(error, "field");
    FUZZ_CHECK(cJSON_IsString(field) && strcmp(field->valuestring, "kind") == 0,
               "an unknown kind was not refused by naming the field \"kind\": %s", first);
  } else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(verdict, "ok"))) {
    char *value = fuzz_print(cJSON_GetObjectItemCaseSensitive(verdict, "value"));
    char *again = callcore_validate_rest(KINDS[kind], value);
    cJSON *reverdict = fuzz_check_verdict(KINDS[kind], again);
    FUZZ_CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reverdict, "ok")),
               "%s accepted a body but not its own normalised value:\n%s\n%s", KINDS[kind], value, again);
    char *value_again = fuzz_print(cJSON_GetObjectItemCaseSensitive(reverdict, "value"));
    FUZZ_CHECK(strcmp(value, value_again) == 0, "%s: normalising twice changed the value:\n%s\n%s", KINDS[kind],
               value, value_again);
    free(value_again);
    cJSON_Delete(reverdict);
    callcore_free(again);
    free(value);
  }
  cJSON_Delete(verdict);
  callcore_free(first);
  callcore_free(second);
  free(body);
  return 0;
}
