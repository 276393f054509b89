/* Actions out: what the glue must do, appended in order to the session's list. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_writer.h"
#include "session.h"

/* Each action is written as JSON text the moment it is queued (see
 * json_writer.h): no tree to build, copy and free per message. An action
 * that runs out of memory half-way is taken back whole, as if never queued. */
/* `kind` is a string literal: the action's opening is copied, never escaped. */
#define BEGIN_ACTION(s, kind) begin_action((s), ",{\"action\":\"" kind "\"", sizeof(",{\"action\":\"" kind "\"") - 1)
static size_t begin_action(callcore_session *s, const char *opening, size_t n) {
  cc_buf *b = s->actions;
  size_t mark = b->len;
  /* Every action counts; the few the brief form carries say so once written. */
  if (s->brief.queued < 2) s->brief.kinds[s->brief.queued] = CC_BRIEF_OTHER;
  s->brief.queued++;
  if (mark == 0) {
    CC_BUF_LITERAL(b, "[");
    opening++; /* no comma before the first */
    n--;
  }
  cc_buf_raw(b, opening, n);
  return mark;
}

static void end_action(callcore_session *s, size_t mark) {
  cc_buf *b = s->actions;
  CC_BUF_LITERAL(b, "}");
  if (b->failed) {
    b->failed = 0;
    b->len = mark;
    if (b->data) b->data[mark] = '\0';
    s->brief.queued--;
  }
}

/* The action just begun is one the brief form carries (before end_action:
 * an action taken back for want of memory takes its count back too). */
static void brief_note(callcore_session *s, cc_brief_kind kind) {
  if (s->brief.queued <= 2) s->brief.kinds[s->brief.queued - 1] = kind;
}

/* A preview of callcore_dispatch (option previewDispatch) says so. */
static void put_preview(callcore_session *s) {
  if (s->previewing) CC_BUF_LITERAL(s->actions, ",\"preview\":true");
}

/* ,"key":"text" and ,"key":<item>; keys are string literals, copied as they are. */
#define PUT_STRING(b, key, text) (CC_BUF_LITERAL((b), ",\"" key "\":"), cc_buf_string((b), (text)))
#define PUT_JSON(b, key, item) (CC_BUF_LITERAL((b), ",\"" key "\":"), cc_buf_json((b), (item)))

void cc_verbatim_set(callcore_session *s, const cJSON *item, const char *text, const cc_report *report) {
  s->verbatim_item = item;
  s->verbatim_report = item ? report : NULL;
  s->verbatim_text = text;
  s->verbatim_len = text ? strlen(text) : 0;
  s->verbatim_last = item && (item->type & 0xFF) == cJSON_Object && item->child ? item->child->prev : NULL;
}

/* The verbatim tree itself: its text, and the members added after it was
 * parsed (sendMessage's messageId) printed before the closing brace. */
static void put_verbatim_object(callcore_session *s, const cJSON *item) {
  cc_buf *b = s->actions;
  const cJSON *last = (item->type & 0xFF) == cJSON_Object && item->child ? item->child->prev : NULL;
  if (last == s->verbatim_last) {
    cc_buf_raw(b, s->verbatim_text, s->verbatim_len);
    return;
  }
  if (!s->verbatim_last) { /* members added to an empty object: nothing to keep */
    cc_buf_json(b, item);
    return;
  }
  cc_buf_raw(b, s->verbatim_text, s->verbatim_len - 1); /* canonical: the text ends with its '}' */
  for (const cJSON *member = s->verbatim_last->next; member; member = member->next) {
    CC_BUF_LITERAL(b, ",");
    cc_buf_key(b, member->string);
    cc_buf_json(b, member);
  }
  CC_BUF_LITERAL(b, "}");
}

/* An envelope as cJSON prints it. The tree parsed from canonical text (the
 * envelope received, the data of an SDK call, or the message an app posts
 * with sendMessage) is that text already: it is copied, not printed, unless a
 * check rewrote a value in it. */
static void put_envelope(callcore_session *s, const cJSON *envelope) {
  cc_buf *b = s->actions;
  CC_BUF_LITERAL(b, ",\"envelope\":");
  const cJSON *verbatim = s->verbatim_report && s->verbatim_report->rewrote ? NULL : s->verbatim_item;
  if (!verbatim || !envelope) {
    cc_buf_json(b, envelope);
  } else if (envelope == verbatim) {
    put_verbatim_object(s, envelope);
  } else if ((envelope->type & 0xFF) == cJSON_Object) {
    CC_BUF_LITERAL(b, "{");
    for (const cJSON *member = envelope->child; member; member = member->next) {
      cc_buf_key(b, member->string);
      if (member == verbatim) put_verbatim_object(s, member);
      else cc_buf_json(b, member);
      if (member->next) CC_BUF_LITERAL(b, ",");
    }
    CC_BUF_LITERAL(b, "}");
  } else {
    cc_buf_json(b, envelope);
  }
}

/* A post as is whose only added member is its messageId, a string with no
 * marker of `undefined`: the brief form copies the two strings it holds. */
static void note_brief_post(callcore_session *s, const cJSON *added) {
  if (!added || added->next || !added->string || strcmp(added->string, "messageId") != 0 || cc_is_undefined(added) ||
      (added->type & 0xFF) != cJSON_String)
    return;
  cc_brief *brief = &s->brief;
  size_t id_len = strlen(added->valuestring), target_len = strlen(s->destination);
  if (id_len >= sizeof brief->message_id || target_len >= sizeof brief->target) return;
  memcpy(brief->message_id, added->valuestring, id_len + 1);
  memcpy(brief->target, s->destination, target_len + 1);
  brief_note(s, CC_BRIEF_POST_AS_IS);
}

/* Option postAsIs: the app's message, posted as the very object the embedder
 * gave callcore_call, when the session changed nothing in it but to add
 * members after its own (the messageId): those come as "append". */
static int put_as_is(callcore_session *s, const cJSON *envelope) {
  int rewritten = s->verbatim_report && s->verbatim_report->rewrote;
  /* Only while the embedder holds that object: not for a call replayed from the queue. */
  if (!s->post_as_is || !s->app_call || envelope != s->verbatim_item || rewritten || !s->verbatim_last) return 0;
  cc_buf *b = s->actions;
  CC_BUF_LITERAL(b, ",\"asIs\":true");
  const cJSON *added = s->verbatim_last->next;
  note_brief_post(s, added);
  if (!added) return 1;
  CC_BUF_LITERAL(b, ",\"append\":{");
  for (const cJSON *member = added; member; member = member->next) {
    cc_buf_key(b, member->string);
    cc_buf_json(b, member);
    if (member->next) CC_BUF_LITERAL(b, ",");
  }
  CC_BUF_LITERAL(b, "}");
  return 1;
}

void cc_emit_post(callcore_session *s, cJSON *envelope, const char *via) {
  size_t mark = BEGIN_ACTION(s, "post");
  PUT_STRING(s->actions, "targetOrigin", s->destination);
  if (via || !put_as_is(s, envelope)) put_envelope(s, envelope);
  /* The SDK's own messages pass through the public member that sends them in
   * the SDK, so an app that wraps it sees them; an app's message has passed
   * through sendMessage already and goes straight to the window. */
  if (via) PUT_STRING(s->actions, "via", via);
  end_action(s, mark);
  cJSON_Delete(envelope);
}

void cc_emit_call(callcore_session *s, const char *handler, const cJSON *envelope) {
  /* The handler's first argument is envelope.data (undefined when absent), as
   * in the SDK: sending it once keeps the two the same object in JavaScript.
   * No envelope: the handler gets the event the app's message handler was given. */
  size_t mark = BEGIN_ACTION(s, "call");
  PUT_STRING(s->actions, "handler", handler);
  if (envelope) put_envelope(s, envelope);
  put_preview(s);
  if (!envelope && s->previewing) {
    s->brief.handler = handler;
    brief_note(s, CC_BRIEF_CALL_PREVIEW);
  }
  end_action(s, mark);
}

void cc_emit_deliver(callcore_session *s, const char *via, const cJSON *envelope) {
  size_t mark = BEGIN_ACTION(s, "deliver");
  if (via) PUT_STRING(s->actions, "via", via);
  if (envelope) put_envelope(s, envelope);
  if (!via && !envelope) brief_note(s, CC_BRIEF_DELIVER);
  end_action(s, mark);
}

void cc_emit_send(callcore_session *s, const cJSON *message) {
  size_t mark = BEGIN_ACTION(s, "send");
  PUT_JSON(s->actions, "message", message);
  put_preview(s);
  end_action(s, mark);
}

void cc_emit_event(callcore_session *s, const char *event, cJSON *details) {
  size_t mark = BEGIN_ACTION(s, "event");
  PUT_STRING(s->actions, "event", event);
  if (details) PUT_JSON(s->actions, "details", details);
  end_action(s, mark);
  cJSON_Delete(details);
}

void cc_emit_peer(callcore_session *s, cJSON *message) {
  if (!message) return;
  size_t mark = BEGIN_ACTION(s, "peer");
  PUT_JSON(s->actions, "message", message);
  end_action(s, mark);
  cJSON_Delete(message);
}

static void add_violation(callcore_session *s, const char *code, const char *severity, const char *direction,
                          const char *type, const char *field, const char *message, const char *outcome) {
  cc_buf *b = s->actions;
  size_t mark = BEGIN_ACTION(s, "violation");
  PUT_STRING(b, "code", code);
  PUT_STRING(b, "severity", severity);
  PUT_STRING(b, "direction", direction);
  if (type) PUT_STRING(b, "type", type);
  else CC_BUF_LITERAL(b, ",\"type\":null");
  PUT_STRING(b, "field", field);
  PUT_STRING(b, "message", message);
  PUT_STRING(b, "outcome", outcome);
  put_preview(s);
  end_action(s, mark);
}

/* Turns the session's report into violation actions. Policy "off" keeps
 * quiet, except about a refusal: then nothing was sent, and silence would
 * lose the message without a trace. */
void cc_emit_report(callcore_session *s, const cc_report *r, cc_direction_word direction_word, const char *type,
                    cc_outcome outcome_word) {
  if (s->policy == CC_POLICY_OFF && outcome_word != CC_REFUSED) return;
  const char *direction = CC_REPORT_DIRECTIONS[direction_word], *outcome = CC_REPORT_OUTCOMES[outcome_word];
  for (size_t i = 0; i < r->count; i++) {
    const cc_violation *v = &r->items[i];
    add_violation(s, cc_code_name(v->code), cc_severity_name(v->severity), direction, type, v->field, v->message,
                  outcome);
  }
  if (r->overflow) {
    char message[128];
    snprintf(message, sizeof message, "%s: %zu more findings were not listed", r->subject ? r->subject : "callcore",
             r->overflow);
    add_violation(s, cc_code_name(CC_V_MORE_VIOLATIONS), cc_severity_name(cc_code_severity(CC_V_MORE_VIOLATIONS)),
                  direction, type, "", message, outcome);
  }
}

/* The SDK host's resize helper: numbers become pixels, strings pass, falsy is skipped. */
static void put_css_length(cc_buf *b, const char *key, const cJSON *value) {
  CC_BUF_LITERAL(b, ",");
  cc_buf_key(b, key);
  if (cc_truthy(value) && cJSON_IsNumber(value)) {
    char text[48];
    snprintf(text, sizeof text, "%.15gpx", value->valuedouble);
    cc_buf_string(b, text);
  } else if (cc_truthy(value) && cJSON_IsString(value)) {
    cc_buf_string(b, value->valuestring);
  } else {
    CC_BUF_LITERAL(b, "null");
  }
}

void cc_emit_resize(callcore_session *s, const cJSON *width, const cJSON *height) {
  if (!cc_truthy(width) && !cc_truthy(height)) return;
  size_t mark = BEGIN_ACTION(s, "resize");
  put_css_length(s->actions, "width", width);
  put_css_length(s->actions, "height", height);
  end_action(s, mark);
}

/* Asks for one tick at the earliest deadline (SYNC retry, completion
 * watchdog); says so only when the deadline changed. */
void cc_schedule_tick(callcore_session *s, double now_ms) {
  double due = cc_calls_next_deadline(s);
  if (s->syncing && (due < 0 || s->sync_next_ms < due)) due = s->sync_next_ms;
  if (s->instances) {
    double beat = cc_instances_next_deadline(s); /* heartbeat, expiry, settling */
    if (beat >= 0 && (due < 0 || beat < due)) due = beat;
  }
  /* The queue replays at the next tick. A tick already asked for and due
   * serves: asking again at every event moved the request, so even a
   * dropped message changed the session and re-announced the timer. */
  if (s->flush_due) due = s->timer_due >= 0 && s->timer_due <= now_ms ? s->timer_due : now_ms;
  if (due == s->timer_due) return;
  s->timer_due = due;
  size_t mark = BEGIN_ACTION(s, "timer");
  if (due < 0) {
    CC_BUF_LITERAL(s->actions, ",\"delayMs\":null");
  } else {
    CC_BUF_LITERAL(s->actions, ",\"delayMs\":");
    cc_buf_number(s->actions, due > now_ms ? ceil(due - now_ms) : 0);
  }
  end_action(s, mark);
}

/* docs/protocol.md 3.2 steps 3 and 4: the *_FAILED catch-all, then the
 * handler, else defaultEventHandler. `handler` NULL means the type has none. */
void cc_dispatch_handlers(callcore_session *s, const cc_message *def, const char *type, const char *handler,
                          const cJSON *envelope, double now_ms) {
  if (s->deliver) {
    /* The app's message handler runs first; it asks callcore_dispatch for the
     * handlers. What the session made up (READY, SYNC_ACK_FAILED) travels with
     * the action; a received message is the one the glue holds already. */
    int received = envelope == s->received; /* a peer's READY goes to the handler as it came */
    int ready = !received && def && def->mechanism == CC_MECH_READY;
    cc_emit_deliver(s, ready ? "onReady" : NULL, received ? NULL : envelope);
    if (received && s->preview_dispatch) {
      /* What callcore_dispatch would queue for this very message now: the
       * embedder may take it instead of a second crossing (and a second
       * parse of the message) as long as nothing else was fed in between. */
      s->previewing = 1;
      cc_dispatch_event(s, envelope, now_ms);
      s->previewing = 0;
    }
    return;
  }
  cc_choose_handlers(s, def, type, handler, envelope);
}

void cc_choose_handlers(callcore_session *s, const cc_message *def, const char *type, const char *handler,
                        const cJSON *envelope) {
  if (cc_catalog_is_failure(type, def)) {
    /* The reference reads the handler keyed by the pseudo-type itself (a
     * bug); failedCatchAll gives the documented intent: its handler, onFailed,
     * for every failure. */
    const cc_message *pseudo = cc_catalog_mechanism(CC_MECH_CATCH_ALL);
    const char *catch_all = s->failed_catch_all ? pseudo->widget_handler : pseudo->type;
    if (cc_has_handler(s, catch_all)) cc_emit_call(s, catch_all, envelope);
  }
  if (handler && cc_has_handler(s, handler)) {
    cc_emit_call(s, handler, envelope);
  } else if (cc_has_handler(s, "defaultEventHandler")) {
    cc_emit_call(s, "defaultEventHandler", envelope);
  } else {
    cc_report r;
    cc_report_reset(&r, type);
    cc_report_add(&r, CC_V_NO_HANDLER, NULL, "no %s and no defaultEventHandler; the message went unheard",
                  handler ? handler : "handler");
    cc_emit_report(s, &r, CC_INBOUND, type, CC_REPORTED);
  }
}
