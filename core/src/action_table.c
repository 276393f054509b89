/* The actions callcore_drain hands out, key by key, as callcore.h documents
 * them; the catalogue exports this table ("actions", "events"), and
 * tests/core/catalog_export_test.cc holds every action a session emits to it. */
#include "action_table.h"

#include "catalog.h"

#include "schema_table.h"

#define NUL CC_T_NULL

static const char *const POST_VIA[] = {"sendMessage", "sendSync", NULL};
static const char *const DELIVER_VIA[] = {"onReady", NULL};

#define KEYS(id, ...) static const cc_action_key id[] = {__VA_ARGS__}
#define KIND(name, keys, doc) {name, keys, sizeof keys / sizeof *keys, doc}

KEYS(post_keys,
     {"targetOrigin", STR, 1, .doc = "the second argument of postMessage"},
     {"envelope", OBJ, 0, .doc = "the message; its key order is the wire order (absent with asIs)"},
     {"asIs", BOOL, 0, .doc = "option postAsIs: post the message given to callcore_call(\"sendMessage\") itself"},
     {"append", OBJ, 0, .doc = "with asIs: members to add after the message's own (its messageId)"},
     {"via", STR, 0, POST_VIA, .doc = "the SDK member the SDK's own message passes through; absent for the app's"});
KEYS(deliver_keys,
     {"via", STR, 0, DELIVER_VIA, .doc = "the SDK member that hands it over, when not the message handler itself"},
     {"envelope", OBJ, 0, .doc = "the message; absent: the message being received"});
KEYS(send_keys, {"message", OBJ, 1, .doc = "what the SDK's message handler passes to the app-level sendMessage"},
     {"preview", BOOL, 0, .doc = "option previewDispatch: what callcore_dispatch would queue (see options)"});
KEYS(call_keys,
     {"handler", STR, 1, .doc = "the eventHandlers key: called with (envelope.data, envelope)"},
     {"envelope", OBJ, 0, .doc = "absent (callcore_dispatch): the event the message handler was given"},
     {"preview", BOOL, 0, .doc = "option previewDispatch: what callcore_dispatch would queue (see options)"});
KEYS(event_keys,
     {"event", STR, 1, .values_from = "events"},
     {"details", OBJ, 0, .doc = "what the event carries (see events)"});
KEYS(violation_keys,
     {"code", STR, 1, .values_from = "violations"},
     {"severity", STR, 1, .values_from = "severities"},
     {"direction", STR, 1, .values_from = "directions"},
     {"type", STR | NUL, 1, .doc = "the message type concerned, or null"},
     {"field", STR, 1, .doc = "the field concerned (\"data.callEndStatus\"), or \"\""},
     {"message", STR, 1, .doc = "the sentence for a developer"},
     {"outcome", STR, 1, .values_from = "outcomes"},
     {"preview", BOOL, 0, .doc = "option previewDispatch: what callcore_dispatch would queue (see options)"});
KEYS(timer_keys, {"delayMs", NUM | NUL, 1, .doc = "call callcore_tick after this many ms (replaces any earlier); null: cancel"});
KEYS(resize_keys,
     {"width", STR | NUL, 1, .doc = "a CSS length (\"400px\"), or null: unchanged"},
     {"height", STR | NUL, 1, .doc = "a CSS length, or null: unchanged"});

KEYS(peer_keys,
     {"message", OBJ, 1, .doc = "option instances: post JSON.stringify(message) on the BroadcastChannel named by "
                                "instances.channel, and give what arrives there to callcore_peer"});

static const cc_action_kind kinds[] = {
    KIND("post", post_keys, "postMessage the envelope to the peer window"),
    KIND("deliver", deliver_keys, "option deliver: hand the message to the app's message handler"),
    KIND("send", send_keys, "option deliver: send a message through the app-level sendMessage"),
    KIND("call", call_keys, "call one of the app's eventHandlers"),
    KIND("event", event_keys, "a local event, for the glue and UI"),
    KIND("violation", violation_keys, "what the core found wrong, and what it did about it"),
    KIND("timer", timer_keys, "when to tick next"),
    KIND("resize", resize_keys, "host role: size the iframe"),
    KIND("peer", peer_keys, "option instances: a message for the other instances of the app"),
};

/* Events named after a message take its name from the catalogue row. */
static const struct {
  const char *name;
  cc_mechanism mechanism;
  const char *doc;
} events[CC_EVENT_COUNT] = {
    [CC_EVENT_READY] = {.mechanism = CC_MECH_READY,
                        .doc = "the handshake completed; details.data is onReady's data (host: also widgetVersion, "
                               "debugMode, origin)"},
    [CC_EVENT_DESTINATION_CHANGED] = {.name = "DESTINATION_CHANGED",
                                      .doc = "host role: SET_WIDGET_URL moved the widget; details.origin is where "
                                             "posts go now"},
    [CC_EVENT_SYNC_ACK_FAILED] = {.mechanism = CC_MECH_SYNC_ACK_FAILED,
                                  .doc = "host role: no SYNC_ACK within 30 s of the iframe load"},
    [CC_EVENT_INSTANCES_CHANGED] = {.name = "INSTANCES_CHANGED",
                                    .doc = "option instances: the members, the leader, the shared login or "
                                           "availability, or a call another instance owns changed; read "
                                           "callcore_state_json's instances again; details.leader is the member "
                                           "that leads, or null"},
};

const char *cc_event_name(cc_event event) {
  return events[event].name ? events[event].name : cc_catalog_mechanism(events[event].mechanism)->type;
}

const cc_action_kind *cc_action_kind_at(size_t index) {
  return index < sizeof kinds / sizeof *kinds ? &kinds[index] : NULL;
}

const char *cc_event_doc(cc_event event) { return events[event].doc; }
