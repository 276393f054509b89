// A full outbound call, both roles driven by real traffic, checked envelope
// by envelope against golden JSON written from docs/protocol.md 1.3-1.6, 2.2, 4.3
// and Appendix A (same cast and timestamps).
#include "test_support.h"

using namespace cctest;

namespace {

TEST(OutboundCall, EnvelopeByEnvelopeInBothRoles) {
  Wire wire = Wire::make("{}", R"({"debugMode":false})");

  // Handshake.
  ASSERT_EQ(callcore_iframe_loaded(wire.host, 1724412345120), CALLCORE_OK);
  expect_traffic(wire, 1724412345120,
                 {R"(H>W {"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                          "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true})",
                  R"(W>H {"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120",
                          "portalId":123456,"userId":42,"ownerId":777,"iframeLocation":"widget","usesCallingWindow":true,
                          "debugMode":false,"version":"@V@","iFrameUrl":"https://widget.example.com"})"});

  // The widget's onReady sends INITIALIZED.
  must_call(wire.widget, "initialized", R"({"isLoggedIn":true,"isAvailable":false,"sizeInfo":{"width":400,"height":650}})",
            1724412345131);
  expect_traffic(wire, 1724412345131,
                 {R"(W>H {"type":"INITIALIZED","data":{"isLoggedIn":true,"isAvailable":false,"sizeInfo":{"width":400,"height":650}},
                          "messageId":"1724412345000_1724412345131"})"});
  ASSERT_EQ(wire.host_actions.of("resize").size(), 1u);
  EXPECT_EQ(print(wire.host_actions.of("resize")[0]), R"({"action":"resize","width":"400px","height":"650px"})");

  // Click-to-call.
  must_call(wire.host, "sendMessage",
            R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","ownerId":777,"portalId":123456,"objectId":51,
                "objectType":"CONTACT","calleeInfo":{"calleeId":51,"calleeObjectTypeId":"0-1"}}})",
            1724412350002);
  expect_traffic(wire, 1724412350002,
                 {R"(H>W {"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","ownerId":777,"portalId":123456,"objectId":51,
                          "objectType":"CONTACT","calleeInfo":{"calleeId":51,"calleeObjectTypeId":"0-1"}},
                          "messageId":"1724412340000_1724412350002"})"});

  must_call(wire.widget, "outgoingCall",
            R"({"externalCallId":"5b0c-outbound-1","toNumber":"+442073238299","fromNumber":"+18884827768",
                "callStartTime":1724412350500,"createEngagement":true})",
            1724412350500);
  expect_traffic(wire, 1724412350500,
                 {R"(W>H {"type":"OUTGOING_CALL_STARTED","data":{"externalCallId":"5b0c-outbound-1","toNumber":"+442073238299",
                          "fromNumber":"+18884827768","callStartTime":1724412350500,"createEngagement":true},
                          "messageId":"1724412345000_1724412350500"})"});

  // The host creates the engagement and says so with a fresh id of its own.
  must_call(wire.host, "sendMessage", R"({"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":987654321}})",
            1724412351000);
  expect_traffic(wire, 1724412351000,
                 {R"(H>W {"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":987654321},
                          "messageId":"1724412340000_1724412351000"})"});

  must_call(wire.widget, "callAnswered", R"({"externalCallId":"5b0c-outbound-1"})", 1724412360000);
  expect_traffic(wire, 1724412360000,
                 {R"(W>H {"type":"CALL_ANSWERED","data":{"externalCallId":"5b0c-outbound-1"},"messageId":"1724412345000_1724412360000"})"});

  must_call(wire.widget, "callEnded",
            R"({"externalCallId":"5b0c-outbound-1","engagementId":987654321,"callEndStatus":"COMPLETED"})", 1724412420000);
  expect_traffic(wire, 1724412420000,
                 {R"(W>H {"type":"CALL_ENDED","data":{"externalCallId":"5b0c-outbound-1","engagementId":987654321,
                          "callEndStatus":"COMPLETED"},"messageId":"1724412345000_1724412420000"})"});

  must_call(wire.widget, "callCompleted",
            R"({"engagementId":987654321,"externalCallId":"5b0c-outbound-1","hideWidget":false,
                "engagementProperties":{"hs_call_title":"Follow-up","hs_call_body":"Asked for a quote"}})",
            1724412425000);
  expect_traffic(wire, 1724412425000,
                 {R"(W>H {"type":"CALL_COMPLETED","data":{"engagementId":987654321,"externalCallId":"5b0c-outbound-1",
                          "hideWidget":false,"engagementProperties":{"hs_call_title":"Follow-up","hs_call_body":"Asked for a quote"}},
                          "messageId":"1724412345000_1724412425000"})"});

  // engagementProperties were sent: the host answers UPDATE_ENGAGEMENT_SUCCEEDED.
  must_call(wire.host, "sendMessage", R"({"type":"UPDATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":987654321}})",
            1724412426000);
  expect_traffic(wire, 1724412426000,
                 {R"(H>W {"type":"UPDATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":987654321},
                          "messageId":"1724412340000_1724412426000"})"});

  must_call(wire.widget, "userLoggedOut", nullptr, 1724412430000);
  expect_traffic(wire, 1724412430000, {R"(W>H {"type":"LOGGED_OUT","messageId":"1724412345000_1724412430000"})"});

  // A clean call raises nothing on either side.
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.error_replies().empty());
  EXPECT_TRUE(wire.widget_actions.error_replies().empty());

  // Each side's app heard the other in order.
  EXPECT_EQ(wire.widget_actions.handler_names(),
            (std::vector<std::string>{"onReady", "onDialNumber", "onCreateEngagementSucceeded", "onUpdateEngagementSucceeded"}));
  EXPECT_EQ(wire.host_actions.handler_names(),
            (std::vector<std::string>{"onReady", "onInitialized", "onOutgoingCall", "onCallAnswered", "onCallEnded",
                                      "onCallCompleted", "onUserLoggedOut"}));

  // Both roles end with the same view of the call: completed, engagement bound.
  const std::string call_golden = canon(R"([{"externalCallId":"5b0c-outbound-1","direction":"outbound","state":"completed",
      "engagementId":987654321,"engagementPending":false,"callerIdPending":false,"updatePending":false,
      "finalizePending":false,"endRequested":false,"startedAt":1724412350500,"endedAt":1724412420000,
      "endStatus":"COMPLETED","owner":null}])");
  Json widget_state = state(wire.widget), host_state = state(wire.host);
  EXPECT_EQ(print(get(widget_state.get(), "calls")), call_golden);
  EXPECT_EQ(print(get(host_state.get(), "calls")), call_golden);
  for (const cJSON *st : {widget_state.get(), host_state.get()}) {
    EXPECT_EQ(str(st, "phase"), "initialized");
    EXPECT_FALSE(cJSON_IsTrue(get(st, "loggedIn")));
    EXPECT_EQ(get(st, "queued")->valuedouble, 0);
  }
  EXPECT_EQ(str(widget_state.get(), "destination"), kHostOrigin);
  EXPECT_EQ(str(host_state.get(), "destination"), kWidgetOrigin);
  EXPECT_EQ(str(host_state.get(), "widgetVersion"), CALLCORE_SDK_VERSION);
}

TEST(OutboundCall, CompletionWatchdogIsArmedAtCallEndedAndDisarmedByCallCompleted) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-9","toNumber":"+442073238299"})", kT0 + 10);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-9","callEndStatus":"NO_ANSWER"})", kT0 + 20);
  wire.pump(kT0 + 20);
  std::vector<const cJSON *> timers = wire.widget_actions.of("timer");
  ASSERT_FALSE(timers.empty()) << wire.widget_actions.dump();
  EXPECT_EQ(print(get(timers.back(), "delayMs")), "60000");
  ASSERT_FALSE(wire.host_actions.of("timer").empty()) << "the host watches for the completion too";
  EXPECT_EQ(print(get(wire.host_actions.of("timer").back(), "delayMs")), "60000");
  wire.clear();
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"c-9","hideWidget":true})", kT0 + 30);
  wire.pump(kT0 + 30);
  ASSERT_FALSE(wire.widget_actions.of("timer").empty());
  EXPECT_TRUE(cJSON_IsNull(get(wire.widget_actions.of("timer").back(), "delayMs")));
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  // No engagement was asked for: none is bound.
  EXPECT_TRUE(cJSON_IsNull(get(call_state(wire.widget).get(), "engagementId")));
}

TEST(OutboundCall, EndCallFromTheHostIsRecordedOnTheCallItTargets) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
  must_call(wire.widget, "callAnswered", R"({"externalCallId":"c-1"})", kT0 + 11);
  wire.pump(kT0 + 11);
  must_call(wire.host, "sendMessage", R"({"type":"END_CALL"})", kT0 + 20);
  wire.pump(kT0 + 20);
  EXPECT_EQ(wire.widget_actions.calls("onEndCall").size(), 1u);
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json call = call_state(s);
    EXPECT_TRUE(cJSON_IsTrue(get(call.get(), "endRequested"))) << print(call.get());
    EXPECT_EQ(str(call.get(), "state"), "inProgress");
  }
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
}

TEST(OutboundCall, FinalizeEngagementRoundTripClearsThePendingFlag) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1","createEngagement":true})", kT0 + 10);
  wire.pump(kT0 + 10);
  must_call(wire.host, "sendMessage", message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":555})").c_str(), kT0 + 11);
  wire.pump(kT0 + 11);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","engagementId":555,"callEndStatus":"BUSY"})", kT0 + 12);
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"c-1","engagementId":555})", kT0 + 13);
  must_call(wire.widget, "finalizeEngagement", R"({"externalCallId":"c-1","engagementId":555})", kT0 + 14);
  wire.pump(kT0 + 14);
  for (callcore_session *s : {wire.widget.get(), wire.host.get()})
    EXPECT_TRUE(cJSON_IsTrue(get(call_state(s).get(), "finalizePending")));
  must_call(wire.host, "sendMessage",
            message("FINALIZE_ENGAGEMENT_SUCCEEDED", R"({"externalCallId":"c-1","engagementId":555})").c_str(), kT0 + 15);
  wire.pump(kT0 + 15);
  EXPECT_EQ(wire.widget_actions.calls("onFinalizeEngagementSucceeded").size(), 1u);
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json call = call_state(s);
    EXPECT_FALSE(cJSON_IsTrue(get(call.get(), "finalizePending"))) << "the host answered: " << print(call.get());
    EXPECT_EQ(print(get(call.get(), "engagementId")), "555");
  }
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
}

TEST(OutboundCall, ASecondCallGetsItsOwnEngagement) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  double t = kT0 + 10;
  for (const char *id : {"c-1", "c-2"}) {
    std::string engagement = std::string(id) == "c-1" ? "111" : "222";
    must_call(wire.widget, "outgoingCall", (std::string(R"({"externalCallId":")") + id + R"(","createEngagement":true})").c_str(), t++);
    wire.pump(t);
    must_call(wire.host, "sendMessage", message("CREATE_ENGAGEMENT_SUCCEEDED", "{\"engagementId\":" + engagement + "}").c_str(), t++);
    wire.pump(t);
    must_call(wire.widget, "callEnded",
              (std::string(R"({"externalCallId":")") + id + R"(","engagementId":)" + engagement + "}").c_str(), t++);
    must_call(wire.widget, "callCompleted",
              (std::string(R"({"externalCallId":")") + id + R"(","engagementId":)" + engagement + "}").c_str(), t++);
    wire.pump(t);
  }
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  Json st = state(wire.host);
  ASSERT_EQ(cJSON_GetArraySize(get(st.get(), "calls")), 2);
  EXPECT_EQ(print(get(cJSON_GetArrayItem(get(st.get(), "calls"), 0), "engagementId")), "111");
  EXPECT_EQ(print(get(cJSON_GetArrayItem(get(st.get(), "calls"), 1), "engagementId")), "222");
}

// The state names the call the user is busy with: the newest active call,
// else an ended one still waiting for callCompleted, else none.
TEST(OutboundCall, StateNamesTheCurrentCall) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  double t = kT0 + 10;
  EXPECT_EQ(print(get(state(wire.host).get(), "currentCall")), "null");
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", t++);
  wire.pump(t);
  EXPECT_EQ(print(get(state(wire.host).get(), "currentCall")), "\"c-1\"");
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","callEndStatus":"COMPLETED"})", t++);
  wire.pump(t);
  EXPECT_EQ(print(get(state(wire.widget).get(), "currentCall")), "\"c-1\"");
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"c-1"})", t++);
  wire.pump(t);
  EXPECT_EQ(print(get(state(wire.host).get(), "currentCall")), "null");
  EXPECT_EQ(print(get(state(wire.widget).get(), "currentCall")), "null");
}

}  // namespace
