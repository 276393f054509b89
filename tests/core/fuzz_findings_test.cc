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

}  // namespace
