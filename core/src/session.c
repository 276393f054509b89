/* Session life: the public entry points, the state snapshot, and (until
 * options.c takes them) the options. */
#include "session.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const errno_names[] = {
    "CALLCORE_OK",        "CALLCORE_E_NOMEM",          "CALLCORE_E_ARGUMENT",  "CALLCORE_E_OPTIONS",
    "CALLCORE_E_JSON",    "CALLCORE_E_TOO_LARGE",      "CALLCORE_E_TOO_DEEP",  "CALLCORE_E_ENVELOPE",
    "CALLCORE_E_UNKNOWN_METHOD", "CALLCORE_E_WRONG_ROLE", "CALLCORE_E_REFUSED", "CALLCORE_E_DROPPED",
    "CALLCORE_E_LIMIT",
};

const char *callcore_errno_name(callcore_errno err) {
  if ((size_t)err < sizeof errno_names / sizeof *errno_names) return errno_names[err];
  return "CALLCORE_E_UNKNOWN";
}

void callcore_free(void *ptr) { free(ptr); }

callcore_errno cc_fail(callcore_session *s, callcore_errno err, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(s->last_error, sizeof s->last_error, fmt, args);
  va_end(args);
  return err;
}

int cc_has_handler(const callcore_session *s, const char *name) {
  for (size_t i = 0; i < s->handler_count; i++)
    if (strcmp(s->handlers[i], name) == 0) return 1;
  return 0;
}

int cc_origin_allowed(const callcore_session *s, const char *origin) {
  if (s->allowed_default) {
    if (s->role == CC_ROLE_WIDGET) {
      for (size_t i = 0; CC_HUBSPOT_ORIGINS[i]; i++)
        if (cc_origin_matches(CC_HUBSPOT_ORIGINS[i], origin)) return 1;
      return cc_origin_loopback_dev_host(s->own_origin, origin);
    }
    /* A host lets its widget move to any https page, or to a local one in development. */
    return cc_origin_is_https(origin) || cc_origin_is_loopback_http(origin);
  }
  for (size_t i = 0; i < s->allowed_count; i++)
    if (cc_origin_matches(s->allowed_origins[i], origin)) return 1;
  return 0;
}

static void free_strings(char **list, size_t count) {
  for (size_t i = 0; i < count; i++) free(list[i]);
  free(list);
}

void callcore_session_free(callcore_session *s) {
  if (!s) return;
  free(s->version);
  free_strings(s->handlers, s->handler_count);
  free_strings(s->allowed_origins, s->allowed_count);
  cJSON_Delete(s->sync_fields);
  cc_calls_free(s);
  cc_queue_free(s);
  if (s->actions) free(s->actions->data);
  free(s->actions);
  free(s);
}

/* ---- options ---- */

typedef struct option_error {
  callcore_errno code;
  char reason[256];
} option_error;

static int bad_option(option_error *e, callcore_errno code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int bad_option(option_error *e, callcore_errno code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(e->reason, sizeof e->reason, fmt, args);
  va_end(args);
  e->code = code;
  return 0;
}

static int read_origin(const cJSON *options, const char *key, char out[CC_ORIGIN_MAX], option_error *e) {
  const cJSON *item = cc_get(options, key);
  if (!item || (cJSON_IsString(item) && item->valuestring[0] == '\0')) return 1;
  if (!cJSON_IsString(item)) return bad_option(e, CALLCORE_E_OPTIONS, "options.%s must be a string", key);
  char why[96];
  if (!cc_origin_normalize(item->valuestring, out, why, sizeof why))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.%s \"%.80s\" %s", key, item->valuestring, why);
  return 1;
}

static int read_string_list(const cJSON *options, const char *key, char ***out, size_t *count, option_error *e) {
  const cJSON *list = cc_get(options, key);
  if (!list) return 1;
  if (!cJSON_IsArray(list)) return bad_option(e, CALLCORE_E_OPTIONS, "options.%s must be an array of strings", key);
  size_t n = (size_t)cJSON_GetArraySize(list);
  if (n > 256) return bad_option(e, CALLCORE_E_OPTIONS, "options.%s has %zu entries; 256 at most", key, n);
  *out = calloc(n ? n : 1, sizeof **out);
  if (!*out) return bad_option(e, CALLCORE_E_NOMEM, "out of memory");
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    if (!cJSON_IsString(item) || strlen(item->valuestring) >= CC_ORIGIN_MAX)
      return bad_option(e, CALLCORE_E_OPTIONS, "options.%s[%zu] must be a string under %d bytes", key, *count,
                        CC_ORIGIN_MAX);
    if (!((*out)[*count] = cc_strdup(item->valuestring))) return bad_option(e, CALLCORE_E_NOMEM, "out of memory");
    (*count)++;
  }
  return 1;
}

/* Allow-list entries compare with event.origin, so each is reduced to an
 * origin as browsers write it ("HTTPS://X.com:443/" -> "https://x.com");
 * the one "*" of a pattern survives the trip as a placeholder label. */
static int normalize_patterns(char **entries, size_t count, const char *key, option_error *e) {
  static const char placeholder[] = "callcore-wildcard";
  for (size_t i = 0; i < count; i++) {
    const char *entry = entries[i];
    if (strcmp(entry, "*") == 0) continue;
    const char *star = strchr(entry, '*');
    if (star && strchr(star + 1, '*'))
      return bad_option(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" may hold one \"*\" at most", key, i, entry);
    char spelled[CC_ORIGIN_MAX + sizeof placeholder], origin[CC_ORIGIN_MAX], why[96];
    int n = star ? snprintf(spelled, sizeof spelled, "%.*s%s%s", (int)(star - entry), entry, placeholder, star + 1)
                 : snprintf(spelled, sizeof spelled, "%s", entry);
    if (n < 0 || (size_t)n >= sizeof spelled || !cc_origin_normalize(spelled, origin, why, sizeof why))
      return bad_option(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" %s", key, i, entry,
                        n < 0 || (size_t)n >= sizeof spelled ? "is too long" : why);
    const char *slash = strpbrk(entry + (strstr(entry, "://") ? strstr(entry, "://") - entry + 3 : 0), "/?#");
    if (slash && slash[strspn(slash, "/")] != '\0')
      return bad_option(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" has a path; give an origin", key, i, entry);
    if (star) {
      char *at = strstr(origin, placeholder);
      if (!at) return bad_option(e, CALLCORE_E_OPTIONS, "options.%s[%zu] \"%.80s\" may use \"*\" only in the host name", key, i, entry);
      memmove(at + 1, at + sizeof placeholder - 1, strlen(at + sizeof placeholder - 1) + 1);
      *at = '*';
    }
    strcpy(entries[i], origin); /* never longer: normalising only removes */
  }
  return 1;
}

static int read_number(const cJSON *options, const char *key, double low, double high, double *out,
                       option_error *e) {
  const cJSON *item = cc_get(options, key);
  if (!item) return 1;
  if (!cJSON_IsNumber(item) || !(item->valuedouble >= low && item->valuedouble <= high))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.%s must be a number from %.0f to %.0f", key, low, high);
  *out = item->valuedouble;
  return 1;
}

static int read_limits(const cJSON *options, cc_limits *limits, option_error *e) {
  const cJSON *given = cc_get(options, "limits");
  if (!given) return 1;
  if (!cJSON_IsObject(given)) return bad_option(e, CALLCORE_E_OPTIONS, "options.limits must be an object");
  struct { const char *key; size_t *value; size_t ceiling; } fields[] = {
      {"maxEnvelopeBytes", &limits->max_envelope_bytes, CC_MAX_LIMITS.max_envelope_bytes},
      {"maxDepth", &limits->max_depth, CC_MAX_LIMITS.max_depth},
      {"maxStringLength", &limits->max_string_length, CC_MAX_LIMITS.max_string_length},
      {"maxCalls", &limits->max_calls, CC_MAX_LIMITS.max_calls},
      {"maxQueued", &limits->max_queued, CC_MAX_LIMITS.max_queued},
  };
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    double value = (double)*fields[i].value;
    char key[64];
    snprintf(key, sizeof key, "limits.%s", fields[i].key);
    const cJSON *item = cc_get(given, fields[i].key);
    if (!item) continue;
    if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) || item->valuedouble < 1 ||
        item->valuedouble > (double)fields[i].ceiling)
      return bad_option(e, CALLCORE_E_OPTIONS, "options.%s must be a whole number from 1 to %zu", key,
                        fields[i].ceiling);
    value = item->valuedouble;
    *fields[i].value = (size_t)value;
  }
  return 1;
}

static int read_options(callcore_session *s, const cJSON *o, option_error *e, cc_report *r) {
  if (!cJSON_IsObject(o)) return bad_option(e, CALLCORE_E_OPTIONS, "options must be a JSON object");
  const char *role = cc_get_string(o, "role");
  if (!role || (strcmp(role, "widget") != 0 && strcmp(role, "host") != 0))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.role must be \"widget\" or \"host\"");
  s->role = strcmp(role, "host") == 0 ? CC_ROLE_HOST : CC_ROLE_WIDGET;

  const cJSON *policy = cc_get(o, "policy");
  if (policy) {
    const char *p = cJSON_IsString(policy) ? policy->valuestring : "";
    if (strcmp(p, "off") == 0) s->policy = CC_POLICY_OFF;
    else if (strcmp(p, "warn") == 0) s->policy = CC_POLICY_WARN;
    else if (strcmp(p, "strict") == 0) s->policy = CC_POLICY_STRICT;
    else return bad_option(e, CALLCORE_E_OPTIONS, "options.policy must be \"off\", \"warn\" or \"strict\"");
  }

  const cJSON *instance = cc_get(o, "instanceId");
  if (!cJSON_IsNumber(instance) || instance->valuedouble < 0 || instance->valuedouble > 9007199254740991.0 ||
      instance->valuedouble != floor(instance->valuedouble))
    return bad_option(e, CALLCORE_E_OPTIONS,
                      "options.instanceId must be a whole number of milliseconds (Date.now() at construction)");
  snprintf(s->instance_id, sizeof s->instance_id, "%.0f", instance->valuedouble);

  const cJSON *version = cc_get(o, "version");
  if (version && (!cJSON_IsString(version) || strlen(version->valuestring) > 32))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.version must be a short string such as \"0.9.6\"");
  if (!(s->version = cc_strdup(version ? version->valuestring : CALLCORE_SDK_VERSION)))
    return bad_option(e, CALLCORE_E_NOMEM, "out of memory");

  const cJSON *debug = cc_get(o, "debugMode");
  if (debug && !cJSON_IsBool(debug) && !cc_is_undefined(debug))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.debugMode must be a boolean");
  s->debug_mode = cJSON_IsBool(debug) ? cJSON_IsTrue(debug) : -1;

  const cJSON *catch_all = cc_get(o, "failedCatchAll");
  if (catch_all && !cJSON_IsBool(catch_all))
    return bad_option(e, CALLCORE_E_OPTIONS, "options.failedCatchAll must be a boolean");
  s->failed_catch_all = cJSON_IsTrue(catch_all);

  const cJSON *deliver = cc_get(o, "deliver");
  if (deliver && !cJSON_IsBool(deliver)) return bad_option(e, CALLCORE_E_OPTIONS, "options.deliver must be a boolean");
  s->deliver = cJSON_IsTrue(deliver);

  if (!read_string_list(o, "handlers", &s->handlers, &s->handler_count, e)) return 0;
  if (!read_limits(o, &s->limits, e)) return 0;
  if (!read_number(o, "completionTimeoutMs", 0, 86400000, &s->completion_timeout_ms, e)) return 0;
  if (!read_number(o, "dialDedupWindowMs", 0, 3600000, &s->dial_dedup_ms, e)) return 0;

  const char *allow_key = s->role == CC_ROLE_WIDGET ? "allowedHostOrigins" : "allowedWidgetOrigins";
  s->allowed_default = cc_get(o, allow_key) == NULL;
  if (!read_string_list(o, allow_key, &s->allowed_origins, &s->allowed_count, e)) return 0;
  if (!normalize_patterns(s->allowed_origins, s->allowed_count, allow_key, e)) return 0;

  if (s->role == CC_ROLE_WIDGET) {
    if (!read_origin(o, "ownOrigin", s->own_origin, e)) return 0;
    if (!read_origin(o, "referrerOrigin", s->destination, e)) return 0;
    /* An empty referrer resolves to the widget's own page, as in the SDK. */
    if (!s->destination[0]) memcpy(s->destination, s->own_origin, sizeof s->destination);
  } else {
    if (!read_origin(o, "hostOrigin", s->own_origin, e)) return 0;
    if (!read_origin(o, "iframeOrigin", s->destination, e)) return 0;
    const cJSON *fields = cc_get(o, "syncFields");
    if (fields && !cJSON_IsObject(fields))
      return bad_option(e, CALLCORE_E_OPTIONS, "options.syncFields must be an object");
    if (fields && !(s->sync_fields = cJSON_Duplicate(fields, 1))) return bad_option(e, CALLCORE_E_NOMEM, "out of memory");
  }

  /* Catch misspelt handler names (the guide itself prints onCallerIDMatchFailed). */
  for (size_t i = 0; i < s->handler_count; i++)
    if (!cc_is_known_handler(s->handlers[i], s->role == CC_ROLE_HOST))
      cc_report_add(r, CC_V_UNKNOWN_HANDLER, s->handlers[i], "%s is not a handler the SDK ever calls",
                    s->handlers[i]);
  return 1;
}

callcore_session *callcore_session_new(const char *options_json, callcore_errno *err, char *reason,
                                       size_t reason_len) {
  option_error e = {CALLCORE_OK, ""};
  callcore_session *s = calloc(1, sizeof *s);
  cJSON *options = NULL;
  if (!s) {
    bad_option(&e, CALLCORE_E_NOMEM, "out of memory");
    goto fail;
  }
  s->policy = CC_POLICY_WARN;
  s->limits = CC_DEFAULT_LIMITS;
  s->completion_timeout_ms = 60000;
  s->dial_dedup_ms = 2000;
  s->available = -1;
  s->timer_due = -1;
  s->last_stamp = -1;
  if (!(s->actions = calloc(1, sizeof *s->actions))) {
    bad_option(&e, CALLCORE_E_NOMEM, "out of memory");
    goto fail;
  }
  cc_parse_error parse;
  options = cc_parse_bounded(options_json, &CC_DEFAULT_LIMITS, &parse);
  if (!options) {
    bad_option(&e, parse.err == CALLCORE_E_ARGUMENT ? CALLCORE_E_ARGUMENT : CALLCORE_E_OPTIONS, "options: %s",
               parse.why);
    goto fail;
  }
  cc_report r;
  cc_report_reset(&r, "eventHandlers");
  if (!read_options(s, options, &e, &r)) goto fail;
  cJSON_Delete(options);
  cc_emit_report(s, &r, "local", NULL, "reported");
  if (err) *err = CALLCORE_OK;
  return s;
fail:
  cJSON_Delete(options);
  callcore_session_free(s);
  if (err) *err = e.code;
  if (reason && reason_len) snprintf(reason, reason_len, "%s", e.reason);
  return NULL;
}

/* ---- events in ---- */

static int usable_time(double now_ms) { return isfinite(now_ms) && now_ms >= 0; }

callcore_errno callcore_receive(callcore_session *s, const char *origin, int from_peer, const char *envelope_json,
                                double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!origin || !envelope_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "receive needs an origin, an envelope and a finite time");
  cc_parse_error parse;
  int canonical;
  cJSON *envelope = cc_parse_bounded_canonical(envelope_json, &s->limits, &parse, &canonical);
  if (!envelope && !from_peer) return cc_fail(s, parse.err, "received message: %s", parse.why); /* not our peer's */
  cc_report r;
  cc_report_reset(&r, "received message");
  if (!envelope) {
    cc_report_add(&r, cc_parse_failure_code(parse.failure), parse.field[0] ? parse.field : NULL, "%s; it was dropped",
                  parse.why);
    cc_emit_report(s, &r, "inbound", NULL, "dropped");
    return cc_fail(s, parse.err, "received message: %s", parse.why);
  }
  callcore_errno err;
  cc_view view;
  cc_view_read(&view, envelope, origin);
  if (canonical) cc_verbatim_set(s, envelope, envelope_json, &r);
  s->received = envelope;
  err = cc_receive(s, &view, from_peer, now_ms, &r);
  s->received = NULL;
  cc_verbatim_set(s, NULL, NULL, NULL);
  cJSON_Delete(envelope);
  cc_schedule_tick(s, now_ms);
  return err;
}

callcore_errno callcore_call(callcore_session *s, const char *method, const char *payload_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!method || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "call needs a method name and a finite time");
  if (strcmp(method, "sendMessage") != 0 && !cc_catalog_find_method(method))
    return cc_fail(s, CALLCORE_E_UNKNOWN_METHOD, "%.64s is not a method of CallingExtensions", method);
  callcore_errno err = cc_send_method(s, method, payload_json, now_ms);
  cc_schedule_tick(s, now_ms);
  return err;
}

callcore_errno callcore_dispatch(callcore_session *s, const char *event_json, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!event_json || !usable_time(now_ms))
    return cc_fail(s, CALLCORE_E_ARGUMENT, "dispatch needs an event and a finite time");
  cc_parse_error parse;
  cJSON *event = cc_parse_bounded(event_json, &s->limits, &parse);
  if (!event) return cc_fail(s, parse.err, "dispatched event: %s", parse.why);
  callcore_errno err;
  if (!cJSON_IsObject(event)) {
    cJSON_Delete(event);
    return cc_fail(s, CALLCORE_E_ENVELOPE, "dispatched event: an event must be an object");
  }
  err = cc_dispatch_event(s, event, now_ms);
  cJSON_Delete(event);
  return err;
}

callcore_errno callcore_tick(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "tick needs a finite time");
  if (s->timer_due >= 0 && now_ms >= s->timer_due) s->timer_due = -1;
  if (s->flush_due) {
    s->flush_due = 0;
    cc_flush_queue(s, now_ms);
  }
  if (s->role == CC_ROLE_HOST) cc_host_sync_tick(s, now_ms);
  cc_calls_tick(s, now_ms);
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

callcore_errno callcore_iframe_loaded(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "iframe_loaded needs a finite time");
  if (s->role != CC_ROLE_HOST) return cc_fail(s, CALLCORE_E_WRONG_ROLE, "only a host loads an iframe");
  if (!cc_origin_allowed(s, s->destination)) {
    /* The one rule for every origin a host talks to: the iframe's, a
     * SET_WIDGET_URL target, and (being the sender's) a SYNC_ACK's. */
    cc_report r;
    cc_report_reset(&r, "iframe load");
    cc_report_add(&r, CC_V_ORIGIN_NOT_ALLOWED, NULL, "the iframe's origin %s is not an allowed widget origin; no SYNC was sent",
                  s->destination[0] ? s->destination : "(none given)");
    cc_emit_report(s, &r, "local", NULL, "refused");
    return cc_fail(s, CALLCORE_E_REFUSED, "%s", r.items[0].message);
  }
  cc_host_start_sync(s, now_ms);
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

callcore_errno callcore_unload(callcore_session *s, double now_ms) {
  if (!s) return CALLCORE_E_ARGUMENT;
  s->last_error[0] = '\0';
  if (!usable_time(now_ms)) return cc_fail(s, CALLCORE_E_ARGUMENT, "unload needs a finite time");
  cc_calls_report_open(s, "unload");
  s->syncing = 0;
  s->timer_due = 0; /* forces the cancel below to be announced */
  cc_schedule_tick(s, now_ms);
  return CALLCORE_OK;
}

/* ---- out ---- */

/* Hands the text written so far to the caller, closed; the next action
 * starts a new buffer. Out of memory: NULL, and the actions stay queued. */
char *callcore_drain(callcore_session *s) {
  if (!s) return NULL;
  cc_buf *b = s->actions;
  if (b->len == 0) return cc_strdup("[]");
  cc_buf_raw(b, "]", 1);
  if (b->failed) {
    b->failed = 0;
    b->data[b->len] = '\0';
    return NULL;
  }
  char *text = b->data;
  memset(b, 0, sizeof *b);
  return text;
}

const char *callcore_last_error(const callcore_session *s) { return s ? s->last_error : "no session"; }

char *callcore_state_json(const callcore_session *s) {
  if (!s) return NULL;
  static const char *const phases[] = {"unsynced", "ready", "initialized"};
  static const char *const policies[] = {"off", "warn", "strict"};
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "role", s->role == CC_ROLE_HOST ? "host" : "widget");
  cJSON_AddStringToObject(root, "policy", policies[s->policy]);
  cJSON_AddStringToObject(root, "instanceId", s->instance_id);
  cJSON_AddStringToObject(root, "phase", phases[s->phase]);
  cJSON_AddBoolToObject(root, "loggedIn", s->logged_in);
  if (s->available < 0) cJSON_AddNullToObject(root, "available");
  else cJSON_AddBoolToObject(root, "available", s->available);
  cJSON_AddStringToObject(root, "destination", s->destination);
  if (s->role == CC_ROLE_HOST) {
    cJSON_AddBoolToObject(root, "syncing", s->syncing);
    if (s->widget_version[0]) cJSON_AddStringToObject(root, "widgetVersion", s->widget_version);
    else cJSON_AddNullToObject(root, "widgetVersion");
  }
  if (s->has_resume_engagement) cJSON_AddNumberToObject(root, "resumeEngagementId", s->resume_engagement_id);
  cJSON_AddNumberToObject(root, "queued", (double)s->queued);
  cJSON_AddItemToObject(root, "calls", cc_calls_to_json(s));
  const char *current = cc_calls_current_id(s);
  if (current) cJSON_AddStringToObject(root, "currentCall", current);
  else cJSON_AddNullToObject(root, "currentCall");
  char *text = cc_json_text(root);
  cJSON_Delete(root);
  return text;
}

char *callcore_catalog_json(void) {
  cJSON *catalog = cc_catalog_to_json();
  char *text = catalog ? cc_json_text(catalog) : NULL;
  cJSON_Delete(catalog);
  return text;
}
