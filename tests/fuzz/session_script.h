/* Runs a fuzz input as a script of events into one session and checks the
 * session's invariants after every event. The format (also what the seeds
 * in corpus/fuzz_session_* are written in):
 *
 *   byte 0       configuration: bits 0-1 policy (0 off, 1 warn, 2-3 strict);
 *                bit 2 widget: failedCatchAll / host: SYNC carries an
 *                engagementId (a resumed call); bit 3 only defaultEventHandler
 *                (so most messages go unheard); bit 4 option instances (the
 *                session is member "m-self" of channel "fuzz"); bit 5 the web
 *                glue's options (deliver, previewDispatch, postAsIs), whose
 *                drains go through callcore_drain_brief where it answers
 *   then lines, each one event (the clock moves 1 ms before each):
 *     R<json>             receive from the peer window at the peer's origin
 *     O<json>             receive from the peer window at a foreign origin
 *     N<json>             receive from some other window
 *     C<method>[ <json>]  an SDK call; no space: the argument was omitted
 *     P<json>             a message from another instance (callcore_peer)
 *     T<digits>           the clock moves that many ms (capped), then a tick
 *     L                   iframe load (host)  U  page unload
 *   anything else moves the clock 1 ms and nothing more.
 *
 * Invariants, each a trap when broken:
 *   1. A rejected input leaves the session byte-identical (session_snapshot.h)
 *      and callcore_state_json identical. Rejected: callcore_receive,
 *      callcore_call or callcore_peer returned an error code. The bytes are compared as a
 *      fingerprint after every event; the state's text, which is printed from
 *      those bytes alone, only when a script runs again with whole snapshots.
 *   2. The return code and the report agree: receive/call returning
 *      CALLCORE_OK reported nothing as dropped or refused.
 *   3. The session's heap stays within fuzz_session_growth_bound() above what
 *      it held once created, after every drain.
 *   4. Every post action's envelope prints as JSON that callcore's own
 *      callcore_validate_envelope parses within the default limits, with a
 *      non-empty string type and a truthy messageId. Envelopes the session
 *      writes itself (what receiving produces: SYNC_ACK, the ERROR reply,
 *      SET_WIDGET_URL_FAILED; and the host's SYNC) validate with no error,
 *      except what SYNC_ACK echoes of the SYNC by design; in strict policy so
 *      does everything the app sent.
 *   5. Every action is one of the nine kinds, with its fields (a peer
 *      message names this session's channel and member; a post as is comes
 *      from an app's sendMessage, and is checked as that message plus what
 *      it appends).
 *   6. callcore_drain_brief, where it answers, says what the queue's JSON says,
 *      and leaves nothing queued. */
#ifndef CALLCORE_SESSION_SCRIPT_H
#define CALLCORE_SESSION_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

void fuzz_run_script(int host_role, const uint8_t *data, size_t size);

#endif
