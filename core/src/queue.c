/* Calls an app makes before the handshake: kept (up to limits.maxQueued) and
 * replayed, in order, at the first tick after it, so that what onReady sends
 * (INITIALIZED) goes first. */
#include <stdlib.h>

#include "session.h"

/* `code` and `why` say what the call waits for (the handshake, a leader). */
static callcore_errno enqueue(callcore_session *s, const char *method, const char *payload_json, cc_code code,
                              const char *why) {
  cc_report r;
  cc_report_reset(&r, method);
  if (s->queued >= s->limits.max_queued) {
    cc_report_add(&r, CC_V_QUEUE_FULL, NULL, "%zu messages already wait for the handshake; this one was refused",
                  s->queued);
    cc_emit_report(s, &r, CC_OUTBOUND, NULL, CC_REFUSED);
    return cc_fail(s, CALLCORE_E_LIMIT, "%s: the queue of messages waiting for the handshake is full", method);
  }
  cc_queued *grown = realloc(s->queue, (s->queued + 1) * sizeof *grown);
  if (!grown) return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  s->queue = grown;
  cc_queued item = {cc_strdup(method), payload_json ? cc_strdup(payload_json) : NULL};
  if (!item.method || (payload_json && !item.payload_json)) {
    free(item.method);
    free(item.payload_json);
    return cc_fail(s, CALLCORE_E_NOMEM, "out of memory");
  }
  s->queue[s->queued++] = item;
  cc_report_add(&r, code, NULL, "%s", why);
  cc_emit_report(s, &r, CC_OUTBOUND, NULL, CC_QUEUED);
  return CALLCORE_OK;
}

callcore_errno cc_enqueue(callcore_session *s, const char *method, const char *payload_json) {
  return enqueue(s, method, payload_json, CC_V_NOT_READY,
                 s->role == CC_ROLE_WIDGET
                     ? "called before the handshake with the host completed; it will be sent once it does"
                     : "called before the handshake with the widget completed; it will be sent once it does");
}

/* Option instances: which instance speaks to HubSpot about calls is not
 * known yet (this one is settling, no other answered): sent, or forwarded,
 * once one leads. */
callcore_errno cc_enqueue_for_leader(callcore_session *s, const char *method, const char *payload_json) {
  return enqueue(s, method, payload_json, CC_V_WAITING_FOR_LEADER,
                 "no instance of the app leads yet (settling, instances.settleMs); it will be sent once one does");
}

void cc_flush_queue(callcore_session *s, double now_ms) {
  cc_queued *queue = s->queue;
  size_t count = s->queued;
  s->queue = NULL;
  s->queued = 0;
  for (size_t i = 0; i < count; i++) {
    cc_send_method(s, queue[i].method, queue[i].payload_json, now_ms);
    free(queue[i].method);
    free(queue[i].payload_json);
  }
  free(queue);
}

void cc_queue_free(callcore_session *s) {
  for (size_t i = 0; i < s->queued; i++) {
    free(s->queue[i].method);
    free(s->queue[i].payload_json);
  }
  free(s->queue);
  s->queue = NULL;
  s->queued = 0;
}
