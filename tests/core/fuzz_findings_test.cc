// Regressions for what the libFuzzer targets of tests/fuzz found: each test
// is the smallest form of a broken invariant, kept so it stays fixed.
#include "test_support.h"

using namespace cctest;

namespace {

// fuzz_session_host, invariant "a rejected input leaves the session as it
// was": while calls made before the handshake waited for their replay tick,
// every event (a dropped one included) moved the timer request to its own
// time and announced it again.
TEST(FuzzFindings, ADroppedMessageWhileTheQueueWaitsForItsTickChangesNothing) {
  Session widget = make_widget();
  ASSERT_EQ(callcore_call(widget, "userLoggedIn", nullptr, kT0 - 10), CALLCORE_OK);
  std::string sync = R"({"type":"SYNC","hostUrl":"https://app.hubspot.com","messageId":"1724412340000_1724412345120"})";
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, sync.c_str(), kT0), CALLCORE_OK);
  Actions ready = drain(widget);
  ASSERT_EQ(ready.of("timer").size(), 1u) << ready.dump();
  EXPECT_EQ(get(ready.of("timer")[0], "delayMs")->valuedouble, 0) << "the replay is asked for at once";

  std::string before = state_text(widget);
  EXPECT_EQ(callcore_receive(widget, kHostOrigin, 1, R"({"type":"DIAL_NUMBER","data":{}})", kT0 + 5),
            CALLCORE_E_ENVELOPE);  // no messageId: dropped
  Actions dropped = drain(widget);
  EXPECT_TRUE(dropped.of("timer").empty()) << "the tick already asked for still stands: " << dropped.dump();
  EXPECT_TRUE(dropped.has_violation("MISSING_MESSAGE_ID")) << dropped.dump();
  EXPECT_EQ(state_text(widget), before);

  // The tick then replays the queue as before.
  ASSERT_EQ(callcore_tick(widget, kT0 + 6), CALLCORE_OK);
  EXPECT_EQ(drain(widget).posted("LOGGED_IN").size(), 1u);
}

// fuzz_session_host, invariant "in strict policy, what is posted passes the
// core's own checks": an app's sendMessage kept its own messageId even when
// false, so the peer was sure to drop what strict policy had let through.
TEST(FuzzFindings, AFalsyMessageIdFromTheAppIsRefusedInStrictAndReportedInWarn) {
  for (const char *policy : {"strict", "warn"}) {
    SCOPED_TRACE(policy);
    Wire wire = Wire::make(std::string(R"({"policy":")") + policy + "\"}");
    wire.ready(kT0);
    wire.clear();
    bool strict = std::string(policy) == "strict";
    EXPECT_EQ(callcore_call(wire.host, "sendMessage", R"({"type":"VISIBILITY_CHANGED","messageId":false})", kT0 + 5),
              strict ? CALLCORE_E_REFUSED : CALLCORE_OK);
    Actions a = drain(wire.host);
    ASSERT_TRUE(a.has_violation("MISSING_MESSAGE_ID")) << a.dump();
    const cJSON *v = a.violations("MISSING_MESSAGE_ID")[0];
    EXPECT_EQ(str(v, "field"), "messageId");
    EXPECT_EQ(str(v, "direction"), "outbound");
    EXPECT_EQ(str(v, "outcome"), strict ? "refused" : "relayed");
    EXPECT_EQ(a.posts().size(), strict ? 0u : 1u) << a.dump();
  }
}

TEST(FuzzFindings, AMessageIdThatIsNotAStringIsKeptWithAWarning) {
  Wire wire = Wire::make(R"({"policy":"strict"})");
  wire.ready(kT0);
  wire.clear();
  EXPECT_EQ(callcore_call(wire.host, "sendMessage", R"({"type":"VISIBILITY_CHANGED","messageId":7})", kT0 + 5),
            CALLCORE_OK);
  Actions a = drain(wire.host);
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  EXPECT_EQ(print(get(a.envelopes()[0], "messageId")), "7") << "the app's id is kept, as the SDK keeps it";
  ASSERT_TRUE(a.has_violation("MESSAGE_ID_NOT_STRING")) << a.dump();
  EXPECT_EQ(str(a.violations("MESSAGE_ID_NOT_STRING")[0], "severity"), "warning");
}

// fuzz_session_widget (the campaign build, found again under ASan), invariant
// "in strict policy, what is posted passes the core's own checks": a number
// past the largest double (callStartTime 1724412E400000) reads as infinity,
// passed the schema, and was posted as null, which the host's check refuses.
TEST(FuzzFindings, ANumberBeyondTheLargestDoubleIsARangeErrorNotANull) {
  for (const char *policy : {"strict", "warn"}) {
    SCOPED_TRACE(policy);
    std::string options = std::string(R"({"policy":")") + policy + "\"}";
    Wire wire = Wire::make(options, options);
    wire.ready(kT0, /*available=*/true);
    wire.clear();
    bool strict = std::string(policy) == "strict";
    EXPECT_EQ(callcore_call(wire.widget, "incomingCall",
                            R"({"externalCallId":"in-7f3a","fromNumber":"+18884827768","toNumber":"+442073238299",)"
                            R"("callStartTime":1724412E400000,"createEngagement":true})",
                            kT0 + 5),
              strict ? CALLCORE_E_REFUSED : CALLCORE_OK);
    Actions a = drain(wire.widget);
    ASSERT_TRUE(a.has_violation("FIELD_RANGE")) << a.dump();
    const cJSON *v = a.violations("FIELD_RANGE")[0];
    EXPECT_EQ(str(v, "field"), "data.callStartTime");
    EXPECT_NE(str(v, "message").find("Infinity"), std::string::npos) << str(v, "message");
    EXPECT_EQ(a.posts().size(), strict ? 0u : 1u) << a.dump();
  }
  // The same from the host's side, as received, and in a REST body.
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1,
                             R"({"type":"INCOMING_CALL","data":{"externalCallId":"x","fromNumber":"+1","toNumber":"+2",)"
                             R"("callStartTime":-1e999},"messageId":"w_1"})",
                             kT0 + 6),
            CALLCORE_OK);
  Actions received = drain(wire.host);
  ASSERT_TRUE(received.has_violation("FIELD_RANGE")) << received.dump();
  EXPECT_NE(str(received.violations("FIELD_RANGE")[0], "message").find("-Infinity"), std::string::npos);
}

}  // namespace
