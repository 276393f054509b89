/* Everything a session remembers, as bytes, so that "a rejected input leaves
 * the state unchanged" can be checked to the byte. callcore_state_json shows
 * what an app needs (phase, login, calls) but not all that steers later
 * decisions: the messageId clock, the dial de-duplication memory, the SYNC
 * loop's times, the queue's contents, the timer request, a call's
 * completion-reported flag. This reads the struct itself (a test may). */
#ifndef CALLCORE_SESSION_SNAPSHOT_H
#define CALLCORE_SESSION_SNAPSHOT_H

#include <stddef.h>

#include "callcore.h"

typedef struct fuzz_snapshot {
  unsigned char *bytes;
  size_t size;
} fuzz_snapshot;

/* What may change on a rejected input: the findings scratch pad (report,
 * last error) and the pending actions always; the messageId clock only
 * when the rejection itself posted a reply (SET_WIDGET_URL_FAILED). */
enum { SNAPSHOT_WITH_CLOCK = 0, SNAPSHOT_WITHOUT_CLOCK = 1 };

fuzz_snapshot fuzz_snapshot_take(const callcore_session *s, int flags);
/* The offset of the first differing byte, or -1 when equal. */
long fuzz_snapshot_diff(const fuzz_snapshot *a, const fuzz_snapshot *b);
void fuzz_snapshot_free(fuzz_snapshot *snap);

/* The per-session memory bound the fuzz targets check, for these limits:
 * every tracked call with the longest id, every queued call with the largest
 * payload, on top of what the session held when it was made. */
long long fuzz_session_growth_bound(const callcore_session *s);

#endif
