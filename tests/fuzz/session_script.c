#include "session_script.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"
#include "fuzz_support.h"
#include "session.h"
#include "session_snapshot.h"

/* Appendix A's cast (the golden traffic of tests/core, which the seeds come
 * from): instance ids, origins, and a clock one ms before the iframe's load.
 * Small limits, so the bounds are reached within a 4 KB input. */
#define LIMITS "\"limits\":{\"maxCalls\":4,\"maxQueued\":4,\"maxEnvelopeBytes\":4096,\"maxStringLength\":512}"
#define HOST_ORIGIN "https://app.hubspot.com"
#define WIDGET_ORIGIN "https://widget.example.com"
#define FOREIGN_ORIGIN "https://evil.example"

static const char *const POLICIES[] = {"off", "warn", "strict", "strict"};

/* Option instances (configuration bit 4): this session is member "m-self" on channel "fuzz"; a
 * script's P lines are the other members. Short periods, so that heartbeats and expiry happen. */
#define INSTANCES ",\"instances\":{\"channel\":\"fuzz\",\"member\":\"m-self\",\"heartbeatMs\":50,\"expireMs\":400,\"settleMs\":0}"

/* The options the web glue gives every session (configuration bit 5): handlers chosen by
 * callcore_dispatch, previewed with the deliver action, and an app's unchanged message posted as is. */
#define GLUE_OPTIONS ",\"deliver\":true,\"previewDispatch\":true,\"postAsIs\":true"

static callcore_session *make_session(int host_role, uint8_t config) {
  const char *policy = POLICIES[config & 3];
  int flag = (config >> 2) & 1, lean = (config >> 3) & 1;
  const char *instances = (config >> 4) & 1 ? INSTANCES : "";
  const char *glue = (config >> 5) & 1 ? GLUE_OPTIONS : "";
  const char *handlers = lean ? "[\"defaultEventHandler\"]"
                              : "[\"onReady\",\"onDialNumber\",\"onEndCall\",\"onCreateEngagementSucceeded\","
                                "\"onFailed\",\"FAILED\",\"onSetWidgetUrl\",\"onInitialized\",\"onCallEnded\","
                                "\"defaultEventHandler\"]";
  char options[1024];
  if (host_role)
    snprintf(options, sizeof options,
             "{\"role\":\"host\",\"instanceId\":1724412340000,\"policy\":\"%s\",\"hostOrigin\":\"" HOST_ORIGIN "\","
             "\"iframeOrigin\":\"" WIDGET_ORIGIN "\",\"handlers\":%s,\"completionTimeoutMs\":500,"
             "\"syncFields\":{\"portalId\":123,\"userId\":7%s}," LIMITS "%s%s}",
             policy, handlers, flag ? ",\"engagementId\":555" : "", instances, glue);
  else
    snprintf(options, sizeof options,
             "{\"role\":\"widget\",\"instanceId\":1724412345000,\"policy\":\"%s\",\"ownOrigin\":\"" WIDGET_ORIGIN "\","
             "\"referrerOrigin\":\"" HOST_ORIGIN "\",\"handlers\":%s,\"failedCatchAll\":%s,"
             "\"completionTimeoutMs\":500," LIMITS "%s%s}",
             policy, handlers, flag ? "true" : "false", instances, glue);
  callcore_errno err;
  char why[256];
  callcore_session *s = callcore_session_new(options, &err, why, sizeof why);
  FUZZ_CHECK(s, "the fuzz session's options were refused: %s", why);
  return s;
}

/* ---- the checks on one event's actions ---- */

/* EV_PEER: a message from another instance (option instances), which may carry an app's call. */
typedef enum event_kind { EV_RECEIVE, EV_CALL, EV_PEER, EV_OTHER } event_kind;

static int is_input_failure(const char *code) {
  static const char *const codes[] = {"MALFORMED_JSON", "TOO_LARGE", "TOO_DEEP", "STRING_TOO_LONG",
                                      "NOT_AN_OBJECT", "MISSING_TYPE", "TYPE_NOT_STRING"};
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
    if (strcmp(code, codes[i]) == 0) return 1;
  return 0;
}

/* What SYNC_ACK adds to the SYNC it echoes: only these must be clean. */
static int is_sync_ack_own_field(const char *field) {
  return strcmp(field, "type") == 0 || strcmp(field, "debugMode") == 0 || strcmp(field, "version") == 0 ||
         strcmp(field, "iFrameUrl") == 0;
}

/* A post as is (option postAsIs): the app's own message, with the members "append" adds after its own.
 * Only an app's sendMessage, whose message the script holds, may be posted so. */
static cJSON *as_is_envelope(const cJSON *action, const char *app_message) {
  FUZZ_CHECK(app_message, "a post as is, but not of an app's sendMessage");
  FUZZ_CHECK(!cJSON_GetObjectItemCaseSensitive(action, "envelope"), "a post as is with an envelope as well");
  cJSON *envelope = cJSON_Parse(app_message);
  FUZZ_CHECK(cJSON_IsObject(envelope), "a post as is of a message that is not a JSON object: %.200s", app_message);
  const cJSON *member;
  cJSON_ArrayForEach(member, cJSON_GetObjectItemCaseSensitive(action, "append")) {
    FUZZ_CHECK(!cJSON_GetObjectItemCaseSensitive(envelope, member->string), "append repeats the message's %s",
               member->string);
    cJSON_AddItemToObject(envelope, member->string, cJSON_Duplicate(member, 1));
  }
  return envelope;
}

static void check_post(const cJSON *action, event_kind kind, int strict, int app_queued, const char *app_message) {
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(action, "targetOrigin");
  cJSON *as_is = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(action, "asIs")) ? as_is_envelope(action, app_message)
                                                                               : NULL;
  const cJSON *envelope = as_is ? as_is : cJSON_GetObjectItemCaseSensitive(action, "envelope");
  FUZZ_CHECK(cJSON_IsString(target), "a post without a targetOrigin");
  FUZZ_CHECK(cJSON_IsObject(envelope), "a post whose envelope is not an object");
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(envelope, "type");
  FUZZ_CHECK(cJSON_IsString(type) && type->valuestring[0], "a post without a string type");
  int sync_ack = strcmp(type->valuestring, "SYNC_ACK") == 0;
  /* Receiving only ever produces the session's own replies; so do ticks, loads and unloads, unless a tick
   * replays calls the app made before the handshake. */
  int own = kind == EV_RECEIVE || (kind == EV_OTHER && !app_queued);
  int must_be_clean = own || strict;

  char *printed = fuzz_print(envelope);
  char *verdict_text = callcore_validate_envelope(printed);
  FUZZ_CHECK(verdict_text, "validate_envelope(posted) returned NULL");
  /* Most posts validate clean, and their verdict then starts so (errors come first): nothing to read.
   * Any other verdict is read in full (fuzz_envelope checks the verdict's own shape). */
  static const char clean[] = "{\"errors\":[],";
  cJSON *verdict = strncmp(verdict_text, clean, sizeof clean - 1) == 0
                       ? NULL
                       : fuzz_check_verdict("validate_envelope(posted)", verdict_text);
  const cJSON *error;
  cJSON_ArrayForEach(error, cJSON_GetObjectItemCaseSensitive(verdict, "errors")) {
    const char *code = cJSON_GetObjectItemCaseSensitive(error, "code")->valuestring;
    const char *field = cJSON_GetObjectItemCaseSensitive(error, "field")->valuestring;
    FUZZ_CHECK(!is_input_failure(code), "a posted envelope does not re-parse (%s): %.300s", code, printed);
    if (!must_be_clean) continue;
    /* In strict policy an app message of a type the catalogue lacks is the app's business: sendMessage exists
     * for custom messages, and a custom type is reported as a warning when sent. */
    if (!own && strcmp(code, "UNKNOWN_TYPE") == 0) continue;
    if (sync_ack && !is_sync_ack_own_field(field)) continue;
    fuzz_fail("a %s envelope fails callcore's own validation (%s at %s): %s",
              own ? "session-written" : "strict-policy", code, field, printed);
  }
  if (must_be_clean && !sync_ack) {
    /* The receiver's rule (docs/protocol.md 1.8, row 4): a falsy messageId is dropped. */
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(envelope, "messageId");
    int truthy = id && !cJSON_IsNull(id) && !cJSON_IsFalse(id) && !(cJSON_IsNumber(id) && !(id->valuedouble != 0)) &&
                 !(cJSON_IsString(id) && (!id->valuestring[0] || strcmp(id->valuestring, CALLCORE_UNDEFINED) == 0));
    FUZZ_CHECK(truthy, "a posted envelope that its receiver drops for a falsy messageId: %.300s", printed);
  }
  cJSON_Delete(verdict);
  callcore_free(verdict_text);
  free(printed);
  cJSON_Delete(as_is);
}

static const char *string_of(const cJSON *action, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(action, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Checks every action; returns how many posts there were and whether a
 * violation said dropped or refused. */
static void check_actions(const char *drained, event_kind kind, int strict, int app_queued, const char *app_message,
                          int *posts, int *rejections) {
  *posts = *rejections = 0;
  cJSON *actions = cJSON_Parse(drained);
  FUZZ_CHECK(cJSON_IsArray(actions), "drain did not return a JSON array: %.200s", drained);
  const cJSON *action;
  cJSON_ArrayForEach(action, actions) {
    const char *name = string_of(action, "action");
    FUZZ_CHECK(name, "an action without a name");
    if (strcmp(name, "post") == 0) {
      (*posts)++;
      check_post(action, kind, strict, app_queued, app_message);
    } else if (strcmp(name, "violation") == 0) {
      const char *outcome = string_of(action, "outcome"), *message = string_of(action, "message");
      FUZZ_CHECK(string_of(action, "code") && string_of(action, "field") && message && message[0] && outcome,
                 "a violation without code, field, sentence or outcome");
      /* A peer message taken can still carry a call its leader refuses (a forward, a second answer):
       * only a finding about the message itself (direction "peer") is its rejection. */
      const char *direction = string_of(action, "direction");
      int about_input = kind != EV_PEER || (direction && strcmp(direction, "peer") == 0);
      if (about_input && (strcmp(outcome, "dropped") == 0 || strcmp(outcome, "refused") == 0)) (*rejections)++;
    } else if (strcmp(name, "call") == 0) {
      /* A preview (option previewDispatch) is of the message being received: it names no envelope. */
      int preview = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(action, "preview"));
      FUZZ_CHECK(string_of(action, "handler") &&
                     (preview || cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(action, "envelope"))),
                 "a call action without handler or envelope");
    } else if (strcmp(name, "deliver") == 0) {
      const cJSON *envelope = cJSON_GetObjectItemCaseSensitive(action, "envelope");
      FUZZ_CHECK(!envelope || cJSON_IsObject(envelope), "a deliver action whose envelope is not an object");
    } else if (strcmp(name, "send") == 0) {
      FUZZ_CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(action, "message")), "a send action without a message");
    } else if (strcmp(name, "timer") == 0) {
      const cJSON *delay = cJSON_GetObjectItemCaseSensitive(action, "delayMs");
      FUZZ_CHECK(cJSON_IsNull(delay) || (cJSON_IsNumber(delay) && delay->valuedouble >= 0),
                 "a timer whose delayMs is neither null nor a number >= 0");
    } else if (strcmp(name, "peer") == 0) {
      const cJSON *message = cJSON_GetObjectItemCaseSensitive(action, "message");
      FUZZ_CHECK(cJSON_IsObject(message) && string_of(message, "kind") && string_of(message, "channel") &&
                     strcmp(string_of(message, "channel"), "fuzz") == 0 && string_of(message, "from") &&
                     strcmp(string_of(message, "from"), "m-self") == 0,
                 "a peer action without a message of this channel and member, with a kind");
    } else {
      FUZZ_CHECK(strcmp(name, "event") == 0 || strcmp(name, "resize") == 0, "an action of unknown kind %s", name);
    }
  }
  cJSON_Delete(actions);
}

/* callcore_drain_brief, held equal to the JSON the same queue holds (read from the session's own
 * buffer first), else callcore_drain. Returns the queue's JSON text either way, for the checks. */
static char *drain_checking_brief(callcore_session *s) {
  const cc_buf *b = s->actions;
  size_t len = b->len;
  char *text = malloc(len + 3);
  FUZZ_CHECK(text, "out of memory");
  if (len) {
    memcpy(text, b->data, len);
    memcpy(text + len, "]", 2);
  } else {
    memcpy(text, "[]", 3);
  }
  const char *first = NULL, *second = NULL;
  int kind = callcore_drain_brief(s, &first, &second);
  if (kind == CALLCORE_BRIEF_NONE) {
    free(text);
    return callcore_drain(s);
  }
  cJSON *expected = cJSON_Parse(text), *brief = cJSON_CreateArray();
  if (kind == CALLCORE_BRIEF_DELIVER_CALL) {
    cJSON *deliver = cJSON_CreateObject(), *call = cJSON_CreateObject();
    cJSON_AddStringToObject(deliver, "action", "deliver");
    cJSON_AddStringToObject(call, "action", "call");
    cJSON_AddStringToObject(call, "handler", first);
    cJSON_AddTrueToObject(call, "preview");
    cJSON_AddItemToArray(brief, deliver);
    cJSON_AddItemToArray(brief, call);
  } else if (kind == CALLCORE_BRIEF_POST_AS_IS) {
    cJSON *post = cJSON_CreateObject();
    cJSON_AddStringToObject(post, "action", "post");
    cJSON_AddStringToObject(post, "targetOrigin", first);
    cJSON_AddTrueToObject(post, "asIs");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(post, "append"), "messageId", second);
    cJSON_AddItemToArray(brief, post);
  } else {
    FUZZ_CHECK(kind == CALLCORE_BRIEF_EMPTY, "callcore_drain_brief answered %d", kind);
  }
  FUZZ_CHECK(expected && cJSON_Compare(expected, brief, 1), "callcore_drain_brief (%d: %s, %s) differs from %.300s",
             kind, first ? first : "-", second ? second : "-", text);
  cJSON_Delete(expected);
  cJSON_Delete(brief);
  char *left = callcore_drain(s);
  FUZZ_CHECK(left && strcmp(left, "[]") == 0, "callcore_drain_brief left actions queued: %.200s", left);
  callcore_free(left);
  return text;
}

/* ---- the script ---- */

/* The figures a run ends with: the most any session held above its
 * creation, against the bound (scripts/fuzz.sh prints them). */
static long long peak_held, peak_bound, base_seen;

typedef struct runner {
  callcore_session *s;
  int host_role, strict;
  /* Whole snapshots before every event, as the check was first written: only when a script is run
   * again because a fingerprint differed, to say which byte. */
  int full;
  double now;
  long long base_bytes, bound;
  fuzz_fingerprint print; /* of the session as the next event finds it (after the last drain) */
  const uint8_t *data;    /* the script, for that second run */
  size_t size;
} runner;

static void run_script(int host_role, const uint8_t *data, size_t size, int full);

/* A rejected event changed the fingerprint: the script runs again with whole snapshots, which stops at
 * the same event and names the first byte that differs. */
static void report_change(const runner *r, char op, callcore_errno err) {
  run_script(r->host_role, r->data, r->size, 1);
  fuzz_fail("event %c rejected with %s changed the session's fingerprint, but not its snapshot when run again "
            "(a hash collision, or a session that is not deterministic); %s",
            op, callcore_errno_name(err), callcore_last_error(r->s));
}

static void run_event(runner *r, char op, char *arg) {
  callcore_session *s = r->s;
  event_kind kind = op == 'R' || op == 'O' || op == 'N' ? EV_RECEIVE : op == 'C' ? EV_CALL : op == 'P' ? EV_PEER : EV_OTHER;
  fuzz_snapshot before = {0}, before_no_clock = {0};
  if (r->full) {
    before = fuzz_snapshot_take(s, SNAPSHOT_WITH_CLOCK);
    before_no_clock = fuzz_snapshot_take(s, SNAPSHOT_WITHOUT_CLOCK);
  }
  /* Invariant 1's second half, the state JSON unchanged by a rejection, is compared as text only in
   * the whole-snapshot run: callcore_state_json reads nothing but what the snapshot holds (the phase,
   * login, destination, queue, calls...), so an unchanged fingerprint already says its text is
   * unchanged, and printing it before every receive and call cost the scripts 40 % of their time.
   * A changed fingerprint runs the script again with whole snapshots, which compares both.
   * Receive and call only: nothing else is rejected. */
  char *state_before = r->full && kind != EV_OTHER ? callcore_state_json(s) : NULL;
  /* Where the peer is, and whether app calls wait for the handshake (what callcore_state_json calls
   * destination and queued), read from the session. */
  char peer[sizeof s->destination];
  memcpy(peer, s->destination, sizeof peer);
  int app_queued = s->queued > 0;
  fuzz_fingerprint print_before = r->print;
  r->now += 1;

  fuzz_count_resume();
  callcore_errno err = CALLCORE_OK;
  const char *app_message = NULL; /* an app's sendMessage: its message, which a post as is sends */
  switch (op) {
    case 'R': err = callcore_receive(s, peer, 1, arg, r->now); break;
    case 'O': err = callcore_receive(s, FOREIGN_ORIGIN, 1, arg, r->now); break;
    case 'N': err = callcore_receive(s, peer, 0, arg, r->now); break;
    case 'C': {
      char *space = strchr(arg, ' ');
      if (space) *space = '\0';
      err = callcore_call(s, arg, space ? space + 1 : NULL, r->now);
      if (space && strcmp(arg, "sendMessage") == 0) app_message = space + 1;
      break;
    }
    case 'T': r->now += fmin(strtod(arg, NULL), 1e8) > 0 ? fmin(strtod(arg, NULL), 1e8) : 0;
      err = callcore_tick(s, r->now);
      break;
    case 'P': err = callcore_peer(s, arg, r->now); break;
    case 'L': err = callcore_iframe_loaded(s, r->now); break;
    case 'U': err = callcore_unload(s, r->now); break;
    default: break;
  }
  char *drained = drain_checking_brief(s);
  fuzz_count_pause();
  FUZZ_CHECK(drained, "drain returned NULL");
  r->print = fuzz_snapshot_fingerprint(s);

  int posts, rejections;
  check_actions(drained, kind, r->strict, app_queued, app_message, &posts, &rejections);
  int rejected = kind != EV_OTHER && err != CALLCORE_OK;
  if (rejected) {
    int flags = posts == 0 ? SNAPSHOT_WITH_CLOCK : SNAPSHOT_WITHOUT_CLOCK;
    if (r->full) {
      fuzz_snapshot after = fuzz_snapshot_take(s, flags);
      long at = fuzz_snapshot_diff(flags == SNAPSHOT_WITH_CLOCK ? &before : &before_no_clock, &after);
      FUZZ_CHECK(at < 0, "event %c rejected with %s changed the session (byte %ld of its snapshot); %s",
                 op, callcore_errno_name(err), at, callcore_last_error(s));
      fuzz_snapshot_free(&after);
    } else if (!fuzz_fingerprint_equal(&print_before, &r->print, flags)) {
      report_change(r, op, err);
    }
    if (state_before) {
      char *state_after = callcore_state_json(s);
      FUZZ_CHECK(strcmp(state_before, state_after) == 0, "event %c rejected with %s changed the state:\n%s\n%s", op,
                 callcore_errno_name(err), state_before, state_after);
      callcore_free(state_after);
    }
  } else if (kind != EV_OTHER) {
    FUZZ_CHECK(rejections == 0, "event %c returned CALLCORE_OK but reported something dropped or refused: %.400s",
               op, drained);
  }
  callcore_free(state_before);
  FUZZ_CHECK(err == CALLCORE_OK || callcore_last_error(s)[0], "event %c failed with %s and no reason", op,
             callcore_errno_name(err));
  fuzz_count_resume();
  callcore_free(drained);
  fuzz_count_pause();
  long long held = fuzz_counted_bytes() - r->base_bytes;
  if (held > peak_held) peak_held = held;
  FUZZ_CHECK(held <= r->bound, "the session holds %lld bytes more than when created; the bound is %lld", held,
             r->bound);

  fuzz_snapshot_free(&before);
  fuzz_snapshot_free(&before_no_clock);
}

static void print_peak(void) {
  fprintf(stderr, "callcore fuzz: session memory: created %lld bytes; most held above that %lld bytes; bound %lld bytes\n",
          base_seen, peak_held, peak_bound);
}

static void run_script(int host_role, const uint8_t *data, size_t size, int full) {
  if (size < 1) return;
  char *text = malloc(size);
  if (!text) return;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';

  runner r = {.host_role = host_role, .strict = (data[0] & 3) >= 2, .full = full, .now = 1724412345119.0,
              .data = data, .size = size};
  fuzz_count_start();
  r.s = make_session(host_role, data[0]);
  callcore_free(callcore_drain(r.s));
  fuzz_count_pause();
  r.base_bytes = fuzz_counted_bytes();
  r.bound = fuzz_session_growth_bound(r.s);
  r.print = fuzz_snapshot_fingerprint(r.s);
  peak_bound = r.bound;
  if (r.base_bytes > base_seen) base_seen = r.base_bytes;

  /* Lines end at '\n' (or at a NUL the fuzzer wrote: the C API sees text only). */
  for (char *line = text; line;) {
    char *next = strchr(line, '\n');
    if (next) *next++ = '\0';
    if (*line) run_event(&r, line[0], line + 1);
    line = next;
  }
  fuzz_count_resume();
  callcore_session_free(r.s);
  fuzz_count_pause();
  FUZZ_CHECK(fuzz_counted_bytes() == 0, "freeing the session left %lld bytes counted", fuzz_counted_bytes());
  free(text);
}

void fuzz_run_script(int host_role, const uint8_t *data, size_t size) {
  static int registered;
  if (!registered) registered = !atexit(print_peak);
  run_script(host_role, data, size, 0);
}
