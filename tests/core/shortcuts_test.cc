// Two options that let the glue skip work the core allows it to skip:
// previewDispatch (the handlers of a received message come with its deliver
// action, so the message handler need not cross into the core again) and
// postAsIs (an app's message the core left as it was is posted as the app's
// own object, not printed and parsed back). Each shortcut must equal the long
// way exactly.
#include "test_support.h"

using namespace cctest;

namespace {

const char *kPreview = R"({"deliver":true,"previewDispatch":true,"handlers":["onDialNumber","defaultEventHandler"]})";

// The actions without their preview marks.
std::string unmarked(const std::vector<const cJSON *> &actions) {
  std::string out;
  for (const cJSON *a : actions) {
    Json copy(cJSON_Duplicate(a, 1));
    cJSON_DeleteItemFromObjectCaseSensitive(copy.get(), "preview");
    out += print(copy.get()) + "\n";
  }
  return out;
}

std::vector<const cJSON *> marked(const Actions &a, bool preview) {
  std::vector<const cJSON *> out;
  for (const cJSON *action : a.of())
    if (cJSON_IsTrue(get(action, "preview")) == preview && str(action, "action") != "timer") out.push_back(action);
  return out;
}

TEST(PreviewDispatch, EqualsWhatDispatchQueuesForTheSameMessage) {
  const std::string messages[] = {
      R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299"},"messageId":"h_1"})",
      R"({"type":"NOT_A_TYPE","data":{},"messageId":"h_2"})",  // the ERROR reply, through sendMessage
      R"({"type":"CREATE_ENGAGEMENT_FAILED","data":{},"messageId":"h_3"})",  // the catch-all, then the default
      R"({"type":"toString","messageId":"h_4"})",  // an inherited name: known, no reply
  };
  for (const std::string &message : messages) {
    Wire wire = Wire::make("{}", kPreview);
    wire.ready(kT0);
    wire.clear();
    ASSERT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, message.c_str(), kT0 + 10), CALLCORE_OK) << message;
    Actions received = drain(wire.widget);
    ASSERT_EQ(received.of("deliver").size(), 1u) << received.dump();
    std::vector<const cJSON *> preview = marked(received, true);
    ASSERT_FALSE(preview.empty()) << message << received.dump();
    ASSERT_EQ(callcore_dispatch(wire.widget, message.c_str(), kT0 + 10), CALLCORE_OK);
    Actions dispatched = drain(wire.widget);
    EXPECT_TRUE(marked(dispatched, true).empty()) << "callcore_dispatch itself marks nothing";
    EXPECT_EQ(unmarked(preview), unmarked(marked(dispatched, false))) << message;
  }
}

TEST(PreviewDispatch, IsOffUnlessAsked) {
  Wire wire = Wire::make("{}", R"({"deliver":true,"handlers":["onDialNumber"]})");
  wire.ready(kT0);
  wire.clear();
  ASSERT_EQ(callcore_receive(wire.widget, kHostOrigin, 1,
                             R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299"},"messageId":"h_1"})",
                             kT0 + 10),
            CALLCORE_OK);
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.calls().empty()) << a.dump();
}

TEST(PostAsIs, AnUnchangedMessageIsPostedAsTheAppsObjectPlusItsMessageId) {
  Wire wire = Wire::make("{}", R"({"postAsIs":true})");
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "sendMessage", R"({"type":"OUTGOING_CALL_STARTED","data":{"externalCallId":"c-1"}})",
            kT0 + 10);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  const cJSON *post = a.posts()[0];
  EXPECT_TRUE(cJSON_IsTrue(get(post, "asIs")));
  EXPECT_EQ(get(post, "envelope"), nullptr);
  EXPECT_EQ(keys(get(post, "append")), std::vector<std::string>{"messageId"});
  EXPECT_EQ(str(get(post, "append"), "messageId"), "1724412345000_" + std::to_string((long long)kT0 + 10));
}

TEST(PostAsIs, AnythingElseComesAsItsEnvelope) {
  Wire wire = Wire::make("{}", R"({"postAsIs":true})");
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 5);
  // An SDK method's envelope is built by the session around the app's data: not the app's object.
  Actions started = drain(wire.widget);
  ASSERT_EQ(started.posts().size(), 1u);
  EXPECT_NE(get(started.posts()[0], "envelope"), nullptr);
  struct Case {
    const char *why, *message;
    bool as_is;
  } cases[] = {
      {"a value the core rewrote", R"({"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"INTERNAL_BUSY"}})", false},
      {"text that prints differently", R"({"type": "CALL_DATA","data":{}})", false},
      {"the app's own messageId: kept in place, nothing appended", R"({"type":"CALL_DATA","data":{},"messageId":"m-1"})", true},
  };
  for (const Case &c : cases) {
    must_call(wire.widget, "sendMessage", c.message, kT0 + 10);
    Actions a = drain(wire.widget);
    ASSERT_EQ(a.posts().size(), 1u) << c.why << a.dump();
    EXPECT_EQ(cJSON_IsTrue(get(a.posts()[0], "asIs")), c.as_is) << c.why << a.dump();
    EXPECT_EQ(get(a.posts()[0], "envelope") != nullptr, !c.as_is) << c.why;
    if (c.as_is) EXPECT_EQ(get(a.posts()[0], "append"), nullptr) << c.why;
  }
  // The SDK's own messages are the session's: always an envelope.
  Wire fresh = Wire::make("{}", R"({"postAsIs":true})");
  fresh.handshake(kT0);
  ASSERT_EQ(fresh.widget_actions.posted("SYNC_ACK").size(), 1u);
}

TEST(PostAsIs, ACallReplayedFromTheQueueComesAsItsEnvelope) {
  // The embedder no longer holds the object of a call it made before the handshake.
  Wire wire = Wire::make("{}", R"({"postAsIs":true})");
  must_call(wire.widget, "sendMessage", R"({"type":"CALL_DATA","data":{}})", kT0);
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0 + 1), CALLCORE_OK);
  wire.pump(kT0 + 1);  // the handshake, then the tick that replays the queue
  std::vector<const cJSON *> posted = wire.widget_actions.posted("CALL_DATA");
  ASSERT_EQ(posted.size(), 1u) << wire.widget_actions.dump();
  for (const cJSON *post : wire.widget_actions.posts())
    if (str(get(post, "envelope"), "type") == "CALL_DATA") EXPECT_FALSE(cJSON_IsTrue(get(post, "asIs")));
}

}  // namespace
