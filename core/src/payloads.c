/* Payload schemas of every message (docs/protocol.md 2.2) and the enumerations of
 * section 5. Data only: the engine is schema.c. */
#include "payloads.h"
#include "schema_table.h"

#include <stddef.h>

const char *const CC_CALL_END_STATUSES[] = {"COMPLETED", "FAILED", "CANCELED", "BUSY",
                                             "NO_ANSWER", "REJECTED", "MISSED", NULL};
const char *const CC_CALL_STATUSES[] = {"CONNECTING", "CALLING_CRM_USER", "IN_PROGRESS", "CANCELED",
                                        "FAILED",     "BUSY",             "NO_ANSWER",   "COMPLETED",
                                        "ENDING",     "QUEUED",           "RINGING",     NULL};
/* The SDK's exported groupings of callStatus (docs/protocol.md 5.2); its
 * callEndStatus constants lack REJECTED and MISSED, which only its types know. */
const char *const CC_CALL_RINGING_STATUSES[] = {"QUEUED", "RINGING", "CONNECTING", "CALLING_CRM_USER", NULL};
const char *const CC_CALL_IN_PROGRESS_STATUSES[] = {"IN_PROGRESS", NULL};
const char *const CC_CALL_ENDING_STATUSES[] = {"ENDING", NULL};
const char *const CC_CALL_END_STATUS_CONSTANTS[] = {"COMPLETED", "FAILED", "CANCELED", "BUSY", "NO_ANSWER", NULL};
const char CC_UNKNOWN_MESSAGE_TYPE[] = "UNKNOWN_MESSAGE_TYPE";
const char *const CC_ERROR_TYPES[] = {CC_UNKNOWN_MESSAGE_TYPE, NULL};
const char *const CC_HS_CALL_STATUSES[] = {"BUSY",      "CALLING_CRM_USER", "CANCELED", "COMPLETED",
                                           "CONNECTING", "FAILED",          "IN_PROGRESS", "NO_ANSWER",
                                           "QUEUED",    "RINGING",          NULL};
const char *const CC_FINAL_CALL_STATUSES[] = {"BUSY",    "CALLING_CRM_USER", "CANCELED",  "COMPLETED", "CONNECTING",
                                              "FAILED",  "HOLD",             "IN_PROGRESS", "MISSED",  "NO_ANSWER",
                                              "QUEUED",  "RINGING",          "UNKNOWN",   NULL};
const char *const CC_CALLER_ID_TYPES[] = {"CONTACT", "COMPANY", NULL};
const char *const CC_IFRAME_LOCATIONS[] = {"widget", "remote", "window", NULL};
const char *const CC_OBJECT_TYPE_IDS[] = {"0-1", "0-2", NULL};
/* Where NAVIGATE_TO_RECORD opens the record (SDK 0.9.7). */
const char *const CC_OPEN_IN[] = {"CURRENT_TAB", "NEW_TAB", NULL};
static const char *const OBJECT_TYPES[] = {"CONTACT", "COMPANY", NULL};
static const char *const CALL_DIRECTIONS[] = {"INBOUND", "OUTBOUND", NULL};
static const char *const CALL_SOURCES[] = {"INTEGRATIONS_PLATFORM", NULL};

#define CALL_ID {"externalCallId", STR, REQ | CC_F_NONEMPTY, .doc = "the app's call id, the same on every message of one call"}

/* SYNC's context fields, shared by SYNC and SYNC_ACK (which echoes them). */
#define SYNC_CONTEXT                                                                                       \
  {"hostUrl", STR, CC_F_HTTP_URL, .doc = "the host page's origin; the widget's destination"},                \
  {"portalId", NUM, CC_F_ID, .doc = "HubSpot account id"}, {"userId", NUM, CC_F_ID, .doc = "HubSpot user id"},  \
  {"ownerId", NUM | STR, 0, .doc = "owner id of the user"},                                                 \
  {"engagementId", NUM, CC_F_ID, .doc = "present when resuming an inbound call"},                            \
  {"iframeLocation", STR, CC_F_SOFT, CC_IFRAME_LOCATIONS, .doc = "which HubSpot frame loaded the widget"},    \
  {"usesCallingWindow", BOOL, 0, .doc = "mirrors the app setting of the same name"}

CC_SCHEMA(cc_sync_schema, SYNC_CONTEXT);
CC_SCHEMA(cc_sync_ack_schema, SYNC_CONTEXT, {"debugMode", BOOL, 0}, {"version", STR, REQ},
          {"iFrameUrl", STR, CC_F_HTTP_URL, .doc = "the widget page's origin"});

CC_SCHEMA(cc_size_schema, {"width", NUM, REQ | CC_F_POSITIVE}, {"height", NUM, REQ | CC_F_POSITIVE});
CC_SCHEMA(cc_initialized_schema, {"isLoggedIn", BOOL, 0, .doc = "whether the user starts logged in"},
          {"isAvailable", BOOL, 0, .doc = "initial inbound availability"},
          {"engagementId", NUM, CC_F_ID, .doc = "echo of onReady's engagementId when resuming"},
          {"sizeInfo", OBJ, 0, .child = &cc_size_schema, .doc = "requested initial iframe size"});

CC_SCHEMA(cc_callee_schema, {"calleeId", NUM, CC_F_ID}, {"calleeObjectTypeId", STR, 0});
CC_SCHEMA(cc_dial_number_schema,
          {"phoneNumber", STR, REQ | CC_F_NONEMPTY | CC_F_E164 | CC_F_SOFT, .doc = "the number to dial"},
          {"phone_number", STR, 0, .doc = "duplicate seen in real payloads"}, {"ownerId", NUM | STR, 0},
          {"portalId", NUM, CC_F_ID}, {"objectId", NUM, CC_F_ID, .doc = "record the call started from; 0 means unknown"},
          {"objectType", STR, CC_F_SOFT, OBJECT_TYPES}, {"subjectId", NUM, 0}, {"threadId", NUM, 0},
          {"countryCode", STR, 0}, {"calleeInfo", OBJ, 0, .child = &cc_callee_schema, .doc = "the reliable callee"},
          {"startTimestamp", NUM, 0, .doc = "ms since the epoch"}, {"toPhoneNumberSrc", STR, 0});

CC_SCHEMA(cc_outgoing_call_schema, CALL_ID, {"toNumber", STR, CC_F_E164, .doc = "callee"},
          {"fromNumber", STR, CC_F_E164, .doc = "caller"}, {"callStartTime", NUM, 0, .doc = "ms since the epoch"},
          {"createEngagement", BOOL, 0, .doc = "true: the host creates the call engagement"},
          {"phoneNumber", STR, CC_F_E164, .doc = "deprecated alias of toNumber"});
CC_SCHEMA(cc_incoming_call_schema, CALL_ID, {"fromNumber", STR, REQ | CC_F_E164, .doc = "caller"},
          {"toNumber", STR, REQ | CC_F_E164, .doc = "the number that was called"},
          {"callStartTime", NUM, 0, .doc = "ms since the epoch"},
          {"createEngagement", BOOL, 0, .doc = "true: the host creates the call engagement"});
CC_SCHEMA(cc_call_id_schema, CALL_ID);
CC_SCHEMA(cc_call_ended_schema, CALL_ID, {"engagementId", NUM, CC_F_ID},
          {"callEndStatus", STR, CC_F_STRIP_INTERNAL, CC_CALL_END_STATUSES});

/* null for a property means "no value", never a type error: HubSpot's CRM
 * properties API clears a property given null, and HubSpot's own React demo
 * widget completes an unrecorded call with hs_call_recording_url: null.
 * Shared by CALL_COMPLETED data.engagementProperties and the REST inbound-call
 * body; other payloads keep null a type error where null is not listed. */
CC_SCHEMA_NULL_IS_ABSENT(cc_engagement_properties_schema,
          {"hs_timestamp", NUM | STR, 0, .doc = "positions the call on the timeline"},
          {"hs_call_body", STR, 0, .doc = "notes"}, {"hs_call_callee_object_id", STR | NUM, 0},
          {"hs_call_callee_object_type", STR, 0}, {"hs_call_direction", STR, 0, CALL_DIRECTIONS},
          {"hs_call_disposition", STR, 0, .doc = "outcome id"},
          {"hs_call_duration", STR | NUM, CC_F_DIGITS, .doc = "milliseconds"},
          {"hs_call_from_number", STR, 0}, {"hs_call_to_number", STR, 0},
          {"hs_call_recording_url", STR, CC_F_HTTPS_URL, .doc = "https only; .mp3 or .wav"},
          {"hs_call_status", STR, 0, CC_HS_CALL_STATUSES}, {"hs_call_title", STR, 0},
          {"hs_call_source", STR, 0, CALL_SOURCES}, {"hubspot_owner_id", STR | NUM, 0},
          {"hs_activity_type", STR, 0}, {"hs_attachment_ids", STR, 0, .doc = "semicolon-separated"});
CC_SCHEMA(cc_call_completed_schema, CALL_ID, {"engagementId", NUM | STR, 0},
          {"hideWidget", BOOL, 0, .doc = "false keeps the widget open (host default true)"},
          {"engagementProperties", OBJ, 0, .child = &cc_engagement_properties_schema,
           .doc = "call properties the host writes; answered by UPDATE_ENGAGEMENT_*"});
CC_SCHEMA(cc_finalize_schema, CALL_ID, {"engagementId", NUM, REQ | CC_F_ID});

CC_SCHEMA(cc_coordinates_schema, {"portalId", NUM, REQ | CC_F_ID}, {"objectId", NUM, REQ | CC_F_ID},
          {"objectTypeId", STR, REQ | CC_F_SOFT, CC_OBJECT_TYPE_IDS});
CC_SCHEMA(cc_navigate_schema, {"objectCoordinates", OBJ, REQ, .child = &cc_coordinates_schema},
          {"engagementId", NUM, CC_F_ID},
          {"openIn", STR, 0, CC_OPEN_IN, .doc = "where the host opens the record (SDK 0.9.7); absent: the host decides"});
CC_SCHEMA(cc_navigate_failed_schema, {"engagementId", NUM, CC_F_ID},
          {"objectCoordinates", OBJ, 0, .child = &cc_coordinates_schema});

CC_SCHEMA(cc_error_schema, {"message", STR, 0, .doc = "shown to the user in an alert"},
          {"type", STR, CC_F_SOFT, CC_ERROR_TYPES}, {"data", OBJ, 0});
CC_SCHEMA(cc_resize_schema, {"width", NUM, REQ | CC_F_POSITIVE}, {"height", NUM, REQ | CC_F_POSITIVE});
CC_SCHEMA(cc_widget_url_schema, {"iFrameUrl", STR, REQ | CC_F_HTTP_URL, .doc = "where the widget is moving"});
CC_SCHEMA(cc_engagement_id_schema, {"engagementId", NUM, REQ | CC_F_ID});
CC_SCHEMA(cc_error_message_schema, {"message", STR, 0});
CC_SCHEMA(cc_failure_schema, {"error", OBJ, 0, .child = &cc_error_message_schema});

CC_SCHEMA(cc_caller_id_match_schema, {"callerIdType", STR, REQ, CC_CALLER_ID_TYPES},
          {"objectCoordinates", OBJ, REQ, .child = &cc_coordinates_schema}, {"firstName", STR, 0},
          {"lastName", STR, 0}, {"email", STR, 0}, {"name", STR, 0, .doc = "company name"});
CC_SCHEMA(cc_caller_id_schema, {"callerIdMatches", ARR, REQ, .child = &cc_caller_id_match_schema});
CC_SCHEMA(cc_publish_result_schema, {"engagementId", NUM, CC_F_ID}, {"externalCallId", STR, 0});
CC_SCHEMA(cc_visibility_schema, {"isMinimized", BOOL, 0}, {"isHidden", BOOL, 0});

