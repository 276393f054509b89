/* libFuzzer target: arbitrary bytes at every entry point that takes text —
 * a received envelope, an SDK call's payload, the REST checks — in both roles
 * and before and after the handshake. Crashes, leaks and UB are the findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callcore.h"

static const char *const WIDGET =
    "{\"role\":\"widget\",\"instanceId\":1000,\"ownOrigin\":\"https://w.example\","
    "\"referrerOrigin\":\"https://app.hubspot.com\",\"handlers\":[\"onReady\",\"defaultEventHandler\",\"onFailed\"],"
    "\"failedCatchAll\":true,\"limits\":{\"maxCalls\":4,\"maxQueued\":4}}";
static const char *const HOST =
    "{\"role\":\"host\",\"instanceId\":2000,\"hostOrigin\":\"https://app.hubspot.com\","
    "\"iframeOrigin\":\"https://w.example\",\"policy\":\"strict\",\"handlers\":[\"defaultEventHandler\"]}";
static const char *const METHODS[] = {"initialized", "userLoggedIn", "outgoingCall", "incomingCall", "callAnswered",
                                      "callEnded", "callCompleted", "finalizeEngagement", "sendMessage",
                                      "setWidgetUrl", "navigateToRecord", "resizeWidget"};
static const char *const REST[] = {"settings.create", "settings.patch", "channelConnection.create",
                                   "channelConnection.patch", "inboundCall", "webhookAnswer"};

static void drain(callcore_session *s) { callcore_free(callcore_drain(s)); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t selector = data[0];
  char *text = malloc(size);
  if (!text) return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';

  callcore_session *w = callcore_session_new(WIDGET, NULL, NULL, 0);
  callcore_session *h = callcore_session_new(HOST, NULL, NULL, 0);
  if (selector & 1) { /* synchronise first, so dispatch and the call lifecycle run too */
    callcore_receive(w, "https://app.hubspot.com", 1,
                     "{\"type\":\"SYNC\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"9_1\"}", 1);
    callcore_call(w, "initialized", "{\"isLoggedIn\":true}", 2);
    callcore_iframe_loaded(h, 1);
    callcore_receive(h, "https://w.example", 1,
                     "{\"type\":\"SYNC_ACK\",\"messageId\":\"2000_1\",\"version\":\"0.9.7\"}", 2);
  }
  double now = 10 + (selector >> 4) * 1000.0;
  callcore_receive(w, "https://app.hubspot.com", (selector >> 1) & 1, text, now);
  callcore_receive(h, "https://w.example", 1, text, now);
  callcore_call(w, METHODS[(selector >> 2) % (sizeof METHODS / sizeof *METHODS)], text, now);
  callcore_call(h, "sendMessage", text, now);
  callcore_tick(w, now + 70000);
  callcore_tick(h, now + 31000);
  callcore_unload(w, now + 80000);
  free(callcore_state_json(w));
  drain(w);
  drain(h);
  callcore_free(callcore_validate_envelope(text));
  callcore_free(callcore_validate_rest(REST[selector % (sizeof REST / sizeof *REST)], text));
  callcore_session_free(w);
  callcore_session_free(h);
  free(text);
  return 0;
}
