/* The messages instances of one app trade on their channel (docs/instances.md):
 * read and checked like any other input, since any page of the origin can
 * post on a BroadcastChannel. A message that breaks a rule is named by its
 * field and changes nothing. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "session.h"

#define PEER_PROTOCOL "instances"
#define PEER_VERSION 1
#define REASON_MAX 400

const char *const CC_PEER_KINDS[] = {[CC_PEER_HELLO] = "hello",     [CC_PEER_HERE] = "here",
                                     [CC_PEER_STATE] = "state",     [CC_PEER_FORWARD] = "forward",
                                     [CC_PEER_REFUSED] = "refused", [CC_PEER_BYE] = "bye",
                                     NULL};

const char *const CC_SURFACE_NAMES[] = {[CC_SURFACE_WIDGET] = "widget", [CC_SURFACE_REMOTE] = "remote",
                                        [CC_SURFACE_WINDOW] = "window", NULL};

static int index_of(const char *const *names, const char *text) {
  for (int i = 0; text && names[i]; i++)
    if (strcmp(names[i], text) == 0) return i;
  return -1;
}

/* A member id: a string of 1 to 64 bytes. */
static const char *member_of(const cJSON *item) {
  if (!cJSON_IsString(item) || cc_is_undefined(item)) return NULL;
  size_t n = strlen(item->valuestring);
  return n >= 1 && n < CC_MEMBER_MAX ? item->valuestring : NULL;
}

static int is_stamp(const cJSON *item) {
  return cJSON_IsNumber(item) && isfinite(item->valuedouble) && item->valuedouble >= 0;
}

#define BAD(r, field, ...) (cc_report_add((r), CC_V_PEER_MALFORMED, (field), __VA_ARGS__), 0)

/* {value: boolean, stamp: number >= 0, by: member}; null or absent: none. */
static int check_fact(const cJSON *fact, const char *name, cc_report *r) {
  if (!fact || cJSON_IsNull(fact)) return 1;
  char field[48];
  if (!cJSON_IsObject(fact)) return BAD(r, name, "%s must be an object {value, stamp, by} or null", name);
  snprintf(field, sizeof field, "%s.value", name);
  if (!cJSON_IsBool(cc_get(fact, "value"))) return BAD(r, field, "%s must be a boolean", field);
  snprintf(field, sizeof field, "%s.stamp", name);
  if (!is_stamp(cc_get(fact, "stamp"))) return BAD(r, field, "%s must be a number from 0", field);
  snprintf(field, sizeof field, "%s.by", name);
  if (!member_of(cc_get(fact, "by"))) return BAD(r, field, "%s must be a member id of 1 to 64 bytes", field);
  return 1;
}

/* {externalCallId, inbound, state, engagementId, owner}, as its owner describes it. */
static int check_call(const cJSON *call, const char *name, cc_report *r) {
  char field[64];
  if (!cJSON_IsObject(call)) return BAD(r, name, "%s must be an object", name);
  const cJSON *id = cc_get(call, "externalCallId");
  snprintf(field, sizeof field, "%s.externalCallId", name);
  if (!cJSON_IsString(id) || cc_is_undefined(id) || !id->valuestring[0])
    return BAD(r, field, "%s must be a non-empty string", field);
  snprintf(field, sizeof field, "%s.inbound", name);
  if (!cJSON_IsBool(cc_get(call, "inbound"))) return BAD(r, field, "%s must be a boolean", field);
  snprintf(field, sizeof field, "%s.state", name);
  const char *state = cc_get_string(call, "state");
  int known = 0;
  for (int i = 0; state && i < CC_CALL_STATE_COUNT; i++) known |= strcmp(state, cc_call_state_key((cc_call_state)i)) == 0;
  if (!known) return BAD(r, field, "%s must be one of the catalogue's callStates", field);
  const cJSON *engagement = cc_get(call, "engagementId");
  snprintf(field, sizeof field, "%s.engagementId", name);
  if (engagement && !cJSON_IsNull(engagement) && !(cJSON_IsNumber(engagement) && isfinite(engagement->valuedouble)))
    return BAD(r, field, "%s must be a number or null", field);
  snprintf(field, sizeof field, "%s.owner", name);
  if (!member_of(cc_get(call, "owner"))) return BAD(r, field, "%s must be a member id of 1 to 64 bytes", field);
  const cJSON *answered = cc_get(call, "answeredBy");
  snprintf(field, sizeof field, "%s.answeredBy", name);
  if (answered && !member_of(answered))
    return BAD(r, field, "%s must be a member id of 1 to 64 bytes, or absent", field);
  return 1;
}

static int check_calls(const callcore_session *s, const cJSON *calls, cc_report *r) {
  if (!calls) return 1;
  if (!cJSON_IsArray(calls)) return BAD(r, "calls", "calls must be an array");
  size_t n = (size_t)cJSON_GetArraySize(calls);
  if (n > s->limits.max_calls)
    return BAD(r, "calls", "calls has %zu entries; %zu at most (limits.maxCalls)", n, s->limits.max_calls);
  size_t i = 0;
  const cJSON *call;
  cJSON_ArrayForEach(call, calls) {
    char field[24];
    snprintf(field, sizeof field, "calls[%zu]", i++);
    if (!check_call(call, field, r)) return 0;
  }
  return 1;
}

/* hello, here: who the sender is, and what it knows. */
static int read_snapshot(const cJSON *m, cc_peer_view *v, cc_report *r) {
  const cJSON *surface = cc_get(m, "surface"), *since = cc_get(m, "since"), *uses = cc_get(m, "usesCallingWindow");
  v->surface = CC_SURFACE_UNKNOWN;
  if (surface && !cJSON_IsNull(surface)) {
    v->surface = index_of(CC_SURFACE_NAMES, cJSON_IsString(surface) ? surface->valuestring : NULL);
    if (v->surface < 0) return BAD(r, "surface", "surface must be \"widget\", \"remote\", \"window\" or null");
  }
  if (!is_stamp(since)) return BAD(r, "since", "since must be a number from 0 (the member's creation time)");
  v->since = since->valuedouble;
  if (uses && !cJSON_IsBool(uses)) return BAD(r, "usesCallingWindow", "usesCallingWindow must be a boolean");
  v->uses_calling_window = uses ? cJSON_IsTrue(uses) : -1;
  return 1;
}

static int read_facts(const callcore_session *s, const cJSON *m, cc_peer_view *v, cc_report *r) {
  v->login = cc_get(m, "login");
  v->availability = cc_get(m, "availability");
  v->calls = cc_get(m, "calls");
  if (!check_fact(v->login, "login", r) || !check_fact(v->availability, "availability", r)) return 0;
  if (cJSON_IsNull(v->login)) v->login = NULL;
  if (cJSON_IsNull(v->availability)) v->availability = NULL;
  return check_calls(s, v->calls, r);
}

static int read_forward(const cJSON *m, cc_peer_view *v, cc_report *r) {
  v->method = cc_get_string(m, "method");
  const cc_message *def = v->method ? cc_catalog_find_method(v->method) : NULL;
  if (!def || def->effect == CC_EFFECT_NONE)
    return BAD(r, "method", "method must be an SDK method on a call's lifecycle (the catalogue's call effects)");
  v->payload = cc_get(m, "payload");
  const cJSON *id = cc_get(m, "externalCallId");
  if (id && !cJSON_IsNull(id) && !cJSON_IsString(id)) return BAD(r, "externalCallId", "externalCallId must be a string");
  v->call_id = cJSON_IsString(id) ? id->valuestring : NULL;
  return 1;
}

static int read_refused(const cJSON *m, cc_peer_view *v, cc_report *r) {
  v->method = cc_get_string(m, "method");
  if (!v->method || !cc_catalog_find_method(v->method)) return BAD(r, "method", "method must be an SDK method");
  const cJSON *id = cc_get(m, "externalCallId");
  if (id && !cJSON_IsNull(id) && !cJSON_IsString(id)) return BAD(r, "externalCallId", "externalCallId must be a string");
  v->call_id = cJSON_IsString(id) ? id->valuestring : NULL;
  v->reason = cc_get_string(m, "reason");
  if (!v->reason || strlen(v->reason) > REASON_MAX)
    return BAD(r, "reason", "reason must be a string of at most %d bytes", REASON_MAX);
  v->call = cc_get(m, "call");
  if (cJSON_IsNull(v->call)) v->call = NULL;
  return !v->call || check_call(v->call, "call", r);
}

int cc_peer_read(const callcore_session *s, const cJSON *m, cc_peer_view *v, cc_report *r) {
  memset(v, 0, sizeof *v);
  v->surface = CC_SURFACE_UNKNOWN;
  v->uses_calling_window = -1;
  if (!cJSON_IsObject(m)) return BAD(r, NULL, "a message on the instance channel must be an object");
  const char *protocol = cc_get_string(m, "callcore");
  if (!protocol || strcmp(protocol, PEER_PROTOCOL) != 0) return BAD(r, "callcore", "callcore must be \"instances\"");
  const cJSON *version = cc_get(m, "version");
  if (!cJSON_IsNumber(version) || version->valuedouble != PEER_VERSION)
    return BAD(r, "version", "version must be %d, the only version this core speaks", PEER_VERSION);
  const char *channel = cc_get_string(m, "channel");
  if (!channel || cc_is_undefined(cc_get(m, "channel"))) return BAD(r, "channel", "channel must be a string");
  if (strcmp(channel, s->instances->channel) != 0) {
    cc_report_add(r, CC_V_PEER_CHANNEL_MISMATCH, "channel", "channel \"%.100s\" is not this instance's, \"%s\"",
                  channel, s->instances->channel);
    return 0;
  }
  v->from = member_of(cc_get(m, "from"));
  if (!v->from) return BAD(r, "from", "from must be a member id of 1 to 64 bytes");
  if (cc_instances_is_self(s, v->from)) {
    cc_report_add(r, CC_V_PEER_FROM_SELF, "from",
                  "from is this instance's own member id \"%s\": another instance uses the same id (a "
                  "BroadcastChannel never gives a page its own messages)",
                  v->from);
    return 0;
  }
  const cJSON *to = cc_get(m, "to");
  if (to && !member_of(to)) return BAD(r, "to", "to must be a member id of 1 to 64 bytes, or absent");
  v->addressed_elsewhere = to && !cc_instances_is_self(s, to->valuestring);
  int kind = index_of(CC_PEER_KINDS, cc_get_string(m, "kind"));
  if (kind < 0) return BAD(r, "kind", "kind must be hello, here, state, forward, refused or bye");
  v->kind = (cc_peer_kind)kind;
  switch (v->kind) {
    case CC_PEER_HELLO:
    case CC_PEER_HERE: return read_snapshot(m, v, r) && read_facts(s, m, v, r);
    case CC_PEER_STATE:
    case CC_PEER_BYE: return read_facts(s, m, v, r);
    case CC_PEER_FORWARD: return read_forward(m, v, r);
    case CC_PEER_REFUSED: return read_refused(m, v, r);
    default: return 0;
  }
}

cJSON *cc_peer_begin(const callcore_session *s, cc_peer_kind kind, const char *to) {
  cJSON *m = cJSON_CreateObject();
  if (!m) return NULL;
  cJSON_AddStringToObject(m, "callcore", PEER_PROTOCOL);
  cJSON_AddNumberToObject(m, "version", PEER_VERSION);
  cJSON_AddStringToObject(m, "channel", s->instances->channel);
  cJSON_AddStringToObject(m, "from", s->instances->member);
  if (to) cJSON_AddStringToObject(m, "to", to);
  cJSON_AddStringToObject(m, "kind", CC_PEER_KINDS[kind]);
  return m;
}

void cc_peer_call_read(const cJSON *item, cc_peer_call *out) {
  out->id = cc_get_string(item, "externalCallId");
  out->inbound = cJSON_IsTrue(cc_get(item, "inbound"));
  const char *state = cc_get_string(item, "state");
  out->state = 0;
  for (int i = 0; state && i < CC_CALL_STATE_COUNT; i++)
    if (strcmp(state, cc_call_state_key((cc_call_state)i)) == 0) out->state = i;
  const cJSON *engagement = cc_get(item, "engagementId");
  out->has_engagement = cJSON_IsNumber(engagement);
  out->engagement_id = out->has_engagement ? engagement->valuedouble : 0;
  out->owner = cc_get_string(item, "owner");
}

void cc_peer_fact_read(const cJSON *item, cc_fact *out) {
  out->known = 1;
  out->value = cJSON_IsTrue(cc_get(item, "value"));
  out->stamp = cc_get(item, "stamp")->valuedouble;
  snprintf(out->by, sizeof out->by, "%s", cc_get_string(item, "by"));
}
