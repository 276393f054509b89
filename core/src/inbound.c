/* Receiving: the filter order of docs/protocol.md 1.8, hardened, then
 * dispatch (section 3). Special messages are told apart by their catalogue
 * row's mechanism, never by name. */
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "validate.h"

callcore_errno cc_drop(callcore_session *s, const cc_report *r, const char *type, callcore_errno err) {
  cc_emit_report(s, r, CC_INBOUND, type, CC_DROPPED);
  return cc_fail(s, err, "%s", r->count ? r->items[0].message : "message dropped");
}

static int is_mechanism(const cc_message *def, cc_mechanism mechanism) { return def && def->mechanism == mechanism; }

/* The reply to a type this role does not know, unless it is itself an error:
 * two SDK instances otherwise trade ever-growing ERRORs forever. With option
 * "deliver" it is sent as the SDK sends it, through the app-level sendMessage
 * (which adds the messageId); otherwise posted here. */
static void reply_unknown_type(callcore_session *s, const cJSON *envelope, const cc_message *def, double now_ms) {
  /* Before the handshake the SDK sends nothing but SYNC, this reply included
   * (docs/protocol.md 3.2 step 2); queueing it would answer a stale message later. */
  if (s->phase == CC_PHASE_UNSYNCED) return;
  const char *error_type = cc_get_string(cc_get(envelope, "data"), "type");
  if (is_mechanism(def, CC_MECH_ERROR) || (error_type && strcmp(error_type, CC_UNKNOWN_MESSAGE_TYPE) == 0)) return;
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
  cJSON_AddStringToObject(reply, "type", cc_catalog_mechanism(CC_MECH_ERROR)->type);
  cJSON_AddItemToObject(reply, "data", error);
  cJSON_AddStringToObject(error, "type", CC_UNKNOWN_MESSAGE_TYPE);
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
  cc_emit_post(s, reply, CC_SEND_MESSAGE);
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
  const cc_message *def = cc_catalog_find(type);
  const char *handler = handler_of(s, def);
  int known = handler || (type && cc_is_inherited_name(type));
  if (!known) reply_unknown_type(s, event, def, now_ms);
  cc_choose_handlers(s, def, type ? type : "", handler, NULL);
  return CALLCORE_OK;
}

/* Host side of SET_WIDGET_URL: both shapes, reduced to an origin, checked,
 * never a second READY (the SDK's receiver does all three wrong). */
static callcore_errno host_on_redirect(callcore_session *s, const cc_view *v, cc_report *r, double now_ms) {
  const cc_message *def = v->def;
  const char *url = cc_get_string(v->payload, "iFrameUrl");
  const char *field = v->payload == v->envelope ? "iFrameUrl" : "data.iFrameUrl";
  if (!url && def->legacy_payload_key) {
    url = cc_get_string(v->envelope, def->legacy_payload_key);
    field = def->legacy_payload_key;
  }
  char origin[CC_ORIGIN_MAX], why[96];
  cc_report_reset(r, v->type);
  int ok = 0;
  if (!url) cc_report_add(r, CC_V_FIELD_REQUIRED, "data.iFrameUrl", "data.iFrameUrl is required");
  else if (!cc_origin_normalize(url, origin, why, sizeof why))
    cc_report_add(r, CC_V_BAD_ORIGIN, field, "%s \"%.80s\" %s", field, url, why);
  else if (!cc_origin_allowed(s, origin))
    cc_report_add(r, CC_V_ORIGIN_NOT_ALLOWED, field, "%s %s is not an allowed widget origin", field, origin);
  else ok = 1;
  if (!ok) {
    cc_emit_report(s, r, CC_INBOUND, v->type, CC_REFUSED);
    cJSON *reply = cJSON_CreateObject();
    cJSON_AddStringToObject(reply, "type", cc_catalog_mechanism(CC_MECH_REDIRECT_FAILED)->type);
    cJSON *reply_data = cJSON_AddObjectToObject(reply, "data");
    if (url) cJSON_AddStringToObject(reply_data, "iFrameUrl", url);
    cJSON *error = cJSON_AddObjectToObject(reply_data, "error");
    if (!error || !cJSON_AddStringToObject(error, "message", r->items[0].message)) {
      cJSON_Delete(reply);
      return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
    }
    cc_report reply_report;
    cc_report_reset(&reply_report, v->type);
    cc_send(s, reply, CC_SEND_MESSAGE, now_ms, &reply_report);
    return cc_fail(s, CALLCORE_E_DROPPED, "%s", r->items[0].message);
  }
  memcpy(s->destination, origin, sizeof s->destination);
  cJSON *details = cJSON_CreateObject();
  cJSON_AddStringToObject(details, "origin", origin);
  cc_emit_event(s, cc_event_name(CC_EVENT_DESTINATION_CHANGED), details);
  cc_dispatch_handlers(s, def, v->type, def->host_handler, v->envelope, now_ms);
  return CALLCORE_OK;
}

/* What an ERROR says about the peer: it answered an ERROR with an ERROR (the
 * first step of the reference SDK's storm, docs/protocol.md 7.1, named on its
 * own since nothing but the peer can stop it), or it did not know a message. */
static void check_error_reply(const callcore_session *s, const cc_view *v, cc_report *r) {
  int host = s->role == CC_ROLE_HOST;
  const char *error_type = cc_get_string(v->payload, "type");
  const char *rejected = cc_get_string(cc_get(cc_get(v->payload, "data"), "originalMessage"), "type");
  int unknown_type = error_type && strcmp(error_type, CC_UNKNOWN_MESSAGE_TYPE) == 0;
  if (unknown_type && rejected && is_mechanism(cc_catalog_find(rejected), CC_MECH_ERROR))
    cc_report_add(r, CC_V_ERROR_FOR_ERROR, "data.data.originalMessage.type",
                  "the %s answered an ERROR with an ERROR; two ends that do so trade ever-growing ERRORs forever",
                  host ? "widget" : "host");
  else if (host && unknown_type)
    cc_report_add(r, CC_V_WIDGET_REJECTED_TYPE, "data.type",
                  "the widget did not know a message it was sent; check its SDK version before sending");
}

/* Why a type has no handler in this role (an inherited name is "known"). */
static void check_unhandled(const callcore_session *s, const cc_view *v, cc_report *r) {
  const cc_message *def = v->def;
  const char *type = v->type;
  if (!def)
    cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                           "\"%.64s\" is not a message type; answered with UNKNOWN_MESSAGE_TYPE", type);
  else if (def->direction == CC_LOCAL || def->direction == CC_UNUSED || def->payload == CC_PAYLOAD_TOPLEVEL)
    cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                           "%s is never sent by a peer; answered with UNKNOWN_MESSAGE_TYPE", type);
  else if (def->removed)
    cc_report_add_severity(r, CC_V_UNKNOWN_TYPE, CC_WARNING, "type",
                           "%s was removed in SDK %s; answered with UNKNOWN_MESSAGE_TYPE", type, def->removed);
  else if (def->mechanism != CC_MECH_ERROR)
    cc_report_add_severity(r, CC_V_WRONG_DIRECTION, CC_WARNING, "type",
                           "%s travels %s; a %s answers it with UNKNOWN_MESSAGE_TYPE", type,
                           cc_direction_name(def->direction), s->role == CC_ROLE_HOST ? "host" : "widget");
}

/* The host's resize action, where the row says the size is. */
static void resize_from(callcore_session *s, const cc_view *v) {
  const char *field = v->def ? v->def->resize_field : NULL;
  if (s->role != CC_ROLE_HOST || !field) return;
  const cJSON *size = field[0] ? cc_get(v->payload, field) : v->payload;
  cc_emit_resize(s, cc_get(size, "width"), cc_get(size, "height"));
}

/* `r` is the receive's report, its findings so far already said. */
static callcore_errno dispatch(callcore_session *s, const cc_view *v, double now_ms, cc_report *r) {
  const cc_message *def = v->def;
  const char *type = v->type;
  const char *handler = handler_of(s, def);
  int inherited = cc_is_inherited_name(type);
  cc_report_reset(r, type);

  if (inherited) {
    /* The SDK's `in` test counts these as known: no ERROR reply, default handler. */
    cc_report_add(r, CC_V_INHERITED_TYPE_NAME, "type", "\"%s\" is a JavaScript built-in name, not a message type",
                  type);
  } else if (!handler) {
    check_unhandled(s, v, r);
  } else if (def->direction == CC_LOCAL) {
    cc_report_add(r, CC_V_LOCAL_TYPE_ON_WIRE, "type", "%s is a local event; the peer should never send it", type);
  }
  if (is_mechanism(def, CC_MECH_ERROR)) check_error_reply(s, v, r);

  int known = handler || inherited;
  if (def && known) {
    cc_check_payload(v, r);
    cc_lifecycle_check(s, v, 1, now_ms, r);
  }
  if (cc_report_has_code(r, CC_V_TOO_MANY_CALLS)) return cc_drop(s, r, type, CALLCORE_E_LIMIT); /* a hard bound */
  /* Unknown types carry only warnings, except an ERROR answering an ERROR. */
  if (s->policy == CC_POLICY_STRICT && cc_report_has_errors(r)) return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  if (def && known) cc_lifecycle_apply(s, v, now_ms);
  cc_emit_report(s, r, CC_INBOUND, type, CC_RELAYED);
  if (!known && !s->deliver) reply_unknown_type(s, v->envelope, def, now_ms);
  cc_dispatch_handlers(s, def, type, handler, v->envelope, now_ms);
  resize_from(s, v);
  return CALLCORE_OK;
}

/* A message from a window that is gone (event.source null) that a host takes: one closing a call it
 * tracks, still open. The reference checks no source at all, so a widget that ends and completes its
 * call as its page unloads (the record page left, a reload) is heard by HubSpot: callcore's host
 * hears that much, and no more. The origin is checked after, as for any message. */
static int last_words(const callcore_session *s, const cc_view *v) {
  if (s->role != CC_ROLE_HOST || !v->def || !v->call_id) return 0;
  if (v->def->effect != CC_EFFECT_END && v->def->effect != CC_EFFECT_COMPLETE) return 0;
  const cc_call *call = cc_calls_find(s, v->call_id);
  return call && !cc_call_is_finished(call);
}

callcore_errno cc_receive(callcore_session *s, const cc_view *v, int from_peer, double now_ms, cc_report *r) {
  const char *type = v->type;
  const cJSON *envelope = v->envelope;
  if (type) r->subject = type;

  /* Only the peer window may talk to us (the SDK checks no source at all).
   * Pages see plenty of unrelated postMessage traffic: only what looks like
   * this protocol is worth a report. */
  if (from_peer == CALLCORE_SOURCE_GONE && !last_words(s, v)) {
    if (!v->def) return cc_fail(s, CALLCORE_E_DROPPED, "not from the peer window");
    cc_report_add(r, CC_V_SOURCE_NOT_PEER, NULL,
                  "came from a window that is gone; from one, a host takes only what ends or completes an open call "
                  "it tracks; ignored");
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  if (!from_peer) {
    if (!v->def) return cc_fail(s, CALLCORE_E_DROPPED, "not from the peer window");
    cc_report_add(r, CC_V_SOURCE_NOT_PEER, NULL, "came from a window that is not the %s; ignored",
                  s->role == CC_ROLE_WIDGET ? "parent (host) window" : "widget iframe");
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  if (!cJSON_IsObject(envelope)) {
    char shown[80];
    cc_describe_value(envelope, shown, sizeof shown);
    cc_report_add(r, CC_V_NOT_AN_OBJECT, NULL, "a message must be an object, not %s; it was dropped", shown);
    return cc_drop(s, r, NULL, CALLCORE_E_ENVELOPE);
  }
  if (is_mechanism(v->def, CC_MECH_SYNC)) {
    if (s->role == CC_ROLE_HOST) {
      cc_report_add(r, CC_V_SYNC_ON_HOST, NULL, "a host never answers SYNC (the SDK's host does, and adopts its hostUrl)");
      return cc_drop(s, r, type, CALLCORE_E_DROPPED);
    }
    callcore_errno err = cc_widget_on_sync(s, v, r);
    /* Option instances: the SYNC says which frame this is (its iframeLocation). */
    if (err == CALLCORE_OK && s->instances) cc_instances_surface_known(s, v->envelope, now_ms);
    return err;
  }
  const char *origin = v->origin;
  if (strcmp(origin, s->destination) != 0) {
    if (!v->def) return cc_fail(s, CALLCORE_E_DROPPED, "not from the peer's origin");
    cc_report_add(r, CC_V_ORIGIN_MISMATCH, NULL, "came from %.100s, not from the peer at %s; ignored", origin,
                  s->destination[0] ? s->destination : "(no origin yet)");
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  if (s->role == CC_ROLE_WIDGET && !cc_origin_allowed(s, origin)) {
    cc_report_add(r, CC_V_ORIGIN_NOT_ALLOWED, NULL, "%.100s is not an allowed host origin; " CC_ALLOW_HOST_HINT "; ignored",
                  origin);
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  const cJSON *message_id = v->message_id;
  if (!cc_truthy(v->type_item)) {
    cc_report_add(r, CC_V_MISSING_TYPE, "type", "a message without a type was dropped");
    return cc_drop(s, r, NULL, CALLCORE_E_ENVELOPE);
  }
  if (!type) {
    cc_report_add(r, CC_V_TYPE_NOT_STRING, "type", "type must be a string; the message was dropped");
    return cc_drop(s, r, NULL, CALLCORE_E_ENVELOPE);
  }
  if (!cc_truthy(message_id)) {
    cc_report_add(r, CC_V_MISSING_MESSAGE_ID, "messageId", "a message without a truthy messageId was dropped");
    return cc_drop(s, r, type, CALLCORE_E_ENVELOPE);
  }
  if (!cJSON_IsString(message_id))
    cc_report_add(r, CC_V_MESSAGE_ID_NOT_STRING, "messageId", "messageId should be a string");

  if (is_mechanism(v->def, CC_MECH_REDIRECT)) {
    if (s->role == CC_ROLE_HOST) return host_on_redirect(s, v, r, now_ms);
    /* The SDK's widget would retarget itself; a host has no business moving it. */
    cc_report_add(r, CC_V_WRONG_DIRECTION, "type", "%s travels widget-to-host; ignored", type);
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  if (s->role == CC_ROLE_HOST && is_mechanism(v->def, CC_MECH_SYNC_ACK)) return cc_host_on_sync_ack(s, v, r);
  if (cJSON_IsString(message_id) && cc_is_own_message_id(s, message_id->valuestring)) {
    cc_report_add(r, CC_V_ORPHAN_REPLY, "messageId",
                  "messageId %.64s starts with this instance's id, so it is a reply, but nothing waits for it; "
                  "ignored (a peer must use ids of its own)",
                  message_id->valuestring);
    return cc_drop(s, r, type, CALLCORE_E_DROPPED);
  }
  /* Findings so far (a non-string messageId) are warnings; keep them. */
  cc_emit_report(s, r, CC_INBOUND, type, CC_RELAYED);
  return dispatch(s, v, now_ms, r);
}
