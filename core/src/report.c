#include "report.h"

#include <cjson/cJSON.h>

#include "callcore.h"
#include <stdio.h>
#include <string.h>

typedef struct cc_code_info {
  const char *name;
  cc_severity severity;
  const char *summary;
} cc_code_info;

/* Indexed by cc_code; the names are part of the public contract. */
static const cc_code_info code_table[CC_V_COUNT] = {
    [CC_V_MALFORMED_JSON] = {"MALFORMED_JSON", CC_ERROR, "input is not valid JSON"},
    [CC_V_TOO_LARGE] = {"TOO_LARGE", CC_ERROR, "input is over the size limit"},
    [CC_V_TOO_DEEP] = {"TOO_DEEP", CC_ERROR, "input nests deeper than the depth limit"},
    [CC_V_STRING_TOO_LONG] = {"STRING_TOO_LONG", CC_ERROR, "a string is over the length limit"},
    [CC_V_NOT_AN_OBJECT] = {"NOT_AN_OBJECT", CC_ERROR, "a message must be an object"},
    [CC_V_MISSING_TYPE] = {"MISSING_TYPE", CC_ERROR, "a message needs a non-empty type"},
    [CC_V_TYPE_NOT_STRING] = {"TYPE_NOT_STRING", CC_ERROR, "type must be a string"},
    [CC_V_MISSING_MESSAGE_ID] = {"MISSING_MESSAGE_ID", CC_ERROR, "a received message needs a truthy messageId"},
    [CC_V_MESSAGE_ID_NOT_STRING] = {"MESSAGE_ID_NOT_STRING", CC_WARNING, "messageId should be a string"},
    [CC_V_DUPLICATE_KEY] = {"DUPLICATE_KEY", CC_ERROR, "a JSON object writes one key twice; readers disagree on its value"},
    [CC_V_SOURCE_NOT_PEER] = {"SOURCE_NOT_PEER", CC_ERROR, "the message came from a window other than the peer"},
    [CC_V_ORIGIN_NOT_ALLOWED] = {"ORIGIN_NOT_ALLOWED", CC_ERROR, "the origin is not in the allow-list"},
    [CC_V_ORIGIN_MISMATCH] = {"ORIGIN_MISMATCH", CC_ERROR, "the message came from an origin other than the peer's"},
    [CC_V_HOST_URL_MISMATCH] = {"HOST_URL_MISMATCH", CC_ERROR, "SYNC hostUrl differs from the origin that sent it"},
    [CC_V_IFRAME_URL_MISMATCH] = {"IFRAME_URL_MISMATCH", CC_ERROR,
                                  "SYNC_ACK iFrameUrl differs from the origin that sent it; the host stays there"},
    [CC_V_BAD_ORIGIN] = {"BAD_ORIGIN", CC_ERROR, "not an origin or URL that can be targeted"},
    [CC_V_SYNC_ON_HOST] = {"SYNC_ON_HOST", CC_ERROR, "a host never answers SYNC"},
    [CC_V_REPEATED_SYNC] = {"REPEATED_SYNC", CC_WARNING, "the widget answers one SYNC per page load"},
    [CC_V_ORPHAN_REPLY] = {"ORPHAN_REPLY", CC_WARNING, "a reply to nothing this session is waiting for"},
    [CC_V_NOT_READY] = {"NOT_READY", CC_WARNING, "sent before the handshake completed; queued"},
    [CC_V_QUEUE_FULL] = {"QUEUE_FULL", CC_ERROR, "too many messages waiting for the handshake"},
    [CC_V_SYNC_ACK_FAILED] = {"SYNC_ACK_FAILED", CC_ERROR, "the widget did not answer SYNC within 30 seconds"},
    [CC_V_UNKNOWN_TYPE] = {"UNKNOWN_TYPE", CC_ERROR, "a type this role does not handle"},
    [CC_V_INHERITED_TYPE_NAME] = {"INHERITED_TYPE_NAME", CC_ERROR, "a JavaScript built-in name used as a type"},
    [CC_V_WRONG_DIRECTION] = {"WRONG_DIRECTION", CC_ERROR, "the type travels the other way"},
    [CC_V_LOCAL_TYPE_ON_WIRE] = {"LOCAL_TYPE_ON_WIRE", CC_ERROR, "a local event name arrived as a message"},
    [CC_V_DEPRECATED_TYPE] = {"DEPRECATED_TYPE", CC_WARNING, "the type is deprecated"},
    [CC_V_VERSION_TOO_OLD] = {"VERSION_TOO_OLD", CC_ERROR, "the widget's SDK version does not know the type"},
    [CC_V_WIDGET_REJECTED_TYPE] = {"WIDGET_REJECTED_TYPE", CC_WARNING, "the peer answered UNKNOWN_MESSAGE_TYPE"},
    [CC_V_ERROR_FOR_ERROR] = {"ERROR_FOR_ERROR", CC_ERROR, "the peer answered an ERROR with an ERROR"},
    [CC_V_NO_HANDLER] = {"NO_HANDLER", CC_WARNING, "no handler and no defaultEventHandler for a message"},
    [CC_V_UNKNOWN_HANDLER] = {"UNKNOWN_HANDLER", CC_WARNING, "an eventHandlers key the SDK never calls"},
    [CC_V_PAYLOAD_IGNORED] = {"PAYLOAD_IGNORED", CC_WARNING, "the method takes no payload"},
    [CC_V_DATA_NOT_OBJECT] = {"DATA_NOT_OBJECT", CC_ERROR, "data must be an object"},
    [CC_V_FIELD_REQUIRED] = {"FIELD_REQUIRED", CC_ERROR, "a required field is missing"},
    [CC_V_FIELD_TYPE] = {"FIELD_TYPE", CC_ERROR, "a field has the wrong JSON type"},
    [CC_V_FIELD_ENUM] = {"FIELD_ENUM", CC_ERROR, "a field is not one of its allowed values"},
    [CC_V_FIELD_FORMAT] = {"FIELD_FORMAT", CC_ERROR, "a field does not have the required format"},
    [CC_V_FIELD_RANGE] = {"FIELD_RANGE", CC_ERROR, "a number is out of range"},
    [CC_V_FIELD_EMPTY] = {"FIELD_EMPTY", CC_ERROR, "a field must not be empty"},
    [CC_V_FIELD_MISSPELLED] = {"FIELD_MISSPELLED", CC_WARNING, "an unknown key differs from a known one only by case"},
    [CC_V_STATUS_PREFIXED] = {"STATUS_PREFIXED", CC_WARNING, "an INTERNAL_ prefixed status was rewritten"},
    [CC_V_VALUE_TRUNCATED] = {"VALUE_TRUNCATED", CC_WARNING, "a value was cut to its maximum length"},
    [CC_V_NOT_SELECTABLE] = {"NOT_SELECTABLE", CC_WARNING, "a phone number with an extension cannot be selected"},
    [CC_V_NOT_INITIALIZED] = {"NOT_INITIALIZED", CC_ERROR, "INITIALIZED has not been sent yet"},
    [CC_V_NOT_LOGGED_IN] = {"NOT_LOGGED_IN", CC_ERROR, "the user is not logged in"},
    [CC_V_ALREADY_LOGGED_IN] = {"ALREADY_LOGGED_IN", CC_ERROR, "the user is already logged in"},
    [CC_V_ALREADY_LOGGED_OUT] = {"ALREADY_LOGGED_OUT", CC_ERROR, "the user is already logged out"},
    [CC_V_NOT_AVAILABLE] = {"NOT_AVAILABLE", CC_ERROR, "the user said they are unavailable"},
    [CC_V_CALL_ACTIVE] = {"CALL_ACTIVE", CC_ERROR, "not allowed while a call is active"},
    [CC_V_DUPLICATE_DIAL] = {"DUPLICATE_DIAL", CC_ERROR, "the same DIAL_NUMBER arrived twice"},
    [CC_V_DUPLICATE_CALL] = {"DUPLICATE_CALL", CC_ERROR, "a call with this externalCallId was already started"},
    [CC_V_UNKNOWN_CALL] = {"UNKNOWN_CALL", CC_ERROR, "no call with this externalCallId was started"},
    [CC_V_ILLEGAL_TRANSITION] = {"ILLEGAL_TRANSITION", CC_ERROR, "the call is not in a state that allows this"},
    [CC_V_UNEXPECTED_REPLY] = {"UNEXPECTED_REPLY", CC_ERROR, "a reply nothing asked for"},
    [CC_V_ENGAGEMENT_MISMATCH] = {"ENGAGEMENT_MISMATCH", CC_ERROR, "the engagementId belongs to another call"},
    [CC_V_ENGAGEMENT_PENDING] = {"ENGAGEMENT_PENDING", CC_WARNING, "the engagement has not been created yet"},
    [CC_V_TOO_MANY_CALLS] = {"TOO_MANY_CALLS", CC_ERROR, "more open calls than the session tracks"},
    [CC_V_CALL_NOT_COMPLETED] = {"CALL_NOT_COMPLETED", CC_ERROR, "a call ended but CALL_COMPLETED never followed"},
    [CC_V_CALL_LEFT_OPEN] = {"CALL_LEFT_OPEN", CC_ERROR, "the page went away with a call not completed"},
    [CC_V_PEER_MALFORMED] = {"PEER_MALFORMED", CC_ERROR, "a message on the instance channel breaks its format"},
    [CC_V_PEER_CHANNEL_MISMATCH] = {"PEER_CHANNEL_MISMATCH", CC_ERROR,
                                    "a message on the instance channel names another channel"},
    [CC_V_PEER_FROM_SELF] = {"PEER_FROM_SELF", CC_ERROR,
                             "a message on the instance channel says it is from this very member: two instances "
                             "share one member id"},
    [CC_V_PEER_MEMBERS_FULL] = {"PEER_MEMBERS_FULL", CC_WARNING, "more instances than a session keeps track of"},
    [CC_V_PEER_REFUSED] = {"PEER_REFUSED", CC_ERROR, "the instance that owns the call refused a call forwarded to it"},
    [CC_V_ANSWERED_ELSEWHERE] = {"ANSWERED_ELSEWHERE", CC_ERROR,
                                 "another instance answered the call first; this answer was not sent"},
    [CC_V_WAITING_FOR_LEADER] = {"WAITING_FOR_LEADER", CC_WARNING,
                                 "no instance leads yet; the call is kept until one does"},
    [CC_V_CALL_HANDED_OVER] = {"CALL_HANDED_OVER", CC_WARNING,
                               "the page went away with a call open; another instance took it over"},
    [CC_V_MORE_VIOLATIONS] = {"MORE_VIOLATIONS", CC_WARNING,
                              "more findings than one event lists; only their number is given"},
};

const char *const CC_SEVERITIES[] = {[CC_WARNING] = "warning", [CC_ERROR] = "error", NULL};
const char *const CC_REPORT_DIRECTIONS[] = {
    [CC_INBOUND] = "inbound",        /* a message received, or a handler chosen for one */
    [CC_OUTBOUND] = "outbound",      /* a message the app or the session sends */
    [CC_LOCAL_FINDING] = "local",    /* the session itself: options, timers, unload */
    [CC_PEER_FINDING] = "peer",      /* a message from another instance (option instances) */
    NULL};
const char *const CC_REPORT_OUTCOMES[] = {
    [CC_RELAYED] = "relayed",   /* it went through all the same */
    [CC_REFUSED] = "refused",   /* strict policy, or unusable: it was not sent */
    [CC_DROPPED] = "dropped",   /* a received message was ignored */
    [CC_QUEUED] = "queued",     /* kept until the handshake */
    [CC_REPORTED] = "reported", /* nothing was sent or received: a finding only */
    NULL};

const char *cc_severity_name(cc_severity severity) {
  return CC_SEVERITIES[severity == CC_ERROR ? CC_ERROR : CC_WARNING];
}

const char *cc_code_name(cc_code code) { return code < CC_V_COUNT ? code_table[code].name : "UNKNOWN"; }
cc_severity cc_code_severity(cc_code code) { return code < CC_V_COUNT ? code_table[code].severity : CC_ERROR; }
const char *cc_code_summary(cc_code code) { return code < CC_V_COUNT ? code_table[code].summary : ""; }

cc_code cc_parse_failure_code(cc_parse_failure failure) {
  switch (failure) {
    case CC_PARSE_TOO_LARGE: return CC_V_TOO_LARGE;
    case CC_PARSE_TOO_DEEP: return CC_V_TOO_DEEP;
    case CC_PARSE_STRING_TOO_LONG: return CC_V_STRING_TOO_LONG;
    case CC_PARSE_DUPLICATE_KEY: return CC_V_DUPLICATE_KEY;
    default: return CC_V_MALFORMED_JSON;
  }
}

void cc_report_reset(cc_report *report, const char *subject) {
  report->count = 0;
  report->overflow = 0;
  report->overflow_errors = 0;
  report->subject = subject;
  report->rewrote = 0;
}

static void report_addv(cc_report *report, cc_code code, cc_severity severity, const char *field,
                        const char *fmt, va_list args) {
  cc_violation *v = NULL;
  if (report->count == CC_REPORT_CAPACITY) {
    report->overflow++;
    if (severity != CC_ERROR) return;
    /* The newest warning listed gives way (its place, then the rest move up), so the list keeps
     * the order findings were made in. */
    size_t at = CC_REPORT_CAPACITY;
    while (at > 0 && report->items[at - 1].severity == CC_ERROR) at--;
    if (at == 0) {
      report->overflow_errors++;
      return;
    }
    memmove(&report->items[at - 1], &report->items[at], (CC_REPORT_CAPACITY - at) * sizeof *report->items);
    v = &report->items[CC_REPORT_CAPACITY - 1];
  } else {
    v = &report->items[report->count++];
  }
  v->code = code;
  v->severity = severity;
  snprintf(v->field, sizeof v->field, "%s", field ? field : "");
  int n = snprintf(v->message, sizeof v->message, "%s: ", report->subject ? report->subject : "callcore");
  if (n < 0 || (size_t)n >= sizeof v->message) return;
  vsnprintf(v->message + n, sizeof v->message - (size_t)n, fmt, args);
}

void cc_report_add(cc_report *report, cc_code code, const char *field, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  report_addv(report, code, cc_code_severity(code), field, fmt, args);
  va_end(args);
}

void cc_report_add_severity(cc_report *report, cc_code code, cc_severity severity, const char *field,
                            const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  report_addv(report, code, severity, field, fmt, args);
  va_end(args);
}

int cc_report_has_errors(const cc_report *report) {
  for (size_t i = 0; i < report->count; i++)
    if (report->items[i].severity == CC_ERROR) return 1;
  return report->overflow_errors > 0;
}

int cc_report_has_code(const cc_report *report, cc_code code) {
  for (size_t i = 0; i < report->count; i++)
    if (report->items[i].code == code) return 1;
  return 0;
}

void cc_describe_value(const void *cjson_item, char *out, size_t out_len) {
  const cJSON *item = cjson_item;
  enum { SHOWN = 48 };
  if (!item) {
    snprintf(out, out_len, "nothing");
  } else if (cJSON_IsString(item) && strcmp(item->valuestring, CALLCORE_UNDEFINED) == 0) {
    snprintf(out, out_len, "undefined");
  } else if (cJSON_IsString(item)) {
    size_t len = strlen(item->valuestring);
    if (len > SHOWN)
      snprintf(out, out_len, "\"%.*s...\"", SHOWN, item->valuestring);
    else
      snprintf(out, out_len, "\"%s\"", item->valuestring);
  } else if (cJSON_IsNumber(item)) {
    snprintf(out, out_len, "%.15g", item->valuedouble);
  } else if (cJSON_IsBool(item)) {
    snprintf(out, out_len, "%s", cJSON_IsTrue(item) ? "true" : "false");
  } else if (cJSON_IsNull(item)) {
    snprintf(out, out_len, "null");
  } else if (cJSON_IsArray(item)) {
    snprintf(out, out_len, "an array");
  } else {
    snprintf(out, out_len, "an object");
  }
}
