/*
 * callcore — a sans-I/O engine for HubSpot's calling-extensions protocol.
 *
 * A session models one end of the postMessage conversation between a calling
 * widget (the softphone in an iframe) and its host (HubSpot, or an emulator).
 * It owns no window, no timer and no clock: the caller feeds it what happened
 * and drains what to do.
 *
 *   callcore_session *s = callcore_session_new("{\"role\":\"widget\",\"instanceId\":1724412345000,...}", &err);
 *   callcore_receive(s, "https://app.hubspot.com", 1, envelope_json, now_ms);
 *   char *actions = callcore_drain(s);      // JSON array: post, call, event, violation, timer, resize
 *   ...                                      // carry them out
 *   callcore_free(actions);
 *   callcore_session_free(s);
 *
 * Every string crossing this boundary is UTF-8 JSON. JavaScript's `undefined`
 * (a key present with no value — the wire needs it) travels as the JSON string
 * CALLCORE_UNDEFINED, in both directions.
 *
 * Every function that returns `char *` hands ownership to the caller: release
 * it with callcore_free(). Functions never abort on bad input: they return an
 * error code, and the session is left as it was.
 */
#ifndef CALLCORE_H
#define CALLCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The JSON string value that stands for JavaScript's `undefined`. */
#define CALLCORE_UNDEFINED "\x1b" "undefined"

/* The reference SDK release whose wire behaviour callcore reproduces and
 * announces in SYNC_ACK: the newest on npm (its wire equals 0.9.6, the
 * baseline of docs/protocol.md). */
#define CALLCORE_SDK_VERSION "0.9.7"

typedef enum callcore_errno {
  CALLCORE_OK = 0,
  CALLCORE_E_NOMEM,          /* an allocation failed; nothing was changed */
  CALLCORE_E_ARGUMENT,       /* a NULL or otherwise unusable argument */
  CALLCORE_E_OPTIONS,        /* session options rejected (see the reason) */
  CALLCORE_E_JSON,           /* input is not valid JSON */
  CALLCORE_E_TOO_LARGE,      /* input is over the size limit */
  CALLCORE_E_TOO_DEEP,       /* input nests deeper than the depth limit */
  CALLCORE_E_ENVELOPE,       /* not a usable envelope (no object, no type, ...) */
  CALLCORE_E_UNKNOWN_METHOD, /* callcore_call() with a method the SDK lacks */
  CALLCORE_E_WRONG_ROLE,     /* the event makes no sense for this role */
  CALLCORE_E_REFUSED,        /* strict policy refused to send; see violations */
  CALLCORE_E_DROPPED,        /* an inbound message was ignored; see violations */
  CALLCORE_E_LIMIT           /* a per-session bound (calls, queue) is reached */
} callcore_errno;

/* Stable symbolic name of an error code, e.g. "CALLCORE_E_JSON". */
const char *callcore_errno_name(callcore_errno err);

typedef struct callcore_session callcore_session;

/*
 * Create a session. `options_json` is an object: "role" ("widget" | "host")
 * and "instanceId" (Date.now() when the SDK instance was built) are required,
 * every other option has a default. The catalogue's "options" (see
 * callcore_catalog_json) lists each one with its roles, types, default,
 * bounds or values and a line of doc. Options of the other role, and unknown
 * keys, are ignored.
 * Returns NULL on error: *err (if err is not NULL) holds the code and
 * `reason` (if not NULL, `reason_len` bytes) a sentence naming the option.
 */
callcore_session *callcore_session_new(const char *options_json, callcore_errno *err,
                                       char *reason, size_t reason_len);
void callcore_session_free(callcore_session *session);

/*
 * Events in. Each returns CALLCORE_OK or an error code and queues actions.
 *
 * receive: a `message` event arrived. `origin` is event.origin;
 *   `from_peer` is 1 when event.source is the peer window (window.parent
 *   for a widget, the iframe's contentWindow for a host), 0 when it is
 *   another window, and CALLCORE_SOURCE_GONE when event.source is null: the
 *   window that posted is gone, as a widget page's is when it posts while it
 *   unloads (a page left, a reload). From a gone window a host takes only
 *   what closes a call it tracks (CALL_ENDED, CALL_COMPLETED), and only from
 *   the peer's origin: a widget's last words. Anything else is SOURCE_NOT_PEER.
 * call: the app called an SDK method, e.g. "callEnded". `payload_json` NULL
 *   means the argument was omitted. For "sendMessage" the payload is the whole
 *   message object. Calls made before the handshake are kept (up to
 *   limits.maxQueued) and replayed at the first tick after it, so that what
 *   onReady sends (INITIALIZED) goes first.
 * tick: a timer the session asked for fired (or any time at all).
 * iframe_loaded: host role, the widget iframe fired `load`.
 * unload: the page is going away (pagehide); open calls are reported.
 * peer: option "instances" only: a message arrived on the instance channel
 *   (the BroadcastChannel named by instances.channel; its data, a string).
 *   Checked like any input: a bad one is a violation with direction "peer",
 *   the state unchanged. Without the option: CALLCORE_E_OPTIONS.
 * dispatch: option "deliver" only: the app's message handler was given this
 *   event (a delivered message, or one the app passes itself): queues the
 *   handler calls (no envelope: the handler takes the event as given) and,
 *   for a type the role does not know, the ERROR reply as a "send" action.
 *   It changes no call state: the message was judged when it was received.
 */
#define CALLCORE_SOURCE_GONE 2
callcore_errno callcore_receive(callcore_session *session, const char *origin, int from_peer,
                                const char *envelope_json, double now_ms);
callcore_errno callcore_call(callcore_session *session, const char *method,
                             const char *payload_json, double now_ms);
callcore_errno callcore_dispatch(callcore_session *session, const char *event_json, double now_ms);
callcore_errno callcore_tick(callcore_session *session, double now_ms);
callcore_errno callcore_iframe_loaded(callcore_session *session, double now_ms);
callcore_errno callcore_unload(callcore_session *session, double now_ms);
callcore_errno callcore_peer(callcore_session *session, const char *message_json, double now_ms);

/*
 * Actions out: a JSON array, oldest first, emptied by the call. Each element
 * has an "action" key:
 *   {"action":"post","targetOrigin":O,"envelope":E[,"via":V]}
 *       postMessage(E, O) to the peer window; key order of E is the wire order.
 *       V names the SDK member the SDK's own message passes through
 *       ("sendMessage": SYNC_ACK, replies; "sendSync": SYNC); absent for a
 *       message the app sent.
 *   {"action":"deliver"[,"via":"onReady"][,"envelope":E]}   option "deliver":
 *       hand E to the app's message handler (through onReady for READY);
 *       no E: the message being received.
 *   {"action":"send","message":M}  option "deliver": pass M to the app-level
 *       sendMessage, as the SDK's message handler does.
 *   {"action":"call","handler":H[,"envelope":E]}
 *       call eventHandlers[H](E.data, E); H may be "defaultEventHandler"; no E
 *       (callcore_dispatch): the event the message handler was given.
 *   {"action":"event","event":"READY"|"SYNC_ACK_FAILED"|"DESTINATION_CHANGED"|
 *    "INSTANCES_CHANGED",...}
 *       a local event, for the glue and UI (handlers are called separately).
 *       INSTANCES_CHANGED (option instances): the members, the leader, the
 *       shared login or availability, or a call another instance owns
 *       changed: read callcore_state_json's "instances" and "calls" again.
 *   {"action":"peer","message":M}   option "instances": post
 *       JSON.stringify(M) on the BroadcastChannel named by instances.channel
 *       (docs/instances.md gives M's kinds and fields).
 *   {"action":"violation","code":C,"severity":"error"|"warning","direction":
 *    "inbound"|"outbound"|"local"|"peer","type":T,"field":F,"message":M,"outcome":
 *    "relayed"|"refused"|"dropped"|"queued"|"reported"}
 *   {"action":"timer","delayMs":N}   call callcore_tick after N ms (replaces
 *                                    any earlier request); N null: cancel.
 *   {"action":"resize","width":W,"height":H}  host role: size the iframe
 *                                    (CSS lengths such as "400px").
 */
char *callcore_drain(callcore_session *session);

/*
 * callcore_drain for the commonest queues, without their JSON text: when the
 * actions queued are exactly one of these, they are taken as callcore_drain
 * takes them and their shape returned, with the strings they hold in *first
 * and *second (owned by the session; valid until the next call on it):
 *   CALLCORE_BRIEF_EMPTY         []
 *   CALLCORE_BRIEF_DELIVER_CALL  [{"action":"deliver"},
 *                                 {"action":"call","handler":*first,"preview":true}]
 *   CALLCORE_BRIEF_POST_AS_IS    [{"action":"post","targetOrigin":*first,"asIs":true,
 *                                  "append":{"messageId":*second}}]
 * (a received message with previewDispatch, and an app's message with
 * postAsIs). Any other queue: CALLCORE_BRIEF_NONE, nothing is taken, and
 * callcore_drain hands it over. The catalogue's "briefDrains" names the values.
 */
typedef enum {
  CALLCORE_BRIEF_NONE = 0,
  CALLCORE_BRIEF_EMPTY = 1,
  CALLCORE_BRIEF_DELIVER_CALL = 2,
  CALLCORE_BRIEF_POST_AS_IS = 3
} callcore_brief;
int callcore_drain_brief(callcore_session *session, const char **first, const char **second);

/* Why the last failing call on this session failed (empty after success). */
const char *callcore_last_error(const callcore_session *session);

/*
 * A snapshot of the session: phase, login, availability, destination origin,
 * every tracked call with its state and engagement id, and "currentCall":
 * the externalCallId of the call the user is busy with (the newest active
 * call, else the newest ended one not yet completed), or null.
 * Each call's "owner" is the instance that speaks for it (option instances),
 * else null; "instances" is null without the option, else {channel, member,
 * surface (null until known), usesCallingWindow, leader (a member or null),
 * members: [{member, surface, since, self}]}.
 */
char *callcore_state_json(const callcore_session *session);

/*
 * The catalogue: the contracts of the core, each exported from the table the
 * core itself runs on. The single source the glue, its types, the CLI, the
 * emulator and the docs read. A JSON object:
 *   sdkVersion      CALLCORE_SDK_VERSION
 *   undefined       CALLCORE_UNDEFINED, the string that stands for `undefined`
 *   messages        [{type, direction, method, payload, widgetHandler,
 *                     hostHandler, since, removed, replacedBy, summary,
 *                     schema}]: every wire type, with its payload schema
 *                     ({"fields":[{name, types, required, rules, enum?,
 *                     maxLength?, schema?, items?, doc?}]}) or null
 *   methods         {sdkMethod: wireType}
 *   enums           {callEndStatus: [...], ...}: the SDK's enumerations
 *   violations      [{code, severity, summary}]: every violation code, each
 *                     with its default severity; MORE_VIOLATIONS included
 *   briefDrains     {none, empty, deliverCall, postAsIs}: callcore_drain_brief's results
 *   hubspotOrigins  HubSpot's app origins (a widget's default host list)
 *   limits          {maxEnvelopeBytes, maxDepth, maxStringLength, maxCalls,
 *                     maxQueued}: the default limits
 *   options         [{name, roles, source, types, required, default, doc,
 *                     ...}]: every session option, in the order checked.
 *                     roles: ["widget","host"] or one; source: "app" (the
 *                     app's choice) or "binding" (filled in from the page by
 *                     a binding such as the JavaScript glue); types: JSON
 *                     types, plus "undefined" where CALLCORE_UNDEFINED is
 *                     taken; default: the value when absent, or null (none,
 *                     or a rule the doc gives). By kind: enum [values];
 *                     min, max (and whole: true for whole numbers);
 *                     maxLength (strings); maxItems and items {types,
 *                     maxLength, format?} (lists; format "origin-pattern");
 *                     format "origin"; defaultFrom (an empty origin takes
 *                     that option's value); fields [{name, types, whole,
 *                     min, max, default, doc}] (limits); schema (syncFields).
 *                     e.g. {"name":"policy","roles":["widget","host"],
 *                     "source":"app","types":["string"],"required":false,
 *                     "default":"warn","enum":["off","warn","strict"],
 *                     "doc":"..."}
 *   rest            {kind: schema}: every kind callcore_validate_rest takes,
 *                     with the schema of its body
 *   actions         [{action, keys: [{name, types, required, enum?,
 *                     valuesFrom?, doc?}], doc}]: what callcore_drain hands
 *                     out (see callcore_drain), each key in the order written;
 *                     valuesFrom names the catalogue list a value comes from
 *                     ("violations" by code, "events" by event, "severities",
 *                     "directions", "outcomes")
 *   events          [{event, doc}]: the local events ("event" actions)
 *   directions      where a violation was found: inbound, outbound, local,
 *                     peer (a message from another instance)
 *   outcomes        what became of the message: relayed, refused, dropped,
 *                     queued, reported
 *   severities      warning, error
 *   phases          the values of callcore_state_json's "phase", in the order
 *                     a session goes through them
 *   callStates      the keys of a call's state in callcore_state_json, in
 *                     lifecycle order: a call starts dialing (outbound) or
 *                     ringing (inbound), and ends completed or transferred
 */
char *callcore_catalog_json(void);

/*
 * Stateless checks, each answering
 *   {"ok":bool,"errors":[{"code","field","message"}],"warnings":[...],"value":V}
 * where V is the normalised input (e.g. truncated friendly names).
 *
 * validate_envelope: one message against the catalogue's payload schema.
 * validate_rest: a REST body; `kind` is one of
 *   "settings.create" "settings.patch" "channelConnection.create"
 *   "channelConnection.patch" "inboundCall" "webhookAnswer"
 * Return NULL only when out of memory.
 */
char *callcore_validate_envelope(const char *envelope_json);
char *callcore_validate_rest(const char *kind, const char *body_json);

void callcore_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* CALLCORE_H */
