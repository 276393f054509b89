/* Violations: what the core found wrong, collected per event before the policy decides. */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdarg.h>
#include <stddef.h>

#include "json_util.h"

typedef enum cc_severity { CC_WARNING, CC_ERROR } cc_severity;

/* Stable violation codes. The table in report.c gives each one its name,
 * default severity and a one-line summary (exported in the catalogue). */
typedef enum cc_code {
  /* input that cannot be used at all */
  CC_V_MALFORMED_JSON,
  CC_V_TOO_LARGE,
  CC_V_TOO_DEEP,
  CC_V_STRING_TOO_LONG,
  CC_V_NOT_AN_OBJECT,
  CC_V_MISSING_TYPE,
  CC_V_TYPE_NOT_STRING,
  CC_V_MISSING_MESSAGE_ID,
  CC_V_MESSAGE_ID_NOT_STRING,
  CC_V_DUPLICATE_KEY,
  /* origins, windows and the handshake */
  CC_V_SOURCE_NOT_PEER,
  CC_V_ORIGIN_NOT_ALLOWED,
  CC_V_ORIGIN_MISMATCH,
  CC_V_HOST_URL_MISMATCH,
  CC_V_IFRAME_URL_MISMATCH,
  CC_V_BAD_ORIGIN,
  CC_V_SYNC_ON_HOST,
  CC_V_REPEATED_SYNC,
  CC_V_ORPHAN_REPLY,
  CC_V_NOT_READY,
  CC_V_QUEUE_FULL,
  CC_V_SYNC_ACK_FAILED,
  /* the catalogue */
  CC_V_UNKNOWN_TYPE,
  CC_V_INHERITED_TYPE_NAME,
  CC_V_WRONG_DIRECTION,
  CC_V_LOCAL_TYPE_ON_WIRE,
  CC_V_DEPRECATED_TYPE,
  CC_V_VERSION_TOO_OLD,
  CC_V_WIDGET_REJECTED_TYPE,
  CC_V_ERROR_FOR_ERROR,
  CC_V_NO_HANDLER,
  CC_V_UNKNOWN_HANDLER,
  CC_V_PAYLOAD_IGNORED,
  /* payload fields */
  CC_V_DATA_NOT_OBJECT,
  CC_V_FIELD_REQUIRED,
  CC_V_FIELD_TYPE,
  CC_V_FIELD_ENUM,
  CC_V_FIELD_FORMAT,
  CC_V_FIELD_RANGE,
  CC_V_FIELD_EMPTY,
  CC_V_FIELD_MISSPELLED,
  CC_V_STATUS_PREFIXED,
  CC_V_VALUE_TRUNCATED,
  CC_V_NOT_SELECTABLE,
  /* the session and its calls */
  CC_V_NOT_INITIALIZED,
  CC_V_NOT_LOGGED_IN,
  CC_V_ALREADY_LOGGED_IN,
  CC_V_ALREADY_LOGGED_OUT,
  CC_V_NOT_AVAILABLE,
  CC_V_CALL_ACTIVE,
  CC_V_DUPLICATE_DIAL,
  CC_V_DUPLICATE_CALL,
  CC_V_UNKNOWN_CALL,
  CC_V_ILLEGAL_TRANSITION,
  CC_V_UNEXPECTED_REPLY,
  CC_V_ENGAGEMENT_MISMATCH,
  CC_V_ENGAGEMENT_PENDING,
  CC_V_TOO_MANY_CALLS,
  CC_V_CALL_NOT_COMPLETED,
  CC_V_CALL_LEFT_OPEN,
  /* several instances (option instances) */
  CC_V_PEER_MALFORMED,
  CC_V_PEER_CHANNEL_MISMATCH,
  CC_V_PEER_FROM_SELF,
  CC_V_PEER_MEMBERS_FULL,
  CC_V_PEER_REFUSED,
  CC_V_ANSWERED_ELSEWHERE,
  CC_V_WAITING_FOR_LEADER,
  CC_V_CALL_HANDED_OVER,
  /* the report itself */
  CC_V_MORE_VIOLATIONS,
  CC_V_COUNT
} cc_code;

const char *cc_code_name(cc_code code);
cc_severity cc_code_severity(cc_code code);
const char *cc_code_summary(cc_code code);
/* The violation that names the rule a text broke. */
cc_code cc_parse_failure_code(cc_parse_failure failure);

/* The words of a violation action (exported in the catalogue), each list
 * NULL-terminated: its severity ("warning", "error": indexed by cc_severity),
 * its direction (where the finding was made) and its outcome (what became
 * of the message). */
typedef enum cc_direction_word { CC_INBOUND, CC_OUTBOUND, CC_LOCAL_FINDING, CC_PEER_FINDING } cc_direction_word;
typedef enum cc_outcome { CC_RELAYED, CC_REFUSED, CC_DROPPED, CC_QUEUED, CC_REPORTED } cc_outcome;
extern const char *const CC_SEVERITIES[];
extern const char *const CC_REPORT_DIRECTIONS[]; /* indexed by cc_direction_word */
extern const char *const CC_REPORT_OUTCOMES[];   /* indexed by cc_outcome */
const char *cc_severity_name(cc_severity severity);

#define CC_REPORT_CAPACITY 32
#define CC_FIELD_MAX 96
#define CC_MESSAGE_MAX 384

typedef struct cc_violation {
  cc_code code;
  cc_severity severity;
  char field[CC_FIELD_MAX];
  char message[CC_MESSAGE_MAX];
} cc_violation;

/* One event's findings. Beyond the capacity only a count is kept, so a
 * hostile payload with thousands of bad fields costs bounded memory; an
 * error takes the place of a warning already listed, so what makes a
 * message fail is always listed while any warning is. */
typedef struct cc_report {
  cc_violation items[CC_REPORT_CAPACITY];
  size_t count;
  size_t overflow;        /* findings not listed */
  size_t overflow_errors; /* of which errors: only when every listed finding is one */
  const char *subject; /* what sentences start with: "callEnded", "DIAL_NUMBER" */
  int rewrote;         /* a check rewrote a value of the tree it checked (schema.c's rewrite_string):
                          the tree can no longer be copied as the text it was parsed from */
} cc_report;

/* Starts an event's report. Every event (a receive, a send, a tick's
 * findings) has its own, on the stack, passed to whatever adds to it. */
void cc_report_reset(cc_report *report, const char *subject);
/* Adds a violation; `field` may be NULL. The sentence is "<subject>: <fmt...>". */
void cc_report_add(cc_report *report, cc_code code, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void cc_report_add_severity(cc_report *report, cc_code code, cc_severity severity, const char *field,
                            const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
int cc_report_has_errors(const cc_report *report);
int cc_report_has_code(const cc_report *report, cc_code code);

/* Quote a value for a sentence: strings in quotes, cut to a readable length. */
void cc_describe_value(const void *cjson_item, char *out, size_t out_len);

#endif
