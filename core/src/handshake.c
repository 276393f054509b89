/* The handshake (docs/protocol.md 1.6): SYNC every 100 ms from the host, one
 * SYNC_ACK from the widget, 30 s before the host gives up. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

#define SYNC_RETRY_MS 100
#define SYNC_GIVE_UP_MS 30000

/* The seven fields onReady always gets, undefined where SYNC lacked them,
 * in the order the SDK builds them. */
static const char *const READY_ORDER[] = {"engagementId", "portalId", "userId", "ownerId",
                                          "iframeLocation", "usesCallingWindow", "hostUrl"};

/* A local event (READY, SYNC_ACK_FAILED) for the app's handlers; takes `data` (NULL: none). */
static void raise_local(callcore_session *s, cc_mechanism mechanism, cJSON *data) {
  const cc_message *def = cc_catalog_mechanism(mechanism);
  cJSON *event = cJSON_CreateObject();
  cJSON_AddStringToObject(event, "type", def->type);
  if (data) cJSON_AddItemToObject(event, "data", data);
  const char *handler = s->role == CC_ROLE_HOST ? def->host_handler : def->widget_handler;
  cc_dispatch_handlers(s, def, def->type, handler, event, 0); /* never the received message: no preview */
  cJSON_Delete(event);
}

static void raise_ready(callcore_session *s, cJSON *data, cJSON *details) {
  if (!details) details = cJSON_CreateObject();
  cJSON_AddItemToObject(details, "data", cJSON_Duplicate(data, 1));
  cc_emit_event(s, cc_event_name(CC_EVENT_READY), details);
  raise_local(s, CC_MECH_READY, data);
}

/* SYNC_ACK: the SYNC's keys in their order with type replaced in place, then
 * debugMode (undefined when the app gave none), version, iFrameUrl. */
static cJSON *build_sync_ack(const callcore_session *s, const cJSON *sync) {
  cJSON *ack = cJSON_Duplicate(sync, 1);
  if (!ack) return NULL;
  int ok = cc_set(ack, "type", cJSON_CreateString(cc_catalog_mechanism(CC_MECH_SYNC_ACK)->type)) &&
           cc_set(ack, "debugMode", s->debug_mode < 0 ? cc_create_undefined() : cJSON_CreateBool(s->debug_mode)) &&
           cc_set(ack, "version", cJSON_CreateString(s->version)) &&
           cc_set(ack, "iFrameUrl", cJSON_CreateString(s->own_origin));
  if (!ok) {
    cJSON_Delete(ack);
    return NULL;
  }
  return ack;
}

callcore_errno cc_widget_on_sync(callcore_session *s, const cc_view *v, cc_report *r) {
  const char *origin = v->origin;
  cJSON *sync = v->envelope;
  char event_origin[CC_ORIGIN_MAX], host_origin[CC_ORIGIN_MAX], why[96];
  /* The SDK takes the first SYNC from anyone and adopts its hostUrl verbatim:
   * whoever wins the race owns the widget (docs/protocol.md 7.2). */
  if (!cc_origin_normalize(origin, event_origin, why, sizeof why)) {
    cc_report_add(r, CC_V_BAD_ORIGIN, NULL, "the sender's origin \"%.80s\" %s; ignored", origin, why);
  } else if (!cc_origin_allowed(s, event_origin)) {
    cc_report_add(r, CC_V_ORIGIN_NOT_ALLOWED, NULL,
                  "%s is not an allowed host origin; " CC_ALLOW_HOST_HINT "; ignored", event_origin);
  } else if (s->phase != CC_PHASE_UNSYNCED) {
    cc_report_add(r, CC_V_REPEATED_SYNC, NULL, "the widget is already synchronised with %s; ignored",
                  s->destination);
  }
  if (r->count) return cc_drop(s, r, v->type, CALLCORE_E_DROPPED);
  const cJSON *host_url = cc_get(sync, "hostUrl");
  if (cc_truthy(host_url)) {
    if (!cJSON_IsString(host_url) || !cc_origin_normalize(host_url->valuestring, host_origin, why, sizeof why)) {
      cc_report_add(r, CC_V_BAD_ORIGIN, "hostUrl", "hostUrl %s; ignored", cJSON_IsString(host_url) ? why : "is not a string");
    } else if (strcmp(host_origin, event_origin) != 0) {
      cc_report_add(r, CC_V_HOST_URL_MISMATCH, "hostUrl", "hostUrl %s differs from the sender's origin %s; ignored",
                    host_origin, event_origin);
    }
    if (r->count) return cc_drop(s, r, v->type, CALLCORE_E_DROPPED);
  }
  /* Context fields of the wrong type are reported but never block the handshake. */
  cc_validate_object(&cc_sync_schema, sync, "", r);
  for (size_t i = 0; i < r->count; i++) r->items[i].severity = CC_WARNING;

  cJSON *ack = build_sync_ack(s, sync);
  cJSON *ready = cJSON_CreateObject();
  if (!ack || !ready) {
    cJSON_Delete(ack);
    cJSON_Delete(ready);
    return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  }
  for (size_t i = 0; i < sizeof READY_ORDER / sizeof *READY_ORDER; i++) {
    const cJSON *value = cc_get(sync, READY_ORDER[i]);
    cJSON_AddItemToObject(ready, READY_ORDER[i], value ? cJSON_Duplicate(value, 1) : cc_create_undefined());
  }
  s->phase = CC_PHASE_READY;
  memcpy(s->destination, event_origin, sizeof s->destination);
  const cJSON *engagement = cc_get(sync, "engagementId");
  if (cJSON_IsNumber(engagement)) {
    s->has_resume_engagement = 1;
    s->resume_engagement_id = engagement->valuedouble;
  }
  cc_emit_report(s, r, CC_INBOUND, v->type, CC_RELAYED);
  cc_emit_post(s, ack, CC_SEND_MESSAGE); /* before onReady, so INITIALIZED sent from it follows on the wire */
  raise_ready(s, ready, NULL);
  s->flush_due = s->queued > 0;
  return CALLCORE_OK;
}

/* ---- host ---- */

static void send_sync(callcore_session *s, double now_ms) {
  cJSON *sync = cJSON_CreateObject();
  if (!sync) return;
  char id[64];
  cc_next_message_id(s, now_ms, id, sizeof id);
  cJSON_AddStringToObject(sync, "type", cc_catalog_mechanism(CC_MECH_SYNC)->type);
  cJSON_AddStringToObject(sync, "hostUrl", s->own_origin);
  cJSON_AddStringToObject(sync, "messageId", id);
  const cJSON *field;
  cJSON_ArrayForEach(field, s->sync_fields) {
    if (cc_get(sync, field->string)) continue; /* the three above are the host's own */
    cJSON_AddItemToObject(sync, field->string, cJSON_Duplicate(field, 1));
  }
  cc_emit_post(s, sync, "sendSync");
  s->sync_next_ms = now_ms + SYNC_RETRY_MS;
}

/* Every iframe load (first, reload, the widget's own navigation) starts over. */
void cc_host_start_sync(callcore_session *s, double now_ms) {
  /* The previous widget page is gone, and with it any call it left open:
   * report those (calling-extensions-sdk#46) and forget them, or every call
   * of the fresh widget would look like a second concurrent call
   * (calling-extensions-sdk#153). A resumed inbound call
   * comes back through the SYNC's engagementId. */
  cc_calls_report_open(s, "iframe reload");
  cc_calls_forget_unfinished(s);
  s->phase = CC_PHASE_UNSYNCED;
  s->logged_in = 0;
  s->available = -1;
  s->widget_version[0] = '\0';
  s->syncing = 1;
  s->sync_started_ms = now_ms;
  /* A SYNC carrying engagementId resumes that inbound call in the widget; the
   * host must recognise the call when the widget names it, as the widget does. */
  const cJSON *engagement = cc_get(s->sync_fields, "engagementId");
  s->has_resume_engagement = cJSON_IsNumber(engagement);
  if (s->has_resume_engagement) s->resume_engagement_id = engagement->valuedouble;
  s->cycle_first_stamp = s->last_stamp + 1;
  send_sync(s, now_ms);
}

void cc_host_sync_tick(callcore_session *s, double now_ms) {
  if (!s->syncing || s->phase != CC_PHASE_UNSYNCED) return;
  if (now_ms - s->sync_started_ms > SYNC_GIVE_UP_MS) {
    s->syncing = 0;
    const char *failed = cc_catalog_mechanism(CC_MECH_SYNC_ACK_FAILED)->type;
    cc_report r;
    cc_report_reset(&r, failed);
    cc_report_add(&r, CC_V_SYNC_ACK_FAILED, NULL,
                  "no %s from %s within %d s of the iframe load; is the callcore or HubSpot SDK loaded there?",
                  cc_catalog_mechanism(CC_MECH_SYNC_ACK)->type, s->destination, SYNC_GIVE_UP_MS / 1000);
    cc_emit_report(s, &r, CC_LOCAL_FINDING, failed, CC_REPORTED);
    cc_emit_event(s, cc_event_name(CC_EVENT_SYNC_ACK_FAILED), NULL);
    raise_local(s, CC_MECH_SYNC_ACK_FAILED, NULL);
    return;
  }
  if (now_ms >= s->sync_next_ms) send_sync(s, now_ms);
}

/* Whether `id` is "<our instance>_<stamp>" for a SYNC of the current cycle. */
static int echoes_current_sync(const callcore_session *s, const char *id) {
  if (!cc_is_own_message_id(s, id)) return 0;
  char *end = NULL;
  double stamp = strtod(id + strlen(s->instance_id) + 1, &end);
  return end && *end == '\0' && stamp >= s->cycle_first_stamp && stamp <= s->last_stamp;
}

callcore_errno cc_host_on_sync_ack(callcore_session *s, const cc_view *v, cc_report *r) {
  cJSON *ack = v->envelope;
  const char *id = cJSON_IsString(v->message_id) && !cc_is_undefined(v->message_id) ? v->message_id->valuestring : NULL;
  if (s->phase != CC_PHASE_UNSYNCED || !s->syncing || !id || !echoes_current_sync(s, id)) {
    cc_report_add(r, CC_V_ORPHAN_REPLY, "messageId", "%s %.64s answers no %s this host is waiting on; ignored",
                  v->type, id ? id : "without a string messageId", cc_catalog_mechanism(CC_MECH_SYNC)->type);
    return cc_drop(s, r, v->type, CALLCORE_E_DROPPED);
  }
  cc_validate_object(&cc_sync_ack_schema, ack, "", r);
  const char *frame_url = cc_get_string(ack, "iFrameUrl");
  char origin[CC_ORIGIN_MAX], why[96];
  int moved = 0;
  if (frame_url && *frame_url) {
    if (!cc_origin_normalize(frame_url, origin, why, sizeof why))
      cc_report_add(r, CC_V_BAD_ORIGIN, "iFrameUrl", "iFrameUrl \"%.80s\" %s; kept %s", frame_url, why, s->destination);
    else moved = strcmp(origin, s->destination) != 0;
  }
  for (size_t i = 0; i < r->count; i++) r->items[i].severity = CC_WARNING;
  /* The destination is never taken from SYNC_ACK: the SDK always writes its
   * own page's origin there, the very origin that answered. Anything else
   * would move the conversation (the portal's context, the numbers to dial)
   * to a page nobody loaded, around the allow-list SET_WIDGET_URL is held to. */
  if (moved)
    cc_report_add(r, CC_V_IFRAME_URL_MISMATCH, "iFrameUrl",
                  "iFrameUrl %s differs from the origin that answered, %s; messages keep going to %s", origin,
                  s->destination, s->destination);
  const char *version = cc_get_string(ack, "version");
  snprintf(s->widget_version, sizeof s->widget_version, "%s", version ? version : "");
  s->phase = CC_PHASE_READY;
  s->syncing = 0;
  cc_emit_report(s, r, CC_INBOUND, v->type, CC_RELAYED);
  cJSON *details = cJSON_CreateObject();
  cJSON_AddStringToObject(details, "widgetVersion", s->widget_version);
  const cJSON *debug = cc_get(ack, "debugMode");
  cJSON_AddItemToObject(details, "debugMode", debug ? cJSON_Duplicate(debug, 1) : cc_create_undefined());
  cJSON_AddStringToObject(details, "origin", s->destination);
  raise_ready(s, cJSON_CreateObject(), details);
  s->flush_due = s->queued > 0;
  return CALLCORE_OK;
}
