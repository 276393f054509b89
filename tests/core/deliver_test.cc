// Option "deliver": the SDK's two layers. A received message is handed to the
// app's message handler (a "deliver" action); callcore_dispatch then chooses
// the handlers and the UNKNOWN_MESSAGE_TYPE reply, which goes out through the
// app-level sendMessage ("send"). The SDK's own posts name the member they
// pass through ("via").
#include "test_support.h"

using namespace cctest;

namespace {

const char *kDeliver = R"({"deliver":true})";

std::vector<const cJSON *> delivers(const Actions &a) { return a.of("deliver"); }

TEST(Deliver, TheHandshakePostsNameTheirSdkMember) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.handshake(kT0);
  ASSERT_FALSE(wire.host_actions.posted("SYNC").empty()) << wire.host_actions.dump();
  for (const cJSON *post : wire.host_actions.posts()) EXPECT_EQ(str(post, "via"), "sendSync");
  ASSERT_EQ(wire.widget_actions.posts().size(), 1u) << wire.widget_actions.dump();
  EXPECT_EQ(str(wire.widget_actions.posts()[0], "via"), "sendMessage");
}

TEST(Deliver, ReadyGoesThroughOnReadyWithItsData) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.handshake(kT0);
  EXPECT_TRUE(wire.widget_actions.calls().empty()) << "no handler is chosen at receive: " << wire.widget_actions.dump();
  auto w = delivers(wire.widget_actions);
  ASSERT_EQ(w.size(), 1u) << wire.widget_actions.dump();
  EXPECT_EQ(str(w[0], "via"), "onReady");
  EXPECT_EQ(str(get(w[0], "envelope"), "type"), "READY");
  EXPECT_EQ(keys(get(get(w[0], "envelope"), "data")),
            split_keys("engagementId,portalId,userId,ownerId,iframeLocation,usesCallingWindow,hostUrl"));
  auto h = delivers(wire.host_actions);
  ASSERT_EQ(h.size(), 1u) << wire.host_actions.dump();
  EXPECT_EQ(print(get(h[0], "envelope")), canon(R"({"type":"READY","data":{}})"));
}

TEST(Deliver, AReceivedMessageIsDeliveredAsReceivedAndHandlersWaitForDispatch) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.ready(kT0);
  wire.clear();
  std::string dial = message("DIAL_NUMBER", R"({"phoneNumber":"+14155550100","calleeInfo":{"calleeId":1,"calleeObjectTypeId":"0-1"}})");
  ASSERT_EQ(callcore_call(wire.host, "sendMessage", dial.c_str(), kT0 + 10), CALLCORE_OK);
  auto traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 1u);
  auto w = delivers(wire.widget_actions);
  ASSERT_EQ(w.size(), 1u) << wire.widget_actions.dump();
  EXPECT_EQ(keys(w[0]), split_keys("action")) << "the glue holds the received message already";
  EXPECT_TRUE(wire.widget_actions.calls().empty());
  std::string judged = state_text(wire.widget);

  ASSERT_EQ(callcore_dispatch(wire.widget, traffic[0].envelope.c_str(), kT0 + 11), CALLCORE_OK);
  Actions d = drain(wire.widget);
  ASSERT_EQ(d.handler_names(), std::vector<std::string>{"onDialNumber"}) << d.dump();
  EXPECT_EQ(keys(d.calls()[0]), split_keys("action,handler")) << "the handler takes the event it was given";
  EXPECT_TRUE(d.posts().empty());
  EXPECT_EQ(state_text(wire.widget), judged) << "dispatch changes no state: the message was judged at receive";
}

TEST(Deliver, AnUnknownTypeIsAnsweredThroughSendMessageAtDispatch) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.ready(kT0);
  wire.clear();
  std::string odd = R"({"type":"NOT_A_TYPE","data":{"a":1},"messageId":"x_1"})";
  ASSERT_EQ(callcore_dispatch(wire.widget, odd.c_str(), kT0 + 5), CALLCORE_OK);
  Actions d = drain(wire.widget);
  auto sends = d.of("send");
  ASSERT_EQ(sends.size(), 1u) << d.dump();
  EXPECT_EQ(print(get(sends[0], "message")),
            canon(R"({"type":"ERROR","data":{"type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":)" + odd + "}}}"));
  EXPECT_EQ(d.handler_names(), std::vector<std::string>{"defaultEventHandler"});
  EXPECT_TRUE(d.posts().empty()) << "the reply is the app-level sendMessage's to post";
}

TEST(Deliver, NoReplyToAnErrorNorBeforeTheHandshake) {
  Session widget = make_widget(kDeliver);
  drain(widget);
  ASSERT_EQ(callcore_dispatch(widget, R"({"type":"NOT_A_TYPE","messageId":"x_1"})", kT0), CALLCORE_OK);
  EXPECT_TRUE(drain(widget).of("send").empty()) << "nothing but SYNC_ACK before the handshake";

  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.ready(kT0);
  wire.clear();
  ASSERT_EQ(callcore_dispatch(wire.widget, R"({"type":"ERROR","data":{"type":"UNKNOWN_MESSAGE_TYPE"},"messageId":"x_2"})",
                              kT0 + 5),
            CALLCORE_OK);
  EXPECT_TRUE(drain(wire.widget).of("send").empty());
}

TEST(Deliver, TypesTheSdkLooksUpWithInAreKnownAndNonStringTypesUnknown) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.ready(kT0);
  wire.clear();
  ASSERT_EQ(callcore_dispatch(wire.widget, R"({"type":"constructor","messageId":"x_1"})", kT0 + 1), CALLCORE_OK);
  Actions inherited = drain(wire.widget);
  EXPECT_TRUE(inherited.of("send").empty()) << inherited.dump();
  EXPECT_EQ(inherited.handler_names(), std::vector<std::string>{"defaultEventHandler"});
  ASSERT_EQ(callcore_dispatch(wire.widget, R"({"type":5,"messageId":"x_2"})", kT0 + 2), CALLCORE_OK);
  EXPECT_EQ(drain(wire.widget).of("send").size(), 1u);
}

TEST(Deliver, FailuresReachTheCatchAllThenTheirHandler) {
  Wire wire = Wire::make(kDeliver, std::string(R"({"deliver":true,"failedCatchAll":true})"));
  wire.ready(kT0);
  wire.clear();
  ASSERT_EQ(callcore_dispatch(wire.widget, R"({"type":"CREATE_ENGAGEMENT_FAILED","data":{},"messageId":"x_1"})", kT0 + 1),
            CALLCORE_OK);
  EXPECT_EQ(drain(wire.widget).handler_names(), (std::vector<std::string>{"onFailed", "onCreateEngagementFailed"}));
}

TEST(Deliver, MalformedEventsAreRefusedAndChangeNothing) {
  Wire wire = Wire::make(kDeliver, kDeliver);
  wire.ready(kT0);
  wire.clear();
  std::string before = state_text(wire.widget);
  EXPECT_EQ(callcore_dispatch(wire.widget, "[1]", kT0 + 1), CALLCORE_E_ENVELOPE);
  EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("must be an object"), std::string::npos);
  EXPECT_EQ(callcore_dispatch(wire.widget, "{", kT0 + 1), CALLCORE_E_JSON);
  EXPECT_EQ(callcore_dispatch(wire.widget, nullptr, kT0 + 1), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_dispatch(nullptr, "{}", kT0 + 1), CALLCORE_E_ARGUMENT);
  EXPECT_TRUE(drain(wire.widget).empty());
  EXPECT_EQ(state_text(wire.widget), before);
}

TEST(Deliver, WithoutTheOptionReceiveStillCallsHandlersAndPostsTheReply) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string odd = R"({"type":"NOT_A_TYPE","messageId":"x_1"})";
  ASSERT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, odd.c_str(), kT0 + 1), CALLCORE_OK);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.error_replies().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.posts()[0], "via"), "sendMessage");
  EXPECT_TRUE(delivers(a).empty());
}

TEST(Deliver, TheOptionMustBeABoolean) {
  Refusal r = refuse_session(widget_options(R"({"deliver":"yes"})").c_str());
  EXPECT_EQ(r.err, CALLCORE_E_OPTIONS);
  EXPECT_NE(r.reason.find("options.deliver"), std::string::npos);
}

}  // namespace
