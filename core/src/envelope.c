/* The envelope an SDK method puts on the wire: type, then data (absent for
 * the methods without an argument, undefined when the argument is omitted);
 * the messageId comes later, when it is sent. */
#include <stdio.h>
#include <string.h>

#include "session.h"

/* A call that cannot even become an envelope is refused in every policy;
 * the violation tells onViolation what the return code tells the caller. */
static cJSON *refuse_call(callcore_session *s, const char *method, callcore_errno *err, callcore_errno code,
                          cc_code violation, const char *field, const char *why) {
  cc_report r;
  cc_report_reset(&r, method);
  cc_report_add(&r, violation, field, "%s; nothing was sent", why);
  cc_emit_report(s, &r, CC_OUTBOUND, NULL, CC_REFUSED);
  *err = cc_fail(s, code, "%s: %s", method, why);
  return NULL;
}

/* sendMessage: the app's message is the envelope, posted as its text (plus a messageId). */
static cJSON *app_message(callcore_session *s, cJSON *message, const char *text, int canonical,
                          const cc_report *report, callcore_errno *err) {
  const cJSON *type = cc_get(message, "type");
  if (cJSON_IsString(type) && type->valuestring[0] && !cc_is_undefined(type)) {
    if (canonical) cc_verbatim_set(s, message, text, report); /* cc_send_method clears it */
    return message;
  }
  int is_object = cJSON_IsObject(message), truthy_type = cc_truthy(type);
  cJSON_Delete(message);
  if (!is_object)
    return refuse_call(s, CC_SEND_MESSAGE, err, CALLCORE_E_ENVELOPE, CC_V_NOT_AN_OBJECT, NULL,
                       "the message must be an object with a type");
  return refuse_call(s, CC_SEND_MESSAGE, err, CALLCORE_E_ENVELOPE,
                     truthy_type ? CC_V_TYPE_NOT_STRING : CC_V_MISSING_TYPE, "type",
                     "message.type must be a non-empty string");
}

cJSON *cc_method_envelope(callcore_session *s, const char *method, const char *payload_json,
                          const cc_report *report, callcore_errno *err) {
  cJSON *payload = NULL;
  int canonical = 0;
  if (payload_json) {
    cc_parse_error parse;
    payload = cc_parse_bounded_canonical(payload_json, &s->limits, &parse, &canonical);
    if (!payload) {
      char reason[200], field[CC_PARSE_FIELD_MAX + 8];
      snprintf(reason, sizeof reason, "payload %s", parse.why);
      snprintf(field, sizeof field, "data%s%s", parse.field[0] ? "." : "", parse.field);
      return refuse_call(s, method, err, parse.err, cc_parse_failure_code(parse.failure), field, reason);
    }
  }
  const cc_message *def = strcmp(method, CC_SEND_MESSAGE) == 0 ? NULL : cc_catalog_find_method(method);
  if (!def) return app_message(s, payload, payload_json, canonical, report, err);
  /* Keys and the type are constants: referenced, not copied (two allocations
   * per envelope instead of five; cJSON_Delete knows not to free them). */
  cJSON *envelope = cJSON_CreateObject();
  cJSON *type = envelope ? cJSON_CreateStringReference(def->type) : NULL;
  if (!type) goto oom;
  cJSON_AddItemToObjectCS(envelope, "type", type);
  if (def->payload == CC_PAYLOAD_DATA) {
    cJSON *data = payload ? payload : cc_create_undefined();
    if (!data || !cJSON_AddItemToObjectCS(envelope, "data", data)) {
      cJSON_Delete(data);
      payload = NULL;
      goto oom;
    }
    if (payload && canonical) cc_verbatim_set(s, payload, payload_json, report); /* cc_send_method clears it */
    payload = NULL;
  } else if (payload && !cc_is_undefined(payload)) {
    cc_report r;
    cc_report_reset(&r, method);
    cc_report_add(&r, CC_V_PAYLOAD_IGNORED, "data", "%s() takes no argument; the one given was not sent", method);
    cc_emit_report(s, &r, CC_OUTBOUND, def->type, CC_RELAYED);
  }
  cJSON_Delete(payload);
  return envelope;
oom:
  cJSON_Delete(payload);
  cJSON_Delete(envelope);
  *err = cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  return NULL;
}
