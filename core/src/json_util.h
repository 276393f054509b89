/* JSON at the boundary: bounded parsing, the `undefined` sentinel, small accessors. */
#ifndef CC_JSON_UTIL_H
#define CC_JSON_UTIL_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "callcore.h"

typedef struct cc_limits {
  size_t max_envelope_bytes;
  size_t max_depth;
  size_t max_string_length;
  size_t max_calls;
  size_t max_queued;
} cc_limits;

/* The deepest nesting any limits allow (the parse keeps a chain that deep). */
#define CC_MAX_DEPTH_BOUND 128

/* Defaults generous enough for real payloads (call notes run to 64 KiB). */
extern const cc_limits CC_DEFAULT_LIMITS;
/* Ceilings an option may not exceed: they keep a session's memory bounded. */
extern const cc_limits CC_MAX_LIMITS;

/* Which rule a text broke (report.h turns it into a violation code). */
typedef enum cc_parse_failure {
  CC_PARSE_MALFORMED,
  CC_PARSE_TOO_LARGE,
  CC_PARSE_TOO_DEEP,
  CC_PARSE_STRING_TOO_LONG, /* CALLCORE_E_TOO_LARGE too, but a different rule */
  CC_PARSE_DUPLICATE_KEY    /* CALLCORE_E_JSON too */
} cc_parse_failure;

#define CC_PARSE_FIELD_MAX 96

typedef struct cc_parse_error {
  callcore_errno err;
  cc_parse_failure failure;
  char why[160];
  char field[CC_PARSE_FIELD_MAX]; /* the member at fault ("" when the rule is about the whole text) */
} cc_parse_error;

/* Parses `text` after checking its size and nesting depth, then the length of
 * every string and that no object writes a key twice. On failure returns NULL
 * and fills `e`. */
cJSON *cc_parse_bounded(const char *text, const cc_limits *limits, cc_parse_error *e);

/* The same; *canonical says whether json_writer.c prints the tree back as
 * exactly `text` (compact, no escapes, whole numbers only: see json_util.c).
 * Only as long as nothing rewrites the tree, of course. */
cJSON *cc_parse_bounded_canonical(const char *text, const cc_limits *limits, cc_parse_error *e, int *canonical);

int cc_is_undefined(const cJSON *item);
cJSON *cc_create_undefined(void);

/* Exact-case member lookup (cJSON_GetObjectItem ignores case). */
cJSON *cc_get(const cJSON *object, const char *key);
/* A string member, or NULL when absent or not a string. */
const char *cc_get_string(const cJSON *object, const char *key);
/* JavaScript truthiness of a member (absent and undefined are falsy). */
int cc_truthy(const cJSON *item);

/* Sets `key` to `value` in place when present, else appends it; takes `value`. */
int cc_set(cJSON *object, const char *key, cJSON *value);


/* A copy of `text` on the heap (strdup is not in C11). */
char *cc_strdup(const char *text);

#endif
