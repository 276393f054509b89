/* The catalogue as JSON (callcore_catalog_json): the messages of catalog.c
 * and, from the tables the core itself runs on, the options, the REST
 * bodies, the action vocabulary, the violation codes and the call states.
 * Every key is documented in callcore.h. */
#include <stdlib.h>
#include <string.h>

#include "action_table.h"
#include "callcore.h"
#include "catalog.h"
#include "json_util.h"
#include "options.h"
#include "origin.h"
#include "report.h"
#include "rest.h"
#include "session.h"

static cJSON *string_list(const char *const *values) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && values[i]; i++) cJSON_AddItemToArray(list, cJSON_CreateString(values[i]));
  return list;
}

static void add_optional_string(cJSON *object, const char *key, const char *value) {
  if (value) cJSON_AddStringToObject(object, key, value);
  else cJSON_AddNullToObject(object, key);
}

static const char *payload_name(cc_payload payload) {
  return payload == CC_PAYLOAD_NONE ? "none" : payload == CC_PAYLOAD_DATA ? "data" : "top-level";
}

static cJSON *message_to_json(const cc_message *m) {
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddStringToObject(out, "type", m->type);
  cJSON_AddStringToObject(out, "direction", cc_direction_name(m->direction));
  add_optional_string(out, "method", m->method);
  cJSON_AddStringToObject(out, "payload", payload_name(m->payload));
  add_optional_string(out, "widgetHandler", m->widget_handler);
  add_optional_string(out, "hostHandler", m->host_handler);
  add_optional_string(out, "since", m->since);
  add_optional_string(out, "removed", m->removed);
  add_optional_string(out, "replacedBy", m->replaced_by);
  cJSON_AddStringToObject(out, "summary", m->summary);
  if (m->schema) cJSON_AddItemToObject(out, "schema", cc_schema_to_json(m->schema));
  else cJSON_AddNullToObject(out, "schema");
  return out;
}


static cJSON *action_to_json(const cc_action_kind *kind) {
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddStringToObject(out, "action", kind->name);
  cJSON *keys = cJSON_AddArrayToObject(out, "keys");
  for (size_t i = 0; keys && i < kind->key_count; i++) {
    const cc_action_key *k = &kind->keys[i];
    cJSON *key = cJSON_CreateObject();
    if (!key) break;
    cJSON_AddItemToArray(keys, key);
    cJSON_AddStringToObject(key, "name", k->name);
    cJSON_AddItemToObject(key, "types", cc_types_to_json(k->types));
    cJSON_AddBoolToObject(key, "required", k->required);
    if (k->values) cJSON_AddItemToObject(key, "enum", string_list(k->values));
    if (k->values_from) cJSON_AddStringToObject(key, "valuesFrom", k->values_from);
    if (k->doc) cJSON_AddStringToObject(key, "doc", k->doc);
  }
  cJSON_AddStringToObject(out, "doc", kind->doc);
  return out;
}

static void add_vocabulary(cJSON *root) {
  cJSON *actions = cJSON_AddArrayToObject(root, "actions");
  const cc_action_kind *kind;
  for (size_t i = 0; actions && (kind = cc_action_kind_at(i)); i++) cJSON_AddItemToArray(actions, action_to_json(kind));
  cJSON *events = cJSON_AddArrayToObject(root, "events");
  for (int event = 0; events && event < CC_EVENT_COUNT; event++) {
    cJSON *e = cJSON_CreateObject();
    if (!e) break;
    cJSON_AddItemToArray(events, e);
    cJSON_AddStringToObject(e, "event", cc_event_name((cc_event)event));
    cJSON_AddStringToObject(e, "doc", cc_event_doc((cc_event)event));
  }
  cJSON_AddItemToObject(root, "directions", string_list(CC_REPORT_DIRECTIONS));
  cJSON_AddItemToObject(root, "outcomes", string_list(CC_REPORT_OUTCOMES));
  cJSON_AddItemToObject(root, "severities", string_list(CC_SEVERITIES));
}

static cJSON *rest_to_json(void) {
  cJSON *rest = cJSON_CreateObject();
  const char *name;
  const cc_schema *schema;
  for (size_t i = 0; rest && (name = cc_rest_kind_at(i, &schema)); i++)
    cJSON_AddItemToObject(rest, name, cc_schema_to_json(schema));
  return rest;
}

cJSON *cc_catalog_to_json(void) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "sdkVersion", CALLCORE_SDK_VERSION);
  cJSON_AddStringToObject(root, "undefined", CALLCORE_UNDEFINED);
  cJSON *messages = cJSON_AddArrayToObject(root, "messages");
  cJSON *methods = cJSON_AddObjectToObject(root, "methods");
  const cc_message *m;
  for (size_t i = 0; messages && methods && (m = cc_catalog_at(i)); i++) {
    cJSON_AddItemToArray(messages, message_to_json(m));
    if (m->method) cJSON_AddStringToObject(methods, m->method, m->type);
  }
  cJSON *enums = cJSON_AddObjectToObject(root, "enums");
  if (enums) {
    cJSON_AddItemToObject(enums, "callEndStatus", string_list(CC_CALL_END_STATUSES));
    cJSON_AddItemToObject(enums, "callStatus", string_list(CC_CALL_STATUSES));
    cJSON_AddItemToObject(enums, "callRingingStatus", string_list(CC_CALL_RINGING_STATUSES));
    cJSON_AddItemToObject(enums, "callInProgressStatus", string_list(CC_CALL_IN_PROGRESS_STATUSES));
    cJSON_AddItemToObject(enums, "callEndingStatus", string_list(CC_CALL_ENDING_STATUSES));
    cJSON_AddItemToObject(enums, "callEndStatusConstants", string_list(CC_CALL_END_STATUS_CONSTANTS));
    cJSON_AddItemToObject(enums, "errorType", string_list(CC_ERROR_TYPES));
    cJSON_AddItemToObject(enums, "hsCallStatus", string_list(CC_HS_CALL_STATUSES));
    cJSON_AddItemToObject(enums, "finalCallStatus", string_list(CC_FINAL_CALL_STATUSES));
    cJSON_AddItemToObject(enums, "callerIdType", string_list(CC_CALLER_ID_TYPES));
    cJSON_AddItemToObject(enums, "iframeLocation", string_list(CC_IFRAME_LOCATIONS));
    cJSON_AddItemToObject(enums, "objectTypeId", string_list(CC_OBJECT_TYPE_IDS));
    cJSON_AddItemToObject(enums, "openIn", string_list(CC_OPEN_IN));
  }
  cJSON *violations = cJSON_AddArrayToObject(root, "violations");
  for (int code = 0; violations && code < CC_V_COUNT; code++) {
    cJSON *v = cJSON_CreateObject();
    if (!v) break;
    cJSON_AddItemToArray(violations, v);
    cJSON_AddStringToObject(v, "code", cc_code_name((cc_code)code));
    cJSON_AddStringToObject(v, "severity", cc_severity_name(cc_code_severity((cc_code)code)));
    cJSON_AddStringToObject(v, "summary", cc_code_summary((cc_code)code));
  }
  cJSON *brief = cJSON_AddObjectToObject(root, "briefDrains"); /* callcore_drain_brief's results */
  cJSON_AddNumberToObject(brief, "none", CALLCORE_BRIEF_NONE);
  cJSON_AddNumberToObject(brief, "empty", CALLCORE_BRIEF_EMPTY);
  cJSON_AddNumberToObject(brief, "deliverCall", CALLCORE_BRIEF_DELIVER_CALL);
  cJSON_AddNumberToObject(brief, "postAsIs", CALLCORE_BRIEF_POST_AS_IS);
  cJSON_AddItemToObject(root, "hubspotOrigins", string_list(CC_HUBSPOT_ORIGINS));
  cJSON_AddItemToObject(root, "limits", cc_limits_to_json(&CC_DEFAULT_LIMITS));
  cJSON_AddItemToObject(root, "options", cc_options_to_json());
  cJSON_AddItemToObject(root, "rest", rest_to_json());
  add_vocabulary(root);
  cJSON_AddItemToObject(root, "phases", string_list(CC_PHASE_NAMES));
  cJSON *states = cJSON_AddArrayToObject(root, "callStates");
  for (int state = 0; states && state < CC_CALL_STATE_COUNT; state++)
    cJSON_AddItemToArray(states, cJSON_CreateString(cc_call_state_key((cc_call_state)state)));
  return root;
}
