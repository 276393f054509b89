#define _GNU_SOURCE /* clock_gettime, mallinfo2 */
/* Benchmark of the native core (prints figures; asserts nothing about speed).
 *
 * The mix is bench/call-mix.json: one complete outbound call as the widget's
 * session sees it and as the host's sees it (8 messages each), run call after
 * call on one ready session, draining after every event as the glue does. So
 * each message takes the full path: parse, validate, state transition,
 * actions, serialise. Also: the REST validators, and memory over 10,000 calls.
 *
 *   core_bench [--mix bench/call-mix.json] [--rounds 15] [--calls 250] [--json]
 *   core_bench --profile widget|host|rest [--calls N]   (one pass, for callgrind:
 *       valgrind --tool=callgrind --toggle-collect=run_profiled core_bench --profile widget)
 *
 * It refuses to time a mix that produces violations or errors: the figures are
 * for clean traffic, and a typo in the mix would otherwise be timed as a
 * rejection. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "callcore.h"

/* Live heap bytes and allocations: counted by the wrappers below where they
 * can be (the allocator's own figure, mallinfo2, also counts its free-list
 * slack and drifts with fragmentation; it is the fallback under sanitizers).
 * Counting costs malloc_usable_size on every malloc and free, a harness cost
 * that is not the core's: it is switched on only for the untimed passes that
 * report memory and allocations, and the timed runs and the --profile run for
 * callgrind go straight to the C library (a load and a test per call remain). */
#if defined(__SANITIZE_ADDRESS__)
#define CC_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CC_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef CC_COUNT_ALLOCATIONS
#define CC_COUNT_ALLOCATIONS 1
#endif

static int counting; /* on only inside counted passes (see begin_counting) */
static unsigned long allocations;
#if CC_COUNT_ALLOCATIONS
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
static size_t live_bytes;
static void *counted(void *p) {
  if (p) {
    live_bytes += malloc_usable_size(p);
    allocations++;
  }
  return p;
}
void *malloc(size_t n) { return counting ? counted(__libc_malloc(n)) : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return counting ? counted(__libc_calloc(n, size)) : __libc_calloc(n, size); }
void free(void *p) {
  if (counting && p) live_bytes -= malloc_usable_size(p);
  __libc_free(p);
}
void *realloc(void *p, size_t n) {
  if (!counting) return __libc_realloc(p, n);
  size_t old = p ? malloc_usable_size(p) : 0;
  void *q = __libc_realloc(p, n);
  if (q || n == 0) live_bytes -= old;
  return counted(q);
}
static size_t heap_in_use(void) { return live_bytes; }
#else
static size_t heap_in_use(void) { return mallinfo2().uordblks; }
#endif

/* A counted pass must free only what it allocated itself: a block from before
 * it, freed inside it, would be subtracted without having been added. */
static void begin_counting(void) { counting = 1; }
static void end_counting(void) { counting = 0; }

typedef enum { OP_RECEIVE, OP_CALL } op_kind;

typedef struct step {
  op_kind op;
  const char *method;   /* OP_CALL */
  char *template_json;  /* envelope (OP_RECEIVE) or payload (OP_CALL), with @call@ */
} step;

typedef struct role_mix {
  const char *name;
  step *steps;
  size_t count;
  const char *peer_origin; /* where received messages come from */
} role_mix;

typedef struct mix {
  cJSON *root;
  char *widget_options, *host_options;
  const char *host_origin, *widget_origin;
  role_mix widget, host, widget_after_ready;
  step *rest; /* method = kind */
  size_t rest_count;
} mix;

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "core_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open the mix", path);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) die("cannot read the mix", path);
  text[size] = '\0';
  fclose(f);
  return text;
}

/* The template with "@call@" (quotes included) replaced by the number and
 * @call@ inside strings by its digits: the same rule as bench/wasm-bench.mjs. */
static char *expand(const char *template_json, long call) {
  char digits[32];
  snprintf(digits, sizeof digits, "%ld", call);
  size_t cap = strlen(template_json) * 2 + 64, used = 0;
  char *out = malloc(cap);
  if (!out) die("out of memory", NULL);
  for (const char *p = template_json; *p;) {
    size_t skip = 0;
    if (strncmp(p, "\"@call@\"", 8) == 0) skip = 8;
    else if (strncmp(p, "@call@", 6) == 0) skip = 6;
    if (skip) {
      size_t n = strlen(digits);
      memcpy(out + used, digits, n);
      used += n;
      p += skip;
    } else {
      out[used++] = *p++;
    }
  }
  out[used] = '\0';
  return out;
}

static void read_steps(const cJSON *list, role_mix *role, const char *name, const char *peer_origin) {
  role->name = name;
  role->peer_origin = peer_origin;
  role->count = (size_t)cJSON_GetArraySize(list);
  role->steps = calloc(role->count ? role->count : 1, sizeof *role->steps);
  size_t i = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "op"));
    step *s = &role->steps[i++];
    if (op && strcmp(op, "receive") == 0) {
      s->op = OP_RECEIVE;
      s->template_json = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(item, "envelope"));
    } else if (op && strcmp(op, "call") == 0) {
      s->op = OP_CALL;
      s->method = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "method"));
      const cJSON *payload = cJSON_GetObjectItemCaseSensitive(item, "payload");
      s->template_json = payload ? cJSON_PrintUnformatted(payload) : NULL;
    } else {
      die("a step's op must be receive or call", name);
    }
    if (s->op == OP_RECEIVE && !s->template_json) die("a receive step needs an envelope", name);
  }
}

static mix load_mix(const char *path) {
  mix m = {0};
  char *text = read_file(path);
  m.root = cJSON_Parse(text);
  free(text);
  if (!m.root) die("the mix is not valid JSON", path);
  m.host_origin = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m.root, "hostOrigin"));
  m.widget_origin = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m.root, "widgetOrigin"));
  m.widget_options = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(m.root, "widgetOptions"));
  m.host_options = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(m.root, "hostOptions"));
  if (!m.host_origin || !m.widget_origin || !m.widget_options || !m.host_options) die("the mix lacks origins or options", path);
  read_steps(cJSON_GetObjectItemCaseSensitive(m.root, "widget"), &m.widget, "widget", m.host_origin);
  read_steps(cJSON_GetObjectItemCaseSensitive(m.root, "host"), &m.host, "host", m.widget_origin);
  read_steps(cJSON_GetObjectItemCaseSensitive(m.root, "widgetAfterReady"), &m.widget_after_ready, "widgetAfterReady",
             m.host_origin);
  const cJSON *rest = cJSON_GetObjectItemCaseSensitive(m.root, "rest");
  m.rest_count = (size_t)cJSON_GetArraySize(rest);
  m.rest = calloc(m.rest_count ? m.rest_count : 1, sizeof *m.rest);
  size_t i = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, rest) {
    m.rest[i].method = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "kind"));
    m.rest[i].template_json = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(item, "body"));
    i++;
  }
  return m;
}

/* ---- a ready pair: the real handshake between a host and a widget session ---- */

typedef struct pair {
  callcore_session *widget, *host;
} pair;

static callcore_session *new_session(const char *options) {
  callcore_errno err;
  char reason[256];
  callcore_session *s = callcore_session_new(options, &err, reason, sizeof reason);
  if (!s) die("session options refused", reason);
  return s;
}

/* Delivers every envelope `from` posted to `to`; returns how many. */
static int deliver(callcore_session *from, callcore_session *to, const char *origin, double now) {
  char *text = callcore_drain(from);
  cJSON *actions = cJSON_Parse(text);
  callcore_free(text);
  int moved = 0;
  const cJSON *action;
  cJSON_ArrayForEach(action, actions) {
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(action, "action")), "post") != 0) continue;
    char *envelope = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(action, "envelope"));
    callcore_receive(to, origin, 1, envelope, now);
    free(envelope);
    moved++;
  }
  cJSON_Delete(actions);
  return moved;
}

static void pump(const mix *m, pair *p, double now) {
  for (int round = 0; round < 20; round++)
    if (!deliver(p->host, p->widget, m->host_origin, now) + !deliver(p->widget, p->host, m->widget_origin, now) == 2)
      return;
}

static int run_step(callcore_session *s, const role_mix *role, const step *st, const char *json, double now);

static pair ready_pair(const mix *m) {
  pair p = {new_session(m->widget_options), new_session(m->host_options)};
  callcore_iframe_loaded(p.host, 1000);
  pump(m, &p, 1001);
  for (size_t i = 0; i < m->widget_after_ready.count; i++)
    run_step(p.widget, &m->widget_after_ready, &m->widget_after_ready.steps[i], m->widget_after_ready.steps[i].template_json,
             1002);
  callcore_tick(p.widget, 1003); /* the queue replay the glue would run at once */
  pump(m, &p, 1003);
  return p;
}

static void free_pair(pair *p) {
  callcore_session_free(p->widget);
  callcore_session_free(p->host);
}

/* ---- the timed path ---- */

static int run_step(callcore_session *s, const role_mix *role, const step *st, const char *json, double now) {
  return st->op == OP_RECEIVE ? callcore_receive(s, role->peer_origin, 1, json, now)
                              : callcore_call(s, st->method, json, now);
}

/* calls × steps expanded strings, built before the clock starts. */
static char **expand_calls(const role_mix *role, long first_call, long calls) {
  char **texts = malloc((size_t)calls * role->count * sizeof *texts);
  for (long c = 0; c < calls; c++)
    for (size_t i = 0; i < role->count; i++) {
      const char *t = role->steps[i].template_json;
      texts[(size_t)c * role->count + i] = t ? expand(t, first_call + c) : NULL;
    }
  return texts;
}

static void free_texts(char **texts, size_t n) {
  for (size_t i = 0; i < n; i++) free(texts[i]);
  free(texts);
}

/* Runs `calls` calls, draining after each event; the function callgrind collects. */
__attribute__((noinline)) void run_profiled(callcore_session *s, const role_mix *role, char **texts, long first_call,
                                            long calls) {
  for (long c = 0; c < calls; c++) {
    double now = 10000.0 * (double)(first_call + c);
    for (size_t i = 0; i < role->count; i++) {
      run_step(s, role, &role->steps[i], texts[(size_t)c * role->count + i], now + (double)i);
      callcore_free(callcore_drain(s));
    }
  }
}

/* One call with every result checked: a clean mix produces no violation. */
static void verify(callcore_session *s, const role_mix *role, long call) {
  for (size_t i = 0; i < role->count; i++) {
    const step *st = &role->steps[i];
    char *json = st->template_json ? expand(st->template_json, call) : NULL;
    int err = run_step(s, role, st, json, 10000.0 * (double)call + (double)i);
    char *actions = callcore_drain(s);
    if (err != CALLCORE_OK || strstr(actions, "\"action\":\"violation\"")) {
      fprintf(stderr, "core_bench: the %s mix is not clean at step %zu (%s): %s\n%s\n", role->name, i,
                      callcore_errno_name(err), callcore_last_error(s), actions);
      exit(2);
    }
    callcore_free(actions);
    free(json);
  }
}

typedef struct figures {
  double median, min, max;
  double allocations; /* heap allocations per message (0 when not counted) */
} figures;

static figures summarise(double *samples, int n) {
  qsort(samples, (size_t)n, sizeof *samples, compare);
  return (figures){samples[n / 2], samples[0], samples[n - 1], 0};
}

static figures time_role(const mix *m, const role_mix *role, int rounds, long calls) {
  pair p = ready_pair(m);
  callcore_session *s = strcmp(role->name, "host") == 0 ? p.host : p.widget;
  long next = 1;
  for (long c = 0; c < 3; c++) verify(s, role, next++);
  double *samples = malloc((size_t)rounds * sizeof *samples);
  for (int r = 0; r < rounds; r++) {
    char **texts = expand_calls(role, next, calls);
    double start = now_ns();
    run_profiled(s, role, texts, next, calls);
    samples[r] = (now_ns() - start) / (double)(calls * (long)role->count);
    free_texts(texts, (size_t)calls * role->count);
    next += calls;
  }
  /* Allocations per message: one more round, untimed, with counting on. */
  char **texts = expand_calls(role, next, calls);
  begin_counting();
  unsigned long before = allocations;
  run_profiled(s, role, texts, next, calls);
  unsigned long allocated = allocations - before;
  end_counting();
  free_texts(texts, (size_t)calls * role->count);
  next += calls;
  verify(s, role, next); /* still clean after every round: nothing drifted */
  free_pair(&p);
  figures f = summarise(samples, rounds);
  f.allocations = (double)allocated / (double)(calls * (long)role->count);
  free(samples);
  return f;
}

static figures time_rest(const mix *m, int rounds, long bodies) {
  double *samples = malloc((size_t)rounds * sizeof *samples);
  char **texts = malloc(m->rest_count * sizeof *texts);
  for (size_t k = 0; k < m->rest_count; k++) {
    texts[k] = expand(m->rest[k].template_json, 7);
    char *verdict = callcore_validate_rest(m->rest[k].method, texts[k]);
    if (!verdict || !strstr(verdict, "\"ok\":true") || !strstr(verdict, "\"warnings\":[]"))
      die("a REST body of the mix is not clean", verdict);
    callcore_free(verdict);
  }
  for (int r = 0; r < rounds; r++) {
    double start = now_ns();
    for (long i = 0; i < bodies; i++) {
      size_t k = (size_t)i % m->rest_count;
      callcore_free(callcore_validate_rest(m->rest[k].method, texts[k]));
    }
    samples[r] = (now_ns() - start) / (double)bodies;
  }
  free_texts(texts, m->rest_count);
  figures f = summarise(samples, rounds);
  free(samples);
  return f;
}

/* Heap held by the pair after `warm` calls and after `total` calls on each
 * role: constant memory means no growth per call. */
typedef struct memory {
  double idle_pair, after_warm, after_total;
  long warm, total;
} memory;


static memory measure_memory(const mix *m, long warm, long total) {
  memory out = {.warm = warm, .total = total};
  begin_counting(); /* the whole pass, pair included: it frees only its own blocks */
  size_t base = heap_in_use();
  pair p = ready_pair(m);
  out.idle_pair = (double)(heap_in_use() - base);
  long done = 0;
  while (done < total) {
    long batch = (done < warm ? warm : total) - done;
    if (batch > 500) batch = 500;
    char **w = expand_calls(&m->widget, done + 1, batch), **h = expand_calls(&m->host, done + 1, batch);
    run_profiled(p.widget, &m->widget, w, done + 1, batch);
    run_profiled(p.host, &m->host, h, done + 1, batch);
    free_texts(w, (size_t)batch * m->widget.count);
    free_texts(h, (size_t)batch * m->host.count);
    done += batch;
    if (done == warm) out.after_warm = (double)(heap_in_use() - base);
  }
  out.after_total = (double)(heap_in_use() - base);
  free_pair(&p);
  end_counting();
  return out;
}

static void print_figures(const char *label, figures f, int json, int last) {
  if (json)
    printf("    \"%s\": {\"median_ns\": %.1f, \"min_ns\": %.1f, \"max_ns\": %.1f, \"allocations\": %.2f}%s\n", label,
           f.median, f.min, f.max, f.allocations, last ? "" : ",");
  else
    printf("  %-30s %7.0f ns/message (min %.0f, max %.0f; %.0f messages/s; %.1f allocations)\n", label, f.median,
           f.min, f.max, 1e9 / f.median, f.allocations);
}

int main(int argc, char **argv) {
  const char *mix_path = "bench/call-mix.json", *profile = NULL;
  int rounds = 15, json = 0;
  long calls = 250;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--mix") == 0 && i + 1 < argc) mix_path = argv[++i];
    else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (strcmp(argv[i], "--calls") == 0 && i + 1 < argc) calls = atol(argv[++i]);
    else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) profile = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else die("usage: core_bench [--mix FILE] [--rounds N] [--calls N] [--json] [--profile widget|host]", NULL);
  }
  if (rounds < 1 || calls < 1) die("--rounds and --calls must be positive", NULL);
  mix m = load_mix(mix_path);

  if (profile) {
    const role_mix *role = strcmp(profile, "host") == 0 ? &m.host : &m.widget;
    pair p = ready_pair(&m);
    callcore_session *s = role == &m.host ? p.host : p.widget;
    verify(s, role, 1);
    char **texts = expand_calls(role, 2, calls);
    run_profiled(s, role, texts, 2, calls);
    printf("profiled %ld %s calls = %ld messages\n", calls, role->name, calls * (long)role->count);
    free_texts(texts, (size_t)calls * role->count);
    free_pair(&p);
    return 0;
  }

  figures widget = time_role(&m, &m.widget, rounds, calls);
  figures host = time_role(&m, &m.host, rounds, calls);
  figures rest = time_rest(&m, rounds, calls * 8);
  memory mem = measure_memory(&m, 1000, 10000);
  if (json) {
    printf("{\n  \"rounds\": %d, \"callsPerRound\": %ld, \"messagesPerCall\": {\"widget\": %zu, \"host\": %zu},\n", rounds,
           calls, m.widget.count, m.host.count);
    printf("  \"perMessage\": {\n");
    print_figures("widget", widget, 1, 0);
    print_figures("host", host, 1, 0);
    print_figures("rest", rest, 1, 1);
    printf("  },\n  \"memory\": {\"idlePairBytes\": %.0f, \"warmCalls\": %ld, \"afterWarmBytes\": %.0f, "
           "\"totalCalls\": %ld, \"afterTotalBytes\": %.0f}\n}\n",
           mem.idle_pair, mem.warm, mem.after_warm, mem.total, mem.after_total);
  } else {
    printf("callcore native core: medians of %d rounds of %ld calls (%zu widget / %zu host messages per call)\n",
           rounds, calls, m.widget.count, m.host.count);
    print_figures("widget session, full path", widget, 0, 0);
    print_figures("host session, full path", host, 0, 0);
    print_figures("REST validators (per body)", rest, 0, 0);
    printf("  memory: a ready host+widget pair    %8.0f bytes\n", mem.idle_pair);
    printf("  memory: after %5ld calls each       %8.0f bytes\n", mem.warm, mem.after_warm);
    printf("  memory: after %5ld calls each       %8.0f bytes (%+.2f bytes per call after warm-up)\n", mem.total,
           mem.after_total, (mem.after_total - mem.after_warm) / (double)(mem.total - mem.warm));
  }
  cJSON_Delete(m.root);
  return 0;
}
