/* The verdict of a session-less check. */
#include "verdict.h"

#include <stdio.h>

#include "json_util.h"
#include "json_writer.h"

char *cc_verdict(const cc_report *r, cJSON *value) {
  cJSON *root = cJSON_CreateObject();
  cJSON *errors = cJSON_AddArrayToObject(root, "errors");
  cJSON *warnings = cJSON_AddArrayToObject(root, "warnings");
  if (!root || !errors || !warnings) {
    cJSON_Delete(root);
    cJSON_Delete(value);
    return NULL;
  }
  cJSON_AddBoolToObject(root, "ok", !cc_report_has_errors(r));
  for (size_t i = 0; i < r->count; i++) {
    cJSON *item = cJSON_CreateObject();
    if (!item) break;
    cJSON_AddStringToObject(item, "code", cc_code_name(r->items[i].code));
    cJSON_AddStringToObject(item, "field", r->items[i].field);
    cJSON_AddStringToObject(item, "message", r->items[i].message);
    cJSON_AddItemToArray(r->items[i].severity == CC_ERROR ? errors : warnings, item);
  }
  if (r->overflow) {
    /* As a session reports it (actions.c): the findings past the list, counted. */
    cJSON *more = cJSON_CreateObject();
    char message[128];
    snprintf(message, sizeof message, "%s: %zu more findings were not listed", r->subject ? r->subject : "callcore",
             r->overflow);
    cJSON_AddStringToObject(more, "code", cc_code_name(CC_V_MORE_VIOLATIONS));
    cJSON_AddStringToObject(more, "field", "");
    cJSON_AddStringToObject(more, "message", message);
    cJSON_AddItemToArray(r->overflow_errors ? errors : warnings, more);
  }
  if (value) cJSON_AddItemToObject(root, "value", value);
  else cJSON_AddNullToObject(root, "value");
  char *text = cc_json_text(root);
  cJSON_Delete(root);
  return text;
}

cJSON *cc_verdict_parse(const char *json, cc_report *r) {
  cc_parse_error parse;
  cJSON *root = cc_parse_bounded(json, &CC_DEFAULT_LIMITS, &parse);
  if (!root) cc_report_add(r, cc_parse_failure_code(parse.failure), parse.field[0] ? parse.field : NULL, "%s", parse.why);
  return root;
}
