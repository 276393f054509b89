/* The session struct and the pieces of the engine that share it. */
#ifndef CC_SESSION_H
#define CC_SESSION_H

#include <cjson/cJSON.h>

#include "callcore.h"
#include "action_table.h"
#include "instances.h"
#include "catalog.h"
#include "json_util.h"
#include "json_writer.h"
#include "origin.h"
#include "report.h"
#include "view.h"

typedef enum cc_role { CC_ROLE_WIDGET, CC_ROLE_HOST } cc_role;
typedef enum cc_policy { CC_POLICY_OFF, CC_POLICY_WARN, CC_POLICY_STRICT } cc_policy;
typedef enum cc_phase { CC_PHASE_UNSYNCED, CC_PHASE_READY, CC_PHASE_INITIALIZED } cc_phase;
extern const char *const CC_PHASE_NAMES[]; /* indexed by cc_phase, NULL-terminated */
typedef enum cc_call_state {
  CC_CALL_DIALING,
  CC_CALL_RINGING,
  CC_CALL_IN_PROGRESS,
  CC_CALL_ENDED,
  CC_CALL_COMPLETED,
  CC_CALL_TRANSFERRED,
  CC_CALL_STATE_COUNT
} cc_call_state;

#define CC_NUMBER_MAX 65 /* a phone number kept with its call: 64 bytes at most */
/* timer_due when the host may or may not still hold a timer: the next
 * deadline, or a cancel, is announced whatever it is. */
#define CC_TIMER_UNKNOWN (-2.0)

/* One call, keyed by the app's externalCallId. */
typedef struct cc_call {
  char *external_call_id;
  unsigned id_hash;            /* of external_call_id: lookups skip most strcmps (64 finished calls are kept) */
  int inbound;
  cc_call_state state;
  unsigned long order;         /* creation order, for "newest" and eviction */
  double started_ms, ended_ms;
  int has_engagement;
  double engagement_id;
  int engagement_pending;      /* createEngagement:true, no reply yet */
  int caller_id_pending;       /* inbound, no CALLER_ID_MATCH_* yet */
  int update_pending;          /* engagementProperties sent, no UPDATE_ENGAGEMENT_* yet */
  int finalize_pending;
  int end_requested;           /* END_CALL received */
  int completion_reported;     /* CALL_NOT_COMPLETED already said */
  char end_status[16];
  /* The numbers the call started with (data.fromNumber, data.toNumber; "" when absent or
   * longer than CC_NUMBER_MAX - 1 bytes): what another instance shows of a call it mirrors. */
  char from_number[CC_NUMBER_MAX];
  char to_number[CC_NUMBER_MAX];
  /* option instances: the member that speaks for the call ("" none), and who answered it */
  char owner[CC_MEMBER_MAX];
  char answered_by[CC_MEMBER_MAX];
} cc_call;

/* An app call made before the handshake, replayed once the session is ready. */
typedef struct cc_queued {
  char *method;
  char *payload_json; /* NULL: the argument was omitted */
} cc_queued;

/* The commonest queues in a form with no JSON (callcore_drain_brief): the
 * kinds of the actions queued since the last drain, the first two of them,
 * and the strings those hold, copied so that they outlive what made them. */
typedef enum {
  CC_BRIEF_OTHER = 0,   /* any action the brief form does not carry */
  CC_BRIEF_DELIVER,     /* {"action":"deliver"}: no via, no envelope */
  CC_BRIEF_CALL_PREVIEW,/* {"action":"call","handler":H,"preview":true} */
  CC_BRIEF_POST_AS_IS,  /* {"action":"post","targetOrigin":T,"asIs":true,"append":{"messageId":M}} */
} cc_brief_kind;

typedef struct {
  size_t queued;             /* actions queued since the last drain */
  cc_brief_kind kinds[2];    /* of the first two */
  const char *handler;       /* CC_BRIEF_CALL_PREVIEW's: a catalogue or built-in name, static */
  char target[CC_ORIGIN_MAX];/* CC_BRIEF_POST_AS_IS's targetOrigin */
  char message_id[64];       /* and its messageId */
} cc_brief;

struct callcore_session {
  cc_role role;
  cc_policy policy;
  cc_limits limits;
  char instance_id[24];        /* decimal digits of the SDK instance's creation time */
  double last_stamp;           /* messageId suffixes strictly increase */
  char *version;
  int debug_mode;              /* -1 undefined, 0, 1 */
  int failed_catch_all;
  int deliver;                 /* handlers are chosen by callcore_dispatch, not at receive */
  int preview_dispatch;        /* with deliver: the dispatch of a received message comes marked after its deliver */
  int post_as_is;              /* an app's unchanged message is posted as the embedder's own object */
  int previewing;              /* the actions written now are a preview (previewDispatch) */
  int app_call;                /* inside callcore_call: the embedder holds the message (postAsIs); not at replay */
  char **handlers;
  size_t handler_count;
  double completion_timeout_ms;
  double dial_dedup_ms;

  char own_origin[CC_ORIGIN_MAX];   /* widget: the page; host: the page (SYNC hostUrl) */
  char destination[CC_ORIGIN_MAX];  /* where posts go and where messages must come from */
  char **allowed_origins;           /* widget: SYNC senders; host: SET_WIDGET_URL targets */
  size_t allowed_count;
  int allowed_default;              /* no list given: the role's default rule applies */

  /* host: the SYNC loop */
  cJSON *sync_fields;
  int syncing;
  double sync_started_ms, sync_next_ms;
  double cycle_first_stamp;         /* SYNC_ACK must echo a SYNC of the current cycle */
  char widget_version[24];

  /* the conversation */
  cc_phase phase;
  int logged_in;
  int available;                    /* -1 never said, 0, 1 */
  int has_resume_engagement;
  double resume_engagement_id;
  char last_dial_number[64];
  double last_dial_ms;
  int has_last_dial;

  cc_call *calls;
  size_t call_count;
  size_t open_calls;                /* calls not completed nor transferred: current_call looks at
                                       only these, newest first, not at the finished ones kept */
  size_t completions_due;           /* calls ended, not completed, not yet reported: the
                                       watchdog's loops over every call run only when > 0 */
  unsigned long call_order;

  cc_queued *queue;
  size_t queued;
  int flush_due; /* replay the queue at the next tick: after onReady's own sends */

  cc_buf *actions;                  /* the queued actions as JSON text: "[{...},{...}" */
  cc_brief brief;                   /* the same actions as callcore_drain_brief hands them over */
  /* During one receive or call only (NULL between them): a tree parsed from
   * canonical text, so the actions copy that text instead of printing the
   * tree, unless verbatim_report (the report of the event that checks the
   * tree) says a check rewrote a value in it. */
  const cJSON *received;            /* the envelope of the receive under way */
  const cc_report *verbatim_report;
  const cJSON *verbatim_item;
  const char *verbatim_text;
  size_t verbatim_len;
  /* verbatim_item's last member when it was parsed (NULL: not an object, or
   * empty). Between parsing and posting, the tree only gains members at its
   * end (the messageId of sendMessage); any other change marks the report. */
  const cJSON *verbatim_last;
  double timer_due;                 /* absolute ms of the tick asked for, -1 none, or CC_TIMER_UNKNOWN */
  cc_instances *instances;          /* option instances; NULL without it */
  char last_error[256];
};

/* session.c */
callcore_errno cc_fail(callcore_session *s, callcore_errno err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int cc_has_handler(const callcore_session *s, const char *name);
int cc_origin_allowed(const callcore_session *s, const char *origin);
/* What a widget's app can do about a host origin it refused (ORIGIN_NOT_ALLOWED). */
#define CC_ALLOW_HOST_HINT "add it to allowedHostOrigins (or \"*\" to accept any host, as the reference SDK does)"

/* The SDK member that sends whatever message it is given (the app's, and
 * the SDK's own replies); every other method sends its catalogue row. */
#define CC_SEND_MESSAGE "sendMessage"

/* actions.c */
/* `item` was parsed from the canonical `text` and is checked by the event
 * whose report is `report` (item NULL: no such tree any more). */
void cc_verbatim_set(callcore_session *s, const cJSON *item, const char *text, const cc_report *report);
/* `via`: NULL for an app's message, else the public SDK member the SDK's own
 * message passes through ("sendMessage", "sendSync"). */
void cc_emit_post(callcore_session *s, cJSON *envelope, const char *via);
/* `envelope` NULL: the handler gets the event given to the app's message handler. */
void cc_emit_call(callcore_session *s, const char *handler, const cJSON *envelope);
/* Hands a message to the app's message handler (option "deliver"); `via` names
 * the SDK member that does so when it is not the handler itself ("onReady"),
 * `envelope` NULL means the message being received. */
void cc_emit_deliver(callcore_session *s, const char *via, const cJSON *envelope);
/* A message the SDK's message handler sends through the app-level sendMessage. */
void cc_emit_send(callcore_session *s, const cJSON *message);
void cc_emit_event(callcore_session *s, const char *event, cJSON *details);
/* A message for the instance channel (option instances); takes `message`. */
void cc_emit_peer(callcore_session *s, cJSON *message);
/* The report's findings as violation actions. */
void cc_emit_report(callcore_session *s, const cc_report *report, cc_direction_word direction, const char *type,
                    cc_outcome outcome);
void cc_emit_resize(callcore_session *s, const cJSON *width, const cJSON *height);
void cc_schedule_tick(callcore_session *s, double now_ms);
/* A message for the app: its handlers (or, with option "deliver", the app's
 * message handler). `def` is the type's row, NULL when the catalogue lacks it. */
void cc_dispatch_handlers(callcore_session *s, const cc_message *def, const char *type, const char *handler,
                          const cJSON *envelope, double now_ms);
/* The handler choice itself: the *_FAILED catch-all, the handler, else defaultEventHandler. */
void cc_choose_handlers(callcore_session *s, const cc_message *def, const char *type, const char *handler,
                        const cJSON *envelope);

/* envelope.c */
/* The envelope an SDK method puts on the wire (sendMessage: the app's
 * message itself); NULL with *err set when the call is refused. */
cJSON *cc_method_envelope(callcore_session *s, const char *method, const char *payload_json,
                          const cc_report *report, callcore_errno *err);

/* outbound.c */
void cc_next_message_id(callcore_session *s, double now_ms, char *out, size_t out_len);
int cc_is_own_message_id(const callcore_session *s, const char *message_id);
/* Checks and posts `envelope` (taken); `report` is this send's, started by
 * the caller with the sentences' subject. */
callcore_errno cc_send(callcore_session *s, cJSON *envelope, const char *via, double now_ms, cc_report *report);
/* An SDK method called now: its envelope, checked and posted. */
callcore_errno cc_send_method(callcore_session *s, const char *method, const char *payload_json, double now_ms);

/* queue.c: calls made before the handshake (or, option instances, before a
 * leader is known), replayed once it completes. */
callcore_errno cc_enqueue(callcore_session *s, const char *method, const char *payload_json);
callcore_errno cc_enqueue_for_leader(callcore_session *s, const char *method, const char *payload_json);
void cc_flush_queue(callcore_session *s, double now_ms);
void cc_queue_free(callcore_session *s);

/* inbound.c */
callcore_errno cc_receive(callcore_session *s, const cc_view *view, int from_peer, double now_ms, cc_report *report);
/* The handler layer's rules for one event given to the app's message handler. */
callcore_errno cc_dispatch_event(callcore_session *s, const cJSON *event, double now_ms);
/* Reports the findings on an inbound message as "dropped" and fails with the first. */
callcore_errno cc_drop(callcore_session *s, const cc_report *report, const char *type, callcore_errno err);

/* handshake.c */
callcore_errno cc_widget_on_sync(callcore_session *s, const cc_view *sync, cc_report *report);
callcore_errno cc_host_on_sync_ack(callcore_session *s, const cc_view *ack, cc_report *report);
void cc_host_start_sync(callcore_session *s, double now_ms);
void cc_host_sync_tick(callcore_session *s, double now_ms);

/* calls.c: the lifecycle, checked first and applied only if the message goes out or in. */
void cc_lifecycle_check(callcore_session *s, const cc_view *view, int inbound, double now_ms, cc_report *report);
void cc_lifecycle_apply(callcore_session *s, const cc_view *view, double now_ms);
void cc_calls_tick(callcore_session *s, double now_ms);
/* `event` starts the sentences: "unload", "iframe reload". */
void cc_calls_report_open(callcore_session *s, const char *event);
void cc_calls_forget_unfinished(callcore_session *s);
double cc_calls_next_deadline(const callcore_session *s);
cJSON *cc_calls_to_json(const callcore_session *s);
/* The state's key in snapshots ("inProgress"); states are in lifecycle order. */
const char *cc_call_state_key(cc_call_state state);
/* The call the user is busy with (newest active, else newest ended and not
 * completed): its externalCallId, or NULL. */
const char *cc_calls_current_id(const callcore_session *s);
void cc_calls_free(callcore_session *s);
/* Option instances: a call by id; a call tracked from a peer's word; a state set from it. */
cc_call *cc_calls_find(const callcore_session *s, const char *id);
cc_call *cc_calls_track(callcore_session *s, const char *id, int inbound, double now_ms);
void cc_calls_set_state(callcore_session *s, cc_call *call, cc_call_state state, double now_ms);
int cc_call_is_finished(const cc_call *call);
/* Keeps `text` in `number` when it fits (a longer number is not shown cut). */
void cc_call_keep_number(char number[CC_NUMBER_MAX], const char *text);

#endif
