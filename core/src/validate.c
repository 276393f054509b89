/* Payload checks, and callcore_validate_envelope: one envelope against the
 * catalogue, with no session. */
#include "validate.h"

#include "json_util.h"
#include "json_writer.h"
#include "verdict.h"

void cc_check_payload(const cc_view *v, cc_report *r) {
  const cc_message *def = v->def;
  if (!def || !def->schema || def->payload == CC_PAYLOAD_NONE) return;
  cJSON *payload = v->payload;
  if (payload == v->envelope) {
    cc_validate_object(def->schema, payload, "", r);
    return;
  }
  if (payload && !cc_is_undefined(payload) && !cJSON_IsObject(payload)) {
    char shown[80];
    cc_describe_value(payload, shown, sizeof shown);
    cc_report_add(r, CC_V_DATA_NOT_OBJECT, "data", "data must be an object, not %s", shown);
    return;
  }
  cc_validate_object(def->schema, payload, "data", r);
}

char *callcore_validate_envelope(const char *envelope_json) {
  cc_report r;
  cc_report_reset(&r, "message");
  cJSON *envelope = cc_verdict_parse(envelope_json, &r);
  if (!envelope) return cc_verdict(&r, NULL);
  cc_view v;
  cc_view_read(&v, envelope, NULL);
  if (!cJSON_IsObject(envelope)) {
    cc_report_add(&r, CC_V_NOT_AN_OBJECT, NULL, "a message must be an object");
  } else if (!v.type || !*v.type) {
    /* The codes a session's receive uses: falsy ("", null) is missing, anything else the wrong type. */
    cc_report_add(&r, cc_truthy(v.type_item) ? CC_V_TYPE_NOT_STRING : CC_V_MISSING_TYPE, "type",
                  "type must be a non-empty string");
  } else {
    r.subject = v.type;
    if (!v.def) cc_report_add(&r, CC_V_UNKNOWN_TYPE, "type", "\"%.64s\" is not a message type", v.type);
    else if (v.def->replaced_by)
      cc_report_add(&r, CC_V_DEPRECATED_TYPE, "type", "%s is deprecated; use %s", v.type, v.def->replaced_by);
    cc_check_payload(&v, &r);
  }
  return cc_verdict(&r, envelope);
}
