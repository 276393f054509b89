#include "session_snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "session.h"

/* Where the walk's bytes go: kept in a buffer, or hashed as they pass. */
typedef struct sink {
  int keep;
  unsigned char *bytes;
  size_t size, capacity;
  uint64_t hash;
} sink;

static uint64_t mix(uint64_t h, uint64_t word) {
  h ^= word;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

static void put(sink *k, const void *data, size_t n) {
  if (!k->keep) {
    /* Eight bytes a step; the length too, so that the pieces' boundaries count. */
    const unsigned char *p = data;
    uint64_t h = mix(k->hash, n), word;
    for (; n >= 8; p += 8, n -= 8) {
      memcpy(&word, p, 8);
      h = mix(h, word);
    }
    if (n) {
      word = 0;
      memcpy(&word, p, n);
      h = mix(h, word);
    }
    k->hash = h;
    return;
  }
  if (k->size + n > k->capacity) {
    size_t capacity = (k->capacity + n) * 2;
    unsigned char *grown = realloc(k->bytes, capacity);
    FUZZ_CHECK(grown, "snapshot: out of memory");
    k->bytes = grown;
    k->capacity = capacity;
  }
  memcpy(k->bytes + k->size, data, n);
  k->size += n;
}

/* A string with its terminator, so "ab","c" and "a","bc" differ; NULL as one 0xff byte. */
static void put_string(sink *k, const char *text) {
  if (!text) {
    unsigned char none = 0xff;
    put(k, &none, 1);
    return;
  }
  put(k, text, strlen(text) + 1);
}

static void put_strings(sink *k, char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++) put_string(k, list[i]);
}

/* A cJSON tree as it is held: each item's type, key and value, its children, then an end mark. */
static void put_tree(sink *k, const cJSON *item) {
  static const unsigned char end = 0xfe;
  for (; item; item = item->next) {
    put(k, &item->type, sizeof item->type);
    put_string(k, item->string);
    if (cJSON_IsString(item) || cJSON_IsRaw(item)) put_string(k, item->valuestring);
    if (cJSON_IsNumber(item)) {
      put(k, &item->valuedouble, sizeof item->valuedouble);
      put(k, &item->valueint, sizeof item->valueint);
    }
    put_tree(k, item->child);
    put(k, &end, 1);
  }
}

/* Every byte of the snapshot but the messageId clock, which the caller adds: see fuzz_snapshot_take. */
static void walk(const callcore_session *s, sink *k, int with_clock) {
  /* The struct itself with the pointers and the scratch cleared: every scalar
   * field, present and future, is compared without being named here. The
   * copy starts zeroed so padding compares equal. */
  callcore_session flat;
  memset(&flat, 0, sizeof flat);
  memcpy(&flat, s, sizeof flat);
  flat.version = NULL;
  flat.handlers = NULL;
  flat.allowed_origins = NULL;
  flat.sync_fields = NULL;
  flat.calls = NULL;
  flat.queue = NULL;
  flat.actions = NULL;
  memset(&flat.brief, 0, sizeof flat.brief); /* the queued actions' shape, as `actions`: output, not state */
  flat.instances = NULL;
  memset(flat.last_error, 0, sizeof flat.last_error);
  if (!with_clock) flat.last_stamp = 0;
  put(k, &flat, sizeof flat);

  put_string(k, s->version);
  put_strings(k, s->handlers, s->handler_count);
  put_strings(k, s->allowed_origins, s->allowed_count);
  put_tree(k, s->sync_fields);
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call call;
    memset(&call, 0, sizeof call);
    memcpy(&call, &s->calls[i], sizeof call);
    call.external_call_id = NULL;
    put(k, &call, sizeof call);
    put_string(k, s->calls[i].external_call_id);
  }
  for (size_t i = 0; i < s->queued; i++) {
    put_string(k, s->queue[i].method);
    put_string(k, s->queue[i].payload_json);
  }
  /* Option instances: one flat struct (members, leader, shared facts), zeroed when made. */
  if (s->instances) put(k, s->instances, sizeof *s->instances);
}

fuzz_snapshot fuzz_snapshot_take(const callcore_session *s, int flags) {
  sink k = {.keep = 1};
  walk(s, &k, !(flags & SNAPSHOT_WITHOUT_CLOCK));
  return (fuzz_snapshot){k.bytes, k.size};
}

long fuzz_snapshot_diff(const fuzz_snapshot *a, const fuzz_snapshot *b) {
  size_t n = a->size < b->size ? a->size : b->size;
  for (size_t i = 0; i < n; i++)
    if (a->bytes[i] != b->bytes[i]) return (long)i;
  return a->size == b->size ? -1 : (long)n;
}

void fuzz_snapshot_free(fuzz_snapshot *snap) {
  free(snap->bytes);
  snap->bytes = NULL;
  snap->size = 0;
}

fuzz_fingerprint fuzz_snapshot_fingerprint(const callcore_session *s) {
  /* One walk: the clock is cleared in it (the bytes of SNAPSHOT_WITHOUT_CLOCK), then added on its own. */
  sink k = {.keep = 0, .hash = 0x243F6A8885A308D3ull};
  walk(s, &k, 0);
  uint64_t clock;
  memcpy(&clock, &s->last_stamp, sizeof clock);
  return (fuzz_fingerprint){k.hash, mix(mix(k.hash, sizeof clock), clock)};
}

int fuzz_fingerprint_equal(const fuzz_fingerprint *a, const fuzz_fingerprint *b, int flags) {
  return a->without_clock == b->without_clock &&
         ((flags & SNAPSHOT_WITHOUT_CLOCK) || a->with_clock == b->with_clock);
}

long long fuzz_session_growth_bound(const callcore_session *s) {
  /* A call: its record and its id (a string of the envelope, so at most
   * maxStringLength bytes). A queued call: its record, the method name (a
   * catalogue name, under 32 bytes) and the payload text (at most
   * maxEnvelopeBytes, checked before it is queued). */
  const cc_limits *l = &s->limits;
  long long per_call = (long long)(sizeof(cc_call) + l->max_string_length + 1);
  long long per_queued = (long long)(sizeof(cc_queued) + 32 + l->max_envelope_bytes + 1);
  return (long long)l->max_calls * per_call + (long long)l->max_queued * per_queued;
}
