/* Several instances of one app (docs/instances.md): the same widget loaded in
 * several frames at once (the record page's dock, the nav-bar frame of every
 * tab, the calling window) coordinates over a channel the glue relays
 * (BroadcastChannel). The core decides: who is there, who leads, who owns each
 * call, what is shared. Off (NULL) unless the option "instances" is given. */
#ifndef CC_INSTANCES_H
#define CC_INSTANCES_H

#include <cjson/cJSON.h>

#include "callcore.h"
#include "report.h"
#include "view.h"

#define CC_MEMBER_MAX 65   /* a member id: 1..64 bytes */
#define CC_CHANNEL_MAX 101 /* a channel name: 1..100 bytes */
#define CC_MEMBERS_MAX 64  /* other members kept at once: one per open tab, bounded */

struct callcore_session;
struct cc_call;

/* The frames HubSpot loads an app in (SYNC's iframeLocation). */
typedef enum cc_surface { CC_SURFACE_UNKNOWN = -1, CC_SURFACE_WIDGET, CC_SURFACE_REMOTE, CC_SURFACE_WINDOW } cc_surface;
extern const char *const CC_SURFACE_NAMES[]; /* indexed by cc_surface, NULL-terminated */

/* A shared fact (login, availability): the newest write wins, by stamp then member. */
typedef struct cc_fact {
  int known;
  int value;
  double stamp;
  char by[CC_MEMBER_MAX];
} cc_fact;

typedef struct cc_member {
  char id[CC_MEMBER_MAX];
  int surface;     /* cc_surface */
  double since;    /* its join time: the rank's tie-break */
  double heard_ms; /* last message from it: silent for expireMs, it is dropped */
} cc_member;

typedef struct cc_instances {
  /* the option */
  char channel[CC_CHANNEL_MAX];
  char member[CC_MEMBER_MAX];
  double heartbeat_ms, expire_ms, settle_ms;
  /* self */
  int surface;             /* cc_surface; host: syncFields.iframeLocation; widget: the SYNC's */
  int uses_calling_window; /* the rank's order; widget: the SYNC's, default true */
  double since;            /* instanceId: the SDK instance's creation time */
  double hello_ms;         /* when the hello naming the surface went out; -1 not yet */
  int settled;             /* settleMs have passed since: self may lead */
  double next_beat_ms;     /* the next heartbeat */
  /* the others */
  cc_member members[CC_MEMBERS_MAX];
  size_t count;
  char leader[CC_MEMBER_MAX]; /* "" none known */
  cc_fact login, availability;
  /* during one event */
  int forwarding;                 /* carrying out a forward: refuse rather than relay a finding */
  char forward_from[CC_MEMBER_MAX];
  int applying;                   /* applying a peer's fact: not broadcast again */
  int dirty;                      /* INSTANCES_CHANGED is due at the end of the event */
  int reconcile_due;              /* the shared facts may differ from what the own host heard */
  int left;                       /* unloaded: no more heartbeats */
} cc_instances;

/* How an app's call on a call's lifecycle travels (widget role). */
typedef enum cc_route { CC_ROUTE_POST, CC_ROUTE_FORWARD, CC_ROUTE_MERGE } cc_route;

/* ---- peer_message.c: the messages on the channel ---- */

typedef enum cc_peer_kind {
  CC_PEER_HELLO,
  CC_PEER_HERE,
  CC_PEER_STATE,
  CC_PEER_FORWARD,
  CC_PEER_REFUSED,
  CC_PEER_BYE,
  CC_PEER_KIND_COUNT
} cc_peer_kind;
extern const char *const CC_PEER_KINDS[]; /* indexed by cc_peer_kind, NULL-terminated */

/* A peer message read once, every field checked (the tree stays the owner). */
typedef struct cc_peer_view {
  cc_peer_kind kind;
  const char *from;
  int addressed_elsewhere; /* "to" names another member: not ours */
  int surface;             /* hello, here */
  double since;
  int uses_calling_window; /* -1 absent */
  const cJSON *login, *availability; /* fact objects, or NULL */
  const cJSON *calls;                /* array of call objects, or NULL */
  const char *method;                /* forward, refused */
  const cJSON *payload;              /* forward: NULL when omitted */
  const char *call_id;               /* forward, refused: may be NULL */
  const char *reason;                /* refused */
  const cJSON *call;                 /* refused: the owner's view of the call, or NULL */
} cc_peer_view;

/* Reads `message` into `view`; 0 with the finding in `report` when it breaks a rule. */
int cc_peer_read(const struct callcore_session *s, const cJSON *message, cc_peer_view *view, cc_report *report);
/* {"callcore":"instances","version":1,"channel","from"[,"to"],"kind"}: the caller adds the rest. */
cJSON *cc_peer_begin(const struct callcore_session *s, cc_peer_kind kind, const char *to);
/* A call object of a checked message. */
typedef struct cc_peer_call {
  const char *id;
  int inbound;
  int state; /* cc_call_state */
  int has_engagement;
  double engagement_id;
  const char *owner;
} cc_peer_call;
void cc_peer_call_read(const cJSON *item, cc_peer_call *out);
/* {value, stamp, by} of a checked message. */
void cc_peer_fact_read(const cJSON *item, cc_fact *out);

/* ---- instances.c: membership and the leader ---- */

/* Session creation: the hello (surface unknown or, host, from syncFields). */
void cc_instances_start(struct callcore_session *s);
/* Widget: the SYNC accepted names the surface; says hello again. */
void cc_instances_surface_known(struct callcore_session *s, const cJSON *sync, double now_ms);
callcore_errno cc_instances_receive(struct callcore_session *s, const cc_peer_view *view, double now_ms);
void cc_instances_tick(struct callcore_session *s, double now_ms);
double cc_instances_next_deadline(const struct callcore_session *s);
/* Unload: bye, handing the owned calls over; 1 when someone takes them. */
int cc_instances_leave(struct callcore_session *s, double now_ms);
/* Recomputes the leader; moves the calls on a change. */
void cc_instances_update_leader(struct callcore_session *s, double now_ms);
int cc_instances_is_self(const struct callcore_session *s, const char *member);
/* Whether self leads, or will once settled: a forward sent to a member still settling is its. */
int cc_instances_would_lead(const struct callcore_session *s);
/* The member that would lead without self ("" none): a bye's heir. */
const char *cc_instances_heir(const struct callcore_session *s);
/* Notes a change; the event goes out once, at the end of the event (flush). */
void cc_instances_changed(struct callcore_session *s);
void cc_instances_flush_changed(struct callcore_session *s);
cJSON *cc_instances_to_json(const struct callcore_session *s);
/* The own snapshot: surface, since, usesCallingWindow, login, availability, calls owned. */
void cc_instances_add_snapshot(const struct callcore_session *s, cJSON *message);
void cc_instances_free(struct callcore_session *s);

/* ---- instances_calls.c: calls and facts across instances ---- */

/* Widget: whether an app's lifecycle call must wait for a leader. */
int cc_instances_must_wait(const struct callcore_session *s, const cJSON *envelope);
/* Widget: how an app's call travels; adds a hard finding (ANSWERED_ELSEWHERE) when it must not. */
cc_route cc_instances_route(struct callcore_session *s, const cc_view *view, cc_report *report);
/* The forward of a call applied locally as a mirror. */
void cc_instances_forward(struct callcore_session *s, const cc_view *view);
/* After the lifecycle applied `view` to `call` (NULL: none): share what changed. */
void cc_instances_applied(struct callcore_session *s, const cc_view *view, struct cc_call *call, double now_ms);
/* The calls and facts a peer shares (hello, here, state, bye). */
void cc_instances_take_snapshot(struct callcore_session *s, const cc_peer_view *view, double now_ms);
/* Widget: tells the own host the shared login and availability it lacks (after the event's own posts). */
void cc_instances_reconcile(struct callcore_session *s, double now_ms);
void cc_instances_on_forward(struct callcore_session *s, const cc_peer_view *view, double now_ms);
void cc_instances_on_refused(struct callcore_session *s, const cc_peer_view *view, double now_ms);
/* Every open call owned by `from` (NULL: every open call) now belongs to `to`; shared when `to` is self. */
void cc_instances_move_calls(struct callcore_session *s, const char *from, const char *to);
cJSON *cc_instances_call_json(const struct callcore_session *s, const struct cc_call *call);
/* The open calls this session knows, as a peer message's "calls". */
cJSON *cc_instances_calls_json(const struct callcore_session *s);
/* Adds "login" and "availability" (each {value, stamp, by} or null) to a message. */
void cc_instances_share_facts(const struct callcore_session *s, cJSON *message);
/* Broadcasts a state message with these calls (NULL: the facts only). */
void cc_instances_share(struct callcore_session *s, cJSON *calls);

#endif
