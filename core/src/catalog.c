/* The message catalogue (docs/protocol.md 2.1 and 3.1): every wire type, with
 * the columns the engine's behaviour reads, and the lookups over it. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "json_util.h"
#include "origin.h"
#include "report.h"

/* Legality columns (docs/protocol.md 4.5): Unsynced, Ready but not
 * initialized, lOgged out, Idle, Dialing or ringing, in Progress, Ended,
 * Completed. y expected, t tolerated, n suspicious, - not applicable
 * (suspicious too). */
#define ANY_TIME "nyyyyyyy"

static const cc_message catalog[] = {
    /* the handshake */
    {.type = "SYNC", .direction = CC_H2W, .payload = CC_PAYLOAD_TOPLEVEL, .schema = &cc_sync_schema,
     .since = "0.0.0", .lifecycle = CC_LC_HANDSHAKE, .mechanism = CC_MECH_SYNC,
     .summary = "host asks the widget to synchronise, every 100 ms for 30 s after each iframe load"},
    {.type = "SYNC_ACK", .direction = CC_W2H, .payload = CC_PAYLOAD_TOPLEVEL, .schema = &cc_sync_ack_schema,
     .since = "0.0.0", .lifecycle = CC_LC_HANDSHAKE, .mechanism = CC_MECH_SYNC_ACK,
     .summary = "widget's answer: the SYNC echoed, plus debugMode, version and iFrameUrl"},
    {.type = "SYNC_ACK_FAILED", .direction = CC_LOCAL, .payload = CC_PAYLOAD_NONE, .since = "0.0.0",
     .failure = 1, .mechanism = CC_MECH_SYNC_ACK_FAILED,
     .summary = "host-side event: no SYNC_ACK within 30 s of the iframe load"},
    {.type = "READY", .direction = CC_LOCAL, .payload = CC_PAYLOAD_DATA, .widget_handler = "onReady",
     .host_handler = "onReady", .since = "0.0.0", .mechanism = CC_MECH_READY,
     .summary = "local event: the handshake completed"},

    /* widget to host */
    {.type = "INITIALIZED", .direction = CC_W2H, .method = "initialized", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onInitialized", .schema = &cc_initialized_schema, .since = "0.0.0",
     .lifecycle = CC_LC_INITIALIZED, .legality = "nytttttt", .resize_field = "sizeInfo",
     .summary = "the widget is set up: login, availability, size"},
    {.type = "LOGGED_IN", .direction = CC_W2H, .method = "userLoggedIn", .payload = CC_PAYLOAD_NONE,
     .host_handler = "onUserLoggedIn", .since = "0.0.0", .lifecycle = CC_LC_LOGGED_IN, .legality = "nnynnnnn",
     .summary = "the user logged in to the softphone"},
    {.type = "LOGGED_OUT", .direction = CC_W2H, .method = "userLoggedOut", .payload = CC_PAYLOAD_NONE,
     .host_handler = "onUserLoggedOut", .since = "0.0.0", .lifecycle = CC_LC_LOGGED_OUT, .legality = "nnnynnty",
     .summary = "the user logged out of the softphone"},
    {.type = "USER_AVAILABLE", .direction = CC_W2H, .method = "userAvailable", .payload = CC_PAYLOAD_NONE,
     .host_handler = "onUserAvailable", .since = "0.3.0", .lifecycle = CC_LC_AVAILABLE, .legality = "nnnyttty",
     .summary = "the user can take inbound calls"},
    {.type = "USER_UNAVAILABLE", .direction = CC_W2H, .method = "userUnavailable", .payload = CC_PAYLOAD_NONE,
     .host_handler = "onUserUnavailable", .since = "0.3.0", .lifecycle = CC_LC_UNAVAILABLE, .legality = "nnnyttty",
     .summary = "the user cannot take inbound calls"},
    {.type = "OUTGOING_CALL_STARTED", .direction = CC_W2H, .method = "outgoingCall", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onOutgoingCall", .schema = &cc_outgoing_call_schema, .since = "0.0.0",
     .lifecycle = CC_LC_CALL_START, .legality = "nnnynnny", .effect = CC_EFFECT_START,
     .summary = "an outbound call started"},
    {.type = "INCOMING_CALL", .direction = CC_W2H, .method = "incomingCall", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onIncomingCall", .schema = &cc_incoming_call_schema, .since = "0.3.0",
     .lifecycle = CC_LC_CALL_START, .legality = "nnnynnny", .effect = CC_EFFECT_RING,
     .summary = "an inbound call is ringing"},
    {.type = "CALL_ANSWERED", .direction = CC_W2H, .method = "callAnswered", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onCallAnswered", .schema = &cc_call_id_schema, .since = "0.0.0",
     .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnynnn", .effect = CC_EFFECT_ANSWER,
     .summary = "the call was answered"},
    {.type = "CALL_TRANSFERRED", .direction = CC_W2H, .method = "callTransferred", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onCallTransferred", .schema = &cc_call_id_schema, .since = "0.9.6",
     .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnyynn", .effect = CC_EFFECT_TRANSFER,
     .summary = "the call was transferred away"},
    {.type = "CALL_ENDED", .direction = CC_W2H, .method = "callEnded", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onCallEnded", .schema = &cc_call_ended_schema, .since = "0.0.0",
     .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnyynn", .effect = CC_EFFECT_END, .binds_engagement = 1,
     .summary = "the call ended"},
    {.type = "CALL_COMPLETED", .direction = CC_W2H, .method = "callCompleted", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onCallCompleted", .schema = &cc_call_completed_schema, .since = "0.0.0",
     .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnnnyn", .effect = CC_EFFECT_COMPLETE, .binds_engagement = 1,
     .summary = "the user finished with the call; the host logs it"},
    {.type = "CALL_DATA", .direction = CC_W2H, .method = "callData", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onCallData", .since = "0.0.0", .legality = ANY_TIME,
     .summary = "free-form call data with no documented host meaning"},
    {.type = "NAVIGATE_TO_RECORD", .direction = CC_W2H, .method = "navigateToRecord", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onNavigateToRecord", .schema = &cc_navigate_schema, .since = "0.3.0",
     .lifecycle = CC_LC_NAVIGATE, .legality = "nnntyytt", .summary = "ask the host to open a CRM record"},
    {.type = "RESIZE_WIDGET", .direction = CC_W2H, .method = "resizeWidget", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onResizeWidget", .schema = &cc_resize_schema, .since = "0.0.0", .legality = ANY_TIME,
     .resize_field = "", .summary = "ask the host to resize the iframe"},
    {.type = "PUBLISH_TO_CHANNEL", .direction = CC_W2H, .method = "publishToChannel", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onPublishToChannel", .schema = &cc_finalize_schema, .since = "0.4.0",
     .replaced_by = "FINALIZE_ENGAGEMENT", .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnnnyy",
     .effect = CC_EFFECT_FINALIZE, .binds_engagement = 1, .summary = "publish the call to a help-desk channel"},
    {.type = "FINALIZE_ENGAGEMENT", .direction = CC_W2H, .method = "finalizeEngagement",
     .payload = CC_PAYLOAD_DATA, .host_handler = "onFinalizeEngagement", .schema = &cc_finalize_schema,
     .since = "0.9.4", .lifecycle = CC_LC_CALL_EVENT, .legality = "nnnnnnyy", .effect = CC_EFFECT_FINALIZE,
     .binds_engagement = 1, .summary = "finalize the call's engagement"},
    {.type = "SET_WIDGET_URL", .direction = CC_W2H, .method = "setWidgetUrl", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onSetWidgetUrl", .schema = &cc_widget_url_schema, .since = "0.0.0", .legality = ANY_TIME,
     .mechanism = CC_MECH_REDIRECT, .legacy_payload_key = "iFrameUrl",
     .summary = "the widget is about to move to another origin"},
    {.type = "ERROR", .direction = CC_EITHER, .method = "sendError", .payload = CC_PAYLOAD_DATA,
     .host_handler = "onError", .schema = &cc_error_schema, .since = "0.0.0", .legality = ANY_TIME,
     .mechanism = CC_MECH_ERROR, .summary = "an app error for the user, or an UNKNOWN_MESSAGE_TYPE reply"},

    /* host to widget */
    {.type = "DIAL_NUMBER", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA, .widget_handler = "onDialNumber",
     .schema = &cc_dial_number_schema, .since = "0.0.0", .lifecycle = CC_LC_DIAL, .legality = "nnnynnny",
     .summary = "click-to-call: dial this number"},
    {.type = "END_CALL", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA, .widget_handler = "onEndCall",
     .since = "0.0.0", .lifecycle = CC_LC_END_CALL, .legality = "---nyynn",
     .summary = "the host asks the widget to hang up"},
    {.type = "SET_CALL_STATE", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA, .widget_handler = "onSetCallState",
     .since = "0.0.0", .legality = ANY_TIME, .summary = "undocumented call-state notice sent around call start"},
    {.type = "ENGAGEMENT_CREATED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onEngagementCreated", .schema = &cc_engagement_id_schema, .since = "0.0.0",
     .replaced_by = "CREATE_ENGAGEMENT_SUCCEEDED", .lifecycle = CC_LC_ENGAGEMENT_REPLY, .legality = "---nyyyn",
     .binds_engagement = 1, .summary = "legacy: the engagement was created"},
    {.type = "CREATE_ENGAGEMENT_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onCreateEngagementSucceeded", .schema = &cc_engagement_id_schema, .since = "0.1.8",
     .lifecycle = CC_LC_ENGAGEMENT_REPLY, .legality = "---nyyyn", .binds_engagement = 1,
     .summary = "the call's engagement was created"},
    {.type = "CREATE_ENGAGEMENT_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onCreateEngagementFailed", .schema = &cc_failure_schema, .since = "0.1.8",
     .lifecycle = CC_LC_ENGAGEMENT_REPLY, .legality = "---nyyyn", .failure = 1,
     .summary = "the call's engagement could not be created"},
    {.type = "UPDATE_ENGAGEMENT_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onUpdateEngagementSucceeded", .schema = &cc_engagement_id_schema, .since = "0.1.8",
     .lifecycle = CC_LC_UPDATE_REPLY, .legality = "---nnnny", .summary = "engagementProperties were applied"},
    {.type = "UPDATE_ENGAGEMENT_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onUpdateEngagementFailed", .schema = &cc_failure_schema, .since = "0.1.8",
     .lifecycle = CC_LC_UPDATE_REPLY, .legality = "---nnnny", .failure = 1,
     .summary = "engagementProperties could not be applied"},
    {.type = "CALLER_ID_MATCH_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onCallerIdMatchSucceeded", .schema = &cc_caller_id_schema, .since = "0.3.0",
     .lifecycle = CC_LC_CALLER_ID_REPLY, .legality = "---nyytn", .summary = "CRM records matching an inbound caller"},
    {.type = "CALLER_ID_MATCH_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onCallerIdMatchFailed", .schema = &cc_failure_schema, .since = "0.3.0",
     .lifecycle = CC_LC_CALLER_ID_REPLY, .legality = "---nyytn", .failure = 1,
     .summary = "caller-ID matching failed"},
    {.type = "NAVIGATE_TO_RECORD_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onNavigateToRecordFailed", .schema = &cc_navigate_failed_schema, .since = "0.3.0",
     .legality = ANY_TIME, .failure = 1, .summary = "the record could not be opened"},
    {.type = "PUBLISH_TO_CHANNEL_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onPublishToChannelSucceeded", .schema = &cc_publish_result_schema, .since = "0.4.0",
     .replaced_by = "FINALIZE_ENGAGEMENT_SUCCEEDED", .lifecycle = CC_LC_FINALIZE_REPLY, .legality = ANY_TIME,
     .summary = "the call was published to the channel"},
    {.type = "PUBLISH_TO_CHANNEL_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onPublishToChannelFailed", .schema = &cc_publish_result_schema, .since = "0.4.0",
     .replaced_by = "FINALIZE_ENGAGEMENT_FAILED", .lifecycle = CC_LC_FINALIZE_REPLY, .legality = ANY_TIME,
     .failure = 1, .summary = "the call could not be published"},
    {.type = "FINALIZE_ENGAGEMENT_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onFinalizeEngagementSucceeded", .schema = &cc_publish_result_schema,
     .since = "0.9.4", .lifecycle = CC_LC_FINALIZE_REPLY,
     .legality = ANY_TIME, .summary = "the engagement was finalized"},
    {.type = "FINALIZE_ENGAGEMENT_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onFinalizeEngagementFailed", .schema = &cc_publish_result_schema,
     .since = "0.9.4", .lifecycle = CC_LC_FINALIZE_REPLY,
     .legality = ANY_TIME, .failure = 1, .summary = "the engagement could not be finalized"},
    {.type = "INITIATE_CALL_ID_SUCCEEDED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onInitiateCallIdSucceeded", .since = "0.5.1", .legality = ANY_TIME,
     .summary = "undocumented: the host registered the call id"},
    {.type = "INITIATE_CALL_ID_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onInitiateCallIdFailed", .since = "0.5.1", .legality = ANY_TIME, .failure = 1,
     .summary = "undocumented: registering the call id failed (invalid numbers)"},
    {.type = "SET_WIDGET_URL_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onSetWidgetUrlFailed", .since = "0.8.0", .legality = ANY_TIME, .failure = 1,
     .mechanism = CC_MECH_REDIRECT_FAILED, .summary = "the host refused SET_WIDGET_URL"},
    {.type = "VISIBILITY_CHANGED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA,
     .widget_handler = "onVisibilityChanged", .schema = &cc_visibility_schema, .since = "0.0.0",
     .legality = ANY_TIME, .summary = "the widget was minimised, hidden or shown"},
    {.type = "FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA, .widget_handler = "onFailed",
     .since = "0.8.1", .legality = ANY_TIME, .mechanism = CC_MECH_CATCH_ALL,
     .summary = "pseudo-type behind the onFailed handler"},
    {.type = "UPDATE_ASSOCIATIONS_FAILED", .direction = CC_H2W, .payload = CC_PAYLOAD_DATA, .since = "0.8.1",
     .removed = "0.9.5", .legality = ANY_TIME, .failure = 1,
     .summary = "removed in 0.9.5; today's widgets answer it with UNKNOWN_MESSAGE_TYPE"},

    /* defined, never sent */
    {.type = "UNLOADING", .direction = CC_UNUSED, .payload = CC_PAYLOAD_DATA, .since = "0.0.0",
     .summary = "a constant the SDK never sends; widgets answer it with UNKNOWN_MESSAGE_TYPE"},
    {.type = "RINGTONE_ENDED", .direction = CC_UNUSED, .payload = CC_PAYLOAD_DATA, .since = "0.0.0",
     .removed = "0.0.0", .summary = "removed in December 2018"},
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

const cc_message *cc_catalog_mechanism(cc_mechanism mechanism) {
  for (size_t i = 0; i < CATALOG_COUNT; i++)
    if (catalog[i].mechanism == mechanism) return &catalog[i];
  return NULL;
}

const cc_message *cc_catalog_effect(cc_call_effect effect) {
  for (size_t i = 0; i < CATALOG_COUNT; i++)
    if (catalog[i].effect == effect && !catalog[i].replaced_by) return &catalog[i];
  return NULL;
}

int cc_catalog_is_failure(const char *type, const cc_message *def) {
  if (def) return def->failure;
  /* The SDK tests String(type).endsWith("_FAILED"), so an unknown type fires
   * the catch-all too (docs/protocol.md 3.3). */
  size_t len = strlen(type);
  return len >= 7 && strcmp(type + len - 7, "_FAILED") == 0;
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
   * onViolation, onTraffic and onInstancesChanged are callcore's own. */
  static const char *const extra[] = {"defaultEventHandler", "onViolation", "onTraffic", "onInstancesChanged", "FAILED"};
  /* The first byte before strcmp: a session checks each of its handlers against every row. */
  for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
    if (extra[i][0] == name[0] && strcmp(extra[i], name) == 0) return 1;
  for (size_t i = 0; i < CATALOG_COUNT; i++) {
    const char *handler = host_role ? catalog[i].host_handler : catalog[i].widget_handler;
    if (handler && handler[0] == name[0] && strcmp(handler, name) == 0) return 1;
  }
  return 0;
}

static long version_part(const char **p) {
  long value = 0;
  /* A peer's version may be any string: past nine digits a part stops growing (no overflow). */
  for (; **p >= '0' && **p <= '9'; (*p)++)
    if (value < 100000000) value = value * 10 + (**p - '0');
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
