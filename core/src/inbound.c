/* Receiving: the filter order of PROTOCOL.md 1.8, hardened, then dispatch (section 3). */
#include <stdio.h>
#include <string.h>

#include "session.h"

/* Whether a foreign message is worth a report: only things that look like
 * this protocol. Pages receive plenty of unrelated postMessage traffic. */
static int looks_like_protocol(const cJSON *envelope) {
  const char *type = cc_get_string(envelope, "type");
  return type && cc_catalog_find(type) != NULL;
}

callcore_errno cc_drop(callcore_session *s, const char *type, callcore_errno err) {
  cc_emit_report(s, "inbound", type, "dropped");
  return cc_fail(s, err, "%s", s->report.count ? s->report.items[0].message : "message dropped");
}

/* The reply to a type this role does not know, unless it is itself an error:
 * two SDK instances otherwise trade ever-growing ERRORs forever. With option
 * "deliver" it is sent as the SDK sends it, through the app-level sendMessage
 * (which adds the messageId); otherwise posted here. */
static void reply_unknown_type(callcore_session *s, const cJSON *envelope, double now_ms) {
  /* Before the handshake the SDK sends nothing but SYNC, this reply included
   * (PROTOCOL.md 3.2 step 2); queueing it would answer a stale message later. */
  if (s->phase == CC_PHASE_UNSYNCED) return;
  const char *type = cc_get_string(envelope, "type");
  const cJSON *data = cc_get(envelope, "data");
  if ((type && strcmp(type, "ERROR") == 0) ||
      (cc_get_string(data, "type") && strcmp(cc_get_string(data, "type"), "UNKNOWN_MESSAGE_TYPE") == 0))
    return;
  cJSON *reply = cJSON_CreateObject();
  cJSON *error = cJSON_CreateObject();
  cJSON *inner = cJSON_CreateObject();
  cJSON *original = cJSON_Duplicate(envelope, 1);
  if (!reply || !error || !inner || !original) {
    cJSON_Delete(reply);
    cJSON_Delete(error);
    cJSON_Delete(inner);
    cJSON_Delete(original);
    return;
  }
  cJSON_AddStringToObject(reply, "type", "ERROR");
  cJSON_AddItemToObject(reply, "data", error);
  cJSON_AddStringToObject(error, "type", "UNKNOWN_MESSAGE_TYPE");
  cJSON_AddItemToObject(error, "data", inner);
  cJSON_AddItemToObject(inner, "originalMessage", original);
  if (s->deliver) {
    cc_emit_send(s, reply);
    cJSON_Delete(reply);
    return;
  }
  char id[64];
  cc_next_message_id(s, now_ms, id, sizeof id);
  cJSON_AddStringToObject(reply, "messageId", id);
  cc_emit_post(s, reply, "sendMessage");
}

/* The handler a role has for a type: NULL when it has none. */
static const char *handler_of(const callcore_session *s, const cc_message *def) {
  if (!def) return NULL;
  return s->role == CC_ROLE_HOST ? def->host_handler : def->widget_handler;
}

callcore_errno cc_dispatch_event(callcore_session *s, const cJSON *event, double now_ms) {
  /* The SDK looks the type up with `in` (which coerces it to a string) and
   * tests the _FAILED suffix on String(type): a type that is not a string
   * is simply unknown. */
  const char *type = cc_get_string(event, "type");
  const char *handler = type ? handler_of(s, cc_catalog_find(type)) : NULL;
  int known = handler || (type && cc_is_inherited_name(type));
  if (!known) reply_unknown_type(s, event, now_ms);
  cc_choose_handlers(s, type ? type : "", handler, NULL);
  return CALLCORE_OK;
}

/* Host side of SET_WIDGET_URL: both shapes, reduced to an origin, checked,
 * never a second READY (the SDK's receiver does all three wrong). */
static callcore_errno host_on_set_widget_url(callcore_session *s, cJSON *envelope, double now_ms) {
  const cJSON *data = cc_get(envelope, "data");
  const char *url = cc_get_string(data, "iFrameUrl");
  if (!url) url = cc_get_string(envelope, "iFrameUrl");
  char origin[CC_ORIGIN_MAX], why[96];
  cc_report_reset(&s->report, "SET_WIDGET_URL");
  const char *field = cc_get_string(data, "iFrameUrl") ? "data.iFrameUrl" : "iFrameUrl";
  int ok = 0;
  if (!url) cc_report_add(&s->report, CC_V_FIELD_REQUIRED, "data.iFrameUrl", "data.iFrameUrl is required");
  else if (!cc_origin_normalize(url, origin, why, sizeof why))
    cc_report_add(&s->report, CC_V_BAD_ORIGIN, field, "%s \"%.80s\" %s", field, url, why);
  else if (!cc_origin_allowed(s, origin))
    cc_report_add(&s->report, CC_V_ORIGIN_NOT_ALLOWED, field, "%s %s is not an allowed widget origin", field, origin);
  else ok = 1;
  if (!ok) {
    char message[CC_MESSAGE_MAX];
    memcpy(message, s->report.items[0].message, sizeof message);
    cc_emit_report(s, "inbound", "SET_WIDGET_URL", "refused");
    cJSON *reply = cJSON_CreateObject();
    cJSON_AddStringToObject(reply, "type", "SET_WIDGET_URL_FAILED");
    cJSON *reply_data = cJSON_AddObjectToObject(reply, "data");
    if (url) cJSON_AddStringToObject(reply_data, "iFrameUrl", url);
    cJSON *error = cJSON_AddObjectToObject(reply_data, "error");
    if (!error || !cJSON_AddStringToObject(error, "message", message)) {
      cJSON_Delete(reply);
      return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
    }
    cc_send(s, reply, "SET_WIDGET_URL", "sendMessage", now_ms);
    return cc_fail(s, CALLCORE_E_DROPPED, "%s", message);
  }
  memcpy(s->destination, origin, sizeof s->destination);
  cJSON *details = cJSON_CreateObject();
  cJSON_AddStringToObject(details, "origin", origin);
  cc_emit_event(s, "DESTINATION_CHANGED", details);
  cc_dispatch_handlers(s, "SET_WIDGET_URL", "onSetWidgetUrl", envelope);
  return CALLCORE_OK;
}

static callcore_errno dispatch(callcore_session *s, cJSON *envelope, const char *type, double now_ms) {
  const cc_message *def = cc_catalog_find(type);
  int host = s->role == CC_ROLE_HOST;
  const char *handler = handler_of(s, def);
  int inherited = cc_is_inherited_name(type);
  cc_report *r = &s->report;
  cc_report_reset(r, type);

  if (inherited) {
    /* The SDK's `in` test counts these as known: no ERROR reply, default handler. */
    cc_report_add(r, CC_V_INHERITED_TYPE_NAME, "type", "\"%s\" is a JavaScript built-in name, not a message type",
                  type);
  } else if (!handler) {
    if (!def)
      cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                             "\"%.64s\" is not a message type; answered with UNKNOWN_MESSAGE_TYPE", type);
    else if (def->direction == CC_LOCAL || def->direction == CC_UNUSED || def->payload == CC_PAYLOAD_TOPLEVEL)
      cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                             "%s is never sent by a peer; answered with UNKNOWN_MESSAGE_TYPE", type);
    else if (def->removed)
      cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                             "%s was removed in SDK %s; answered with UNKNOWN_MESSAGE_TYPE", type, def->removed);
    else if (strcmp(type, "ERROR") != 0)
      cc_report_add_severity(r, CC_V_WRONG_DIRECTION, CC_WARNING, "type",
                             "%s travels %s; a %s answers it with UNKNOWN_MESSAGE_TYPE", type,
                             cc_direction_name(def->direction), host ? "host" : "widget");
  } else if (def->direction == CC_LOCAL) {
    cc_report_add(r, CC_V_LOCAL_TYPE_ON_WIRE, "type", "%s is a local event; the peer should never send it", type);
  }
  if (strcmp(type, "ERROR") == 0) {
    const cJSON *error = cc_get(envelope, "data");
    const char *error_type = cc_get_string(error, "type");
    const char *rejected = cc_get_string(cc_get(cc_get(error, "data"), "originalMessage"), "type");
    int unknown_type = error_type && strcmp(error_type, "UNKNOWN_MESSAGE_TYPE") == 0;
    /* The first step of the reference SDK's ERROR storm (PROTOCOL.md 7.1): named
     * on its own, since no SDK version is to blame and nothing can stop it but the peer. */
    if (unknown_type && rejected && strcmp(rejected, "ERROR") == 0)
      cc_report_add(r, CC_V_ERROR_FOR_ERROR, "data.data.originalMessage.type",
                    "the %s answered an ERROR with an ERROR; two ends that do so trade ever-growing ERRORs forever",
                    host ? "widget" : "host");
    else if (host && unknown_type)
      cc_report_add(r, CC_V_WIDGET_REJECTED_TYPE, "data.type",
                    "the widget did not know a message it was sent; check its SDK version before sending");
  }

  int known = handler || inherited;
  cJSON *data = cc_get(envelope, "data");
  if (def && known) {
    cc_check_payload(def, envelope, r);
    cc_lifecycle_check(s, def, data, 1, now_ms, r);
  }
  if (cc_report_has_code(r, CC_V_TOO_MANY_CALLS)) return cc_drop(s, type, CALLCORE_E_LIMIT); /* a hard bound */
  /* Unknown types carry only warnings, except an ERROR answering an ERROR. */
  if (s->policy == CC_POLICY_STRICT && cc_report_has_errors(r)) return cc_drop(s, type, CALLCORE_E_DROPPED);
  if (def && known) cc_lifecycle_apply(s, def, data, now_ms);
  cc_emit_report(s, "inbound", type, "relayed");
  if (!known && !s->deliver) reply_unknown_type(s, envelope, now_ms);
  cc_dispatch_handlers(s, type, handler, envelope);

  if (host && strcmp(type, "RESIZE_WIDGET") == 0) cc_emit_resize(s, cc_get(data, "width"), cc_get(data, "height"));
  if (host && strcmp(type, "INITIALIZED") == 0) {
    const cJSON *size = cc_get(data, "sizeInfo");
    cc_emit_resize(s, cc_get(size, "width"), cc_get(size, "height"));
  }
  return CALLCORE_OK;
}

callcore_errno cc_receive(callcore_session *s, const char *origin, int from_peer, cJSON *envelope, double now_ms) {
  cc_report *r = &s->report;
  cc_report_reset(r, "received message");
  const char *type = cc_get_string(envelope, "type");
  if (type) r->subject = type;

  /* Only the peer window may talk to us (the SDK checks no source at all).
   * Pages see plenty of unrelated postMessage traffic: only what looks like
   * this protocol is worth a report. */
  if (!from_peer) {
    if (!looks_like_protocol(envelope)) return cc_fail(s, CALLCORE_E_DROPPED, "not from the peer window");
    cc_report_add(r, CC_V_SOURCE_NOT_PEER, NULL, "came from a window that is not the %s; ignored",
                  s->role == CC_ROLE_WIDGET ? "parent (host) window" : "widget iframe");
    return cc_drop(s, type, CALLCORE_E_DROPPED);
  }
  if (!cJSON_IsObject(envelope)) {
    char shown[80];
    cc_describe_value(envelope, shown, sizeof shown);
    cc_report_add(r, CC_V_NOT_AN_OBJECT, NULL, "a message must be an object, not %s; it was dropped", shown);
    return cc_drop(s, NULL, CALLCORE_E_ENVELOPE);
  }
  const cJSON *type_item = cc_get(envelope, "type");
  int is_sync = type && strcmp(type, "SYNC") == 0;
  if (is_sync) {
    if (s->role == CC_ROLE_HOST) {
      cc_report_add(r, CC_V_SYNC_ON_HOST, NULL, "a host never answers SYNC (the SDK's host does, and adopts its hostUrl)");
      return cc_drop(s, type, CALLCORE_E_DROPPED);
    }
    return cc_widget_on_sync(s, origin, envelope, now_ms);
  }
  if (strcmp(origin, s->destination) != 0) {
    if (!looks_like_protocol(envelope)) return cc_fail(s, CALLCORE_E_DROPPED, "not from the peer's origin");
    cc_report_add(r, CC_V_ORIGIN_MISMATCH, NULL, "came from %.100s, not from the peer at %s; ignored", origin,
                  s->destination[0] ? s->destination : "(no origin yet)");
    return cc_drop(s, type, CALLCORE_E_DROPPED);
  }
  if (s->role == CC_ROLE_WIDGET && !cc_origin_allowed(s, origin)) {
    cc_report_add(r, CC_V_ORIGIN_NOT_ALLOWED, NULL, "%.100s is not an allowed host origin; " CC_ALLOW_HOST_HINT "; ignored",
                  origin);
    return cc_drop(s, type, CALLCORE_E_DROPPED);
  }
  const cJSON *message_id = cc_get(envelope, "messageId");
  if (!cc_truthy(type_item)) {
    cc_report_add(r, CC_V_MISSING_TYPE, "type", "a message without a type was dropped");
    return cc_drop(s, NULL, CALLCORE_E_ENVELOPE);
  }
  if (!type) {
    cc_report_add(r, CC_V_TYPE_NOT_STRING, "type", "type must be a string; the message was dropped");
    return cc_drop(s, NULL, CALLCORE_E_ENVELOPE);
  }
  if (!cc_truthy(message_id)) {
    cc_report_add(r, CC_V_MISSING_MESSAGE_ID, "messageId", "a message without a truthy messageId was dropped");
    return cc_drop(s, type, CALLCORE_E_ENVELOPE);
  }
  if (!cJSON_IsString(message_id))
    cc_report_add(r, CC_V_MESSAGE_ID_NOT_STRING, "messageId", "messageId should be a string");

  if (strcmp(type, "SET_WIDGET_URL") == 0) {
    if (s->role == CC_ROLE_HOST) return host_on_set_widget_url(s, envelope, now_ms);
    /* The SDK's widget would retarget itself; a host has no business moving it. */
    cc_report_add(r, CC_V_WRONG_DIRECTION, "type", "SET_WIDGET_URL travels widget-to-host; ignored");
    return cc_drop(s, type, CALLCORE_E_DROPPED);
  }
  if (s->role == CC_ROLE_HOST && strcmp(type, "SYNC_ACK") == 0) return cc_host_on_sync_ack(s, envelope, now_ms);
  if (cJSON_IsString(message_id) && cc_is_own_message_id(s, message_id->valuestring)) {
    cc_report_add(r, CC_V_ORPHAN_REPLY, "messageId",
                  "messageId %.64s starts with this instance's id, so it is a reply, but nothing waits for it; "
                  "ignored (a peer must use ids of its own)",
                  message_id->valuestring);
    return cc_drop(s, type, CALLCORE_E_DROPPED);
  }
  /* Findings so far (a non-string messageId) are warnings; keep them. */
  cc_emit_report(s, "inbound", type, "relayed");
  return dispatch(s, envelope, type, now_ms);
}
