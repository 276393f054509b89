/* The call lifecycle (docs/protocol.md 4): login, availability, and each call
 * by externalCallId. Checks never change state; apply runs only for messages
 * that really go out or get delivered. What a message does is read from its
 * catalogue row (lifecycle, effect, binds_engagement), never from its name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* Columns of the legality matrix, in the order of cc_message.legality. */
enum { COL_UNSYNCED, COL_READY, COL_LOGGED_OUT, COL_IDLE, COL_RINGING, COL_IN_PROGRESS, COL_ENDED, COL_COMPLETED };

static int expected(const char *legality, int column) { return legality[column] == 'y' || legality[column] == 't'; }

static const char *state_name(cc_call_state state) {
  static const char *const names[] = {"dialing", "ringing", "in progress", "ended", "completed", "transferred"};
  return names[state];
}

const char *cc_call_state_key(cc_call_state state) {
  static const char *const keys[] = {"dialing", "ringing", "inProgress", "ended", "completed", "transferred"};
  return keys[state];
}

static int is_active(const cc_call *c) { return c->state <= CC_CALL_IN_PROGRESS; }
static int is_finished(const cc_call *c) { return c->state == CC_CALL_COMPLETED || c->state == CC_CALL_TRANSFERRED; }
/* What s->completions_due counts; kept up to date wherever a call changes. */
static int completion_due(const cc_call *c) { return c->state == CC_CALL_ENDED && !c->completion_reported; }

/* Option instances: a call another instance speaks for (its watchdog and its
 * report at unload are that instance's). */
static int mirrored(const callcore_session *s, const cc_call *c) {
  return s->instances && c->owner[0] && strcmp(c->owner, s->instances->member) != 0;
}

static int call_column(const cc_call *c) {
  if (c->state <= CC_CALL_RINGING) return COL_RINGING;
  if (c->state == CC_CALL_IN_PROGRESS) return COL_IN_PROGRESS;
  if (c->state == CC_CALL_ENDED) return COL_ENDED;
  return COL_COMPLETED;
}

/* FNV-1a: a cheap filter in front of strcmp. Every message that names a call
 * looks it up among up to limits.maxCalls calls, most of them finished. */
static unsigned id_hash(const char *id) {
  unsigned h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 16777619u;
  return h;
}

static cc_call *find_call(const callcore_session *s, const char *id) {
  if (!id) return NULL;
  unsigned h = id_hash(id);
  /* Newest first (new calls are appended): the call a message names is mostly
   * the current one. Ids are unique, so the order never changes the answer. */
  for (size_t i = s->call_count; i-- > 0;)
    if (s->calls[i].id_hash == h && strcmp(s->calls[i].external_call_id, id) == 0) return &s->calls[i];
  return NULL;
}

/* The newest call that is active, else the newest ended one: what the user is
 * busy with. NULL when every call is finished. */
static cc_call *current_call(const callcore_session *s) {
  cc_call *best = NULL;
  /* Newest first, and done once every open call was seen: the order never
   * changes the answer (orders are unique), and the open calls are mostly
   * the newest of up to limits.maxCalls. */
  size_t seen = 0;
  for (size_t i = s->call_count; seen < s->open_calls && i-- > 0;) {
    cc_call *c = &s->calls[i];
    if (is_finished(c)) continue;
    seen++;
    if (!best || is_active(c) > is_active(best) || (is_active(c) == is_active(best) && c->order > best->order))
      best = c;
  }
  return best;
}

static int session_column(const callcore_session *s, cc_call **focus) {
  *focus = NULL;
  if (s->phase == CC_PHASE_UNSYNCED) return COL_UNSYNCED;
  if (s->phase == CC_PHASE_READY) return COL_READY;
  if (!s->logged_in) return COL_LOGGED_OUT;
  *focus = current_call(s);
  if (*focus) return call_column(*focus);
  return s->call_count ? COL_COMPLETED : COL_IDLE;
}

static cc_call *engagement_owner(const callcore_session *s, double engagement_id) {
  for (size_t i = 0; i < s->call_count; i++)
    if (s->calls[i].has_engagement && s->calls[i].engagement_id == engagement_id) return &s->calls[i];
  return NULL;
}

/* A resumed inbound call: SYNC carried its engagementId; the app names it. */
static int resumes_call(const callcore_session *s, const cc_view *v) {
  return s->has_resume_engagement && v->has_engagement && v->engagement_id == s->resume_engagement_id;
}

/* Which call a host reply concerns: named by externalCallId, or the oldest
 * call waiting for that kind of reply. */
static cc_call *reply_target(const callcore_session *s, const cc_view *v) {
  cc_call *named = find_call(s, v->call_id);
  if (named) return named;
  const cc_message *def = v->def;
  cc_call *best = NULL;
  double engagement = v->engagement_id;
  int has_engagement = v->has_engagement;
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call *c = &s->calls[i];
    int waiting = def->lifecycle == CC_LC_ENGAGEMENT_REPLY ? c->engagement_pending
                  : def->lifecycle == CC_LC_UPDATE_REPLY
                      ? c->update_pending && (!has_engagement || !c->has_engagement || c->engagement_id == engagement)
                  : def->lifecycle == CC_LC_CALLER_ID_REPLY ? c->caller_id_pending
                  : def->lifecycle == CC_LC_FINALIZE_REPLY
                      ? c->finalize_pending && (!has_engagement || !c->has_engagement || c->engagement_id == engagement)
                                                            : is_active(c); /* END_CALL */
    if (!waiting) continue;
    int newest_wins = def->lifecycle == CC_LC_END_CALL;
    if (!best || (newest_wins ? c->order > best->order : c->order < best->order)) best = c;
  }
  return best;
}

static int can_track_another(const callcore_session *s) {
  if (s->call_count < s->limits.max_calls) return 1;
  for (size_t i = 0; i < s->call_count; i++)
    if (is_finished(&s->calls[i])) return 1;
  return 0;
}

/* ---- checks ---- */

static void check_engagement(const callcore_session *s, const cc_view *v, const cc_call *call, cc_report *r) {
  double value = v->engagement_id;
  if (!v->has_engagement) {
    if (!v->engagement_item && call->engagement_pending && v->def->effect == CC_EFFECT_COMPLETE)
      cc_report_add(r, CC_V_ENGAGEMENT_PENDING, "data.engagementId",
                    "call \"%s\" has no engagementId yet (CREATE_ENGAGEMENT_SUCCEEDED has not arrived); the host "
                    "can only match it by externalCallId",
                    call->external_call_id);
    return;
  }
  /* The owner is looked up only where a report names it: the usual message
   * carries its own call's engagementId, and the search walks every call
   * kept (up to limits.maxCalls, most of them finished). */
  if (call->has_engagement && value != call->engagement_id) {
    const cc_call *owner = engagement_owner(s, value);
    if (owner)
      cc_report_add(r, CC_V_ENGAGEMENT_MISMATCH, "data.engagementId",
                    "data.engagementId %.0f belongs to call \"%s\", not to call \"%s\" (%.0f): a stale id", value,
                    owner->external_call_id, call->external_call_id, call->engagement_id);
    else
      cc_report_add(r, CC_V_ENGAGEMENT_MISMATCH, "data.engagementId",
                    "data.engagementId %.0f is not the engagement of call \"%s\" (%.0f)", value, call->external_call_id,
                    call->engagement_id);
  } else if (!call->has_engagement) {
    const cc_call *owner = engagement_owner(s, value);
    if (owner)
      cc_report_add(r, CC_V_ENGAGEMENT_MISMATCH, "data.engagementId",
                    "data.engagementId %.0f belongs to call \"%s\", not to call \"%s\": a stale id", value,
                    owner->external_call_id, call->external_call_id);
    else if (call->engagement_pending)
      cc_report_add(r, CC_V_ENGAGEMENT_PENDING, "data.engagementId",
                    "data.engagementId %.0f was sent before the host created call \"%s\"'s engagement", value,
                    call->external_call_id);
  }
}

static void check_call_event(const callcore_session *s, const cc_view *v, cc_report *r) {
  const cc_message *def = v->def;
  const char *id = v->call_id;
  if (!id || !*id) return; /* the schema already said it is required */
  const cc_call *call = find_call(s, id);
  if (!call) {
    if (!resumes_call(s, v))
      cc_report_add(r, CC_V_UNKNOWN_CALL, "data.externalCallId",
                    "no call \"%.80s\" was started; announce it with outgoingCall() or incomingCall() first", id);
    return;
  }
  int column = call_column(call);
  if (!expected(def->legality, column)) {
    cc_call_effect effect = def->effect;
    if (effect == CC_EFFECT_ANSWER && call->state == CC_CALL_IN_PROGRESS)
      cc_report_add(r, CC_V_ILLEGAL_TRANSITION, "data.externalCallId", "call \"%s\" was already answered", id);
    else if (call->state == CC_CALL_TRANSFERRED)
      cc_report_add(r, CC_V_ILLEGAL_TRANSITION, "data.externalCallId", "call \"%s\" was transferred away", id);
    else if (effect != CC_EFFECT_FINALIZE)
      cc_report_add(r, CC_V_ILLEGAL_TRANSITION, "data.externalCallId", "call \"%s\" is %s%s", id,
                    state_name(call->state),
                    column < COL_ENDED && effect == CC_EFFECT_COMPLETE ? "; send callEnded() first" : "");
    else
      cc_report_add(r, CC_V_ILLEGAL_TRANSITION, "data.externalCallId", "call \"%s\" is %s; %s comes after %s", id,
                    state_name(call->state), def->type, cc_catalog_effect(CC_EFFECT_END)->type);
  }
  if (def->binds_engagement) check_engagement(s, v, call, r);
}

static void check_reply(const callcore_session *s, const cc_view *v, cc_report *r) {
  const cc_message *def = v->def;
  const cc_call *call = reply_target(s, v);
  switch (def->lifecycle) {
    case CC_LC_ENGAGEMENT_REPLY:
      if (!call || !call->engagement_pending)
        cc_report_add(r, CC_V_UNEXPECTED_REPLY, NULL,
                      "no call is waiting for an engagement (OUTGOING_CALL_STARTED or INCOMING_CALL with "
                      "createEngagement: true)");
      else if (def->binds_engagement && !def->replaced_by) {
        const cc_call *owner;
        if (v->has_engagement && (owner = engagement_owner(s, v->engagement_id)) && owner != call)
          cc_report_add(r, CC_V_ENGAGEMENT_MISMATCH, "data.engagementId",
                        "data.engagementId %.0f already belongs to call \"%s\"", v->engagement_id,
                        owner->external_call_id);
      }
      break;
    case CC_LC_UPDATE_REPLY:
      if (!call || !call->update_pending)
        cc_report_add(r, CC_V_UNEXPECTED_REPLY, NULL, "no CALL_COMPLETED with engagementProperties is waiting for it");
      break;
    case CC_LC_CALLER_ID_REPLY:
      if (!call || !call->caller_id_pending)
        cc_report_add(r, CC_V_UNEXPECTED_REPLY, NULL, "no INCOMING_CALL is waiting for caller-ID matches");
      break;
    default: /* END_CALL */
      if (!call || !is_active(call))
        cc_report_add(r, CC_V_ILLEGAL_TRANSITION, NULL, "there is no dialing, ringing or answered call to end");
      break;
  }
}

static int same_dial_soon(const callcore_session *s, const cc_view *v, double now_ms) {
  const char *number = cc_get_string(v->payload, "phoneNumber");
  return number && s->has_last_dial && strcmp(number, s->last_dial_number) == 0 &&
         now_ms - s->last_dial_ms < s->dial_dedup_ms;
}

/* A repeated dial or a second start of a known call: said the same way
 * whether or not the message came at a legal moment. */
static int report_repeat(const callcore_session *s, const cc_view *v, double now_ms, cc_report *r) {
  if (v->def->lifecycle == CC_LC_DIAL && same_dial_soon(s, v, now_ms)) {
    cc_report_add(r, CC_V_DUPLICATE_DIAL, "data.phoneNumber",
                  "the same %s for %s came twice within %.0f ms; a second call would be placed "
                  "(calling-extensions-sdk#210)",
                  v->def->type, s->last_dial_number, s->dial_dedup_ms);
    return 1;
  }
  const cc_call *known = v->def->lifecycle == CC_LC_CALL_START && v->call_id ? find_call(s, v->call_id) : NULL;
  if (known && s->role == CC_ROLE_HOST && mirrored(s, known)) {
    cc_report_add(r, CC_V_DUPLICATE_CALL, "data.externalCallId",
                  "call \"%.80s\" was announced in another tab already (instance %s); one call must be announced "
                  "once, or HubSpot logs it twice",
                  v->call_id, known->owner);
    return 1;
  }
  if (known) {
    cc_report_add(r, CC_V_DUPLICATE_CALL, "data.externalCallId",
                  "call \"%.80s\" was already started; a second start creates a second engagement "
                  "(calling-extensions-sdk#87)",
                  v->call_id);
    return 1;
  }
  return 0;
}

static void check_session_message(const callcore_session *s, const cc_view *v, int column, cc_call *focus,
                                  double now_ms, cc_report *r) {
  const cc_message *def = v->def;
  int host = s->role == CC_ROLE_HOST;
  if (expected(def->legality, column)) {
    report_repeat(s, v, now_ms, r);
    if (def->effect == CC_EFFECT_RING && v->call_id && s->available == 0)
      cc_report_add(r, CC_V_NOT_AVAILABLE, NULL, "the user said they are unavailable (userUnavailable())");
    return;
  }
  if (column == COL_LOGGED_OUT) {
    if (def->lifecycle == CC_LC_LOGGED_OUT)
      cc_report_add(r, CC_V_ALREADY_LOGGED_OUT, NULL, "the user is already logged out");
    else if (def->lifecycle == CC_LC_DIAL)
      cc_report_add(r, CC_V_NOT_LOGGED_IN, NULL, "the widget's user is logged out; %s",
                    host ? "HubSpot shows an alert instead of dialling" : "the host should not have sent it");
    else
      cc_report_add(r, CC_V_NOT_LOGGED_IN, NULL, "the user is logged out; call userLoggedIn() first");
    return;
  }
  if (def->lifecycle == CC_LC_LOGGED_IN)
    cc_report_add(r, CC_V_ALREADY_LOGGED_IN, NULL, "the user is already logged in");
  else if (report_repeat(s, v, now_ms, r))
    return;
  else if (focus)
    cc_report_add(r, CC_V_CALL_ACTIVE, NULL, "call \"%s\" is %s%s", focus->external_call_id,
                  state_name(focus->state),
                  focus->state == CC_CALL_ENDED ? " and was never completed; send callCompleted() first"
                                                : "; end it first");
  else
    cc_report_add(r, CC_V_ILLEGAL_TRANSITION, NULL, "not expected at this point of the session");
}

void cc_lifecycle_check(callcore_session *s, const cc_view *v, int inbound, double now_ms, cc_report *r) {
  const cc_message *def = v->def;
  if (!def || !def->legality || def->lifecycle == CC_LC_HANDSHAKE) return;
  int host = s->role == CC_ROLE_HOST;
  /* Checked before everything else: a call start is only possible while
   * another call is open, which the legality checks below already flag, so
   * the limit must not hide behind them (it used to, and the call went
   * untracked without a word). */
  if (def->lifecycle == CC_LC_CALL_START) {
    const char *id = v->call_id;
    if (id && *id && !find_call(s, id) && !can_track_another(s))
      cc_report_add(r, CC_V_TOO_MANY_CALLS, "data.externalCallId",
                    "%zu calls are open, the most this session tracks (limits.maxCalls); \"%.80s\" was not accepted",
                    s->call_count, id);
  }
  if (s->phase == CC_PHASE_UNSYNCED) {
    if (!expected(def->legality, COL_UNSYNCED))
      cc_report_add_severity(r, CC_V_NOT_READY, CC_ERROR, NULL, "%s before the handshake completed",
                             inbound ? "arrived" : "sent");
    return;
  }
  if (s->phase == CC_PHASE_READY && !expected(def->legality, COL_READY)) {
    cc_report_add(r, CC_V_NOT_INITIALIZED, NULL, "%s", host ? "the widget has not sent INITIALIZED yet"
                                                            : "sent before INITIALIZED; call initialized() from onReady");
    return;
  }
  switch (def->lifecycle) {
    case CC_LC_CALL_EVENT:
      check_call_event(s, v, r);
      return;
    case CC_LC_ENGAGEMENT_REPLY:
    case CC_LC_UPDATE_REPLY:
    case CC_LC_CALLER_ID_REPLY:
    case CC_LC_END_CALL:
      check_reply(s, v, r);
      return;
    default: {
      cc_call *focus;
      int column = session_column(s, &focus);
      check_session_message(s, v, column, focus, now_ms, r);
    }
  }
}

/* ---- state changes ---- */

static cc_call *add_call(callcore_session *s, const char *id, int inbound, double now_ms) {
  char *copy = cc_strdup(id);
  if (!copy) return NULL;
  if (s->call_count == s->limits.max_calls) {
    /* Forget the oldest finished call to make room. */
    size_t oldest = s->call_count;
    for (size_t i = 0; i < s->call_count; i++)
      if (is_finished(&s->calls[i]) && (oldest == s->call_count || s->calls[i].order < s->calls[oldest].order))
        oldest = i;
    if (oldest == s->call_count) {
      free(copy);
      return NULL;
    }
    free(s->calls[oldest].external_call_id);
    s->calls[oldest] = s->calls[--s->call_count];
  } else {
    cc_call *grown = realloc(s->calls, (s->call_count + 1) * sizeof *grown);
    if (!grown) {
      free(copy);
      return NULL;
    }
    s->calls = grown;
  }
  cc_call *c = &s->calls[s->call_count++];
  memset(c, 0, sizeof *c);
  c->external_call_id = copy;
  c->id_hash = id_hash(copy);
  c->inbound = inbound;
  c->state = inbound ? CC_CALL_RINGING : CC_CALL_DIALING;
  c->order = ++s->call_order;
  c->started_ms = now_ms;
  s->open_calls++;
  if (s->instances) {
    /* A host speaks for the calls its own widget announced; a widget's calls
     * belong to the instance that leads (docs/instances.md). */
    const char *owner = s->role == CC_ROLE_HOST ? s->instances->member : s->instances->leader;
    snprintf(c->owner, sizeof c->owner, "%s", owner);
  }
  return c;
}

static void bind_engagement(cc_call *call, const cc_view *v) {
  if (!call->has_engagement && v->has_engagement) {
    call->has_engagement = 1;
    call->engagement_id = v->engagement_id;
  }
}

static void apply_call_event(callcore_session *s, const cc_view *v, double now_ms) {
  const char *id = v->call_id;
  cc_call *call = find_call(s, id);
  if (!call && id && *id && resumes_call(s, v)) {
    if ((call = add_call(s, id, 1, now_ms))) call->state = CC_CALL_IN_PROGRESS;
  }
  if (!call) return;
  int was_due = completion_due(call), was_finished = is_finished(call);
  switch (v->def->effect) {
    case CC_EFFECT_ANSWER:
      call->state = CC_CALL_IN_PROGRESS;
      if (s->instances) /* who answered: a later answer from elsewhere is refused with its name */
        snprintf(call->answered_by, sizeof call->answered_by, "%s",
                 s->instances->forwarding ? s->instances->forward_from : s->instances->member);
      break;
    case CC_EFFECT_TRANSFER: call->state = CC_CALL_TRANSFERRED; break;
    case CC_EFFECT_END: {
      call->state = CC_CALL_ENDED;
      call->ended_ms = now_ms;
      const char *status = cc_get_string(v->payload, "callEndStatus");
      snprintf(call->end_status, sizeof call->end_status, "%s", status ? status : "");
      break;
    }
    case CC_EFFECT_COMPLETE:
      call->state = CC_CALL_COMPLETED;
      call->update_pending = cJSON_IsObject(cc_get(v->payload, "engagementProperties"));
      break;
    case CC_EFFECT_FINALIZE: call->finalize_pending = 1; break;
    default: break;
  }
  if (v->def->binds_engagement) bind_engagement(call, v);
  s->completions_due = s->completions_due + (size_t)completion_due(call) - (size_t)was_due;
  s->open_calls = s->open_calls + (size_t)was_finished - (size_t)is_finished(call);
}

static void lifecycle_apply(callcore_session *s, const cc_view *v, double now_ms);

void cc_lifecycle_apply(callcore_session *s, const cc_view *v, double now_ms) {
  if (!s->instances || !v->def) {
    lifecycle_apply(s, v, now_ms);
    return;
  }
  /* The call the message concerned, to share what changed with the other
   * instances: a reply's target is found before the reply clears what it waits for. */
  cc_lifecycle lc = v->def->lifecycle;
  cc_call *call = lc >= CC_LC_ENGAGEMENT_REPLY && lc <= CC_LC_END_CALL ? reply_target(s, v) : NULL;
  lifecycle_apply(s, v, now_ms);
  if (lc == CC_LC_CALL_START || lc == CC_LC_CALL_EVENT) call = find_call(s, v->call_id);
  cc_instances_applied(s, v, call, now_ms);
}

static void lifecycle_apply(callcore_session *s, const cc_view *v, double now_ms) {
  const cc_message *def = v->def;
  if (!def) return;
  const cJSON *data = v->payload;
  switch (def->lifecycle) {
    case CC_LC_INITIALIZED: {
      const cJSON *logged_in = cc_get(data, "isLoggedIn"), *available = cc_get(data, "isAvailable");
      if (s->phase == CC_PHASE_READY) s->phase = CC_PHASE_INITIALIZED;
      if (cJSON_IsBool(logged_in)) s->logged_in = cJSON_IsTrue(logged_in);
      if (cJSON_IsBool(available)) s->available = cJSON_IsTrue(available);
      break;
    }
    case CC_LC_LOGGED_IN: s->logged_in = 1; break;
    case CC_LC_LOGGED_OUT: s->logged_in = 0; break;
    case CC_LC_AVAILABLE: s->available = 1; break;
    case CC_LC_UNAVAILABLE: s->available = 0; break;
    case CC_LC_DIAL: {
      const char *number = cc_get_string(data, "phoneNumber");
      if (number && strlen(number) < sizeof s->last_dial_number) {
        memcpy(s->last_dial_number, number, strlen(number) + 1);
        s->last_dial_ms = now_ms;
        s->has_last_dial = 1;
      }
      break;
    }
    case CC_LC_CALL_START: {
      const char *id = v->call_id;
      if (!id || !*id || find_call(s, id)) break;
      cc_call *call = add_call(s, id, def->effect == CC_EFFECT_RING, now_ms);
      if (!call) break;
      call->engagement_pending = cJSON_IsTrue(cc_get(data, "createEngagement"));
      call->caller_id_pending = call->inbound;
      cc_call_keep_number(call->from_number, cc_get_string(data, "fromNumber"));
      cc_call_keep_number(call->to_number, cc_get_string(data, "toNumber"));
      break;
    }
    case CC_LC_CALL_EVENT: apply_call_event(s, v, now_ms); break;
    case CC_LC_ENGAGEMENT_REPLY: {
      cc_call *call = reply_target(s, v);
      if (!call) break;
      call->engagement_pending = 0;
      if (def->binds_engagement) bind_engagement(call, v);
      break;
    }
    case CC_LC_UPDATE_REPLY: {
      cc_call *call = reply_target(s, v);
      if (call) call->update_pending = 0;
      break;
    }
    case CC_LC_CALLER_ID_REPLY: {
      cc_call *call = reply_target(s, v);
      if (call) call->caller_id_pending = 0;
      break;
    }
    case CC_LC_FINALIZE_REPLY: {
      /* Without this the call stayed "finalize pending" after the host answered. */
      cc_call *call = reply_target(s, v);
      if (call) call->finalize_pending = 0;
      break;
    }
    case CC_LC_END_CALL: {
      cc_call *call = reply_target(s, v);
      if (call) call->end_requested = 1;
      break;
    }
    default: break;
  }
}

/* ---- the completion watchdog (calling-extensions-sdk#46) and the page going away ---- */

static int awaits_completion(const callcore_session *s, const cc_call *c) {
  return completion_due(c) && s->completion_timeout_ms > 0 && !mirrored(s, c);
}

/* Most messages come when no call awaits completion: the loops over up to
 * limits.maxCalls calls (mostly finished ones) are skipped then. */
static int watchdog_idle(const callcore_session *s) { return s->completions_due == 0 || s->completion_timeout_ms <= 0; }

void cc_calls_tick(callcore_session *s, double now_ms) {
  if (watchdog_idle(s)) return;
  const char *completion = cc_catalog_effect(CC_EFFECT_COMPLETE)->type;
  cc_report r;
  cc_report_reset(&r, completion);
  for (size_t i = 0; !watchdog_idle(s) && i < s->call_count; i++) {
    cc_call *c = &s->calls[i];
    if (!awaits_completion(s, c) || now_ms < c->ended_ms + s->completion_timeout_ms) continue;
    c->completion_reported = 1;
    s->completions_due--;
    cc_report_add(&r, CC_V_CALL_NOT_COMPLETED, "data.externalCallId",
                  "call \"%s\" ended %.0f s ago and was never completed; the host keeps a call log with no "
                  "outcome (calling-extensions-sdk#46)",
                  c->external_call_id, (now_ms - c->ended_ms) / 1000);
  }
  cc_emit_report(s, &r, CC_LOCAL_FINDING, completion, CC_REPORTED);
}

double cc_calls_next_deadline(const callcore_session *s) {
  double due = -1;
  for (size_t i = 0; !watchdog_idle(s) && i < s->call_count; i++) {
    const cc_call *c = &s->calls[i];
    if (!awaits_completion(s, c)) continue;
    double at = c->ended_ms + s->completion_timeout_ms;
    if (due < 0 || at < due) due = at;
  }
  return due;
}

void cc_calls_report_open(callcore_session *s, const char *event) {
  cc_report r;
  cc_report_reset(&r, event);
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call *c = &s->calls[i];
    if (is_finished(c) || mirrored(s, c)) continue;
    cc_report_add(&r, CC_V_CALL_LEFT_OPEN, "data.externalCallId",
                  "call \"%s\" was %s when the page went away; it was never completed (calling-extensions-sdk#46)",
                  c->external_call_id, state_name(c->state));
  }
  cc_emit_report(s, &r, CC_LOCAL_FINDING, NULL, CC_REPORTED);
}

const char *cc_calls_current_id(const callcore_session *s) {
  const cc_call *call = current_call(s);
  return call ? call->external_call_id : NULL;
}

void cc_call_keep_number(char number[CC_NUMBER_MAX], const char *text) {
  if (text && strlen(text) < CC_NUMBER_MAX) memcpy(number, text, strlen(text) + 1);
}

static void add_number(cJSON *call, const char *key, const char *number) {
  if (number[0]) cJSON_AddStringToObject(call, key, number);
  else cJSON_AddNullToObject(call, key);
}

cJSON *cc_calls_to_json(const callcore_session *s) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < s->call_count; i++) {
    const cc_call *c = &s->calls[i];
    cJSON *call = cJSON_CreateObject();
    if (!call) break;
    cJSON_AddItemToArray(list, call);
    cJSON_AddStringToObject(call, "externalCallId", c->external_call_id);
    cJSON_AddStringToObject(call, "direction", c->inbound ? "inbound" : "outbound");
    cJSON_AddStringToObject(call, "state", cc_call_state_key(c->state));
    if (c->has_engagement) cJSON_AddNumberToObject(call, "engagementId", c->engagement_id);
    else cJSON_AddNullToObject(call, "engagementId");
    cJSON_AddBoolToObject(call, "engagementPending", c->engagement_pending);
    cJSON_AddBoolToObject(call, "callerIdPending", c->caller_id_pending);
    cJSON_AddBoolToObject(call, "updatePending", c->update_pending);
    cJSON_AddBoolToObject(call, "finalizePending", c->finalize_pending);
    cJSON_AddBoolToObject(call, "endRequested", c->end_requested);
    cJSON_AddNumberToObject(call, "startedAt", c->started_ms);
    if (c->state >= CC_CALL_ENDED && c->ended_ms > 0) cJSON_AddNumberToObject(call, "endedAt", c->ended_ms);
    if (c->end_status[0]) cJSON_AddStringToObject(call, "endStatus", c->end_status);
    add_number(call, "fromNumber", c->from_number);
    add_number(call, "toNumber", c->to_number);
    if (c->owner[0]) cJSON_AddStringToObject(call, "owner", c->owner);
    else cJSON_AddNullToObject(call, "owner");
  }
  return list;
}

void cc_calls_forget_unfinished(callcore_session *s) {
  /* A call another instance speaks for (option instances) did not live in this widget page: it
   * stays, as a calling window that loads mid-call must know the call its tabs announced. */
  size_t kept = 0;
  s->completions_due = 0;
  s->open_calls = 0;
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call *c = &s->calls[i];
    if (!is_finished(c) && !mirrored(s, c)) {
      free(c->external_call_id);
      continue;
    }
    s->completions_due += (size_t)completion_due(c);
    s->open_calls += (size_t)!is_finished(c);
    s->calls[kept++] = *c;
  }
  s->call_count = kept;
}

void cc_calls_free(callcore_session *s) {
  for (size_t i = 0; i < s->call_count; i++) free(s->calls[i].external_call_id);
  free(s->calls);
  s->calls = NULL;
  s->call_count = 0;
  s->completions_due = 0;
  s->open_calls = 0;
}

/* ---- option instances: calls known from another instance's word ---- */

cc_call *cc_calls_find(const callcore_session *s, const char *id) { return find_call(s, id); }

int cc_call_is_finished(const cc_call *call) { return is_finished(call); }

cc_call *cc_calls_track(callcore_session *s, const char *id, int inbound, double now_ms) {
  return add_call(s, id, inbound, now_ms);
}

/* Keeps the counters (open calls, completions due) right, as the lifecycle does. */
void cc_calls_set_state(callcore_session *s, cc_call *call, cc_call_state state, double now_ms) {
  int was_due = completion_due(call), was_finished = is_finished(call);
  if (state == CC_CALL_ENDED && call->state != CC_CALL_ENDED) call->ended_ms = now_ms;
  call->state = state;
  s->completions_due = s->completions_due + (size_t)completion_due(call) - (size_t)was_due;
  s->open_calls = s->open_calls + (size_t)was_finished - (size_t)is_finished(call);
}
