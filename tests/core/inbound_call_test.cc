// A full inbound call, both roles driven by real traffic, checked envelope by
// envelope against golden JSON (docs/protocol.md 2.2, 4.4, 4.6); then the other
// ways an inbound call ends: missed, caller-ID failure, transfer, resume.
#include "test_support.h"

using namespace cctest;

namespace {

TEST(InboundCall, EnvelopeByEnvelopeInBothRoles) {
  Wire wire = Wire::make("{}", R"({"debugMode":true})");
  ASSERT_EQ(callcore_iframe_loaded(wire.host, 1724412345120), CALLCORE_OK);
  expect_traffic(wire, 1724412345120,
                 {R"(H>W {"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                          "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true})",
                  R"(W>H {"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                          "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true,
                          "debugMode":true,"version":"@V@","iFrameUrl":"https://widget.example.com"})"});

  must_call(wire.widget, "initialized", R"({"isLoggedIn":true,"isAvailable":false})", 1724412345131);
  expect_traffic(wire, 1724412345131,
                 {R"(W>H {"type":"INITIALIZED","data":{"isLoggedIn":true,"isAvailable":false},"messageId":"1724412345000_1724412345131"})"});

  must_call(wire.widget, "userAvailable", nullptr, 1724412346000);
  expect_traffic(wire, 1724412346000, {R"(W>H {"type":"USER_AVAILABLE","messageId":"1724412345000_1724412346000"})"});

  must_call(wire.widget, "incomingCall",
            R"({"externalCallId":"in-7f3a","fromNumber":"+18884827768","toNumber":"+442073238299",
                "callStartTime":1724412400000,"createEngagement":true})",
            1724412400000);
  expect_traffic(wire, 1724412400000,
                 {R"(W>H {"type":"INCOMING_CALL","data":{"externalCallId":"in-7f3a","fromNumber":"+18884827768",
                          "toNumber":"+442073238299","callStartTime":1724412400000,"createEngagement":true},
                          "messageId":"1724412345000_1724412400000"})"});

  must_call(wire.host, "sendMessage",
            R"({"type":"CALLER_ID_MATCH_SUCCEEDED","data":{"callerIdMatches":[{"callerIdType":"CONTACT",
                "objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"},
                "firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}]}})",
            1724412400300);
  expect_traffic(wire, 1724412400300,
                 {R"(H>W {"type":"CALLER_ID_MATCH_SUCCEEDED","data":{"callerIdMatches":[{"callerIdType":"CONTACT",
                          "objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"},
                          "firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}]},
                          "messageId":"1724412340000_1724412400300"})"});

  must_call(wire.host, "sendMessage", R"({"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":1122334455}})",
            1724412400600);
  expect_traffic(wire, 1724412400600,
                 {R"(H>W {"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":1122334455},
                          "messageId":"1724412340000_1724412400600"})"});

  must_call(wire.widget, "navigateToRecord",
            R"({"objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"},"engagementId":1122334455})",
            1724412401000);
  expect_traffic(wire, 1724412401000,
                 {R"(W>H {"type":"NAVIGATE_TO_RECORD","data":{"objectCoordinates":{"portalId":123456,"objectId":51,
                          "objectTypeId":"0-1"},"engagementId":1122334455},"messageId":"1724412345000_1724412401000"})"});

  must_call(wire.widget, "callAnswered", R"({"externalCallId":"in-7f3a"})", 1724412405000);
  expect_traffic(wire, 1724412405000,
                 {R"(W>H {"type":"CALL_ANSWERED","data":{"externalCallId":"in-7f3a"},"messageId":"1724412345000_1724412405000"})"});

  must_call(wire.widget, "callEnded", R"({"externalCallId":"in-7f3a","engagementId":1122334455,"callEndStatus":"COMPLETED"})",
            1724412500000);
  expect_traffic(wire, 1724412500000,
                 {R"(W>H {"type":"CALL_ENDED","data":{"externalCallId":"in-7f3a","engagementId":1122334455,
                          "callEndStatus":"COMPLETED"},"messageId":"1724412345000_1724412500000"})"});

  must_call(wire.widget, "callCompleted",
            R"({"externalCallId":"in-7f3a","engagementId":1122334455,"hideWidget":true,"engagementProperties":{
                "hs_timestamp":1724412400000,"hs_call_direction":"INBOUND","hs_call_status":"COMPLETED",
                "hs_call_duration":"95000","hs_call_recording_url":"https://recordings.example.com/in-7f3a.mp3",
                "hs_call_source":"INTEGRATIONS_PLATFORM"}})",
            1724412510000);
  expect_traffic(wire, 1724412510000,
                 {R"(W>H {"type":"CALL_COMPLETED","data":{"externalCallId":"in-7f3a","engagementId":1122334455,"hideWidget":true,
                          "engagementProperties":{"hs_timestamp":1724412400000,"hs_call_direction":"INBOUND",
                          "hs_call_status":"COMPLETED","hs_call_duration":"95000",
                          "hs_call_recording_url":"https://recordings.example.com/in-7f3a.mp3",
                          "hs_call_source":"INTEGRATIONS_PLATFORM"}},"messageId":"1724412345000_1724412510000"})"});

  must_call(wire.host, "sendMessage", R"({"type":"UPDATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":1122334455}})",
            1724412511000);
  expect_traffic(wire, 1724412511000,
                 {R"(H>W {"type":"UPDATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":1122334455},
                          "messageId":"1724412340000_1724412511000"})"});

  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_EQ(wire.widget_actions.handler_names(),
            (std::vector<std::string>{"onReady", "onCallerIdMatchSucceeded", "onCreateEngagementSucceeded",
                                      "onUpdateEngagementSucceeded"}));
  EXPECT_EQ(wire.host_actions.handler_names(),
            (std::vector<std::string>{"onReady", "onInitialized", "onUserAvailable", "onIncomingCall", "onNavigateToRecord",
                                      "onCallAnswered", "onCallEnded", "onCallCompleted"}));

  const std::string call_golden = canon(R"([{"externalCallId":"in-7f3a","direction":"inbound","state":"completed",
      "engagementId":1122334455,"engagementPending":false,"callerIdPending":false,"updatePending":false,
      "finalizePending":false,"endRequested":false,"startedAt":1724412400000,"endedAt":1724412500000,
      "endStatus":"COMPLETED","owner":null}])");
  Json widget_state = state(wire.widget), host_state = state(wire.host);
  EXPECT_EQ(print(get(widget_state.get(), "calls")), call_golden);
  EXPECT_EQ(print(get(host_state.get(), "calls")), call_golden);
  for (const cJSON *st : {widget_state.get(), host_state.get()}) {
    EXPECT_TRUE(cJSON_IsTrue(get(st, "loggedIn")));
    EXPECT_TRUE(cJSON_IsTrue(get(st, "available")));
  }
}

class InboundCallEndings : public ::testing::Test {
 protected:
  void SetUp() override {
    wire.ready(kT0, /*available=*/true);
    wire.clear();
  }
  void widget(const char *method, const char *payload) {
    must_call(wire.widget, method, payload, now);
    wire.pump(now++);
  }
  void host(const std::string &msg) {
    must_call(wire.host, "sendMessage", msg.c_str(), now);
    wire.pump(now++);
  }
  void expect_clean() {
    EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
    EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  }
  Wire wire = Wire::make();
  double now = kT0 + 100;
};

TEST_F(InboundCallEndings, MissedCallWithNoMatchAndNoEngagement) {
  widget("incomingCall", R"({"externalCallId":"in-2","fromNumber":"+18884827768","toNumber":"+442073238299"})");
  host(message("CALLER_ID_MATCH_SUCCEEDED", R"({"callerIdMatches":[]})"));
  widget("callEnded", R"({"externalCallId":"in-2","callEndStatus":"MISSED"})");
  widget("callCompleted", R"({"externalCallId":"in-2"})");
  expect_clean();
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json call = call_state(s);
    EXPECT_EQ(str(call.get(), "state"), "completed");
    EXPECT_EQ(str(call.get(), "endStatus"), "MISSED");
    EXPECT_TRUE(cJSON_IsNull(get(call.get(), "engagementId")));
    EXPECT_FALSE(cJSON_IsTrue(get(call.get(), "callerIdPending")));
  }
}

TEST_F(InboundCallEndings, CallerIdMatchFailureClearsThePendingMatch) {
  widget("incomingCall", R"({"externalCallId":"in-3","fromNumber":"+18884827768","toNumber":"+442073238299"})");
  EXPECT_TRUE(cJSON_IsTrue(get(call_state(wire.widget).get(), "callerIdPending")));
  host(message("CALLER_ID_MATCH_FAILED", R"({"error":{"message":"lookup failed"}})"));
  EXPECT_EQ(wire.widget_actions.calls("onCallerIdMatchFailed").size(), 1u);
  EXPECT_FALSE(cJSON_IsTrue(get(call_state(wire.widget).get(), "callerIdPending")));
  EXPECT_FALSE(cJSON_IsTrue(get(call_state(wire.host).get(), "callerIdPending")));
  widget("callEnded", R"({"externalCallId":"in-3","callEndStatus":"REJECTED"})");
  widget("callCompleted", R"({"externalCallId":"in-3","hideWidget":false})");
  expect_clean();
}

TEST_F(InboundCallEndings, TransferredCallIsFinishedAndTheNextCallIsWelcome) {
  widget("incomingCall", R"({"externalCallId":"in-4","fromNumber":"+18884827768","toNumber":"+442073238299"})");
  host(message("CALLER_ID_MATCH_SUCCEEDED", R"({"callerIdMatches":[]})"));
  widget("callAnswered", R"({"externalCallId":"in-4"})");
  widget("callTransferred", R"({"externalCallId":"in-4"})");
  for (callcore_session *s : {wire.widget.get(), wire.host.get()})
    EXPECT_EQ(str(call_state(s).get(), "state"), "transferred");
  // Demos send no CALL_COMPLETED after a transfer: no watchdog, next call fine.
  ASSERT_EQ(callcore_tick(wire.widget, now + 3600000), CALLCORE_OK);
  EXPECT_FALSE(drain(wire.widget).has_violation("CALL_NOT_COMPLETED"));
  widget("incomingCall", R"({"externalCallId":"in-5","fromNumber":"+18884827768","toNumber":"+442073238299"})");
  expect_clean();
  EXPECT_EQ(str(call_state(wire.host, 1).get(), "state"), "ringing");
}

TEST_F(InboundCallEndings, DeclinedWhileRingingGoesStraightToEnded) {
  widget("incomingCall", R"({"externalCallId":"in-6","fromNumber":"+18884827768","toNumber":"+442073238299"})");
  host(message("CALLER_ID_MATCH_SUCCEEDED", R"({"callerIdMatches":[]})"));
  widget("callEnded", R"({"externalCallId":"in-6","callEndStatus":"CANCELED"})");
  expect_clean();
  EXPECT_EQ(str(call_state(wire.host).get(), "state"), "ended");
}

TEST(InboundCallResume, AResumedCallIsKnownToBothRolesThroughTheSyncEngagementId) {
  // The host reloads the widget for an inbound call already in progress.
  Wire wire = Wire::make(R"({"syncFields":{"portalId":123456,"engagementId":37621684164}})");
  wire.handshake(kT0);
  EXPECT_EQ(get(state(wire.widget).get(), "resumeEngagementId")->valuedouble, 37621684164.0);
  must_call(wire.widget, "initialized", R"({"isLoggedIn":true,"engagementId":37621684164})", kT0 + 1);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"in-resumed","engagementId":37621684164,"callEndStatus":"COMPLETED"})",
            kT0 + 2);
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"in-resumed","engagementId":37621684164})", kT0 + 3);
  wire.pump(kT0 + 3);
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json call = call_state(s);
    EXPECT_EQ(str(call.get(), "direction"), "inbound");
    EXPECT_EQ(str(call.get(), "state"), "completed");
    EXPECT_EQ(print(get(call.get(), "engagementId")), "37621684164");
  }
}

TEST(InboundCallResume, AnotherEngagementIdDoesNotResume) {
  Wire wire = Wire::make(R"({"syncFields":{"engagementId":37621684164}})");
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "callEnded", R"({"externalCallId":"in-x","engagementId":1,"callEndStatus":"COMPLETED"})", kT0 + 5);
  wire.pump(kT0 + 5);
  EXPECT_TRUE(wire.widget_actions.has_violation("UNKNOWN_CALL")) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.has_violation("UNKNOWN_CALL")) << wire.host_actions.dump();
}

}  // namespace
