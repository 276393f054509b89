/* Session life: options, the public entry points, and the state snapshot. */
#include "session.h"

#include "options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const errno_names[] = {
    "CALLCORE_OK",        "CALLCORE_E_NOMEM",          "CALLCORE_E_ARGUMENT",  "CALLCORE_E_OPTIONS",
    "CALLCORE_E_JSON",    "CALLCORE_E_TOO_LARGE",      "CALLCORE_E_TOO_DEEP",  "CALLCORE_E_ENVELOPE",
    "CALLCORE_E_UNKNOWN_METHOD", "CALLCORE_E_WRONG_ROLE", "CALLCORE_E_REFUSED", "CALLCORE_E_DROPPED",
    "CALLCORE_E_LIMIT",
};

const char *callcore_errno_name(callcore_errno err) {
  if ((size_t)err < sizeof errno_names / sizeof *errno_names) return errno_names[err];
  return "CALLCORE_E_UNKNOWN";
}

void callcore_free(void *ptr) { free(ptr); }

callcore_errno cc_fail(callcore_session *s, callcore_errno err, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(s->last_error, sizeof s->last_error, fmt, args);
  va_end(args);
  return err;
}

int cc_has_handler(const callcore_session *s, const char *name) {
  for (size_t i = 0; i < s->handler_count; i++)
    if (strcmp(s->handlers[i], name) == 0) return 1;
  return 0;
}

int cc_origin_allowed(const callcore_session *s, const char *origin) {
  if (s->allowed_default) {
    if (s->role == CC_ROLE_WIDGET) {
      for (size_t i = 0; CC_HUBSPOT_ORIGINS[i]; i++)
        if (cc_origin_matches(CC_HUBSPOT_ORIGINS[i], origin)) return 1;
      return cc_origin_loopback_dev_host(s->own_origin, origin);
    }
    /* A host lets its widget move to any https page, or to a local one in development. */
    return cc_origin_is_https(origin) || cc_origin_is_loopback_http(origin);
  }
  for (size_t i = 0; i < s->allowed_count; i++)
    if (cc_origin_matches(s->allowed_origins[i], origin)) return 1;
  return 0;
}

static void free_strings(char **list, size_t count) {
  for (size_t i = 0; i < count; i++) free(list[i]);
  free(list);
}

void callcore_session_free(callcore_session *s) {
  if (!s) return;
  free(s->version);
  free_strings(s->handlers, s->handler_count);
  free_strings(s->allowed_origins, s->allowed_count);
  cJSON_Delete(s->sync_fields);
  cc_calls_free(s);
  for (size_t i = 0; i < s->queued; i++) {
    free(s->queue[i].method);
    free(s->queue[i].payload_json);
  }
  free(s->queue);
  if (s->actions) free(s->actions->data);
  free(s->actions);
  free(s);
}

callcore_session *callcore_session_new(const char *options_json, callcore_errno *err, char *reason,
                                       size_t reason_len) {
  cc_option_error e = {CALLCORE_OK, ""};
  callcore_session *s = calloc(1, sizeof *s);
  if (!s) {
    cc_option_fail(&e, CALLCORE_E_NOMEM, "out of memory");
    goto fail;
  }
  s->available = -1;
  s->timer_due = -1;
  s->last_stamp = -1;
  if (!(s->actions = calloc(1, sizeof *s->actions))) {
    cc_option_fail(&e, CALLCORE_E_NOMEM, "out of memory");
    goto fail;
  }
  if (!cc_options_read(s, options_json, &e)) goto fail; /* options.c: each option, or its default */
  cc_emit_report(s, "local", NULL, "reported");
  if (err) *err = CALLCORE_OK;
  return s;
fail:
  callcore_session_free(s);
  if (err) *err = e.code;
  if (reason && reason_len) snprintf(reason, reason_len, "%s", e.reason);
  return NULL;
}

/* ---- events in ---- */

static int usable_time(double now_ms) { return isfinite(now_ms) && now_ms >= 0; }

/* `item` was parsed from the canonical `text` (NULL, NULL: no such tree any more). */
static void set_verbatim(callcore_session *s, const cJSON *item, const char *text) {
  s->verbatim_item = item;
  s->verbatim_text = text;
  s->verbatim_len = text ? strlen(text) : 0;
  s->verbatim_last = item && (item->type & 0xFF) == cJSON_Object && item->child ? item->child->prev : NULL;
}

callcore_errno callcore_receive(callcore_session *s, const char *origin, int from_peer, const char *envelope_json,
                                double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!origin || !envelope_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "receive needs an origin, an envelope and a finite time");
  callcore_errno err;
  cc_code code;
  char why[160];
  int canonical;
  cJSON *envelope =
      cc_parse_bounded_canonical(envelope_json, &s->limits, &err, &code, why, sizeof why, &canonical);
  if (!envelope && !from_peer) return cc_fail(s, err, "received message: %s", why); /* not our peer's */
  if (!envelope) {
    cc_report_reset(&s->report, "received message");
    cc_report_add(&s->report, code, NULL, "%s; it was dropped", why);
    cc_emit_report(s, "inbound", NULL, "dropped");
    return cc_fail(s, err, "received message: %s", why);
  }
  s->report.rewrote = 0;
  if (canonical) set_verbatim(s, envelope, envelope_json);
  s->received = envelope;
  err = cc_receive(s, origin, from_peer, envelope, now_ms);
  s->received = NULL;
  set_verbatim(s, NULL, NULL);
  cJSON_Delete(envelope);
  cc_schedule_tick(s, now_ms);
  return err;
}

static callcore_errno enqueue(callcore_session *s, const char *method, const char *payload_json) {
  cc_report_reset(&s->report, method);
  if (s->queued >= s->limits.max_queued) {
    cc_report_add(&s->report, CC_V_QUEUE_FULL, NULL,
                  "%zu messages already wait for the handshake; this one was refused", s->queued);
    cc_emit_report(s, "outbound", NULL, "refused");
    return cc_fail(s, CALLCORE_E_LIMIT, "%s: the queue of messages waiting for the handshake is full", method);
  }
  cc_queued *grown = realloc(s->queue, (s->queued + 1) * sizeof *grown);
  if (!grown) return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  s->queue = grown;
  cc_queued item = {cc_strdup(method), payload_json ? cc_strdup(payload_json) : NULL};
  if (!item.method || (payload_json && !item.payload_json)) {
    free(item.method);
    free(item.payload_json);
    return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  }
  s->queue[s->queued++] = item;
  cc_report_add(&s->report, CC_V_NOT_READY, NULL,
                "called before the handshake with the %s completed; it will be sent once it does",
                s->role == CC_ROLE_WIDGET ? "host" : "widget");
  cc_emit_report(s, "outbound", NULL, "queued");
  return CALLCORE_OK;
}

/* Builds the envelope an SDK method puts on the wire: type, then data (absent
 * for the four no-argument methods, undefined when omitted), messageId later. */
/* A call that cannot even become an envelope is refused in every policy;
 * the violation tells onViolation what the return code tells the caller. */
static cJSON *refuse_call(callcore_session *s, const char *method, callcore_errno *err, callcore_errno code,
                          cc_code violation, const char *field, const char *why) {
  cc_report_reset(&s->report, method);
  cc_report_add(&s->report, violation, field, "%s; nothing was sent", why);
  cc_emit_report(s, "outbound", NULL, "refused");
  *err = cc_fail(s, code, "%s: %s", method, why);
  return NULL;
}

static cJSON *method_envelope(callcore_session *s, const char *method, const char *payload_json,
                              callcore_errno *err) {
  char why[160], reason[200];
  cJSON *payload = NULL;
  int canonical = 0;
  if (payload_json) {
    cc_code code = CC_V_MALFORMED_JSON;
    payload = cc_parse_bounded_canonical(payload_json, &s->limits, err, &code, why, sizeof why, &canonical);
    if (!payload) {
      snprintf(reason, sizeof reason, "payload %s", why);
      return refuse_call(s, method, err, *err, code, "data", reason);
    }
  }
  if (strcmp(method, "sendMessage") == 0) {
    const cJSON *type = cc_get(payload, "type");
    if (cJSON_IsString(type) && type->valuestring[0] && !cc_is_undefined(type)) {
      /* The app's message is the envelope: posted as its text (plus a messageId). */
      if (canonical) set_verbatim(s, payload, payload_json); /* callcore_call clears it */
      return payload;
    }
    int is_object = cJSON_IsObject(payload), truthy_type = cc_truthy(type);
    cJSON_Delete(payload);
    if (!is_object)
      return refuse_call(s, method, err, CALLCORE_E_ENVELOPE, CC_V_NOT_AN_OBJECT, NULL,
                         "the message must be an object with a type");
    return refuse_call(s, method, err, CALLCORE_E_ENVELOPE, truthy_type ? CC_V_TYPE_NOT_STRING : CC_V_MISSING_TYPE,
                       "type", "message.type must be a non-empty string");
  }
  const cc_message *def = cc_catalog_find_method(method);
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
    if (payload && canonical) set_verbatim(s, payload, payload_json); /* callcore_call clears it */
    payload = NULL;
  } else if (payload && !cc_is_undefined(payload)) {
    cc_report_reset(&s->report, method);
    cc_report_add(&s->report, CC_V_PAYLOAD_IGNORED, "data", "%s() takes no argument; the one given was not sent",
                  method);
    cc_emit_report(s, "outbound", def->type, "relayed");
  }
  cJSON_Delete(payload);
  return envelope;
oom:
  cJSON_Delete(payload);
  cJSON_Delete(envelope);
  *err = cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  return NULL;
}

callcore_errno callcore_call(callcore_session *s, const char *method, const char *payload_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!method || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "call needs a method name and a finite time");
  if (strcmp(method, "sendMessage") != 0 && !cc_catalog_find_method(method))
    return cc_fail(s, CALLCORE_E_UNKNOWN_METHOD, "%.64s is not a method of CallingExtensions", method);
  if (s->phase == CC_PHASE_UNSYNCED) {
    /* Validate now so a malformed call fails at once rather than at replay. */
    callcore_errno err = CALLCORE_OK;
    cJSON *envelope = method_envelope(s, method, payload_json, &err);
    set_verbatim(s, NULL, NULL);
    if (!envelope) return err;
    cJSON_Delete(envelope);
    return enqueue(s, method, payload_json);
  }
  callcore_errno err = CALLCORE_OK;
  s->report.rewrote = 0;
  cJSON *envelope = method_envelope(s, method, payload_json, &err);
  if (!envelope) {
    set_verbatim(s, NULL, NULL);
    return err;
  }
  err = cc_send(s, envelope, method, NULL, now_ms);
  set_verbatim(s, NULL, NULL);
  cc_schedule_tick(s, now_ms);
  return err;
}

callcore_errno callcore_dispatch(callcore_session *s, const char *event_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!event_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "dispatch needs an event and a finite time");
  callcore_errno err;
  char why[160];
  cJSON *event = cc_parse_bounded(event_json, &s->limits, &err, NULL, why, sizeof why);
  if (!event) return cc_fail(s, err, "dispatched event: %s", why);
  if (!cJSON_IsObject(event)) {
    cJSON_Delete(event);
    return cc_fail(s, CALLCORE_E_ENVELOPE, "dispatched event: an event must be an object");
  }
  err = cc_dispatch_event(s, event, now_ms);
  cJSON_Delete(event);
  return err;
}

callcore_errno callcore_tick(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "tick needs a finite time");
  if (s->timer_due >= 0 && now_ms >= s->timer_due) s->timer_due = -1;
  if (s->flush_due) {
    s->flush_due = 0;
    cc_flush_queue(s, now_ms);
  }
  if (s->role == CC_ROLE_HOST) cc_host_sync_tick(s, now_ms);
  cc_calls_tick(s, now_ms);
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

callcore_errno callcore_iframe_loaded(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "iframe_loaded needs a finite time");
  if (s->role != CC_ROLE_HOST) return cc_fail(s, CALLCORE_E_WRONG_ROLE, "only a host loads an iframe");
  cc_host_start_sync(s, now_ms);
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

callcore_errno callcore_unload(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "unload needs a finite time");
  cc_calls_report_open(s, "unload");
  s->syncing = 0;
  s->timer_due = 0; /* forces the cancel below to be announced */
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

/* ---- out ---- */

/* Hands the text written so far to the caller, closed; the next action
 * starts a new buffer. Out of memory: NULL, and the actions stay queued. */
char *callcore_drain(callcore_session *s) {
  if (!s) return NULL;
  cc_buf *b = s->actions;
  if (b->len == 0) return cc_strdup("[]");
  cc_buf_raw(b, "]", 1);
  if (b->failed) {
    b->failed = 0;
    b->data[b->len] = '\0';
    return NULL;
  }
  char *text = b->data;
  memset(b, 0, sizeof *b);
  return text;
}

const char *callcore_last_error(const callcore_session *s) { return s ? s->last_error : "no session"; }

char *callcore_state_json(const callcore_session *s) {
  if (!s) return NULL;
  static const char *const phases[] = {"unsynced", "ready", "initialized"};
  static const char *const policies[] = {"off", "warn", "strict"};
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "role", s->role == CC_ROLE_HOST ? "host" : "widget");
  cJSON_AddStringToObject(root, "policy", policies[s->policy]);
  cJSON_AddStringToObject(root, "instanceId", s->instance_id);
  cJSON_AddStringToObject(root, "phase", phases[s->phase]);
  cJSON_AddBoolToObject(root, "loggedIn", s->logged_in);
  if (s->available < 0) cJSON_AddNullToObject(root, "available");
  else cJSON_AddBoolToObject(root, "available", s->available);
  cJSON_AddStringToObject(root, "destination", s->destination);
  if (s->role == CC_ROLE_HOST) {
    cJSON_AddBoolToObject(root, "syncing", s->syncing);
    if (s->widget_version[0]) cJSON_AddStringToObject(root, "widgetVersion", s->widget_version);
    else cJSON_AddNullToObject(root, "widgetVersion");
  }
  if (s->has_resume_engagement) cJSON_AddNumberToObject(root, "resumeEngagementId", s->resume_engagement_id);
  cJSON_AddNumberToObject(root, "queued", (double)s->queued);
  cJSON_AddItemToObject(root, "calls", cc_calls_to_json(s));
  const char *current = cc_calls_current_id(s);
  if (current) cJSON_AddStringToObject(root, "currentCall", current);
  else cJSON_AddNullToObject(root, "currentCall");
  char *text = cc_json_text(root);
  cJSON_Delete(root);
  return text;
}

char *callcore_catalog_json(void) {
  cJSON *catalog = cc_catalog_to_json();
  char *text = catalog ? cc_json_text(catalog) : NULL;
  cJSON_Delete(catalog);
  return text;
}
