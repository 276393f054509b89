/* Everything a session remembers, as bytes, so that "a rejected input leaves
 * the state unchanged" can be checked to the byte. callcore_state_json shows
 * what an app needs (phase, login, calls) but not all that steers later
 * decisions: the messageId clock, the dial de-duplication memory, the SYNC
 * loop's times, the queue's contents, the timer request, a call's
 * completion-reported flag. This reads the struct itself (a test may).
 *
 * The bytes come from one walk over the session; they are either kept (a
 * snapshot, to say which byte differs) or only hashed as they pass (a
 * fingerprint, what the session scripts compare after every event: no
 * allocation, no copy). Equal bytes give equal fingerprints; different bytes
 * give different ones but with a chance of 2^-64, and a script whose
 * fingerprints differ is run again with snapshots for the report. */
#ifndef CALLCORE_SESSION_SNAPSHOT_H
#define CALLCORE_SESSION_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

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

/* The hash of both snapshots at once: the bytes of SNAPSHOT_WITHOUT_CLOCK,
 * and those with the messageId clock. */
typedef struct fuzz_fingerprint {
  uint64_t without_clock;
  uint64_t with_clock;
} fuzz_fingerprint;

fuzz_fingerprint fuzz_snapshot_fingerprint(const callcore_session *s);
/* Whether two fingerprints agree, for the snapshots of `flags`. */
int fuzz_fingerprint_equal(const fuzz_fingerprint *a, const fuzz_fingerprint *b, int flags);

/* The per-session memory bound the fuzz targets check, for these limits:
 * every tracked call with the longest id, every queued call with the largest
 * payload, on top of what the session held when it was made. */
long long fuzz_session_growth_bound(const callcore_session *s);

#endif
