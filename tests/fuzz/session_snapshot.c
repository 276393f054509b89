#include "session_snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "session.h"

typedef struct buffer {
  unsigned char *bytes;
  size_t size, capacity;
} buffer;

static void put(buffer *b, const void *data, size_t n) {
  if (b->size + n > b->capacity) {
    size_t capacity = (b->capacity + n) * 2;
    unsigned char *grown = realloc(b->bytes, capacity);
    FUZZ_CHECK(grown, "snapshot: out of memory");
    b->bytes = grown;
    b->capacity = capacity;
  }
  memcpy(b->bytes + b->size, data, n);
  b->size += n;
}

/* A string with its terminator, so "ab","c" and "a","bc" differ; NULL as one 0xff byte. */
static void put_string(buffer *b, const char *text) {
  if (!text) {
    unsigned char none = 0xff;
    put(b, &none, 1);
    return;
  }
  put(b, text, strlen(text) + 1);
}

static void put_strings(buffer *b, char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++) put_string(b, list[i]);
}

fuzz_snapshot fuzz_snapshot_take(const callcore_session *s, int flags) {
  buffer b = {0};
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
  memset(flat.last_error, 0, sizeof flat.last_error);
  if (flags & SNAPSHOT_WITHOUT_CLOCK) flat.last_stamp = 0;
  put(&b, &flat, sizeof flat);

  put_string(&b, s->version);
  put_strings(&b, s->handlers, s->handler_count);
  put_strings(&b, s->allowed_origins, s->allowed_count);
  char *fields = s->sync_fields ? fuzz_print(s->sync_fields) : NULL;
  put_string(&b, fields);
  free(fields);
  for (size_t i = 0; i < s->call_count; i++) {
    cc_call call;
    memset(&call, 0, sizeof call);
    memcpy(&call, &s->calls[i], sizeof call);
    call.external_call_id = NULL;
    put(&b, &call, sizeof call);
    put_string(&b, s->calls[i].external_call_id);
  }
  for (size_t i = 0; i < s->queued; i++) {
    put_string(&b, s->queue[i].method);
    put_string(&b, s->queue[i].payload_json);
  }
  return (fuzz_snapshot){b.bytes, b.size};
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
