#define _GNU_SOURCE /* clock_gettime, mallinfo2 */
/* Benchmark of the native core (prints figures; asserts nothing):
 * the cost of one received message and of one SDK call, each including the
 * drain of its actions, as medians over repeated batches; and the memory a
 * session holds with calls tracked. Run: build/core_bench */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "callcore.h"

#define BATCH 2000
#define ROUNDS 15

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static callcore_session *ready_widget(void) {
  callcore_session *s = callcore_session_new(
      "{\"role\":\"widget\",\"instanceId\":1000,\"ownOrigin\":\"https://w.example\","
      "\"referrerOrigin\":\"https://app.hubspot.com\",\"handlers\":[\"onReady\",\"onDialNumber\",\"onEndCall\"],"
      "\"limits\":{\"maxCalls\":4096},\"dialDedupWindowMs\":0}",
      NULL, NULL, 0);
  callcore_receive(s, "https://app.hubspot.com", 1,
                   "{\"type\":\"SYNC\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"9_1\",\"portalId\":1}", 1);
  callcore_call(s, "initialized", "{\"isLoggedIn\":true}", 2);
  callcore_free(callcore_drain(s));
  return s;
}

static const char DIAL[] =
    "{\"type\":\"DIAL_NUMBER\",\"data\":{\"phoneNumber\":\"+442073238299\",\"ownerId\":777,\"portalId\":123456,"
    "\"objectId\":51,\"objectType\":\"CONTACT\",\"calleeInfo\":{\"calleeId\":51,\"calleeObjectTypeId\":\"0-1\"}},"
    "\"messageId\":\"9_2\"}";

/* Median ns per operation over ROUNDS batches of BATCH operations. */
static double median_receive(void) {
  double samples[ROUNDS];
  callcore_session *s = ready_widget();
  for (int r = 0; r < ROUNDS; r++) {
    double start = now_ns();
    for (int i = 0; i < BATCH; i++) {
      callcore_receive(s, "https://app.hubspot.com", 1, DIAL, 10);
      callcore_free(callcore_drain(s));
    }
    samples[r] = (now_ns() - start) / BATCH;
  }
  callcore_session_free(s);
  qsort(samples, ROUNDS, sizeof *samples, compare);
  return samples[ROUNDS / 2];
}

static double median_call_cycle(void) {
  double samples[ROUNDS];
  char payload[160];
  int id = 0;
  for (int r = 0; r < ROUNDS; r++) {
    callcore_session *s = ready_widget();
    double start = now_ns();
    for (int i = 0; i < BATCH / 4; i++, id++) {
      snprintf(payload, sizeof payload, "{\"externalCallId\":\"c%d\",\"toNumber\":\"+442073238299\"}", id);
      callcore_call(s, "outgoingCall", payload, 10);
      snprintf(payload, sizeof payload, "{\"externalCallId\":\"c%d\"}", id);
      callcore_call(s, "callAnswered", payload, 11);
      snprintf(payload, sizeof payload, "{\"externalCallId\":\"c%d\",\"callEndStatus\":\"COMPLETED\"}", id);
      callcore_call(s, "callEnded", payload, 12);
      callcore_call(s, "callCompleted", payload, 13);
      callcore_free(callcore_drain(s));
    }
    samples[r] = (now_ns() - start) / BATCH;
    callcore_session_free(s);
  }
  qsort(samples, ROUNDS, sizeof *samples, compare);
  return samples[ROUNDS / 2];
}

static double session_bytes(int calls) {
  struct mallinfo2 before = mallinfo2();
  enum { SESSIONS = 200 };
  callcore_session *sessions[SESSIONS];
  char payload[96];
  for (int k = 0; k < SESSIONS; k++) {
    sessions[k] = ready_widget();
    for (int i = 0; i < calls; i++) {
      snprintf(payload, sizeof payload, "{\"externalCallId\":\"call-%d\"}", i);
      callcore_call(sessions[k], "outgoingCall", payload, 10);
      callcore_call(sessions[k], "callEnded", payload, 11);
      callcore_call(sessions[k], "callCompleted", payload, 12);
    }
    callcore_free(callcore_drain(sessions[k]));
  }
  struct mallinfo2 after = mallinfo2();
  for (int k = 0; k < SESSIONS; k++) callcore_session_free(sessions[k]);
  return (double)(after.uordblks - before.uordblks) / SESSIONS;
}

int main(void) {
  printf("callcore native core (medians of %d batches of %d)\n", ROUNDS, BATCH);
  printf("  receive DIAL_NUMBER + drain   %8.0f ns/message\n", median_receive());
  printf("  SDK call + drain (call cycle) %8.0f ns/message\n", median_call_cycle());
  printf("  memory: idle ready session    %8.0f bytes\n", session_bytes(0));
  printf("  memory: session with 64 calls %8.0f bytes\n", session_bytes(64));
  return 0;
}
