/* Several instances: who is there and who leads (docs/instances.md, rules 1,
 * 2, 6 and 7). Every member ranks the same view the same way, so they agree
 * on the leader without a vote: the frame HubSpot talks to about calls first
 * (the calling window when the app uses it, else the nav-bar frame), then the
 * oldest, then the smaller member id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

int cc_instances_is_self(const callcore_session *s, const char *member) {
  return member && strcmp(member, s->instances->member) == 0;
}

void cc_instances_changed(callcore_session *s) { s->instances->dirty = 1; }

void cc_instances_flush_changed(callcore_session *s) {
  cc_instances *in = s->instances;
  if (!in || !in->dirty) return;
  in->dirty = 0;
  cJSON *details = cJSON_CreateObject();
  if (in->leader[0]) cJSON_AddStringToObject(details, "leader", in->leader);
  else cJSON_AddNullToObject(details, "leader");
  cc_emit_event(s, cc_event_name(CC_EVENT_INSTANCES_CHANGED), details);
}

/* Lower ranks first. With the calling window on, HubSpot talks to the window
 * and the nav-bar frame stays silent; without it the popup hands its events
 * to the nav-bar frame (HubSpot's own demo), so it leads only when alone. */
static int rank(const cc_instances *in, int surface) {
  static const int with_window[] = {[CC_SURFACE_WIDGET] = 2, [CC_SURFACE_REMOTE] = 1, [CC_SURFACE_WINDOW] = 0};
  static const int without_window[] = {[CC_SURFACE_WIDGET] = 1, [CC_SURFACE_REMOTE] = 0, [CC_SURFACE_WINDOW] = 2};
  return (in->uses_calling_window ? with_window : without_window)[surface];
}

typedef struct candidate {
  const char *id;
  int surface;
  double since;
} candidate;

static int outranks(const cc_instances *in, const candidate *a, const candidate *b) {
  if (!b->id) return 1;
  int ra = rank(in, a->surface), rb = rank(in, b->surface);
  if (ra != rb) return ra < rb;
  if (a->since != b->since) return a->since < b->since;
  return strcmp(a->id, b->id) < 0;
}

/* The leader among the members with a known surface; self counts when `self`. */
static const char *choose(const cc_instances *in, int self) {
  candidate best = {NULL, 0, 0};
  if (self && in->surface != CC_SURFACE_UNKNOWN) best = (candidate){in->member, in->surface, in->since};
  for (size_t i = 0; i < in->count; i++) {
    const cc_member *m = &in->members[i];
    candidate c = {m->id, m->surface, m->since};
    if (m->surface != CC_SURFACE_UNKNOWN && outranks(in, &c, &best)) best = c;
  }
  return best.id ? best.id : "";
}

const char *cc_instances_heir(const callcore_session *s) { return choose(s->instances, 0); }

int cc_instances_would_lead(const callcore_session *s) {
  return cc_instances_is_self(s, choose(s->instances, 1));
}

void cc_instances_update_leader(callcore_session *s, double now_ms) {
  cc_instances *in = s->instances;
  const char *next = choose(in, in->settled);
  if (strcmp(next, in->leader) == 0) return;
  snprintf(in->leader, sizeof in->leader, "%s", next);
  /* A widget's open calls are the leader's (rule 6): same externalCallId, same engagement. */
  if (s->role == CC_ROLE_WIDGET && in->leader[0]) cc_instances_move_calls(s, NULL, in->leader);
  /* Calls kept until someone leads go now (at the next tick, after this event). */
  if (in->leader[0] && s->queued && s->phase != CC_PHASE_UNSYNCED) s->flush_due = 1;
  cc_instances_changed(s);
  (void)now_ms;
}

/* ---- members ---- */

static cc_member *find_member(cc_instances *in, const char *id) {
  for (size_t i = 0; i < in->count; i++)
    if (strcmp(in->members[i].id, id) == 0) return &in->members[i];
  return NULL;
}

static void drop_member(cc_instances *in, cc_member *m) {
  *m = in->members[--in->count];
}

/* A member gone (bye, or silent for expireMs): its calls go to whoever leads now. */
static void member_gone(callcore_session *s, const char *id, double now_ms) {
  char gone[CC_MEMBER_MAX];
  snprintf(gone, sizeof gone, "%s", id);
  cc_member *m = find_member(s->instances, gone);
  if (m) drop_member(s->instances, m);
  cc_instances_update_leader(s, now_ms);
  if (s->instances->leader[0]) cc_instances_move_calls(s, gone, s->instances->leader);
  cc_instances_changed(s);
}

/* ---- messages out ---- */

void cc_instances_add_snapshot(const callcore_session *s, cJSON *m) {
  const cc_instances *in = s->instances;
  if (in->surface == CC_SURFACE_UNKNOWN) cJSON_AddNullToObject(m, "surface");
  else cJSON_AddStringToObject(m, "surface", CC_SURFACE_NAMES[in->surface]);
  cJSON_AddNumberToObject(m, "since", in->since);
  cJSON_AddBoolToObject(m, "usesCallingWindow", in->uses_calling_window);
  cJSON_AddItemToObject(m, "calls", cc_instances_calls_json(s));
}

static void send_snapshot(callcore_session *s, cc_peer_kind kind, const char *to) {
  cJSON *m = cc_peer_begin(s, kind, to);
  if (!m) return;
  cc_instances_add_snapshot(s, m);
  cc_instances_share_facts(s, m);
  cc_emit_peer(s, m);
}

void cc_instances_start(callcore_session *s) {
  cc_instances *in = s->instances;
  in->since = strtod(s->instance_id, NULL);
  in->surface = CC_SURFACE_UNKNOWN;
  in->uses_calling_window = 1;
  in->hello_ms = -1;
  in->next_beat_ms = in->since + in->heartbeat_ms;
  if (s->role == CC_ROLE_HOST) {
    /* A host knows its own frame: the SYNC it will send says it. */
    const char *location = cc_get_string(s->sync_fields, "iframeLocation");
    const cJSON *uses = cc_get(s->sync_fields, "usesCallingWindow");
    int surface = -1;
    for (int i = 0; location && CC_SURFACE_NAMES[i]; i++)
      if (strcmp(location, CC_SURFACE_NAMES[i]) == 0) surface = i;
    in->surface = surface < 0 ? CC_SURFACE_WIDGET : surface;
    in->uses_calling_window = cJSON_IsBool(uses) ? cJSON_IsTrue(uses) : 1;
    in->hello_ms = in->since;
    in->settled = in->settle_ms <= 0;
  }
  send_snapshot(s, CC_PEER_HELLO, NULL);
  cc_instances_update_leader(s, in->since);
  in->dirty = 0; /* nothing to say yet: the app reads the state when it wants */
  cc_schedule_tick(s, in->since);
}

void cc_instances_surface_known(callcore_session *s, const cJSON *sync, double now_ms) {
  cc_instances *in = s->instances;
  const char *location = cc_get_string(sync, "iframeLocation");
  const cJSON *uses = cc_get(sync, "usesCallingWindow");
  int surface = CC_SURFACE_WIDGET; /* the default frame; SYNC's own check warns about other words */
  for (int i = 0; location && CC_SURFACE_NAMES[i]; i++)
    if (strcmp(location, CC_SURFACE_NAMES[i]) == 0) surface = i;
  in->surface = surface;
  in->uses_calling_window = cJSON_IsBool(uses) ? cJSON_IsTrue(uses) : 1;
  in->hello_ms = now_ms;
  /* Settling waits for the others to say who they are. One that has heard of nobody since its hello
   * at creation has nobody to wait for: a lone frame's first call goes out at once. */
  in->settled = in->settle_ms <= 0 || in->count == 0;
  send_snapshot(s, CC_PEER_HELLO, NULL);
  cc_instances_update_leader(s, now_ms);
  cc_instances_changed(s);
  cc_instances_flush_changed(s);
}

/* ---- messages in ---- */

callcore_errno cc_instances_receive(callcore_session *s, const cc_peer_view *v, double now_ms) {
  cc_instances *in = s->instances;
  if (v->addressed_elsewhere || in->left) return CALLCORE_OK; /* another member's conversation */
  cc_member *m = find_member(in, v->from);
  int joined = 0;
  if (!m) {
    if (v->kind == CC_PEER_BYE) return CALLCORE_OK; /* never knew it */
    if (in->count == CC_MEMBERS_MAX) {
      cc_report r;
      cc_report_reset(&r, "peer message");
      cc_report_add(&r, CC_V_PEER_MEMBERS_FULL, "from", "%d other instances are known already; \"%s\" was ignored",
                    CC_MEMBERS_MAX, v->from);
      cc_emit_report(s, &r, CC_PEER_FINDING, NULL, CC_DROPPED);
      return cc_fail(s, CALLCORE_E_LIMIT, "%s", r.items[0].message);
    }
    m = &in->members[in->count++];
    memset(m, 0, sizeof *m);
    snprintf(m->id, sizeof m->id, "%s", v->from);
    m->surface = CC_SURFACE_UNKNOWN;
    m->since = now_ms;
    joined = 1;
    cc_instances_changed(s);
  }
  m->heard_ms = now_ms;
  switch (v->kind) {
    case CC_PEER_HELLO:
    case CC_PEER_HERE:
      if (m->surface != v->surface || m->since != v->since) cc_instances_changed(s);
      m->surface = v->surface;
      m->since = v->since;
      if (v->kind == CC_PEER_HELLO) send_snapshot(s, CC_PEER_HERE, v->from);
      cc_instances_update_leader(s, now_ms);
      cc_instances_take_snapshot(s, v, now_ms);
      break;
    case CC_PEER_STATE:
      /* A member we missed the hello of: ask who it is. */
      if (joined) send_snapshot(s, CC_PEER_HELLO, v->from);
      cc_instances_take_snapshot(s, v, now_ms);
      break;
    case CC_PEER_FORWARD: cc_instances_on_forward(s, v, now_ms); break;
    case CC_PEER_REFUSED: cc_instances_on_refused(s, v, now_ms); break;
    case CC_PEER_BYE:
      cc_instances_take_snapshot(s, v, now_ms); /* the calls it hands over, as they are */
      member_gone(s, v->from, now_ms);
      break;
    default: break;
  }
  cc_instances_update_leader(s, now_ms);
  cc_instances_flush_changed(s);
  s->last_error[0] = '\0'; /* a refused forward was answered: the message itself was fine */
  return CALLCORE_OK;
}

void cc_instances_tick(callcore_session *s, double now_ms) {
  cc_instances *in = s->instances;
  if (!in || in->left) return;
  if (!in->settled && in->hello_ms >= 0 && now_ms >= in->hello_ms + in->settle_ms) in->settled = 1;
  for (size_t i = in->count; i-- > 0;)
    if (now_ms >= in->members[i].heard_ms + in->expire_ms) member_gone(s, in->members[i].id, now_ms);
  if (now_ms >= in->next_beat_ms) {
    send_snapshot(s, CC_PEER_HERE, NULL);
    in->next_beat_ms = now_ms + in->heartbeat_ms;
  }
  cc_instances_update_leader(s, now_ms);
  cc_instances_flush_changed(s);
}

double cc_instances_next_deadline(const callcore_session *s) {
  const cc_instances *in = s->instances;
  if (in->left) return -1;
  double due = in->next_beat_ms;
  if (!in->settled && in->hello_ms >= 0 && in->hello_ms + in->settle_ms < due) due = in->hello_ms + in->settle_ms;
  for (size_t i = 0; i < in->count; i++)
    if (in->members[i].heard_ms + in->expire_ms < due) due = in->members[i].heard_ms + in->expire_ms;
  return due;
}

int cc_instances_leave(callcore_session *s, double now_ms) {
  cc_instances *in = s->instances;
  char heir[CC_MEMBER_MAX];
  snprintf(heir, sizeof heir, "%s", cc_instances_heir(s));
  cJSON *bye = cc_peer_begin(s, CC_PEER_BYE, NULL);
  if (bye) {
    cJSON_AddItemToObject(bye, "calls", cc_instances_calls_json(s));
    cc_emit_peer(s, bye);
  }
  in->left = 1;
  if (!heir[0]) return 0; /* alone: the calls are lost with the page, as without the option */
  cc_report r;
  cc_report_reset(&r, "unload");
  for (size_t i = 0; i < s->call_count; i++) {
    const cc_call *c = &s->calls[i];
    if (cc_call_is_finished(c) || !cc_instances_is_self(s, c->owner)) continue;
    cc_report_add(&r, CC_V_CALL_HANDED_OVER, "data.externalCallId",
                  "call \"%s\" was open when the page went away; it was handed to instance %s", c->external_call_id,
                  heir);
  }
  cc_emit_report(s, &r, CC_LOCAL_FINDING, NULL, CC_REPORTED);
  (void)now_ms;
  return 1;
}

/* ---- the snapshot ---- */

cJSON *cc_instances_to_json(const callcore_session *s) {
  const cc_instances *in = s->instances;
  if (!in) return cJSON_CreateNull();
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddStringToObject(out, "channel", in->channel);
  cJSON_AddStringToObject(out, "member", in->member);
  if (in->surface == CC_SURFACE_UNKNOWN) cJSON_AddNullToObject(out, "surface");
  else cJSON_AddStringToObject(out, "surface", CC_SURFACE_NAMES[in->surface]);
  cJSON_AddBoolToObject(out, "usesCallingWindow", in->uses_calling_window);
  if (in->leader[0]) cJSON_AddStringToObject(out, "leader", in->leader);
  else cJSON_AddNullToObject(out, "leader");
  cJSON *members = cJSON_AddArrayToObject(out, "members");
  for (size_t i = 0; members && i <= in->count; i++) {
    const char *id = i == 0 ? in->member : in->members[i - 1].id;
    int surface = i == 0 ? in->surface : in->members[i - 1].surface;
    cJSON *m = cJSON_CreateObject();
    if (!m) break;
    cJSON_AddItemToArray(members, m);
    cJSON_AddStringToObject(m, "member", id);
    if (surface == CC_SURFACE_UNKNOWN) cJSON_AddNullToObject(m, "surface");
    else cJSON_AddStringToObject(m, "surface", CC_SURFACE_NAMES[surface]);
    cJSON_AddNumberToObject(m, "since", i == 0 ? in->since : in->members[i - 1].since);
    cJSON_AddBoolToObject(m, "self", i == 0);
  }
  return out;
}

void cc_instances_free(callcore_session *s) {
  free(s->instances);
  s->instances = NULL;
}
