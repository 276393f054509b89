/* Actions out: what the glue must do, appended in order to the session's list. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "session.h"

static cJSON *new_action(callcore_session *s, const char *kind) {
  cJSON *action = cJSON_CreateObject();
  if (!action) return NULL;
  if (!cJSON_AddStringToObject(action, "action", kind) || !cJSON_AddItemToArray(s->actions, action)) {
    cJSON_Delete(action);
    return NULL;
  }
  return action;
}

void cc_emit_post(callcore_session *s, cJSON *envelope) {
  cJSON *action = new_action(s, "post");
  if (!action || !cJSON_AddStringToObject(action, "targetOrigin", s->destination) ||
      !cJSON_AddItemToObject(action, "envelope", envelope))
    cJSON_Delete(envelope);
}

void cc_emit_call(callcore_session *s, const char *handler, const cJSON *envelope) {
  /* The handler's first argument is envelope.data (undefined when absent), as
   * in the SDK: sending it once keeps the two the same object in JavaScript. */
  cJSON *action = new_action(s, "call");
  if (!action) return;
  cJSON_AddStringToObject(action, "handler", handler);
  cJSON_AddItemToObject(action, "envelope", cJSON_Duplicate(envelope, 1));
}

void cc_emit_event(callcore_session *s, const char *event, cJSON *details) {
  cJSON *action = new_action(s, "event");
  if (!action) {
    cJSON_Delete(details);
    return;
  }
  cJSON_AddStringToObject(action, "event", event);
  if (details) cJSON_AddItemToObject(action, "details", details);
}

static void add_violation(callcore_session *s, const char *code, const char *severity, const char *direction,
                          const char *type, const char *field, const char *message, const char *outcome) {
  cJSON *action = new_action(s, "violation");
  if (!action) return;
  cJSON_AddStringToObject(action, "code", code);
  cJSON_AddStringToObject(action, "severity", severity);
  cJSON_AddStringToObject(action, "direction", direction);
  if (type) cJSON_AddStringToObject(action, "type", type);
  else cJSON_AddNullToObject(action, "type");
  cJSON_AddStringToObject(action, "field", field);
  cJSON_AddStringToObject(action, "message", message);
  cJSON_AddStringToObject(action, "outcome", outcome);
}

/* Turns the session's report into violation actions. Policy "off" keeps
 * quiet, except about a refusal: then nothing was sent, and silence would
 * lose the message without a trace. */
void cc_emit_report(callcore_session *s, const char *direction, const char *type, const char *outcome) {
  if (s->policy == CC_POLICY_OFF && strcmp(outcome, "refused") != 0) return;
  for (size_t i = 0; i < s->report.count; i++) {
    const cc_violation *v = &s->report.items[i];
    add_violation(s, cc_code_name(v->code), v->severity == CC_ERROR ? "error" : "warning", direction, type, v->field,
                  v->message, outcome);
  }
  if (s->report.overflow) {
    char message[128];
    snprintf(message, sizeof message, "%s: %zu more findings were not listed",
             s->report.subject ? s->report.subject : "callcore", s->report.overflow);
    add_violation(s, "MORE_VIOLATIONS", "warning", direction, type, "", message, outcome);
  }
}

/* The SDK host's resize helper: numbers become pixels, strings pass, falsy is skipped. */
static cJSON *css_length(const cJSON *value) {
  if (!cc_truthy(value)) return cJSON_CreateNull();
  if (cJSON_IsNumber(value)) {
    char text[48];
    snprintf(text, sizeof text, "%.15gpx", value->valuedouble);
    return cJSON_CreateString(text);
  }
  if (cJSON_IsString(value)) return cJSON_CreateString(value->valuestring);
  return cJSON_CreateNull();
}

void cc_emit_resize(callcore_session *s, const cJSON *width, const cJSON *height) {
  if (!cc_truthy(width) && !cc_truthy(height)) return;
  cJSON *action = new_action(s, "resize");
  if (!action) return;
  cJSON_AddItemToObject(action, "width", css_length(width));
  cJSON_AddItemToObject(action, "height", css_length(height));
}

/* Asks for one tick at the earliest deadline (SYNC retry, completion
 * watchdog); says so only when the deadline changed. */
void cc_schedule_tick(callcore_session *s, double now_ms) {
  double due = cc_calls_next_deadline(s);
  if (s->syncing && (due < 0 || s->sync_next_ms < due)) due = s->sync_next_ms;
  /* The queue replays at the next tick. A tick already asked for and due
   * serves: asking again at every event moved the request, so even a
   * dropped message changed the session and re-announced the timer. */
  if (s->flush_due) due = s->timer_due >= 0 && s->timer_due <= now_ms ? s->timer_due : now_ms;
  if (due == s->timer_due) return;
  s->timer_due = due;
  cJSON *action = new_action(s, "timer");
  if (!action) return;
  if (due < 0) cJSON_AddNullToObject(action, "delayMs");
  else cJSON_AddNumberToObject(action, "delayMs", due > now_ms ? ceil(due - now_ms) : 0);
}

/* PROTOCOL.md 3.2 steps 3 and 4: the *_FAILED catch-all, then the handler,
 * else defaultEventHandler. `handler` NULL means the type has none. */
void cc_dispatch_handlers(callcore_session *s, const char *type, const char *handler, const cJSON *envelope) {
  size_t len = strlen(type);
  int is_failure = len >= 7 && strcmp(type + len - 7, "_FAILED") == 0;
  if (is_failure) {
    /* The reference reads eventHandlers["FAILED"] (a bug); failedCatchAll
     * gives the documented intent: onFailed for every failure. */
    const char *catch_all = s->failed_catch_all ? "onFailed" : "FAILED";
    if (cc_has_handler(s, catch_all)) cc_emit_call(s, catch_all, envelope);
  }
  if (handler && cc_has_handler(s, handler)) {
    cc_emit_call(s, handler, envelope);
  } else if (cc_has_handler(s, "defaultEventHandler")) {
    cc_emit_call(s, "defaultEventHandler", envelope);
  } else {
    cc_report_reset(&s->report, type);
    cc_report_add(&s->report, CC_V_NO_HANDLER, NULL, "no %s and no defaultEventHandler; the message went unheard",
                  handler ? handler : "handler");
    cc_emit_report(s, "inbound", type, "reported");
  }
}
