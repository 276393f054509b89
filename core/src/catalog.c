/* The message catalogue (PROTOCOL.md sections 2.1 and 3.1) and its export. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "json_util.h"
#include "origin.h"
#include "report.h"

/* Legality columns (PROTOCOL.md 4.5): Unsynced, Ready but not initialized,
 * lOgged out, Idle, Dialing or ringing, in Progress, Ended, Completed.
 * y expected, t tolerated, n suspicious, - not applicable (suspicious too). */
#define ANY_TIME "nyyyyyyy"

#define W2H(type, method, payload, host_handler, schema, since, lifecycle, legality, summary) \
  {type, CC_W2H, method, payload, NULL, host_handler, schema, since, NULL, NULL, lifecycle, legality, summary}
#define H2W(type, handler, schema, since, lifecycle, legality, summary) \
  {type, CC_H2W, NULL, CC_PAYLOAD_DATA, handler, NULL, schema, since, NULL, NULL, lifecycle, legality, summary}
#define DATA CC_PAYLOAD_DATA
#define NONE CC_PAYLOAD_NONE

static const cc_message catalog[] = {
    /* the handshake */
    {"SYNC", CC_H2W, NULL, CC_PAYLOAD_TOPLEVEL, NULL, NULL, &cc_sync_schema, "0.0.0", NULL, NULL, CC_LC_HANDSHAKE,
     NULL, "host asks the widget to synchronise, every 100 ms for 30 s after each iframe load"},
    {"SYNC_ACK", CC_W2H, NULL, CC_PAYLOAD_TOPLEVEL, NULL, NULL, &cc_sync_ack_schema, "0.0.0", NULL, NULL,
     CC_LC_HANDSHAKE, NULL, "widget's answer: the SYNC echoed, plus debugMode, version and iFrameUrl"},
    {"SYNC_ACK_FAILED", CC_LOCAL, NULL, NONE, NULL, NULL, NULL, "0.0.0", NULL, NULL, CC_LC_NONE, NULL,
     "host-side event: no SYNC_ACK within 30 s of the iframe load"},
    {"READY", CC_LOCAL, NULL, DATA, "onReady", "onReady", NULL, "0.0.0", NULL, NULL, CC_LC_NONE, NULL,
     "local event: the handshake completed"},

    /* widget to host */
    W2H("INITIALIZED", "initialized", DATA, "onInitialized", &cc_initialized_schema, "0.0.0", CC_LC_INITIALIZED,
        "nytttttt", "the widget is set up: login, availability, size"),
    W2H("LOGGED_IN", "userLoggedIn", NONE, "onUserLoggedIn", NULL, "0.0.0", CC_LC_LOGGED_IN, "nnynnnnn",
        "the user logged in to the softphone"),
    W2H("LOGGED_OUT", "userLoggedOut", NONE, "onUserLoggedOut", NULL, "0.0.0", CC_LC_LOGGED_OUT, "nnnynnty",
        "the user logged out of the softphone"),
    W2H("USER_AVAILABLE", "userAvailable", NONE, "onUserAvailable", NULL, "0.3.0", CC_LC_AVAILABILITY, "nnnyttty",
        "the user can take inbound calls"),
    W2H("USER_UNAVAILABLE", "userUnavailable", NONE, "onUserUnavailable", NULL, "0.3.0", CC_LC_AVAILABILITY,
        "nnnyttty", "the user cannot take inbound calls"),
    W2H("OUTGOING_CALL_STARTED", "outgoingCall", DATA, "onOutgoingCall", &cc_outgoing_call_schema, "0.0.0",
        CC_LC_CALL_START, "nnnynnny", "an outbound call started"),
    W2H("INCOMING_CALL", "incomingCall", DATA, "onIncomingCall", &cc_incoming_call_schema, "0.3.0",
        CC_LC_CALL_START, "nnnynnny", "an inbound call is ringing"),
    W2H("CALL_ANSWERED", "callAnswered", DATA, "onCallAnswered", &cc_call_id_schema, "0.0.0", CC_LC_CALL_EVENT,
        "nnnnynnn", "the call was answered"),
    W2H("CALL_TRANSFERRED", "callTransferred", DATA, "onCallTransferred", &cc_call_id_schema, "0.9.6",
        CC_LC_CALL_EVENT, "nnnnyynn", "the call was transferred away"),
    W2H("CALL_ENDED", "callEnded", DATA, "onCallEnded", &cc_call_ended_schema, "0.0.0", CC_LC_CALL_EVENT,
        "nnnnyynn", "the call ended"),
    W2H("CALL_COMPLETED", "callCompleted", DATA, "onCallCompleted", &cc_call_completed_schema, "0.0.0",
        CC_LC_CALL_EVENT, "nnnnnnyn", "the user finished with the call; the host logs it"),
    W2H("CALL_DATA", "callData", DATA, "onCallData", NULL, "0.0.0", CC_LC_NONE, ANY_TIME,
        "free-form call data with no documented host meaning"),
    W2H("NAVIGATE_TO_RECORD", "navigateToRecord", DATA, "onNavigateToRecord", &cc_navigate_schema, "0.3.0",
        CC_LC_NAVIGATE, "nnntyytt", "ask the host to open a CRM record"),
    W2H("RESIZE_WIDGET", "resizeWidget", DATA, "onResizeWidget", &cc_resize_schema, "0.0.0", CC_LC_NONE, ANY_TIME,
        "ask the host to resize the iframe"),
    {"PUBLISH_TO_CHANNEL", CC_W2H, "publishToChannel", DATA, NULL, "onPublishToChannel", &cc_finalize_schema,
     "0.4.0", NULL, "FINALIZE_ENGAGEMENT", CC_LC_CALL_EVENT, "nnnnnnyy", "publish the call to a help-desk channel"},
    W2H("FINALIZE_ENGAGEMENT", "finalizeEngagement", DATA, "onFinalizeEngagement", &cc_finalize_schema, "0.9.4",
        CC_LC_CALL_EVENT, "nnnnnnyy", "finalize the call's engagement"),
    W2H("SET_WIDGET_URL", "setWidgetUrl", DATA, "onSetWidgetUrl", &cc_widget_url_schema, "0.0.0", CC_LC_NONE,
        ANY_TIME, "the widget is about to move to another origin"),
    {"ERROR", CC_EITHER, "sendError", DATA, NULL, "onError", &cc_error_schema, "0.0.0", NULL, NULL, CC_LC_NONE,
     ANY_TIME, "an app error for the user, or an UNKNOWN_MESSAGE_TYPE reply"},

    /* host to widget */
    H2W("DIAL_NUMBER", "onDialNumber", &cc_dial_number_schema, "0.0.0", CC_LC_DIAL, "nnnynnny",
        "click-to-call: dial this number"),
    H2W("END_CALL", "onEndCall", NULL, "0.0.0", CC_LC_END_CALL, "---nyynn", "the host asks the widget to hang up"),
    H2W("SET_CALL_STATE", "onSetCallState", NULL, "0.0.0", CC_LC_NONE, ANY_TIME,
        "undocumented call-state notice sent around call start"),
    {"ENGAGEMENT_CREATED", CC_H2W, NULL, DATA, "onEngagementCreated", NULL, &cc_engagement_id_schema, "0.0.0", NULL,
     "CREATE_ENGAGEMENT_SUCCEEDED", CC_LC_ENGAGEMENT_REPLY, "---nyyyn", "legacy: the engagement was created"},
    H2W("CREATE_ENGAGEMENT_SUCCEEDED", "onCreateEngagementSucceeded", &cc_engagement_id_schema, "0.1.8",
        CC_LC_ENGAGEMENT_REPLY, "---nyyyn", "the call's engagement was created"),
    H2W("CREATE_ENGAGEMENT_FAILED", "onCreateEngagementFailed", &cc_failure_schema, "0.1.8",
        CC_LC_ENGAGEMENT_REPLY, "---nyyyn", "the call's engagement could not be created"),
    H2W("UPDATE_ENGAGEMENT_SUCCEEDED", "onUpdateEngagementSucceeded", &cc_engagement_id_schema, "0.1.8",
        CC_LC_UPDATE_REPLY, "---nnnny", "engagementProperties were applied"),
    H2W("UPDATE_ENGAGEMENT_FAILED", "onUpdateEngagementFailed", &cc_failure_schema, "0.1.8", CC_LC_UPDATE_REPLY,
        "---nnnny", "engagementProperties could not be applied"),
    H2W("CALLER_ID_MATCH_SUCCEEDED", "onCallerIdMatchSucceeded", &cc_caller_id_schema, "0.3.0",
        CC_LC_CALLER_ID_REPLY, "---nyytn", "CRM records matching an inbound caller"),
    H2W("CALLER_ID_MATCH_FAILED", "onCallerIdMatchFailed", &cc_failure_schema, "0.3.0", CC_LC_CALLER_ID_REPLY,
        "---nyytn", "caller-ID matching failed"),
    H2W("NAVIGATE_TO_RECORD_FAILED", "onNavigateToRecordFailed", &cc_navigate_failed_schema, "0.3.0", CC_LC_NONE,
        ANY_TIME, "the record could not be opened"),
    {"PUBLISH_TO_CHANNEL_SUCCEEDED", CC_H2W, NULL, DATA, "onPublishToChannelSucceeded", NULL,
     &cc_publish_result_schema, "0.4.0", NULL, "FINALIZE_ENGAGEMENT_SUCCEEDED", CC_LC_FINALIZE_REPLY, ANY_TIME,
     "the call was published to the channel"},
    {"PUBLISH_TO_CHANNEL_FAILED", CC_H2W, NULL, DATA, "onPublishToChannelFailed", NULL, &cc_publish_result_schema,
     "0.4.0", NULL, "FINALIZE_ENGAGEMENT_FAILED", CC_LC_FINALIZE_REPLY, ANY_TIME, "the call could not be published"},
    H2W("FINALIZE_ENGAGEMENT_SUCCEEDED", "onFinalizeEngagementSucceeded", NULL, "0.9.4", CC_LC_FINALIZE_REPLY, ANY_TIME,
        "the engagement was finalized"),
    H2W("FINALIZE_ENGAGEMENT_FAILED", "onFinalizeEngagementFailed", NULL, "0.9.4", CC_LC_FINALIZE_REPLY, ANY_TIME,
        "the engagement could not be finalized"),
    H2W("INITIATE_CALL_ID_SUCCEEDED", "onInitiateCallIdSucceeded", NULL, "0.5.1", CC_LC_NONE, ANY_TIME,
        "undocumented: the host registered the call id"),
    H2W("INITIATE_CALL_ID_FAILED", "onInitiateCallIdFailed", NULL, "0.5.1", CC_LC_NONE, ANY_TIME,
        "undocumented: registering the call id failed (invalid numbers)"),
    H2W("SET_WIDGET_URL_FAILED", "onSetWidgetUrlFailed", NULL, "0.8.0", CC_LC_NONE, ANY_TIME,
        "the host refused SET_WIDGET_URL"),
    H2W("VISIBILITY_CHANGED", "onVisibilityChanged", &cc_visibility_schema, "0.0.0", CC_LC_NONE, ANY_TIME,
        "the widget was minimised, hidden or shown"),
    H2W("FAILED", "onFailed", NULL, "0.8.1", CC_LC_NONE, ANY_TIME, "pseudo-type behind the onFailed handler"),
    {"UPDATE_ASSOCIATIONS_FAILED", CC_H2W, NULL, DATA, NULL, NULL, NULL, "0.8.1", "0.9.5", NULL, CC_LC_NONE,
     ANY_TIME, "removed in 0.9.5; today's widgets answer it with UNKNOWN_MESSAGE_TYPE"},

    /* defined, never sent */
    {"UNLOADING", CC_UNUSED, NULL, DATA, NULL, NULL, NULL, "0.0.0", NULL, NULL, CC_LC_NONE, NULL,
     "a constant the SDK never sends; widgets answer it with UNKNOWN_MESSAGE_TYPE"},
    {"RINGTONE_ENDED", CC_UNUSED, NULL, DATA, NULL, NULL, NULL, "0.0.0", "0.0.0", NULL, CC_LC_NONE, NULL,
     "removed in December 2018"},
};

#define CATALOG_COUNT (sizeof catalog / sizeof catalog[0])

const cc_message *cc_catalog_find(const char *type) {
  if (!type) return NULL;
  /* The first letter settles most candidates without a call: this runs for every message. */
  for (size_t i = 0; i < CATALOG_COUNT; i++)
    if (catalog[i].type[0] == type[0] && strcmp(catalog[i].type, type) == 0) return &catalog[i];
  return NULL;
}

const cc_message *cc_catalog_at(size_t index) { return index < CATALOG_COUNT ? &catalog[index] : NULL; }
size_t cc_catalog_count(void) { return CATALOG_COUNT; }

const cc_message *cc_catalog_find_method(const char *method) {
  if (!method) return NULL;
  for (size_t i = 0; i < CATALOG_COUNT; i++)
    if (catalog[i].method && catalog[i].method[0] == method[0] && strcmp(catalog[i].method, method) == 0)
      return &catalog[i];
  return NULL;
}

const char *cc_direction_name(cc_direction direction) {
  switch (direction) {
    case CC_W2H: return "widget-to-host";
    case CC_H2W: return "host-to-widget";
    case CC_EITHER: return "either";
    case CC_LOCAL: return "local";
    default: return "unused";
  }
}

int cc_is_inherited_name(const char *type) {
  static const char *const inherited[] = {
      "constructor", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__",
      "__lookupSetter__", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
      "toString", "valueOf",
  };
  if (type[0] >= 'A' && type[0] <= 'Z') return 0; /* every message type, at once */
  for (size_t i = 0; i < sizeof inherited / sizeof *inherited; i++)
    if (strcmp(inherited[i], type) == 0) return 1;
  return 0;
}

int cc_is_known_handler(const char *name, int host_role) {
  /* "FAILED" is the key the reference's *_FAILED catch-all really reads;
   * onViolation and onTraffic are callcore's own. */
  static const char *const extra[] = {"defaultEventHandler", "onViolation", "onTraffic", "FAILED"};
  for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
    if (strcmp(extra[i], name) == 0) return 1;
  for (size_t i = 0; i < CATALOG_COUNT; i++) {
    const char *handler = host_role ? catalog[i].host_handler : catalog[i].widget_handler;
    if (handler && strcmp(handler, name) == 0) return 1;
  }
  return 0;
}

static long version_part(const char **p) {
  long value = 0;
  while (**p >= '0' && **p <= '9') value = value * 10 + (*(*p)++ - '0');
  if (**p == '.') (*p)++;
  return value;
}

int cc_version_compare(const char *a, const char *b) {
  for (int i = 0; i < 3; i++) {
    long x = version_part(&a), y = version_part(&b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
