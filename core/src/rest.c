/* The REST bodies of the calling settings, channel-connection, inbound-call
 * and help-desk webhook APIs (docs/protocol.md 6), checked with no session. */
#include <stdio.h>
#include <string.h>

#include "json_strings.h"
#include "json_util.h"
#include "payloads.h"
#include "rest.h"
#include "schema_table.h"
#include "verdict.h"

#define SIZE (CC_F_INT32 | CC_F_POSITIVE)

/* The nine settings fields; create needs them all, patch none. */
#define SETTINGS_FIELDS(req)                                                                               \
  {"name", STR, (req) | CC_F_NONEMPTY, .doc = "shown to users choosing a calling provider"},              \
  {"url", STR, (req) | CC_F_HTTP_URL, .doc = "the widget page HubSpot loads in the iframe"},              \
  {"width", NUM, (req) | SIZE, .doc = "iframe width in pixels"},                                          \
  {"height", NUM, (req) | SIZE, .doc = "iframe height in pixels"},                                        \
  {"isReady", BOOL, (req), .doc = "false: only browsers with the local override see the app"},            \
  {"supportsCustomObjects", BOOL, (req)}, {"supportsInboundCalling", BOOL, (req)},                          \
  {"usesCallingWindow", BOOL, (req)}, {"usesRemote", BOOL, (req)}

CC_SCHEMA(cc_settings_create_schema, SETTINGS_FIELDS(REQ));
CC_SCHEMA(cc_settings_patch_schema, SETTINGS_FIELDS(0));
/* The help-desk webhook may be plain http (docs/protocol.md 6), and local tools serve it so. */
CC_SCHEMA(cc_channel_create_schema, {"url", STR, REQ | CC_F_HTTP_URL, .doc = "the webhook HubSpot POSTs to"},
          {"isReady", BOOL, REQ, .doc = "false: only browsers with the local override can select it"});
CC_SCHEMA(cc_channel_patch_schema, {"url", STR, CC_F_HTTP_URL}, {"isReady", BOOL, 0});
CC_SCHEMA(cc_rest_number_schema, {"e164Number", STR, REQ | CC_F_E164}, {"phoneNumberType", STR, 0},
          {"extension", STR, 0});
CC_SCHEMA(cc_inbound_call_schema, {"createEngagement", BOOL, REQ},
          {"engagementProperties", OBJ, REQ, .child = &cc_engagement_properties_schema},
          {"externalCallId", STR, REQ | CC_F_NONEMPTY},
          {"finalCallStatus", STR, REQ, CC_FINAL_CALL_STATUSES},
          {"fromNumber", OBJ, REQ, .child = &cc_rest_number_schema},
          {"toNumber", OBJ, REQ, .child = &cc_rest_number_schema},
          {"potentialRecipientUserIds", ARR, REQ, .item_types = NUM, .item_flags = CC_F_INT32},
          {"callStartedTimestamp", STR, CC_F_DATETIME}, {"durationSeconds", NUM, CC_F_INT32 | CC_F_NONNEGATIVE},
          {"userId", NUM, CC_F_INT32});
CC_SCHEMA(cc_webhook_number_schema, {"e164PhoneNumber", STR, REQ | CC_F_E164},
          {"extension", STR, CC_F_NOT_SELECTABLE_IF_SET, .doc = "numbers with one cannot be connected"},
          {"friendlyName", STR, CC_F_TRUNCATE, .max_length = 24, .doc = "HubSpot keeps the first 24 characters"});
CC_SCHEMA(cc_webhook_answer_schema, {"phoneNumbers", ARR, REQ, .child = &cc_webhook_number_schema});

typedef struct rest_kind {
  const char *name;
  const cc_schema *schema; /* NULL: any JSON value, read by the rules alone */
} rest_kind;

static const rest_kind rest_kinds[] = {
    {"settings.create", &cc_settings_create_schema},
    {"settings.patch", &cc_settings_patch_schema},
    {"channelConnection.create", &cc_channel_create_schema},
    {"channelConnection.patch", &cc_channel_patch_schema},
    {"inboundCall", &cc_inbound_call_schema},
    {"webhookAnswer", &cc_webhook_answer_schema},
    /* A body with no schema of its own (the emulator's /_emulator/ API): only the reading rules
     * every kind shares (size, depth, string length, duplicate keys, U+0000, lone surrogates),
     * and the value read, whatever JSON it is. */
    {"json", NULL},
};

char *callcore_validate_rest(const char *kind, const char *body_json) {
  cc_report r;
  cc_report_reset(&r, kind ? kind : "REST body");
  const rest_kind *found = NULL;
  for (size_t i = 0; kind && i < sizeof rest_kinds / sizeof *rest_kinds; i++)
    if (strcmp(rest_kinds[i].name, kind) == 0) found = &rest_kinds[i];
  if (!found) {
    /* Written from the table, so the list cannot fall out of step with it. */
    char names[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < sizeof rest_kinds / sizeof *rest_kinds && used < sizeof names; i++)
      used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", rest_kinds[i].name);
    cc_report_add(&r, CC_V_UNKNOWN_TYPE, "kind", "kind must be one of %s", names);
    return cc_verdict(&r, NULL);
  }
  /* Strings the body cannot carry intact are named before cJSON reads it (json_strings.h): it
   * would cut one at \u0000 and refuse a lone surrogate without saying where. */
  if (cc_json_strings_check(body_json, &CC_DEFAULT_LIMITS, &r)) return cc_verdict(&r, NULL);
  cJSON *body = cc_verdict_parse(body_json, &r);
  if (!body || !found->schema) return cc_verdict(&r, body);
  /* The webhook answer's envelope is not documented: accept a bare list too. */
  if (found->schema == &cc_webhook_answer_schema && cJSON_IsArray(body)) {
    cJSON *wrapped = cJSON_CreateObject();
    if (!wrapped || !cJSON_AddItemToObject(wrapped, "phoneNumbers", body)) {
      cJSON_Delete(wrapped);
      cJSON_Delete(body);
      return NULL;
    }
    body = wrapped;
  }
  if (!cJSON_IsObject(body)) {
    cc_report_add(&r, CC_V_NOT_AN_OBJECT, NULL, "the body must be a JSON object");
    return cc_verdict(&r, body);
  }
  cc_validate_object(found->schema, body, "", &r);
  if (found->schema == &cc_channel_patch_schema && !cc_get(body, "url") && !cc_get(body, "isReady"))
    cc_report_add(&r, CC_V_FIELD_REQUIRED, "url", "one or both of url and isReady are required");
  if (found->schema == &cc_webhook_answer_schema) {
    /* Mark what a user may pick: a number with an extension may not. */
    cJSON *number;
    cJSON_ArrayForEach(number, cc_get(body, "phoneNumbers")) {
      if (!cJSON_IsObject(number)) continue;
      const char *extension = cc_get_string(number, "extension");
      cc_set(number, "selectable", cJSON_CreateBool(!(extension && *extension)));
    }
  }
  return cc_verdict(&r, body);
}

/* The catalogue lists the REST bodies that have a schema: "json" is the reading rules alone,
 * with no body of HubSpot's API behind it, and nothing for a schema export to write. */
const char *cc_rest_kind_at(size_t index, const cc_schema **schema) {
  for (size_t i = 0; i < sizeof rest_kinds / sizeof *rest_kinds; i++) {
    if (!rest_kinds[i].schema || index-- > 0) continue;
    if (schema) *schema = rest_kinds[i].schema;
    return rest_kinds[i].name;
  }
  return NULL;
}
