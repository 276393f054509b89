/* Session life: the public entry points and the state snapshot (the options
 * are options.c's, the queue queue.c's, the envelopes envelope.c's). */
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

/* The values of callcore_state_json's "phase", in the order a session goes
 * through them; exported in the catalogue ("phases"). */
const char *const CC_PHASE_NAMES[] = {
    [CC_PHASE_UNSYNCED] = "unsynced", [CC_PHASE_READY] = "ready", [CC_PHASE_INITIALIZED] = "initialized", NULL};

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
  cc_queue_free(s);
  cc_instances_free(s);
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
  cc_report r;
  cc_report_reset(&r, "eventHandlers");
  if (!cc_options_read(s, options_json, &e, &r)) goto fail; /* options.c: each option, or its default */
  cc_emit_report(s, &r, CC_LOCAL_FINDING, NULL, CC_REPORTED);
  if (s->instances) cc_instances_start(s); /* instances.c: the hello, the heartbeat's timer */
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

/* A message the core could not read as JSON within its limits: reported as dropped, naming what
 * failed (a postMessage from the peer, a message on the instance channel alike). */
static callcore_errno drop_unreadable(callcore_session *s, cc_report *r, const cc_parse_error *parse,
                                      cc_direction_word direction, const char *what) {
  cc_report_add(r, cc_parse_failure_code(parse->failure), parse->field[0] ? parse->field : NULL, "%s; it was dropped",
                parse->why);
  cc_emit_report(s, r, direction, NULL, CC_DROPPED);
  return cc_fail(s, parse->err, "%s: %s", what, parse->why);
}

callcore_errno callcore_receive(callcore_session *s, const char *origin, int from_peer, const char *envelope_json,
                                double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!origin || !envelope_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "receive needs an origin, an envelope and a finite time");
  cc_parse_error parse;
  int canonical;
  cJSON *envelope = cc_parse_bounded_canonical(envelope_json, &s->limits, &parse, &canonical);
  if (!envelope && from_peer != 1) return cc_fail(s, parse.err, "received message: %s", parse.why); /* not our peer's */
  cc_report r;
  cc_report_reset(&r, "received message");
  if (!envelope) return drop_unreadable(s, &r, &parse, CC_INBOUND, "received message");
  callcore_errno err;
  cc_view view;
  cc_view_read(&view, envelope, origin);
  if (canonical) cc_verbatim_set(s, envelope, envelope_json, &r);
  s->received = envelope;
  err = cc_receive(s, &view, from_peer, now_ms, &r);
  s->received = NULL;
  cc_verbatim_set(s, NULL, NULL, NULL);
  cJSON_Delete(envelope);
  cc_schedule_tick(s, now_ms);
  return err;
}

callcore_errno callcore_call(callcore_session *s, const char *method, const char *payload_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!method || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "call needs a method name and a finite time");
  if (strcmp(method, CC_SEND_MESSAGE) != 0 && !cc_catalog_find_method(method))
    return cc_fail(s, CALLCORE_E_UNKNOWN_METHOD, "%.64s is not a method of CallingExtensions", method);
  s->app_call = 1;
  callcore_errno err = cc_send_method(s, method, payload_json, now_ms);
  s->app_call = 0;
  /* Not after a refused call: a rejected input changes nothing (the next input or tick catches up). */
  if (err == CALLCORE_OK && s->instances && s->instances->reconcile_due) {
    char kept[sizeof s->last_error];
    memcpy(kept, s->last_error, sizeof kept);
    cc_instances_reconcile(s, now_ms); /* the shared login, after this call's own post */
    memcpy(s->last_error, kept, sizeof kept);
  }
  cc_schedule_tick(s, now_ms);
  return err;
}

callcore_errno callcore_dispatch(callcore_session *s, const char *event_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!event_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "dispatch needs an event and a finite time");
  cc_parse_error parse;
  cJSON *event = cc_parse_bounded(event_json, &s->limits, &parse);
  if (!event) return cc_fail(s, parse.err, "dispatched event: %s", parse.why);
  callcore_errno err;
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
  /* A tick at or after the deadline answers the timer asked for. One before
   * it may come from that timer firing early (a page's timers and its
   * Date.now() are different clocks), so whether a timer is still set is not
   * known: the next deadline, or a cancel, is announced again below, or the
   * cycle would wait for a timer no longer set. */
  if (s->timer_due >= 0) s->timer_due = now_ms >= s->timer_due ? -1 : CC_TIMER_UNKNOWN;
  cc_instances_tick(s, now_ms); /* first: a leader known now lets the queue below go */
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
  if (!cc_origin_allowed(s, s->destination)) {
    /* The one rule for every origin a host talks to: the iframe's, a
     * SET_WIDGET_URL target, and (being the sender's) a SYNC_ACK's. */
    cc_report r;
    cc_report_reset(&r, "iframe load");
    cc_report_add(&r, CC_V_ORIGIN_NOT_ALLOWED, NULL, "the iframe's origin %s is not an allowed widget origin; no SYNC was sent",
                  s->destination[0] ? s->destination : "(none given)");
    cc_emit_report(s, &r, CC_LOCAL_FINDING, NULL, CC_REFUSED);
    return cc_fail(s, CALLCORE_E_REFUSED, "%s", r.items[0].message);
  }
  cc_host_start_sync(s, now_ms);
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

callcore_errno callcore_unload(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "unload needs a finite time");
  /* Option instances: the calls this instance spoke for go to the next leader, not lost. */
  int handed = s->instances && !s->instances->left && cc_instances_leave(s, now_ms);
  if (!handed) cc_calls_report_open(s, "unload");
  s->syncing = 0;
  s->timer_due = CC_TIMER_UNKNOWN; /* forces the cancel below to be announced */
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

/* A message from another instance of the app (option instances): checked
 * like any input, since any page of the origin may post on the channel. */
callcore_errno callcore_peer(callcore_session *s, const char *message_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!message_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "peer needs a message and a finite time");
  if (!s->instances) return cc_fail(s, CALLCORE_E_OPTIONS, "option instances is not set");
  cc_report r;
  cc_report_reset(&r, "peer message");
  cc_parse_error parse;
  cJSON *message = cc_parse_bounded(message_json, &s->limits, &parse);
  if (!message) return drop_unreadable(s, &r, &parse, CC_PEER_FINDING, "peer message");
  cc_peer_view view;
  callcore_errno err;
  if (!cc_peer_read(s, message, &view, &r)) {
    cc_emit_report(s, &r, CC_PEER_FINDING, NULL, CC_DROPPED);
    err = cc_fail(s, CALLCORE_E_DROPPED, "%s", r.items[0].message);
  } else {
    err = cc_instances_receive(s, &view, now_ms);
    if (err == CALLCORE_OK) cc_instances_reconcile(s, now_ms);
  }
  cJSON_Delete(message);
  cc_schedule_tick(s, now_ms);
  return err;
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
  s->brief.queued = 0;
  return text;
}

/* The queue, when it is one of the brief shapes, taken without its text: the
 * buffer is emptied and kept for the next actions (no allocation per drain). */
int callcore_drain_brief(callcore_session *s, const char **first, const char **second) {
  if (!s || !first || !second) return CALLCORE_BRIEF_NONE;
  const cc_brief *brief = &s->brief;
  int kind = CALLCORE_BRIEF_NONE;
  *first = *second = NULL;
  if (brief->queued == 0) {
    kind = CALLCORE_BRIEF_EMPTY;
  } else if (brief->queued == 2 && brief->kinds[0] == CC_BRIEF_DELIVER && brief->kinds[1] == CC_BRIEF_CALL_PREVIEW) {
    kind = CALLCORE_BRIEF_DELIVER_CALL;
    *first = brief->handler;
  } else if (brief->queued == 1 && brief->kinds[0] == CC_BRIEF_POST_AS_IS) {
    kind = CALLCORE_BRIEF_POST_AS_IS;
    *first = brief->target;
    *second = brief->message_id;
  } else {
    return CALLCORE_BRIEF_NONE;
  }
  cc_buf *b = s->actions;
  b->len = 0;
  if (b->data) b->data[0] = '\0';
  s->brief.queued = 0;
  return kind;
}

const char *callcore_last_error(const callcore_session *s) { return s ? s->last_error : "no session"; }

char *callcore_state_json(const callcore_session *s) {
  if (!s) return NULL;
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "role", CC_ROLE_NAMES[s->role]);
  cJSON_AddStringToObject(root, "policy", CC_POLICY_NAMES[s->policy]);
  cJSON_AddStringToObject(root, "instanceId", s->instance_id);
  cJSON_AddStringToObject(root, "phase", CC_PHASE_NAMES[s->phase]);
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
  cJSON_AddItemToObject(root, "instances", cc_instances_to_json(s));
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
