// A widget page that unloads (the record page left, a reload) may end and complete its call as it
// goes; what it posts then arrives with event.source null (CALLCORE_SOURCE_GONE). The reference's
// host checks no source and hears it; a callcore host hears that much and nothing more
// (core/include/callcore.h, callcore_receive).
#include "test_support.h"

using namespace cctest;

namespace {

constexpr const char *kStarted = R"({"type":"INCOMING_CALL","data":{"externalCallId":"c1","fromNumber":"+18884827768","toNumber":"+442073238299"},"messageId":"w_1"})";
constexpr const char *kEnded = R"({"type":"CALL_ENDED","data":{"externalCallId":"c1","callEndStatus":"COMPLETED"},"messageId":"w_2"})";
constexpr const char *kCompleted = R"({"type":"CALL_COMPLETED","data":{"externalCallId":"c1","engagementProperties":{}},"messageId":"w_3"})";

class LastWords : public ::testing::Test {
 protected:
  void SetUp() override {
    wire.ready(kT0);
    ASSERT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, kStarted, kT0 + 10), CALLCORE_OK);
    wire.clear();
  }
  callcore_errno gone(const char *envelope, const char *origin = kWidgetOrigin, double now = kT0 + 100) {
    return callcore_receive(wire.host, origin, CALLCORE_SOURCE_GONE, envelope, now);
  }
  std::string call_state() { return str(call_state_of("c1").get(), "state"); }
  Json call_state_of(const char *id) {
    Json s = state(wire.host);
    const cJSON *call;
    cJSON_ArrayForEach(call, get(s.get(), "calls")) {
      if (str(call, "externalCallId") == id) return parse(print(call));
    }
    return parse("null");
  }
  Wire wire = Wire::make();
};

TEST_F(LastWords, AGoneWidgetPageEndsAndCompletesItsCall) {
  ASSERT_EQ(gone(kEnded), CALLCORE_OK) << callcore_last_error(wire.host);
  EXPECT_EQ(call_state(), "ended");
  ASSERT_EQ(gone(kCompleted, kWidgetOrigin, kT0 + 110), CALLCORE_OK) << callcore_last_error(wire.host);
  EXPECT_EQ(call_state(), "completed");
  Actions a = drain(wire.host);
  EXPECT_FALSE(a.has_violation("SOURCE_NOT_PEER")) << a.dump();
  // Then the host's page goes too: nothing is left open.
  ASSERT_EQ(callcore_unload(wire.host, kT0 + 200), CALLCORE_OK);
  EXPECT_FALSE(drain(wire.host).has_violation("CALL_LEFT_OPEN"));
}

TEST_F(LastWords, NothingElseIsTakenFromAGoneWindow) {
  const std::string before = state_text(wire.host);
  // Not a closing message; a closing message for a call the host does not track; another origin.
  EXPECT_EQ(gone(R"({"type":"CALL_ANSWERED","data":{"externalCallId":"c1"},"messageId":"w_4"})"), CALLCORE_E_DROPPED);
  Actions a = drain(wire.host);
  ASSERT_TRUE(a.has_violation("SOURCE_NOT_PEER")) << a.dump();
  EXPECT_NE(a.dump().find("a window that is gone"), std::string::npos) << a.dump();
  EXPECT_EQ(gone(R"({"type":"CALL_ENDED","data":{"externalCallId":"other","callEndStatus":"COMPLETED"},"messageId":"w_5"})"),
            CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("SOURCE_NOT_PEER"));
  EXPECT_EQ(gone(kEnded, "https://evil.example"), CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("ORIGIN_MISMATCH"));
  EXPECT_EQ(state_text(wire.host), before);
}

TEST_F(LastWords, AFinishedCallIsNotClosedAgainFromAGoneWindow) {
  ASSERT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, kEnded, kT0 + 20), CALLCORE_OK);
  ASSERT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, kCompleted, kT0 + 30), CALLCORE_OK);
  drain(wire.host);
  EXPECT_EQ(gone(R"({"type":"CALL_COMPLETED","data":{"externalCallId":"c1","engagementProperties":{}},"messageId":"w_9"})"),
            CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("SOURCE_NOT_PEER"));
}

TEST(LastWordsWidget, AWidgetTakesNothingFromAGoneWindow) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, CALLCORE_SOURCE_GONE,
                             R"({"type":"END_CALL","data":{},"messageId":"h_1"})", kT0 + 100),
            CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.widget).has_violation("SOURCE_NOT_PEER"));
}

}  // namespace
