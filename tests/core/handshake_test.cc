// The handshake (docs/protocol.md 1.6, 1.8, Appendix B): SYNC from the host every
// 100 ms, one SYNC_ACK from the widget, SYNC_ACK_FAILED after 30 s, the
// hardened acceptance rules for SYNC, re-synchronisation and the queue.
#include <cmath>

#include "test_support.h"

using namespace cctest;

namespace {

std::string id_at(const char *instance, double stamp) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s_%.0f", instance, stamp);
  return buf;
}

std::string sync_json(const std::string &message_id, const std::string &host_url = kHostOrigin,
                      const std::string &extra = "") {
  return "{\"type\":\"SYNC\",\"hostUrl\":\"" + host_url + "\",\"messageId\":\"" + message_id + "\"" + extra + "}";
}

TEST(Handshake, IframeLoadPostsSyncWithHostFieldsThenContext) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  Actions a = drain(host);
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  const cJSON *post = a.posts()[0];
  EXPECT_EQ(str(post, "targetOrigin"), kWidgetOrigin);
  // type, hostUrl, messageId first (what the SDK host sends), then syncFields in their order.
  EXPECT_EQ(print(get(post, "envelope")),
            canon(R"({"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                      "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true})"));
  ASSERT_EQ(a.of("timer").size(), 1u);
  EXPECT_EQ(get(a.of("timer")[0], "delayMs")->valuedouble, 100);
  EXPECT_TRUE(a.violations().empty()) << a.dump();
  Json st = state(host);
  EXPECT_EQ(str(st.get(), "phase"), "unsynced");
  EXPECT_TRUE(cJSON_IsTrue(get(st.get(), "syncing")));
}

TEST(Handshake, SyncFieldsCannotOverrideTheHostsOwnKeys) {
  Session host = make_host(R"({"syncFields":{"type":"EVIL","hostUrl":"https://evil.example","messageId":"x","portalId":1}})");
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  Actions a = drain(host);
  ASSERT_EQ(a.envelopes().size(), 1u);
  EXPECT_EQ(print(a.envelopes()[0]),
            canon(R"({"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120","portalId":1})"));
}

TEST(Handshake, SyncRetriesOnlyWhenTheTickReachesTheDueTime) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  drain(host);
  for (double early : {0.0, 1.0, 50.0, 99.0, 99.9}) {
    ASSERT_EQ(callcore_tick(host, kT0 + early), CALLCORE_OK);
    Actions a = drain(host);
    EXPECT_TRUE(a.posts().empty()) << "tick at +" << early << ": " << a.dump();
    // A timer may fire before the page's clock says it is due: the core asks again.
    ASSERT_EQ(a.of("timer").size(), 1u) << "tick at +" << early << ": " << a.dump();
    EXPECT_EQ(get(a.of("timer")[0], "delayMs")->valuedouble, std::ceil(100 - early));
  }
  ASSERT_EQ(callcore_tick(host, kT0 + 100), CALLCORE_OK);
  Actions a = drain(host);
  ASSERT_EQ(a.envelopes().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.envelopes()[0], "type"), "SYNC");
  EXPECT_EQ(str(a.envelopes()[0], "messageId"), id_at(kHostId, kT0 + 100)) << "each retry has a fresh messageId";
  ASSERT_EQ(a.of("timer").size(), 1u);
  EXPECT_EQ(get(a.of("timer")[0], "delayMs")->valuedouble, 100);

  // The same instant again sends nothing; a late tick sends one SYNC, not a burst.
  ASSERT_EQ(callcore_tick(host, kT0 + 100), CALLCORE_OK);
  EXPECT_TRUE(drain(host).posts().empty());
  ASSERT_EQ(callcore_tick(host, kT0 + 450), CALLCORE_OK);
  EXPECT_EQ(drain(host).posts().size(), 1u);
}

TEST(Handshake, SyncAckFailedAfterThirtySecondsAndNoMoreSyncs) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  size_t syncs = drain(host).posts().size();
  for (double t = 100; t <= 30000; t += 100) {
    ASSERT_EQ(callcore_tick(host, kT0 + t), CALLCORE_OK);
    Actions a = drain(host);
    syncs += a.posts().size();
    ASSERT_TRUE(a.events("SYNC_ACK_FAILED").empty()) << "gave up early, at +" << t;
  }
  // One at the load, then one per 100 ms up to and including +30000 (the SDK
  // gives up only when more than 30000 ms have passed).
  EXPECT_EQ(syncs, 301u);

  ASSERT_EQ(callcore_tick(host, kT0 + 30001), CALLCORE_OK);
  Actions a = drain(host);
  EXPECT_TRUE(a.posts().empty()) << "SYNC_ACK_FAILED is local; nothing goes on the wire";
  ASSERT_EQ(a.events("SYNC_ACK_FAILED").size(), 1u) << a.dump();
  ASSERT_EQ(a.calls().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.calls()[0], "handler"), "defaultEventHandler");
  EXPECT_EQ(str(get(a.calls()[0], "envelope"), "type"), "SYNC_ACK_FAILED");
  ASSERT_EQ(a.violations("SYNC_ACK_FAILED").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("SYNC_ACK_FAILED")[0], "direction"), "local");
  ASSERT_EQ(a.of("timer").size(), 1u);
  EXPECT_TRUE(cJSON_IsNull(get(a.of("timer")[0], "delayMs"))) << "the retry timer is cancelled";
  EXPECT_FALSE(cJSON_IsTrue(get(state(host).get(), "syncing")));

  for (double t = 30100; t <= 40000; t += 700) {
    ASSERT_EQ(callcore_tick(host, kT0 + t), CALLCORE_OK);
    Actions later = drain(host);
    EXPECT_TRUE(later.posts().empty()) << later.dump();
    EXPECT_TRUE(later.events().empty()) << later.dump();
  }
  // A SYNC_ACK arriving now answers nothing the host waits on.
  std::string ack = "{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"" +
                    id_at(kHostId, kT0) + "\",\"version\":\"0.9.6\",\"iFrameUrl\":\"https://widget.example.com\"}";
  EXPECT_EQ(callcore_receive(host, kWidgetOrigin, 1, ack.c_str(), kT0 + 40001), CALLCORE_E_DROPPED);
  Actions late = drain(host);
  EXPECT_TRUE(late.has_violation("ORPHAN_REPLY")) << late.dump();
  EXPECT_TRUE(late.events("READY").empty());
  EXPECT_EQ(str(state(host).get(), "phase"), "unsynced");
}

TEST(Handshake, SyncAckEchoesSyncInOrderThenDebugModeVersionIframeUrl) {
  Session widget = make_widget();  // no debugMode option: undefined on the wire
  std::string sync = sync_json(id_at(kHostId, kT0), kHostOrigin, ",\"portalId\":123456,\"custom\":{\"a\":[1,2]}");
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync.c_str(), kT0), CALLCORE_OK) << callcore_last_error(widget);
  Actions a = drain(widget);
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.posts()[0], "targetOrigin"), kHostOrigin);
  EXPECT_EQ(print(a.envelopes()[0]),
            canon(R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                      "portalId":123456,"custom":{"a":[1,2]},"debugMode":"\u001bundefined","version":"@V@",
                      "iFrameUrl":"https://widget.example.com"})"));
}

TEST(Handshake, SyncAckCarriesTheConfiguredDebugModeAndVersion) {
  Session widget = make_widget(R"({"debugMode":true,"version":"0.9.4"})");
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync_json("h_1").c_str(), kT0), CALLCORE_OK);
  Actions a = drain(widget);
  ASSERT_EQ(a.envelopes().size(), 1u);
  EXPECT_EQ(print(a.envelopes()[0]),
            canon(R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"h_1","debugMode":true,
                      "version":"0.9.4","iFrameUrl":"https://widget.example.com"})"));
}

TEST(Handshake, SyncAckOverwritesKeysTheSyncAlreadyHadInPlace) {
  Session widget = make_widget(R"({"debugMode":false})");
  std::string sync = R"({"version":"9.9.9","type":"SYNC","debugMode":true,"hostUrl":"https://app.hubspot.com","messageId":"h_2"})";
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync.c_str(), kT0), CALLCORE_OK);
  Actions a = drain(widget);
  ASSERT_EQ(a.envelopes().size(), 1u);
  EXPECT_EQ(print(a.envelopes()[0]),
            canon(R"({"version":"@V@","type":"SYNC_ACK","debugMode":false,"hostUrl":"https://app.hubspot.com",
                      "messageId":"h_2","iFrameUrl":"https://widget.example.com"})"));
}

TEST(Handshake, OnReadyGetsTheSevenFieldsInOrderAfterSyncAckIsPosted) {
  Session widget = make_widget();
  std::string sync = sync_json(id_at(kHostId, kT0), kHostOrigin,
                               ",\"usesCallingWindow\":false,\"userId\":42,\"portalId\":123456,\"extra\":1");
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync.c_str(), kT0), CALLCORE_OK);
  Actions a = drain(widget);
  std::vector<const cJSON *> all = a.of();
  int ack_at = -1, ready_at = -1;
  for (size_t i = 0; i < all.size(); i++) {
    if (str(all[i], "action") == "post") ack_at = (int)i;
    if (str(all[i], "action") == "call" && str(all[i], "handler") == "onReady") ready_at = (int)i;
  }
  ASSERT_GE(ack_at, 0);
  ASSERT_GE(ready_at, 0) << a.dump();
  EXPECT_LT(ack_at, ready_at) << "SYNC_ACK must precede onReady so INITIALIZED follows it on the wire";

  const cJSON *call = a.calls("onReady")[0];
  EXPECT_EQ(print(call_data(call)),
            canon(R"({"engagementId":"\u001bundefined","portalId":123456,"userId":42,"ownerId":"\u001bundefined",
                      "iframeLocation":"\u001bundefined","usesCallingWindow":false,"hostUrl":"https://app.hubspot.com"})"));
  EXPECT_EQ(keys(get(call, "envelope")), split_keys("type,data"));
  EXPECT_EQ(str(get(call, "envelope"), "type"), "READY");
  ASSERT_EQ(a.events("READY").size(), 1u);
  Json st = state(widget);
  EXPECT_EQ(str(st.get(), "phase"), "ready");
  EXPECT_EQ(str(st.get(), "destination"), kHostOrigin);
}

TEST(Handshake, ResumeEngagementIdIsSurfacedAndRemembered) {
  Session widget = make_widget();
  std::string sync = sync_json("h_3", kHostOrigin, ",\"engagementId\":37621684164");
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync.c_str(), kT0), CALLCORE_OK);
  Actions a = drain(widget);
  ASSERT_EQ(a.calls("onReady").size(), 1u);
  EXPECT_EQ(print(get(call_data(a.calls("onReady")[0]), "engagementId")), "37621684164");
  EXPECT_EQ(get(state(widget).get(), "resumeEngagementId")->valuedouble, 37621684164.0);
}

TEST(Handshake, HostBecomesReadyOnSyncAckAndAdoptsTheNormalisedIframeUrl) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  drain(host);
  std::string ack = "{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"" + id_at(kHostId, kT0) +
                    "\",\"debugMode\":true,\"version\":\"0.9.5\",\"iFrameUrl\":\"HTTPS://Widget.Example.com:443/app?x=1\"}";
  ASSERT_EQ(callcore_receive(host, kWidgetOrigin, 1, ack.c_str(), kT0 + 30), CALLCORE_OK) << callcore_last_error(host);
  Actions a = drain(host);
  EXPECT_TRUE(a.violations().empty()) << a.dump();
  ASSERT_EQ(a.events("READY").size(), 1u) << a.dump();
  const cJSON *details = get(a.events("READY")[0], "details");
  EXPECT_EQ(str(details, "widgetVersion"), "0.9.5");
  EXPECT_TRUE(cJSON_IsTrue(get(details, "debugMode")));
  EXPECT_EQ(str(details, "origin"), kWidgetOrigin);
  ASSERT_EQ(a.calls("onReady").size(), 1u);
  EXPECT_EQ(print(call_data(a.calls("onReady")[0])), "{}");
  EXPECT_TRUE(a.posts().empty()) << "the host does not answer SYNC_ACK";
  ASSERT_EQ(a.of("timer").size(), 1u);
  EXPECT_TRUE(cJSON_IsNull(get(a.of("timer")[0], "delayMs")));
  Json st = state(host);
  EXPECT_EQ(str(st.get(), "phase"), "ready");
  EXPECT_EQ(str(st.get(), "destination"), kWidgetOrigin);
  EXPECT_EQ(str(st.get(), "widgetVersion"), "0.9.5");
  // No more SYNCs once ready.
  ASSERT_EQ(callcore_tick(host, kT0 + 500), CALLCORE_OK);
  EXPECT_TRUE(drain(host).posts().empty());
}

TEST(Handshake, SyncAckAnsweringARetryOfTheCurrentCycleIsAccepted) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  ASSERT_EQ(callcore_tick(host, kT0 + 100), CALLCORE_OK);
  ASSERT_EQ(callcore_tick(host, kT0 + 200), CALLCORE_OK);
  drain(host);
  std::string ack = "{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"" +
                    id_at(kHostId, kT0 + 100) + "\",\"version\":\"0.9.6\",\"iFrameUrl\":\"https://widget.example.com\"}";
  EXPECT_EQ(callcore_receive(host, kWidgetOrigin, 1, ack.c_str(), kT0 + 210), CALLCORE_OK);
  EXPECT_EQ(str(state(host).get(), "phase"), "ready");
}

TEST(Handshake, SyncAckOfAnEarlierCycleIsIgnored) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  ASSERT_EQ(callcore_iframe_loaded(host, kT0 + 5000), CALLCORE_OK);  // a reload before any answer
  Actions a = drain(host);
  ASSERT_EQ(a.envelopes().size(), 2u);
  std::string stale = "{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"" +
                      id_at(kHostId, kT0) + "\",\"version\":\"0.9.6\",\"iFrameUrl\":\"https://widget.example.com\"}";
  std::string before = state_text(host);
  EXPECT_EQ(callcore_receive(host, kWidgetOrigin, 1, stale.c_str(), kT0 + 5010), CALLCORE_E_DROPPED);
  Actions dropped = drain(host);
  EXPECT_TRUE(dropped.has_violation("ORPHAN_REPLY")) << dropped.dump();
  EXPECT_TRUE(dropped.events("READY").empty());
  EXPECT_TRUE(dropped.calls().empty());
  EXPECT_EQ(state_text(host), before);
  EXPECT_NE(std::string(callcore_last_error(host)).find("answers no SYNC"), std::string::npos)
      << callcore_last_error(host);

  std::string fresh = "{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"" +
                      id_at(kHostId, kT0 + 5000) + "\",\"version\":\"0.9.6\",\"iFrameUrl\":\"https://widget.example.com\"}";
  EXPECT_EQ(callcore_receive(host, kWidgetOrigin, 1, fresh.c_str(), kT0 + 5020), CALLCORE_OK);
  EXPECT_EQ(str(state(host).get(), "phase"), "ready");
}

TEST(Handshake, SyncAckWithAForeignMessageIdIsIgnored) {
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  drain(host);
  // Prefix of the host's id without the separator, and a made-up stamp in the future.
  for (std::string id : {std::string(kHostId) + "9_" + "1724412345120", id_at(kHostId, kT0 + 999999), std::string("x")}) {
    std::string ack = "{\"type\":\"SYNC_ACK\",\"messageId\":\"" + id + "\",\"version\":\"0.9.6\"}";
    EXPECT_EQ(callcore_receive(host, kWidgetOrigin, 1, ack.c_str(), kT0 + 1), CALLCORE_E_DROPPED) << id;
    EXPECT_TRUE(drain(host).has_violation("ORPHAN_REPLY")) << id;
  }
  EXPECT_EQ(str(state(host).get(), "phase"), "unsynced");
}

TEST(Handshake, WidgetAnswersOnlyTheFirstSync) {
  Session widget = make_widget();
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync_json("h_1").c_str(), kT0), CALLCORE_OK);
  drain(widget);
  std::string before = state_text(widget);
  EXPECT_EQ(callcore_receive(widget, "https://app-eu1.hubspot.com", 1,
                             sync_json("h_2", "https://app-eu1.hubspot.com").c_str(), kT0 + 100),
            CALLCORE_E_DROPPED);
  Actions a = drain(widget);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  EXPECT_TRUE(a.calls().empty()) << "no second onReady";
  ASSERT_TRUE(a.has_violation("REPEATED_SYNC")) << a.dump();
  EXPECT_EQ(str(a.violations("REPEATED_SYNC")[0], "outcome"), "dropped");
  EXPECT_EQ(state_text(widget), before) << "the destination stays with the first host";
}

struct BadSync {
  const char *name;
  const char *origin;
  int from_peer;
  std::string envelope;
  const char *code;
};

// GoogleTest would otherwise print the struct's raw bytes, padding included,
// which valgrind rightly reports as a read of uninitialised memory.
void PrintTo(const BadSync &bad, std::ostream *out) { *out << bad.name; }

class RejectedSync : public ::testing::TestWithParam<BadSync> {};

TEST_P(RejectedSync, IsDroppedReportedAndLeavesTheWidgetOpenForTheRealHost) {
  const BadSync &bad = GetParam();
  Session widget = make_widget();
  std::string before = state_text(widget);
  EXPECT_EQ(callcore_receive(widget, bad.origin, bad.from_peer, bad.envelope.c_str(), kT0), CALLCORE_E_DROPPED);
  EXPECT_STRNE(callcore_last_error(widget), "");
  Actions a = drain(widget);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  EXPECT_TRUE(a.calls().empty()) << a.dump();
  ASSERT_TRUE(a.has_violation(bad.code)) << a.dump();
  const cJSON *v = a.violations(bad.code)[0];
  EXPECT_EQ(str(v, "outcome"), "dropped");
  EXPECT_EQ(str(v, "direction"), "inbound");
  EXPECT_EQ(str(v, "severity"), "error");
  EXPECT_EQ(state_text(widget), before);
  // The genuine host still gets through afterwards.
  EXPECT_EQ(callcore_receive(widget, kHostOrigin, 1, sync_json("h_ok").c_str(), kT0 + 1), CALLCORE_OK);
  EXPECT_EQ(drain(widget).posted("SYNC_ACK").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Handshake, RejectedSync,
    ::testing::Values(
        BadSync{"NotAllowedOrigin", "https://evil.example.com", 1, sync_json("e_1", "https://evil.example.com"),
                "ORIGIN_NOT_ALLOWED"},
        BadSync{"LookalikeOrigin", "https://app.hubspot.com.evil.example", 1,
                sync_json("e_2", "https://app.hubspot.com.evil.example"), "ORIGIN_NOT_ALLOWED"},
        BadSync{"PlainHttpHubSpot", "http://app.hubspot.com", 1, sync_json("e_3", "http://app.hubspot.com"),
                "ORIGIN_NOT_ALLOWED"},
        BadSync{"NotFromParent", kHostOrigin, 0, sync_json("e_4"), "SOURCE_NOT_PEER"},
        BadSync{"HostUrlDiffers", kHostOrigin, 1, sync_json("e_5", "https://app-eu1.hubspot.com"),
                "HOST_URL_MISMATCH"},
        BadSync{"HostUrlStar", kHostOrigin, 1, sync_json("e_6", "*"), "BAD_ORIGIN"},
        BadSync{"HostUrlNotString", kHostOrigin, 1,
                R"({"type":"SYNC","hostUrl":42,"messageId":"e_7"})", "BAD_ORIGIN"},
        BadSync{"OpaqueOrigin", "null", 1, sync_json("e_8"), "BAD_ORIGIN"}),
    [](const ::testing::TestParamInfo<BadSync> &info) { return std::string(info.param.name); });

TEST(Handshake, SyncWithoutHostUrlOrMessageIdIsAcceptedFromAnAllowedParent) {
  Session widget = make_widget(R"({"referrerOrigin":""})");
  EXPECT_EQ(str(state(widget).get(), "destination"), kWidgetOrigin) << "no referrer: the widget's own origin";
  ASSERT_EQ(callcore_receive(widget, "https://app-na2.hubspot.com", 1, R"({"type":"SYNC"})", kT0), CALLCORE_OK)
      << callcore_last_error(widget);
  Actions a = drain(widget);
  ASSERT_EQ(a.posts().size(), 1u);
  EXPECT_EQ(str(a.posts()[0], "targetOrigin"), "https://app-na2.hubspot.com");
  EXPECT_EQ(print(a.envelopes()[0]),
            canon(R"({"type":"SYNC_ACK","debugMode":"\u001bundefined","version":"@V@","iFrameUrl":"https://widget.example.com"})"));
  EXPECT_EQ(str(state(widget).get(), "destination"), "https://app-na2.hubspot.com");
}

TEST(Handshake, AllowedHostOriginsOptionReplacesTheHubSpotDefault) {
  Session widget = make_widget(R"({"allowedHostOrigins":["https://*.emulator.test","http://localhost:8080"]})");
  EXPECT_EQ(callcore_receive(widget, kHostOrigin, 1, sync_json("h_1").c_str(), kT0), CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(widget).has_violation("ORIGIN_NOT_ALLOWED"));
  EXPECT_EQ(callcore_receive(widget, "http://localhost:8080", 1, sync_json("h_2", "http://localhost:8080").c_str(), kT0),
            CALLCORE_OK)
      << callcore_last_error(widget);

  Session any = make_widget(R"({"allowedHostOrigins":["*"]})");
  EXPECT_EQ(callcore_receive(any, "https://anything.example", 1, sync_json("h_3", "https://anything.example").c_str(), kT0),
            CALLCORE_OK);
}

TEST(Handshake, HostNeverAnswersSync) {
  Wire wire = Wire::make();
  wire.handshake();
  wire.clear();
  std::string before = state_text(wire.host);
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, sync_json("w_1", kWidgetOrigin).c_str(), kT0 + 10),
            CALLCORE_E_DROPPED);
  Actions a = drain(wire.host);
  EXPECT_TRUE(a.posts().empty());
  EXPECT_TRUE(a.has_violation("SYNC_ON_HOST")) << a.dump();
  EXPECT_EQ(state_text(wire.host), before);
}

TEST(Handshake, IframeLoadedIsForHostsOnly) {
  Session widget = make_widget();
  EXPECT_EQ(callcore_iframe_loaded(widget, kT0), CALLCORE_E_WRONG_ROLE);
  EXPECT_STRNE(callcore_last_error(widget), "");
  EXPECT_TRUE(drain(widget).empty());
}

TEST(Handshake, FullHandshakeOverTheWire) {
  Wire wire = Wire::make("{}", R"({"debugMode":false})");
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  auto traffic = wire.pump(kT0);
  EXPECT_EQ(Wire::lines(traffic),
            (std::vector<std::string>{
                "H>W " + canon(R"({"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                                   "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true})"),
                "W>H " + canon(R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                                   "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true,
                                   "debugMode":false,"version":"@V@","iFrameUrl":"https://widget.example.com"})")}));
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_EQ(wire.widget_actions.calls("onReady").size(), 1u);
  EXPECT_EQ(wire.host_actions.calls("onReady").size(), 1u);
  EXPECT_EQ(print(call_data(wire.widget_actions.calls("onReady")[0])),
            canon(R"({"engagementId":"\u001bundefined","portalId":123456,"userId":42,"ownerId":777,
                      "iframeLocation":"widget","usesCallingWindow":true,"hostUrl":"https://app.hubspot.com"})"));
}

TEST(Handshake, WidgetCallsBeforeTheHandshakeAreQueuedAndSentInOrderAfterIt) {
  Wire wire = Wire::make();
  EXPECT_EQ(callcore_call(wire.widget, "initialized", R"({"isLoggedIn":false})", kT0 - 50), CALLCORE_OK);
  EXPECT_EQ(callcore_call(wire.widget, "userLoggedIn", nullptr, kT0 - 40), CALLCORE_OK);
  EXPECT_EQ(callcore_call(wire.widget, "resizeWidget", R"({"width":300,"height":500})", kT0 - 30), CALLCORE_OK);
  Actions queued = drain(wire.widget);
  EXPECT_TRUE(queued.posts().empty()) << "nothing reaches the wire before SYNC_ACK";
  ASSERT_EQ(queued.violations("NOT_READY").size(), 3u) << queued.dump();
  EXPECT_EQ(str(queued.violations("NOT_READY")[0], "outcome"), "queued");
  EXPECT_EQ(str(queued.violations("NOT_READY")[0], "severity"), "warning");
  EXPECT_EQ(get(state(wire.widget).get(), "queued")->valuedouble, 3);

  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  auto traffic = wire.pump(kT0);
  std::vector<std::string> types;
  for (const Delivery &d : traffic) {
    types.push_back(std::string(1, d.from) + ":" + str(parse(d.envelope).get(), "type"));
    EXPECT_EQ(d.result, CALLCORE_OK) << d.envelope << " " << callcore_last_error(d.from == 'H' ? wire.widget : wire.host);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"H:SYNC", "W:SYNC_ACK", "W:INITIALIZED", "W:LOGGED_IN", "W:RESIZE_WIDGET"}));
  // Replayed at the time of the handshake, ids still strictly increasing.
  EXPECT_EQ(str(parse(traffic[2].envelope).get(), "messageId"), id_at(kWidgetId, kT0));
  EXPECT_EQ(str(parse(traffic[3].envelope).get(), "messageId"), id_at(kWidgetId, kT0 + 1));
  EXPECT_EQ(str(parse(traffic[4].envelope).get(), "messageId"), id_at(kWidgetId, kT0 + 2));
  Json st = state(wire.widget);
  EXPECT_EQ(get(st.get(), "queued")->valuedouble, 0);
  EXPECT_TRUE(cJSON_IsTrue(get(st.get(), "loggedIn")));
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_TRUE(cJSON_IsTrue(get(state(wire.host).get(), "loggedIn")));
}

TEST(Handshake, HostCallsBeforeTheHandshakeAreQueuedToo) {
  Wire wire = Wire::make();
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  drain(wire.host);  // the first SYNC is lost (the widget was not listening yet)
  EXPECT_EQ(callcore_call(wire.host, "sendMessage", R"({"type":"VISIBILITY_CHANGED","data":{"isMinimized":true,"isHidden":false}})", kT0 + 10),
            CALLCORE_OK);
  Actions a = drain(wire.host);
  EXPECT_TRUE(a.posts().empty());
  EXPECT_TRUE(a.has_violation("NOT_READY"));
  ASSERT_EQ(callcore_tick(wire.host, kT0 + 100), CALLCORE_OK);
  auto traffic = wire.pump(kT0 + 100);
  ASSERT_EQ(traffic.size(), 3u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(str(parse(traffic[2].envelope).get(), "type"), "VISIBILITY_CHANGED");
  EXPECT_EQ(wire.widget_actions.calls("onVisibilityChanged").size(), 1u);
}

TEST(Handshake, ReloadResynchronisesCleanlyWithAFreshWidget) {  // calling-extensions-sdk#153
  Wire wire = Wire::make();
  wire.ready(kT0);
  must_call(wire.widget, "resizeWidget", R"({"width":400,"height":600})", kT0 + 10);
  wire.pump(kT0 + 10);
  wire.clear();

  // The frame reloads: the host starts over and the old widget page is gone.
  double t1 = kT0 + 60000;
  ASSERT_EQ(callcore_iframe_loaded(wire.host, t1), CALLCORE_OK);
  Json st = state(wire.host);
  EXPECT_EQ(str(st.get(), "phase"), "unsynced");
  EXPECT_FALSE(cJSON_IsTrue(get(st.get(), "loggedIn")));
  EXPECT_TRUE(cJSON_IsNull(get(st.get(), "widgetVersion")));
  wire.widget = make_widget(R"({"instanceId":1724412405000})");
  auto traffic = wire.pump(t1);
  ASSERT_EQ(traffic.size(), 2u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(str(parse(traffic[0].envelope).get(), "messageId"), id_at(kHostId, t1));
  EXPECT_EQ(str(parse(traffic[1].envelope).get(), "messageId"), id_at(kHostId, t1));
  EXPECT_EQ(str(state(wire.host).get(), "phase"), "ready");

  must_call(wire.widget, "initialized", R"({"isLoggedIn":true})", t1 + 5);
  traffic = wire.pump(t1 + 5);
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(traffic[0].result, CALLCORE_OK);
  EXPECT_EQ(str(parse(traffic[0].envelope).get(), "messageId"), id_at("1724412405000", t1 + 5));
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_EQ(wire.host_actions.events("READY").size(), 1u);
  EXPECT_EQ(str(state(wire.host).get(), "phase"), "initialized");
  // A dial now reaches the new widget.
  must_call(wire.host, "sendMessage", message("DIAL_NUMBER", R"({"phoneNumber":"+442073238299"})").c_str(), t1 + 10);
  traffic = wire.pump(t1 + 10);
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(wire.widget_actions.calls("onDialNumber").size(), 1u);
}

}  // namespace

namespace {

TEST(Handshake, ReloadMidCallReportsTheOrphanedCallAndTheNewWidgetStartsClean) {  // calling-extensions-sdk#153, calling-extensions-sdk#46
  for (const char *policy : {"warn", "strict"}) {
    SCOPED_TRACE(policy);
    std::string opts = std::string(R"({"policy":")") + policy + "\"}";
    Wire wire = Wire::make(opts, opts);
    wire.ready(kT0);
    must_call(wire.widget, "outgoingCall", R"({"externalCallId":"old-call"})", kT0 + 10);
    must_call(wire.widget, "callAnswered", R"({"externalCallId":"old-call"})", kT0 + 11);
    wire.pump(kT0 + 11);
    wire.clear();

    // The frame reloads mid-call: that page, and its call, are gone.
    double t1 = kT0 + 60000;
    ASSERT_EQ(callcore_iframe_loaded(wire.host, t1), CALLCORE_OK);
    Actions a = drain(wire.host);
    ASSERT_EQ(a.violations("CALL_LEFT_OPEN").size(), 1u) << a.dump();
    EXPECT_NE(str(a.violations("CALL_LEFT_OPEN")[0], "message").find("\"old-call\""), std::string::npos);
    EXPECT_EQ(cJSON_GetArraySize(get(state(wire.host).get(), "calls")), 0);
    wire.widget = make_widget(R"({"instanceId":1724412405000,"policy":")" + std::string(policy) + "\"}");
    ASSERT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, print(a.envelopes()[0]).c_str(), t1), CALLCORE_OK);
    wire.pump(t1);
    must_call(wire.widget, "initialized", R"({"isLoggedIn":true})", t1 + 1);
    must_call(wire.widget, "outgoingCall", R"({"externalCallId":"new-call"})", t1 + 2);
    auto traffic = wire.pump(t1 + 2);
    for (const Delivery &d : traffic) EXPECT_EQ(d.result, CALLCORE_OK) << d.envelope;
    EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
    EXPECT_EQ(str(call_state(wire.host).get(), "externalCallId"), "new-call");
  }
}

}  // namespace
