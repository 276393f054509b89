/* Stateless checks: one envelope against the catalogue, and the REST bodies of
 * the calling settings, channel-connection, inbound-call and help-desk
 * webhook (seeds 000-003, PROTOCOL.md 6). */
#include <stdio.h>
#include <string.h>

#include "payloads.h"
#include "rest.h"
#include "schema_table.h"
#include "session.h"

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
/* The seed asks for no https on the webhook, and local tools serve plain http. */
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
  const cc_schema *schema;
} rest_kind;

static const rest_kind rest_kinds[] = {
    {"settings.create", &cc_settings_create_schema},
    {"settings.patch", &cc_settings_patch_schema},
    {"channelConnection.create", &cc_channel_create_schema},
    {"channelConnection.patch", &cc_channel_patch_schema},
    {"inboundCall", &cc_inbound_call_schema},
    {"webhookAnswer", &cc_webhook_answer_schema},
};

/* {"ok","errors","warnings","value"}; takes `value`. */
static char *verdict(const cc_report *r, cJSON *value) {
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
  if (value) cJSON_AddItemToObject(root, "value", value);
  else cJSON_AddNullToObject(root, "value");
  char *text = cc_json_text(root);
  cJSON_Delete(root);
  return text;
}

/* Parses with the default limits; a failure is itself the verdict. */
static cJSON *parse_or_report(const char *json, cc_report *r) {
  callcore_errno err;
  cc_code code;
  char why[160];
  cJSON *root = cc_parse_bounded(json, &CC_DEFAULT_LIMITS, &err, &code, why, sizeof why);
  if (!root) cc_report_add(r, code, NULL, "%s", why);
  return root;
}

char *callcore_validate_envelope(const char *envelope_json) {
  cc_report r;
  cc_report_reset(&r, "message");
  cJSON *envelope = parse_or_report(envelope_json, &r);
  if (!envelope) return verdict(&r, NULL);
  const char *type = cc_get_string(envelope, "type");
  if (!cJSON_IsObject(envelope)) {
    cc_report_add(&r, CC_V_NOT_AN_OBJECT, NULL, "a message must be an object");
  } else if (!type || !*type) {
    /* The codes a session's receive uses: falsy ("", null) is missing, anything else the wrong type. */
    const cJSON *item = cc_get(envelope, "type");
    cc_report_add(&r, cc_truthy(item) ? CC_V_TYPE_NOT_STRING : CC_V_MISSING_TYPE, "type",
                  "type must be a non-empty string");
  } else {
    r.subject = type;
    const cc_message *def = cc_catalog_find(type);
    if (!def) cc_report_add(&r, CC_V_UNKNOWN_TYPE, "type", "\"%.64s\" is not a message type", type);
    else if (def->replaced_by) cc_report_add(&r, CC_V_DEPRECATED_TYPE, "type", "%s is deprecated; use %s", type, def->replaced_by);
    cc_check_payload(def, envelope, &r);
  }
  return verdict(&r, envelope);
}

char *callcore_validate_rest(const char *kind, const char *body_json) {
  cc_report r;
  cc_report_reset(&r, kind ? kind : "REST body");
  const rest_kind *found = NULL;
  for (size_t i = 0; kind && i < sizeof rest_kinds / sizeof *rest_kinds; i++)
    if (strcmp(rest_kinds[i].name, kind) == 0) found = &rest_kinds[i];
  if (!found) {
    cc_report_add(&r, CC_V_UNKNOWN_TYPE, "kind",
                  "kind must be one of settings.create, settings.patch, channelConnection.create, "
                  "channelConnection.patch, inboundCall, webhookAnswer");
    return verdict(&r, NULL);
  }
  cJSON *body = parse_or_report(body_json, &r);
  if (!body) return verdict(&r, NULL);
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
    return verdict(&r, body);
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
  return verdict(&r, body);
}

const char *cc_rest_kind_at(size_t index, const cc_schema **schema) {
  if (index >= sizeof rest_kinds / sizeof *rest_kinds) return NULL;
  if (schema) *schema = rest_kinds[index].schema;
  return rest_kinds[index].name;
}
