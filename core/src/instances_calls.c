/* Several instances: calls and shared facts (docs/instances.md, rules 3, 4,
 * 5 and 8). One instance speaks to HubSpot for every open call (the leader,
 * or on a host the tab whose widget announced it); the others mirror it, and
 * a widget's app call on a call's lifecycle is forwarded to the one that
 * speaks, so HubSpot hears each call once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* The member whose app made the call being carried out. */
static const char *answerer(const callcore_session *s) {
  const cc_instances *in = s->instances;
  return in->forwarding ? in->forward_from : in->member;
}

int cc_instances_must_wait(const callcore_session *s, const cJSON *envelope) {
  const cc_instances *in = s->instances;
  if (s->role != CC_ROLE_WIDGET || in->forwarding) return 0;
  /* Nobody leads yet; or this instance will once it has settled (a calling window just opened),
   * while the others already count it the leader: a forward now would go to one that refuses it. */
  if (in->leader[0] && (in->settled || !cc_instances_would_lead(s))) return 0;
  const cc_message *def = cc_catalog_find(cc_get_string(envelope, "type"));
  return def && def->effect != CC_EFFECT_NONE;
}

cc_route cc_instances_route(callcore_session *s, const cc_view *v, cc_report *r) {
  cc_instances *in = s->instances;
  const cc_message *def = v->def;
  if (s->role != CC_ROLE_WIDGET || !def || def->effect == CC_EFFECT_NONE) return CC_ROUTE_POST;
  cc_call *call = cc_calls_find(s, v->call_id);
  /* The same ring delivered to two frames (or its forward): one call, announced once. */
  if ((def->effect == CC_EFFECT_START || def->effect == CC_EFFECT_RING) && call && !cc_call_is_finished(call))
    return CC_ROUTE_MERGE;
  if (def->effect == CC_EFFECT_ANSWER && call && call->state > CC_CALL_RINGING && call->answered_by[0] &&
      strcmp(call->answered_by, answerer(s)) != 0)
    cc_report_add(r, CC_V_ANSWERED_ELSEWHERE, "data.externalCallId",
                  "call \"%s\" was answered by instance %s first; this answer was not sent", call->external_call_id,
                  call->answered_by);
  if (in->forwarding || !in->leader[0] || cc_instances_is_self(s, in->leader)) return CC_ROUTE_POST;
  return CC_ROUTE_FORWARD;
}

void cc_instances_forward(callcore_session *s, const cc_view *v) {
  cJSON *m = cc_peer_begin(s, CC_PEER_FORWARD, s->instances->leader);
  if (!m) return;
  cJSON_AddStringToObject(m, "method", v->def->method);
  const cJSON *data = cc_get(v->envelope, "data");
  if (data && !cc_is_undefined(data)) cJSON_AddItemToObject(m, "payload", cJSON_Duplicate(data, 1));
  if (v->call_id) cJSON_AddStringToObject(m, "externalCallId", v->call_id);
  cc_emit_peer(s, m);
}

/* ---- what is shared ---- */

cJSON *cc_instances_call_json(const callcore_session *s, const cc_call *c) {
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddStringToObject(out, "externalCallId", c->external_call_id);
  cJSON_AddBoolToObject(out, "inbound", c->inbound);
  cJSON_AddStringToObject(out, "state", cc_call_state_key(c->state));
  if (c->has_engagement) cJSON_AddNumberToObject(out, "engagementId", c->engagement_id);
  else cJSON_AddNullToObject(out, "engagementId");
  cJSON_AddStringToObject(out, "owner", c->owner[0] ? c->owner : s->instances->member);
  if (c->answered_by[0]) cJSON_AddStringToObject(out, "answeredBy", c->answered_by);
  if (c->from_number[0]) cJSON_AddStringToObject(out, "fromNumber", c->from_number);
  if (c->to_number[0]) cJSON_AddStringToObject(out, "toNumber", c->to_number);
  return out;
}

cJSON *cc_instances_calls_json(const callcore_session *s) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < s->call_count; i++)
    if (!cc_call_is_finished(&s->calls[i])) cJSON_AddItemToArray(list, cc_instances_call_json(s, &s->calls[i]));
  return list;
}

static cJSON *fact_json(const cc_fact *f) {
  if (!f->known) return cJSON_CreateNull();
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddBoolToObject(out, "value", f->value);
  cJSON_AddNumberToObject(out, "stamp", f->stamp);
  cJSON_AddStringToObject(out, "by", f->by);
  return out;
}

void cc_instances_share_facts(const callcore_session *s, cJSON *m) {
  cJSON_AddItemToObject(m, "login", fact_json(&s->instances->login));
  cJSON_AddItemToObject(m, "availability", fact_json(&s->instances->availability));
}

void cc_instances_share(callcore_session *s, cJSON *calls) {
  cJSON *m = cc_peer_begin(s, CC_PEER_STATE, NULL);
  if (!m) {
    cJSON_Delete(calls);
    return;
  }
  cc_instances_share_facts(s, m);
  if (calls) cJSON_AddItemToObject(m, "calls", calls);
  cc_emit_peer(s, m);
}

static void share_call(callcore_session *s, const cc_call *call) {
  cJSON *calls = cJSON_CreateArray();
  if (calls) cJSON_AddItemToArray(calls, cc_instances_call_json(s, call));
  cc_instances_share(s, calls);
}

void cc_instances_move_calls(callcore_session *s, const char *from, const char *to) {
  cJSON *taken = NULL;
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call *c = &s->calls[i];
    if (cc_call_is_finished(c) || strcmp(c->owner, to) == 0 || (from && strcmp(c->owner, from) != 0)) continue;
    snprintf(c->owner, sizeof c->owner, "%s", to);
    cc_instances_changed(s);
    if (!cc_instances_is_self(s, to)) continue;
    if (!taken) taken = cJSON_CreateArray();
    if (taken) cJSON_AddItemToArray(taken, cc_instances_call_json(s, c));
  }
  /* Self speaks for them from now on: the others learn it from self. */
  if (taken) cc_instances_share(s, taken);
}

/* A login or availability this instance's own host heard: the others tell theirs. */
static void note_fact(callcore_session *s, cc_fact *f, int value, double now_ms) {
  cc_instances *in = s->instances;
  if (in->applying) return; /* a peer's fact, being passed on: already shared */
  f->known = 1;
  f->value = value;
  f->stamp = now_ms > f->stamp ? now_ms : f->stamp + 1; /* after every write seen, whatever the clocks */
  snprintf(f->by, sizeof f->by, "%s", in->member);
  cc_instances_share(s, NULL);
}

void cc_instances_applied(callcore_session *s, const cc_view *v, cc_call *call, double now_ms) {
  cc_instances *in = s->instances;
  switch (v->def->lifecycle) {
    case CC_LC_LOGGED_IN: note_fact(s, &in->login, 1, now_ms); return;
    case CC_LC_LOGGED_OUT: note_fact(s, &in->login, 0, now_ms); return;
    case CC_LC_AVAILABLE: note_fact(s, &in->availability, 1, now_ms); return;
    case CC_LC_UNAVAILABLE: note_fact(s, &in->availability, 0, now_ms); return;
    case CC_LC_INITIALIZED: in->reconcile_due = 1; return; /* after INITIALIZED is on the wire */
    default: break;
  }
  if (!call) return;
  if (s->role == CC_ROLE_HOST && !cc_instances_is_self(s, call->owner)) {
    /* This tab's widget moved a call another tab announced: this tab adopts it.
     * A second start is a duplicate (reported), not a move. */
    if (v->def->lifecycle == CC_LC_CALL_START) return;
    snprintf(call->owner, sizeof call->owner, "%s", in->member);
  }
  if (cc_instances_is_self(s, call->owner)) share_call(s, call);
}

/* ---- what the others say ---- */

static int newer(const cc_fact *a, const cc_fact *b) {
  return !b->known || a->stamp > b->stamp || (a->stamp == b->stamp && strcmp(a->by, b->by) > 0);
}

static void take_fact(callcore_session *s, const cJSON *item, cc_fact *mine) {
  if (!item) return;
  cc_fact f;
  cc_peer_fact_read(item, &f);
  if (!newer(&f, mine)) return;
  *mine = f;
  s->instances->reconcile_due = 1;
  cc_instances_changed(s);
}

/* The row an SDK method of this lifecycle sends (found by column, never by name). */
static const char *method_of(cc_lifecycle lifecycle) {
  const cc_message *m;
  for (size_t i = 0; (m = cc_catalog_at(i)); i++)
    if (m->lifecycle == lifecycle && m->method && !m->replaced_by) return m->method;
  return NULL;
}

static void tell_host(callcore_session *s, cc_lifecycle lifecycle, double now_ms) {
  const char *method = method_of(lifecycle);
  if (method) cc_send_method(s, method, NULL, now_ms);
}

/* Rule 5: a widget's own host hears the shared login and availability once;
 * not again when it has that value from this session already. */
void cc_instances_reconcile(callcore_session *s, double now_ms) {
  cc_instances *in = s->instances;
  if (!in || !in->reconcile_due) return;
  in->reconcile_due = 0;
  if (s->role != CC_ROLE_WIDGET || s->phase != CC_PHASE_INITIALIZED) return;
  in->applying = 1;
  if (in->login.known && in->login.value != s->logged_in)
    tell_host(s, in->login.value ? CC_LC_LOGGED_IN : CC_LC_LOGGED_OUT, now_ms);
  if (in->availability.known && in->availability.value != s->available)
    tell_host(s, in->availability.value ? CC_LC_AVAILABLE : CC_LC_UNAVAILABLE, now_ms);
  in->applying = 0;
  s->last_error[0] = '\0';
}

/* One call as `from` describes it. Only the member that speaks for the call
 * moves it on (or one handing it to whoever speaks for it in this view);
 * `exact`: the owner's answer to a refused forward, which may roll the
 * mirror back to what really happened. */
static void take_call(callcore_session *s, const char *from, const cJSON *item, int exact, double now_ms) {
  cc_instances *in = s->instances;
  cc_peer_call c;
  cc_peer_call_read(item, &c);
  cc_call *call = cc_calls_find(s, c.id);
  if (!call) {
    if (c.state >= CC_CALL_COMPLETED) return; /* finished before this instance heard of it */
    if (!(call = cc_calls_track(s, c.id, c.inbound, now_ms))) return;
  } else {
    /* A widget keeps a call it speaks for; a host tab gives it to the tab whose
     * widget moved it last (that tab says so as the call's new owner). */
    int speaker = strcmp(from, call->owner) == 0;
    int kept = s->role == CC_ROLE_WIDGET && cc_instances_is_self(s, call->owner);
    if (!speaker && (kept || strcmp(from, c.owner) != 0)) return;
  }
  if ((exact || (int)c.state > (int)call->state) && (int)c.state != (int)call->state)
    cc_calls_set_state(s, call, (cc_call_state)c.state, now_ms);
  if (c.has_engagement && !call->has_engagement) {
    call->has_engagement = 1;
    call->engagement_id = c.engagement_id;
  }
  const char *answered = cc_get_string(item, "answeredBy");
  if (answered) snprintf(call->answered_by, sizeof call->answered_by, "%s", answered);
  if (!call->from_number[0]) cc_call_keep_number(call->from_number, cc_get_string(item, "fromNumber"));
  if (!call->to_number[0]) cc_call_keep_number(call->to_number, cc_get_string(item, "toNumber"));
  const char *owner = s->role == CC_ROLE_WIDGET && in->leader[0] ? in->leader : c.owner;
  snprintf(call->owner, sizeof call->owner, "%s", owner);
  cc_instances_changed(s);
}

void cc_instances_take_snapshot(callcore_session *s, const cc_peer_view *v, double now_ms) {
  take_fact(s, v->login, &s->instances->login);
  take_fact(s, v->availability, &s->instances->availability);
  const cJSON *item;
  cJSON_ArrayForEach(item, v->calls) take_call(s, v->from, item, 0, now_ms);
}

static void refuse(callcore_session *s, const cc_peer_view *v, const char *reason) {
  cJSON *m = cc_peer_begin(s, CC_PEER_REFUSED, v->from);
  if (!m) return;
  cJSON_AddStringToObject(m, "method", v->method);
  if (v->call_id) cJSON_AddStringToObject(m, "externalCallId", v->call_id);
  else cJSON_AddNullToObject(m, "externalCallId");
  cJSON_AddStringToObject(m, "reason", reason);
  const cc_call *call = cc_calls_find(s, v->call_id);
  if (call) cJSON_AddItemToObject(m, "call", cc_instances_call_json(s, call));
  cc_emit_peer(s, m);
}

void cc_instances_on_forward(callcore_session *s, const cc_peer_view *v, double now_ms) {
  cc_instances *in = s->instances;
  if (!cc_instances_would_lead(s)) {
    char reason[160];
    snprintf(reason, sizeof reason, "instance %s does not lead; %s does", in->member,
             in->leader[0] ? in->leader : "none yet");
    refuse(s, v, reason);
    return;
  }
  /* json_writer's text: cJSON's printer would link musl's printf into the WebAssembly. */
  char *payload = v->payload ? cc_json_text(v->payload) : NULL;
  if (v->payload && !payload) {
    refuse(s, v, "out of memory");
    return;
  }
  /* As if this instance's own app had called it, but a finding refuses it. */
  in->forwarding = 1;
  snprintf(in->forward_from, sizeof in->forward_from, "%s", v->from);
  callcore_errno err = cc_send_method(s, v->method, payload, now_ms);
  in->forwarding = 0;
  in->forward_from[0] = '\0';
  free(payload);
  if (err != CALLCORE_OK) refuse(s, v, s->last_error);
}

void cc_instances_on_refused(callcore_session *s, const cc_peer_view *v, double now_ms) {
  const cc_message *def = cc_catalog_find_method(v->method);
  cc_report r;
  cc_report_reset(&r, v->method);
  if (v->call_id)
    cc_report_add(&r, CC_V_PEER_REFUSED, "data.externalCallId", "instance %s refused it for call \"%.80s\": %s",
                  v->from, v->call_id, v->reason);
  else
    cc_report_add(&r, CC_V_PEER_REFUSED, NULL, "instance %s refused it: %s", v->from, v->reason);
  cc_emit_report(s, &r, CC_LOCAL_FINDING, def ? def->type : NULL, CC_REFUSED);
  if (v->call) take_call(s, v->from, v->call, 1, now_ms);
  cc_instances_changed(s);
}
