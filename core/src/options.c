/* Session options, table-driven: each row names one option, the roles it
 * applies to, its kind, its default, its bounds or values and a line of doc.
 * The same rows parse callcore_session_new's options and export the
 * catalogue's "options" (cc_options_to_json), so the two cannot disagree. */
#include "options.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payloads.h"
#include "session.h"

typedef enum option_kind {
  OPT_ENUM,     /* one of `values`; stored as its index (an int-sized enum) */
  OPT_BOOL,     /* stored as an int: 0, 1, or `def` when absent (-1: undefined) */
  OPT_NUMBER,   /* a number in [min, max]; stored as a double */
  OPT_WHOLE,    /* a whole number in [min, max]; stored as its decimal digits */
  OPT_STRING,   /* a string of at most `max` bytes; stored on the heap */
  OPT_LIMITS,   /* an object of whole numbers, the rows of limit_fields; a cc_limits */
  OPT_ORIGIN,   /* an origin ("" or absent: none); stored normalised */
  OPT_PATTERNS, /* a list of origin patterns (one "*" in the host, or "*") */
  OPT_STRINGS,  /* a list of short strings */
  OPT_OBJECT,   /* any object, kept as a copy */
  OPT_INSTANCES /* an object, the rows of instance_fields; a cc_instances on the heap (absent: NULL) */
} option_kind;

enum { FOR_WIDGET = 1u << CC_ROLE_WIDGET, FOR_HOST = 1u << CC_ROLE_HOST, FOR_BOTH = FOR_WIDGET | FOR_HOST };

enum {
  OPT_REQUIRED = 1 << 0,
  OPT_UNDEFINED_OK = 1 << 1, /* OPT_BOOL: CALLCORE_UNDEFINED is accepted, as absent */
  OPT_BINDING = 1 << 2,      /* filled in by a binding from the page, not the app's own choice */
};

#define LIST_MAX 256 /* entries of a list option */

typedef struct option_row {
  const char *name;
  unsigned roles;
  option_kind kind;
  unsigned flags;
  size_t at;                 /* offsetof the value in callcore_session */
  size_t size;               /* OPT_WHOLE, OPT_ORIGIN: bytes of the char array at `at` */
  size_t count_at;           /* lists: offsetof the entry count */
  size_t absent_at;          /* OPT_PATTERNS: offsetof an int set to 1 when the option is absent */
  const char *const *values; /* OPT_ENUM: the accepted strings, NULL-terminated */
  double def;                /* OPT_ENUM: the index; OPT_BOOL, OPT_NUMBER: the value */
  const char *def_text;      /* OPT_STRING */
  double min, max;           /* OPT_NUMBER, OPT_WHOLE; OPT_STRING: max bytes */
  const char *fallback;      /* OPT_ORIGIN: the option whose value an empty one takes */
  const cc_schema *schema;   /* OPT_OBJECT: the members it is meant to hold (exported) */
  const char *rule;          /* what "options.X must be ..." says, when not the kind's words */
  const char *doc;
} option_row;

const char *const CC_ROLE_NAMES[] = {"widget", "host", NULL}; /* indexed by cc_role */
const char *const CC_POLICY_NAMES[] = {"off", "warn", "strict", NULL}; /* indexed by cc_policy */

/* Enum options are written through an int. */
_Static_assert(sizeof(cc_role) == sizeof(int) && sizeof(cc_policy) == sizeof(int), "enum options are ints");
_Static_assert(CC_ROLE_WIDGET == 0 && CC_ROLE_HOST == 1, "CC_ROLE_NAMES follows cc_role");
_Static_assert(CC_POLICY_OFF == 0 && CC_POLICY_WARN == 1 && CC_POLICY_STRICT == 2, "CC_POLICY_NAMES follows cc_policy");

#define AT(field) .at = offsetof(callcore_session, field)
#define CHARS(field) AT(field), .size = sizeof(((callcore_session *)0)->field)

/* In the order they are checked: "role" first (the rows after it apply by
 * role), then the order of the sentences callers have always seen. */
static const option_row rows[] = {
    {"role", FOR_BOTH, OPT_ENUM, OPT_REQUIRED | OPT_BINDING, AT(role), .values = CC_ROLE_NAMES,
     .doc = "which end of the conversation the session is"},
    {"policy", FOR_BOTH, OPT_ENUM, 0, AT(policy), .values = CC_POLICY_NAMES, .def = CC_POLICY_WARN,
     .doc = "off: relay, report only refusals; warn: relay and report; strict: refuse to send, and report"},
    {"instanceId", FOR_BOTH, OPT_WHOLE, OPT_REQUIRED | OPT_BINDING, CHARS(instance_id), .min = 0,
     .max = 9007199254740991.0, .rule = "a whole number of milliseconds (Date.now() at construction)",
     .doc = "Date.now() when the SDK instance was built: the prefix of its messageIds"},
    {"version", FOR_BOTH, OPT_STRING, 0, AT(version), .def_text = CALLCORE_SDK_VERSION, .max = 32,
     .rule = "a short string such as \"0.9.6\"", .doc = "the SDK version announced in SYNC_ACK"},
    {"debugMode", FOR_BOTH, OPT_BOOL, OPT_UNDEFINED_OK, AT(debug_mode), .def = -1,
     .doc = "the app's debugMode; absent or undefined: SYNC_ACK carries it as undefined"},
    {"failedCatchAll", FOR_BOTH, OPT_BOOL, 0, AT(failed_catch_all), .def = 0,
     .doc = "true: every *_FAILED also reaches onFailed; false: the reference's handler keyed \"FAILED\""},
    {"deliver", FOR_BOTH, OPT_BOOL, OPT_BINDING, AT(deliver), .def = 0,
     .doc = "true: messages for the app go to its message handler (\"deliver\"), which calls callcore_dispatch"},
    {"previewDispatch", FOR_BOTH, OPT_BOOL, OPT_BINDING, AT(preview_dispatch), .def = 0,
     .doc = "with deliver: a received message's deliver action is followed by the actions callcore_dispatch would "
            "queue for it, marked preview; they may be performed instead of that call while nothing else is fed"},
    {"postAsIs", FOR_BOTH, OPT_BOOL, OPT_BINDING, AT(post_as_is), .def = 0,
     .doc = "a post of the message given to callcore_call(\"sendMessage\"), unchanged but for the members the "
            "session added after its own, comes as {asIs: true, append} instead of its envelope"},
    {"handlers", FOR_BOTH, OPT_STRINGS, OPT_BINDING, AT(handlers), .count_at = offsetof(callcore_session, handler_count),
     .doc = "the eventHandlers keys the app supplied"},
    {"limits", FOR_BOTH, OPT_LIMITS, 0, AT(limits), .doc = "bounds on what one session accepts and keeps"},
    {"completionTimeoutMs", FOR_BOTH, OPT_NUMBER, 0, AT(completion_timeout_ms), .def = 60000, .min = 0, .max = 86400000,
     .doc = "report a call ended but not completed after this long (0: never)"},
    {"dialDedupWindowMs", FOR_BOTH, OPT_NUMBER, 0, AT(dial_dedup_ms), .def = 2000, .min = 0, .max = 3600000,
     .doc = "identical DIAL_NUMBERs closer than this are duplicates"},
    {"allowedHostOrigins", FOR_WIDGET, OPT_PATTERNS, 0, AT(allowed_origins),
     .count_at = offsetof(callcore_session, allowed_count), .absent_at = offsetof(callcore_session, allowed_default),
     .doc = "origins a SYNC may come from (\"*\": any); default: HubSpot's, and loopback for a loopback widget"},
    {"allowedWidgetOrigins", FOR_HOST, OPT_PATTERNS, 0, AT(allowed_origins),
     .count_at = offsetof(callcore_session, allowed_count), .absent_at = offsetof(callcore_session, allowed_default),
     .doc = "the origins a host talks to: the iframe's, and where SET_WIDGET_URL may move it; default: any https "
            "origin, and http on loopback"},
    {"ownOrigin", FOR_WIDGET, OPT_ORIGIN, OPT_BINDING, CHARS(own_origin),
     .doc = "the widget page's origin (SYNC_ACK's iFrameUrl)"},
    {"referrerOrigin", FOR_WIDGET, OPT_ORIGIN, OPT_BINDING, CHARS(destination), .fallback = "ownOrigin",
     .doc = "the origin of document.referrer, where posts go until the handshake"},
    {"hostOrigin", FOR_HOST, OPT_ORIGIN, OPT_BINDING, CHARS(own_origin), .doc = "the host page's origin (SYNC's hostUrl)"},
    {"iframeOrigin", FOR_HOST, OPT_ORIGIN, OPT_BINDING, CHARS(destination), .doc = "the origin of the iframe's src"},
    {"syncFields", FOR_HOST, OPT_OBJECT, 0, AT(sync_fields), .schema = &cc_sync_schema,
     .doc = "context fields appended to every SYNC (portalId, userId, ...)"},
    {"instances", FOR_BOTH, OPT_INSTANCES, 0, AT(instances),
     .doc = "the app runs in several frames at once (widget, remote, window): the instances coordinate over a "
            "channel the binding relays (peer actions, callcore_peer), one speaks to HubSpot about each call "
            "(docs/instances.md); absent: each session stands alone"},
};

#define ROW_COUNT (sizeof rows / sizeof *rows)

/* The members of the limits option, each a whole number from 1 to its ceiling. */
static const struct limit_field {
  const char *name;
  size_t at; /* offsetof in cc_limits */
  const char *doc;
} limit_fields[] = {
    {"maxEnvelopeBytes", offsetof(cc_limits, max_envelope_bytes), "bytes of one message's JSON text"},
    {"maxDepth", offsetof(cc_limits, max_depth), "nesting depth of one message"},
    {"maxStringLength", offsetof(cc_limits, max_string_length), "bytes of one string in a message"},
    {"maxCalls", offsetof(cc_limits, max_calls), "calls tracked at once"},
    {"maxQueued", offsetof(cc_limits, max_queued), "calls kept until the handshake"},
};

/* The members of the instances option: two strings, three whole numbers of ms. */
static const struct instance_field {
  const char *name;
  int whole;        /* a whole number, else a string of 1 to max bytes */
  int required;
  unsigned flags;   /* OPT_BINDING: filled in by a binding */
  size_t at;        /* offsetof in cc_instances */
  double min, max, def;
  const char *doc;
} instance_fields[] = {
    {"channel", 0, 1, 0, offsetof(cc_instances, channel), 1, CC_CHANNEL_MAX - 1, 0,
     "the BroadcastChannel's name: every instance of the app shares it"},
    {"member", 0, 1, OPT_BINDING, offsetof(cc_instances, member), 1, CC_MEMBER_MAX - 1, 0,
     "this instance's id on the channel (crypto.randomUUID()), unique per instance"},
    {"heartbeatMs", 1, 0, 0, offsetof(cc_instances, heartbeat_ms), 50, 600000, 10000,
     "a here message this often, so the others know this instance is alive"},
    {"expireMs", 1, 0, 0, offsetof(cc_instances, expire_ms), 51, 3600000, 60000,
     "an instance silent this long is gone (its calls go to the next leader); more than heartbeatMs"},
    {"settleMs", 1, 0, 0, offsetof(cc_instances, settle_ms), 0, 10000, 250,
     "after the hello naming its frame, an instance waits this long for the others before it may lead"},
};

#define LIMIT(limits, field) (*(const size_t *)(const void *)((const char *)(limits) + (field)->at))

int cc_option_fail(cc_option_error *e, callcore_errno code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(e->reason, sizeof e->reason, fmt, args);
  va_end(args);
  e->code = code;
  return 0;
}

static void *field_of(callcore_session *s, size_t at) { return (char *)s + at; }

static int must_be(cc_option_error *e, const option_row *row, const char *words) {
  return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be %s", row->name, row->rule ? row->rule : words);
}

/* "widget" or "host"; "off", "warn" or "strict". */
static void values_in_words(const char *const *values, char *out, size_t out_len) {
  size_t n = 0, used = 0;
  while (values[n]) n++;
  out[0] = '\0';
  for (size_t i = 0; i < n && used < out_len; i++) {
    const char *joint = i == 0 ? "" : i + 1 == n ? " or " : ", ";
    int wrote = snprintf(out + used, out_len - used, "%s\"%s\"", joint, values[i]);
    if (wrote < 0) break;
    used += (size_t)wrote;
  }
}

static int read_enum(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  int index = (int)row->def;
  if (item) {
    const char *text = cJSON_IsString(item) && !cc_is_undefined(item) ? item->valuestring : NULL;
    index = -1;
    for (int i = 0; text && row->values[i]; i++)
      if (strcmp(row->values[i], text) == 0) index = i;
    if (index < 0) {
      char words[128];
      values_in_words(row->values, words, sizeof words);
      return must_be(e, row, words);
    }
  }
  memcpy(field_of(s, row->at), &index, sizeof index);
  return 1;
}

static int read_bool(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  if (item && !cJSON_IsBool(item) && !((row->flags & OPT_UNDEFINED_OK) && cc_is_undefined(item)))
    return must_be(e, row, "a boolean");
  int value = cJSON_IsBool(item) ? cJSON_IsTrue(item) : (int)row->def;
  memcpy(field_of(s, row->at), &value, sizeof value);
  return 1;
}

static int read_number(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  double value = row->def;
  if (item) {
    if (!cJSON_IsNumber(item) || !(item->valuedouble >= row->min && item->valuedouble <= row->max)) {
      char words[96];
      snprintf(words, sizeof words, "a number from %.0f to %.0f", row->min, row->max);
      return must_be(e, row, words);
    }
    value = item->valuedouble;
  }
  memcpy(field_of(s, row->at), &value, sizeof value);
  return 1;
}

static int read_whole(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  double value = row->def;
  if (item) {
    if (!cJSON_IsNumber(item) || item->valuedouble < row->min || item->valuedouble > row->max ||
        item->valuedouble != floor(item->valuedouble)) {
      char words[96];
      snprintf(words, sizeof words, "a whole number from %.0f to %.0f", row->min, row->max);
      return must_be(e, row, words);
    }
    value = item->valuedouble;
  }
  snprintf(field_of(s, row->at), row->size, "%.0f", value);
  return 1;
}

static int read_string(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  if (item && (!cJSON_IsString(item) || (double)strlen(item->valuestring) > row->max)) {
    char words[96];
    snprintf(words, sizeof words, "a string of at most %.0f bytes", row->max);
    return must_be(e, row, words);
  }
  char *copy = cc_strdup(item ? item->valuestring : row->def_text);
  if (!copy) return cc_option_fail(e, CALLCORE_E_NOMEM, "out of memory");
  memcpy(field_of(s, row->at), &copy, sizeof copy);
  return 1;
}

static int read_limits(callcore_session *s, const option_row *row, const cJSON *given, cc_option_error *e) {
  cc_limits *limits = field_of(s, row->at);
  *limits = CC_DEFAULT_LIMITS;
  if (!given) return 1;
  if (!cJSON_IsObject(given)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be an object", row->name);
  for (size_t i = 0; i < sizeof limit_fields / sizeof *limit_fields; i++) {
    const struct limit_field *field = &limit_fields[i];
    size_t ceiling = LIMIT(&CC_MAX_LIMITS, field);
    const cJSON *item = cc_get(given, field->name);
    if (!item) continue;
    if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) || item->valuedouble < 1 ||
        item->valuedouble > (double)ceiling)
      return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s.%s must be a whole number from 1 to %zu", row->name,
                            field->name, ceiling);
    size_t value = (size_t)item->valuedouble;
    memcpy((char *)limits + field->at, &value, sizeof value);
  }
  return 1;
}

static int read_instances(callcore_session *s, const option_row *row, const cJSON *given, cc_option_error *e) {
  if (!given) return 1; /* off: nothing changes */
  if (!cJSON_IsObject(given)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be an object", row->name);
  cc_instances *in = calloc(1, sizeof *in);
  if (!in) return cc_option_fail(e, CALLCORE_E_NOMEM, "out of memory");
  memcpy(field_of(s, row->at), &in, sizeof in); /* freed with the session, whatever follows */
  for (size_t i = 0; i < sizeof instance_fields / sizeof *instance_fields; i++) {
    const struct instance_field *f = &instance_fields[i];
    const cJSON *item = cc_get(given, f->name);
    char *at = (char *)in + f->at;
    if (!f->whole) {
      size_t n = cJSON_IsString(item) && !cc_is_undefined(item) ? strlen(item->valuestring) : 0;
      if (!n || (double)n > f->max)
        return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s.%s must be a string of 1 to %.0f bytes", row->name,
                              f->name, f->max);
      memcpy(at, item->valuestring, n + 1);
      continue;
    }
    double value = f->def;
    if (item) {
      if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) || item->valuedouble < f->min ||
          item->valuedouble > f->max)
        return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s.%s must be a whole number from %.0f to %.0f",
                              row->name, f->name, f->min, f->max);
      value = item->valuedouble;
    }
    memcpy(at, &value, sizeof value);
  }
  /* A member heard from at every heartbeat must not expire between two. */
  if (in->expire_ms <= in->heartbeat_ms)
    return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s.expireMs must be greater than heartbeatMs (%.0f)",
                          row->name, in->heartbeat_ms);
  return 1;
}

static int read_origin(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  if (!item || (cJSON_IsString(item) && item->valuestring[0] == '\0')) return 1;
  if (!cJSON_IsString(item)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be a string", row->name);
  char why[96];
  if (!cc_origin_normalize(item->valuestring, field_of(s, row->at), why, sizeof why))
    return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s \"%.80s\" %s", row->name, item->valuestring, why);
  return 1;
}

static int read_string_list(const cJSON *list, const char *key, char ***out, size_t *count, cc_option_error *e) {
  if (!list) return 1;
  if (!cJSON_IsArray(list)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be an array of strings", key);
  size_t n = (size_t)cJSON_GetArraySize(list);
  if (n > LIST_MAX) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s has %zu entries; %d at most", key, n, LIST_MAX);
  *out = calloc(n ? n : 1, sizeof **out);
  if (!*out) return cc_option_fail(e, CALLCORE_E_NOMEM, "out of memory");
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    if (!cJSON_IsString(item) || strlen(item->valuestring) >= CC_ORIGIN_MAX)
      return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s[%zu] must be a string under %d bytes", key, *count,
                            CC_ORIGIN_MAX);
    if (!((*out)[*count] = cc_strdup(item->valuestring))) return cc_option_fail(e, CALLCORE_E_NOMEM, "out of memory");
    (*count)++;
  }
  return 1;
}

/* Allow-list entries compare with event.origin, so each is reduced to an
 * origin as browsers write it ("HTTPS://X.com:443/" -> "https://x.com");
 * the one "*" of a pattern survives the trip as a placeholder label. */
static int normalize_patterns(char **entries, size_t count, const char *key, cc_option_error *e) {
  static const char placeholder[] = "callcore-wildcard";
  for (size_t i = 0; i < count; i++) {
    const char *entry = entries[i];
    if (strcmp(entry, "*") == 0) continue;
    const char *star = strchr(entry, '*');
    if (star && strchr(star + 1, '*'))
      return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" may hold one \"*\" at most", key, i,
                            entry);
    char spelled[CC_ORIGIN_MAX + sizeof placeholder], origin[CC_ORIGIN_MAX], why[96];
    int n = star ? snprintf(spelled, sizeof spelled, "%.*s%s%s", (int)(star - entry), entry, placeholder, star + 1)
                 : snprintf(spelled, sizeof spelled, "%s", entry);
    if (n < 0 || (size_t)n >= sizeof spelled || !cc_origin_normalize(spelled, origin, why, sizeof why))
      return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" %s", key, i, entry,
                            n < 0 || (size_t)n >= sizeof spelled ? "is too long" : why);
    const char *slash = strpbrk(entry + (strstr(entry, "://") ? strstr(entry, "://") - entry + 3 : 0), "/?#");
    if (slash && slash[strspn(slash, "/")] != '\0')
      return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" has a path; give an origin", key, i,
                            entry);
    if (star) {
      char *at = strstr(origin, placeholder);
      if (!at)
        return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" may use \"*\" only in the host name",
                              key, i, entry);
      memmove(at + 1, at + sizeof placeholder - 1, strlen(at + sizeof placeholder - 1) + 1);
      *at = '*';
    }
    strcpy(entries[i], origin); /* never longer: normalising only removes */
  }
  return 1;
}

static int read_list(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  char ***list = field_of(s, row->at);
  size_t *count = field_of(s, row->count_at);
  if (row->kind == OPT_PATTERNS) *(int *)field_of(s, row->absent_at) = item == NULL;
  if (!read_string_list(item, row->name, list, count, e)) return 0;
  return row->kind != OPT_PATTERNS || normalize_patterns(*list, *count, row->name, e);
}

static int read_object(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  if (!item) return 1;
  if (!cJSON_IsObject(item)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options.%s must be an object", row->name);
  cJSON *copy = cJSON_Duplicate(item, 1);
  if (!copy) return cc_option_fail(e, CALLCORE_E_NOMEM, "out of memory");
  memcpy(field_of(s, row->at), &copy, sizeof copy);
  return 1;
}

static int read_row(callcore_session *s, const option_row *row, const cJSON *item, cc_option_error *e) {
  if (!item && (row->flags & OPT_REQUIRED)) {
    if (row->kind == OPT_ENUM) {
      char words[128];
      values_in_words(row->values, words, sizeof words);
      return must_be(e, row, words);
    }
    return must_be(e, row, "given");
  }
  switch (row->kind) {
    case OPT_ENUM: return read_enum(s, row, item, e);
    case OPT_BOOL: return read_bool(s, row, item, e);
    case OPT_NUMBER: return read_number(s, row, item, e);
    case OPT_WHOLE: return read_whole(s, row, item, e);
    case OPT_STRING: return read_string(s, row, item, e);
    case OPT_LIMITS: return read_limits(s, row, item, e);
    case OPT_ORIGIN: return read_origin(s, row, item, e);
    case OPT_PATTERNS:
    case OPT_STRINGS: return read_list(s, row, item, e);
    case OPT_OBJECT: return read_object(s, row, item, e);
    case OPT_INSTANCES: return read_instances(s, row, item, e);
  }
  return 1;
}

static const option_row *find_row(const char *name, unsigned role) {
  for (size_t i = 0; i < ROW_COUNT; i++)
    if ((rows[i].roles & role) && strcmp(rows[i].name, name) == 0) return &rows[i];
  return NULL;
}

static int read_options(callcore_session *s, const cJSON *o, cc_option_error *e, cc_report *r) {
  if (!cJSON_IsObject(o)) return cc_option_fail(e, CALLCORE_E_OPTIONS, "options must be a JSON object");
  for (size_t i = 0; i < ROW_COUNT; i++) {
    const option_row *row = &rows[i];
    if (!(row->roles & (1u << s->role))) continue; /* s->role is set by the first row */
    if (!read_row(s, row, cc_get(o, row->name), e)) return 0;
  }
  /* An empty origin takes another's value: the SDK resolves an empty referrer to the page itself. */
  unsigned role = 1u << s->role;
  for (size_t i = 0; i < ROW_COUNT; i++) {
    const option_row *row = &rows[i], *from = row->fallback ? find_row(row->fallback, role) : NULL;
    if (!(row->roles & role) || !from) continue;
    char *value = field_of(s, row->at);
    if (!value[0]) memcpy(value, field_of(s, from->at), row->size < from->size ? row->size : from->size);
  }

  /* Catch misspelt handler names (the guide itself prints onCallerIDMatchFailed). */
  for (size_t i = 0; i < s->handler_count; i++)
    if (!cc_is_known_handler(s->handlers[i], s->role == CC_ROLE_HOST))
      cc_report_add(r, CC_V_UNKNOWN_HANDLER, s->handlers[i], "%s is not a handler the SDK ever calls",
                    s->handlers[i]);
  return 1;
}

int cc_options_read(callcore_session *s, const char *options_json, cc_option_error *e, cc_report *r) {
  cc_parse_error parse;
  cJSON *options = cc_parse_bounded(options_json, &CC_DEFAULT_LIMITS, &parse);
  if (!options)
    return cc_option_fail(e, parse.err == CALLCORE_E_ARGUMENT ? CALLCORE_E_ARGUMENT : CALLCORE_E_OPTIONS,
                          "options: %s", parse.why);
  int ok = read_options(s, options, e, r);
  cJSON_Delete(options);
  return ok;
}

/* ---- the export ---- */

static cJSON *strings_json(const char *const *values) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && values[i]; i++) cJSON_AddItemToArray(list, cJSON_CreateString(values[i]));
  return list;
}

static cJSON *roles_json(unsigned roles) {
  cJSON *list = cJSON_CreateArray();
  for (int role = 0; list && CC_ROLE_NAMES[role]; role++)
    if (roles & (1u << role)) cJSON_AddItemToArray(list, cJSON_CreateString(CC_ROLE_NAMES[role]));
  return list;
}

static cJSON *types_json(const option_row *row) {
  static const char *const names[] = {
      [OPT_ENUM] = "string",    [OPT_BOOL] = "boolean",  [OPT_NUMBER] = "number",  [OPT_WHOLE] = "number",
      [OPT_STRING] = "string",  [OPT_LIMITS] = "object", [OPT_ORIGIN] = "string",  [OPT_PATTERNS] = "array",
      [OPT_STRINGS] = "array",  [OPT_OBJECT] = "object", [OPT_INSTANCES] = "object",
  };
  cJSON *list = cJSON_CreateArray();
  if (!list) return NULL;
  cJSON_AddItemToArray(list, cJSON_CreateString(names[row->kind]));
  if (row->flags & OPT_UNDEFINED_OK) cJSON_AddItemToArray(list, cJSON_CreateString("undefined"));
  return list;
}

cJSON *cc_limits_to_json(const cc_limits *limits) {
  cJSON *out = cJSON_CreateObject();
  for (size_t i = 0; out && i < sizeof limit_fields / sizeof *limit_fields; i++)
    cJSON_AddNumberToObject(out, limit_fields[i].name, (double)LIMIT(limits, &limit_fields[i]));
  return out;
}

static cJSON *limit_fields_json(void) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < sizeof limit_fields / sizeof *limit_fields; i++) {
    const struct limit_field *field = &limit_fields[i];
    cJSON *f = cJSON_CreateObject();
    if (!f) break;
    cJSON_AddItemToArray(list, f);
    cJSON_AddStringToObject(f, "name", field->name);
    cJSON_AddItemToObject(f, "types", strings_json((const char *const[]){"number", NULL}));
    cJSON_AddBoolToObject(f, "whole", 1);
    cJSON_AddNumberToObject(f, "min", 1);
    cJSON_AddNumberToObject(f, "max", (double)LIMIT(&CC_MAX_LIMITS, field));
    cJSON_AddNumberToObject(f, "default", (double)LIMIT(&CC_DEFAULT_LIMITS, field));
    cJSON_AddStringToObject(f, "doc", field->doc);
  }
  return list;
}

static cJSON *instance_fields_json(void) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < sizeof instance_fields / sizeof *instance_fields; i++) {
    const struct instance_field *field = &instance_fields[i];
    cJSON *f = cJSON_CreateObject();
    if (!f) break;
    cJSON_AddItemToArray(list, f);
    cJSON_AddStringToObject(f, "name", field->name);
    cJSON_AddItemToObject(f, "types", strings_json((const char *const[]){field->whole ? "number" : "string", NULL}));
    cJSON_AddBoolToObject(f, "required", field->required);
    cJSON_AddStringToObject(f, "source", (field->flags & OPT_BINDING) ? "binding" : "app");
    if (field->whole) {
      cJSON_AddBoolToObject(f, "whole", 1);
      cJSON_AddNumberToObject(f, "min", field->min);
      cJSON_AddNumberToObject(f, "max", field->max);
      cJSON_AddNumberToObject(f, "default", field->def);
    } else {
      cJSON_AddNumberToObject(f, "minLength", field->min);
      cJSON_AddNumberToObject(f, "maxLength", field->max);
      cJSON_AddNullToObject(f, "default");
    }
    cJSON_AddStringToObject(f, "doc", field->doc);
  }
  return list;
}

static cJSON *list_items_json(const option_row *row) {
  cJSON *items = cJSON_CreateObject();
  if (!items) return NULL;
  cJSON_AddItemToObject(items, "types", strings_json((const char *const[]){"string", NULL}));
  cJSON_AddNumberToObject(items, "maxLength", CC_ORIGIN_MAX - 1);
  if (row->kind == OPT_PATTERNS) cJSON_AddStringToObject(items, "format", "origin-pattern");
  return items;
}

/* The value a session takes when the option is absent; null: none, or one the doc describes. */
static cJSON *default_json(const option_row *row) {
  if (row->flags & OPT_REQUIRED) return cJSON_CreateNull();
  switch (row->kind) {
    case OPT_ENUM: return cJSON_CreateString(row->values[(int)row->def]);
    case OPT_BOOL: return row->def < 0 ? cJSON_CreateNull() : cJSON_CreateBool(row->def != 0);
    case OPT_NUMBER: return cJSON_CreateNumber(row->def);
    case OPT_STRING: return cJSON_CreateString(row->def_text);
    case OPT_LIMITS: return cc_limits_to_json(&CC_DEFAULT_LIMITS);
    case OPT_STRINGS: return cJSON_CreateArray();
    default: return cJSON_CreateNull();
  }
}

static cJSON *row_json(const option_row *row) {
  cJSON *out = cJSON_CreateObject();
  if (!out) return NULL;
  cJSON_AddStringToObject(out, "name", row->name);
  cJSON_AddItemToObject(out, "roles", roles_json(row->roles));
  cJSON_AddStringToObject(out, "source", (row->flags & OPT_BINDING) ? "binding" : "app");
  cJSON_AddItemToObject(out, "types", types_json(row));
  cJSON_AddBoolToObject(out, "required", (row->flags & OPT_REQUIRED) != 0);
  cJSON_AddItemToObject(out, "default", default_json(row));
  if (row->fallback) cJSON_AddStringToObject(out, "defaultFrom", row->fallback);
  switch (row->kind) {
    case OPT_ENUM: cJSON_AddItemToObject(out, "enum", strings_json(row->values)); break;
    case OPT_WHOLE:
    case OPT_NUMBER:
      if (row->kind == OPT_WHOLE) cJSON_AddBoolToObject(out, "whole", 1);
      cJSON_AddNumberToObject(out, "min", row->min);
      cJSON_AddNumberToObject(out, "max", row->max);
      break;
    case OPT_STRING: cJSON_AddNumberToObject(out, "maxLength", row->max); break;
    case OPT_LIMITS: cJSON_AddItemToObject(out, "fields", limit_fields_json()); break;
    case OPT_INSTANCES: cJSON_AddItemToObject(out, "fields", instance_fields_json()); break;
    case OPT_ORIGIN: cJSON_AddStringToObject(out, "format", "origin"); break;
    case OPT_PATTERNS:
    case OPT_STRINGS:
      cJSON_AddNumberToObject(out, "maxItems", LIST_MAX);
      cJSON_AddItemToObject(out, "items", list_items_json(row));
      break;
    case OPT_OBJECT:
      if (row->schema) cJSON_AddItemToObject(out, "schema", cc_schema_to_json(row->schema));
      break;
    default: break;
  }
  cJSON_AddStringToObject(out, "doc", row->doc);
  return out;
}

cJSON *cc_options_to_json(void) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < ROW_COUNT; i++) cJSON_AddItemToArray(list, row_json(&rows[i]));
  return list;
}
