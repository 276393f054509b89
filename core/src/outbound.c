/* Sending: messageIds, the checks every outgoing message passes, the post. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "validate.h"

/* "<instanceId>_<ms>" as the SDK writes it, but with the suffix strictly
 * increasing: the SDK repeats ids within one millisecond. */
void cc_next_message_id(callcore_session *s, double now_ms, char *out, size_t out_len) {
  double stamp = floor(now_ms);
  if (stamp <= s->last_stamp) stamp = s->last_stamp + 1;
  s->last_stamp = stamp;
  /* Every message sent takes this path: digits by hand, not printf's "%.0f",
   * for the whole milliseconds any clock gives (the same text either way). */
  size_t n = strlen(s->instance_id);
  if (stamp >= 1e15 || n + 18 > out_len) {
    snprintf(out, out_len, "%s_%.0f", s->instance_id, stamp);
    return;
  }
  memcpy(out, s->instance_id, n);
  out[n++] = '_';
  n += cc_format_whole((unsigned long long)stamp, out + n);
  out[n] = '\0';
}

int cc_is_own_message_id(const callcore_session *s, const char *message_id) {
  size_t n = strlen(s->instance_id);
  /* The SDK's test is a bare prefix; requiring the "_" keeps an id such as
   * "17244123450001_..." from passing for ours. */
  return strncmp(message_id, s->instance_id, n) == 0 && message_id[n] == '_';
}

/* The id is written into `id`, which the envelope references (no copy): the
 * envelope must be printed and freed before `id` goes out of scope. */
static int add_message_id(callcore_session *s, cJSON *envelope, double now_ms, char id[64]) {
  if (cc_get(envelope, "messageId")) return 1; /* the caller's id stays where it is */
  cc_next_message_id(s, now_ms, id, 64);
  cJSON *item = cJSON_CreateStringReference(id);
  return item && cJSON_AddItemToObjectCS(envelope, "messageId", item);
}

/* Direction, deprecation and (host) the widget's SDK version. */
static void check_type(callcore_session *s, const cc_view *v, cc_report *r) {
  const cc_message *def = v->def;
  if (!def) {
    cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                           "\"%.64s\" is not in the catalogue; the peer will answer UNKNOWN_MESSAGE_TYPE", v->type);
    return;
  }
  if (def->payload == CC_PAYLOAD_TOPLEVEL || def->direction == CC_LOCAL || def->direction == CC_UNUSED) {
    cc_report_add(r, CC_V_LOCAL_TYPE_ON_WIRE, "type", "%s is not something an app sends%s", def->type,
                  def->payload == CC_PAYLOAD_TOPLEVEL ? "; callcore runs the handshake itself" : "");
    return;
  }
  int host = s->role == CC_ROLE_HOST;
  if ((host && def->direction == CC_W2H) || (!host && def->direction == CC_H2W))
    cc_report_add(r, CC_V_WRONG_DIRECTION, "type", "%s travels %s; a %s does not send it", def->type,
                  cc_direction_name(def->direction), host ? "host" : "widget");
  if (def->replaced_by)
    cc_report_add(r, CC_V_DEPRECATED_TYPE, "type", "%s is deprecated; use %s", def->type, def->replaced_by);
  if (host && s->widget_version[0]) {
    if (cc_version_compare(s->widget_version, def->since) < 0)
      cc_report_add(r, CC_V_VERSION_TOO_OLD, "type", "%s needs SDK %s or later; the widget runs %s", def->type,
                    def->since, s->widget_version);
    else if (def->removed && cc_version_compare(s->widget_version, def->removed) >= 0)
      cc_report_add(r, CC_V_VERSION_TOO_OLD, "type", "%s was removed in SDK %s; the widget runs %s", def->type,
                    def->removed, s->widget_version);
  }
}

/* A messageId the app gave is kept, as the SDK keeps it; one the receiver
 * drops (falsy, docs/protocol.md 1.8, row 4) is worth saying before it is sent. */
static void check_given_id(const cc_view *v, cc_report *r) {
  const cJSON *given_id = v->message_id;
  if (given_id && !cc_truthy(given_id)) {
    char shown[80];
    cc_describe_value(given_id, shown, sizeof shown);
    cc_report_add(r, CC_V_MISSING_MESSAGE_ID, "messageId", "messageId %s is falsy; the receiver drops the message",
                  shown);
  } else if (given_id && !cJSON_IsString(given_id)) {
    cc_report_add(r, CC_V_MESSAGE_ID_NOT_STRING, "messageId", "messageId should be a string");
  }
}

callcore_errno cc_send(callcore_session *s, cJSON *envelope, const char *via, double now_ms, cc_report *r) {
  cc_view v;
  cc_view_read(&v, envelope, NULL);
  /* Every SDK method sends through sendMessage in the JavaScript SDK: a finding
   * is still named after the method the app called ("callEnded: ..."). */
  if (v.def && v.def->method && r->subject && strcmp(r->subject, CC_SEND_MESSAGE) == 0) r->subject = v.def->method;
  /* Option instances: an app's call on a call's lifecycle goes to the
   * instance that leads (docs/instances.md); the same ring announced twice is one call. */
  cc_route route = s->instances && !via ? cc_instances_route(s, &v, r) : CC_ROUTE_POST;
  if (route == CC_ROUTE_MERGE) {
    cJSON_Delete(envelope);
    return CALLCORE_OK;
  }
  check_type(s, &v, r);
  cc_check_payload(&v, r);
  check_given_id(&v, r);
  cc_lifecycle_check(s, &v, 0, now_ms, r);

  /* A per-session bound is a hard limit in every policy, like a full queue:
   * a call the session cannot track is not sent. */
  int over_limit = cc_report_has_code(r, CC_V_TOO_MANY_CALLS);
  /* A second answer would reach HubSpot twice: refused in every policy. A
   * forwarded call that breaks a rule goes back to its sender as refused. */
  int elsewhere = cc_report_has_code(r, CC_V_ANSWERED_ELSEWHERE);
  int strict = s->policy == CC_POLICY_STRICT || (s->instances && s->instances->forwarding);
  if (over_limit || elsewhere || (strict && cc_report_has_errors(r))) {
    /* A login or availability another instance shared, carried to this instance's own host (rule 5
     * of docs/instances.md): no app call was refused, so it is said as a local finding. */
    int shared = s->instances && s->instances->applying;
    cc_emit_report(s, r, shared ? CC_LOCAL_FINDING : CC_OUTBOUND, v.type, shared ? CC_REPORTED : CC_REFUSED);
    cJSON_Delete(envelope);
    return cc_fail(s, over_limit ? CALLCORE_E_LIMIT : CALLCORE_E_REFUSED, "%s", r->items[0].message);
  }
  if (route == CC_ROUTE_FORWARD) {
    /* Checked as if sent; tracked as the leader's call; the leader posts it. */
    cc_lifecycle_apply(s, &v, now_ms);
    cc_emit_report(s, r, CC_OUTBOUND, v.type, CC_RELAYED);
    cc_instances_forward(s, &v);
    cJSON_Delete(envelope);
    return CALLCORE_OK;
  }
  char id[64];
  if (!add_message_id(s, envelope, now_ms, id)) {
    cJSON_Delete(envelope);
    return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  }
  cc_lifecycle_apply(s, &v, now_ms);
  cc_emit_report(s, r, CC_OUTBOUND, v.type, CC_RELAYED);
  cc_emit_post(s, envelope, via);
  return CALLCORE_OK;
}

callcore_errno cc_send_method(callcore_session *s, const char *method, const char *payload_json, double now_ms) {
  cc_report r;
  cc_report_reset(&r, method);
  callcore_errno err = CALLCORE_OK;
  cJSON *envelope = cc_method_envelope(s, method, payload_json, &r, &err);
  if (envelope && s->phase == CC_PHASE_UNSYNCED) {
    /* Built now so that a malformed call fails at once rather than at replay. */
    cJSON_Delete(envelope);
    envelope = NULL;
    err = cc_enqueue(s, method, payload_json);
  } else if (envelope && s->instances && cc_instances_must_wait(s, envelope)) {
    cJSON_Delete(envelope);
    envelope = NULL;
    err = cc_enqueue_for_leader(s, method, payload_json);
  }
  if (envelope) err = cc_send(s, envelope, NULL, now_ms, &r);
  cc_verbatim_set(s, NULL, NULL, NULL);
  return err;
}
