// Per-session limits (callcore.h limits option): exact boundaries, the call
// and queue bounds, bounded reports, and sessions that share nothing.
#include "test_support.h"

using namespace cctest;

namespace {

TEST(Limits, DefaultsArePublishedInTheCatalogue) {
  Json cat = catalogue();
  EXPECT_EQ(print(get(cat.get(), "limits")),
            R"({"maxEnvelopeBytes":1048576,"maxDepth":32,"maxStringLength":65536,"maxCalls":64,"maxQueued":64})");
}

class LimitBoundary : public ::testing::Test {
 protected:
  // A ready widget with the given limits; returns what receiving `envelope` answers.
  callcore_errno receive_with(const std::string &limits, const std::string &envelope) {
    Wire wire = Wire::make("{}", "{\"limits\":" + limits + "}");
    wire.ready(kT0);
    wire.clear();
    callcore_errno rc = callcore_receive(wire.widget, kHostOrigin, 1, envelope.c_str(), kT0 + 10);
    last = drain(wire.widget);
    return rc;
  }
  Actions last;
};

std::string call_data_of_size(size_t total) {
  std::string head = R"({"type":"CALL_DATA","data":{"p":")", tail = R"("},"messageId":"h_1"})";
  return head + std::string(total - head.size() - tail.size(), 'x') + tail;
}

TEST_F(LimitBoundary, EnvelopeBytesAtTheLimitPassOneMoreFails) {
  EXPECT_EQ(receive_with(R"({"maxEnvelopeBytes":600})", call_data_of_size(600)), CALLCORE_OK);
  EXPECT_EQ(receive_with(R"({"maxEnvelopeBytes":600})", call_data_of_size(601)), CALLCORE_E_TOO_LARGE);
  EXPECT_TRUE(last.has_violation("TOO_LARGE")) << last.dump();
  EXPECT_NE(str(last.violations("TOO_LARGE")[0], "message").find("601 bytes is over the limit of 600"), std::string::npos);
}

TEST_F(LimitBoundary, DepthAtTheLimitPassesOneMoreFails) {
  // envelope {…} is level 1, data {…} level 2, then nested arrays.
  auto nested = [](int levels) {
    return R"({"type":"CALL_DATA","data":{"n":)" + std::string(levels - 2, '[') + std::string(levels - 2, ']') +
           R"(},"messageId":"h_1"})";
  };
  EXPECT_EQ(receive_with(R"({"maxDepth":6})", nested(6)), CALLCORE_OK);
  EXPECT_EQ(receive_with(R"({"maxDepth":6})", nested(7)), CALLCORE_E_TOO_DEEP);
  EXPECT_TRUE(last.has_violation("TOO_DEEP"));
  // The ceiling is accepted and works.
  EXPECT_EQ(receive_with(R"({"maxDepth":128})", nested(128)), CALLCORE_OK);
  EXPECT_EQ(receive_with(R"({"maxDepth":128})", nested(129)), CALLCORE_E_TOO_DEEP);
}

TEST_F(LimitBoundary, StringLengthAtTheLimitPassesOneMoreFails) {
  auto with_note = [](size_t n) {
    return R"({"type":"CALL_DATA","data":{"note":")" + std::string(n, 'n') + R"("},"messageId":"h_1"})";
  };
  EXPECT_EQ(receive_with(R"({"maxStringLength":100})", with_note(100)), CALLCORE_OK);
  EXPECT_EQ(receive_with(R"({"maxStringLength":100})", with_note(101)), CALLCORE_E_TOO_LARGE);
  ASSERT_TRUE(last.has_violation("STRING_TOO_LONG")) << last.dump();
  EXPECT_FALSE(last.has_violation("TOO_LARGE")) << "the rule broken is the string length, not the size";
  EXPECT_NE(str(last.violations("STRING_TOO_LONG")[0], "message").find("a string of 101 bytes is over the limit of 100"),
            std::string::npos);
}

TEST(Limits, AppPayloadsObeyTheSessionLimitsToo) {
  Wire wire = Wire::make("{}", R"({"limits":{"maxEnvelopeBytes":250,"maxStringLength":50,"maxDepth":4}})");
  wire.ready(kT0);
  wire.clear();
  std::string before = state_text(wire.widget);
  EXPECT_EQ(callcore_call(wire.widget, "callData", ("\"" + std::string(51, 'x') + "\"").c_str(), kT0 + 1),
            CALLCORE_E_TOO_LARGE);
  EXPECT_EQ(callcore_call(wire.widget, "callData", ("[\"" + std::string(40, 'x') + "\"," + std::string(220, '1') + "]").c_str(), kT0 + 1),
            CALLCORE_E_TOO_LARGE);
  EXPECT_EQ(callcore_call(wire.widget, "callData", "[[[[[1]]]]]", kT0 + 1), CALLCORE_E_TOO_DEEP);
  EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("callData: payload nesting deeper than the limit of 4"),
            std::string::npos)
      << callcore_last_error(wire.widget);
  EXPECT_TRUE(drain(wire.widget).posts().empty());
  EXPECT_EQ(state_text(wire.widget), before);
  EXPECT_EQ(callcore_call(wire.widget, "callData", "[[[[1]]]]", kT0 + 2), CALLCORE_OK) << "exactly the limit";
}

TEST(Limits, MaxCallsIsAHardBoundInEveryPolicy) {
  for (const char *policy : {"off", "warn", "strict"}) {
    SCOPED_TRACE(policy);
    Wire wire = Wire::make("{}", std::string(R"({"limits":{"maxCalls":1},"policy":")") + policy + "\"}");
    wire.ready(kT0);
    must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
    wire.pump(kT0 + 10);
    wire.clear();
    // One more call than the session can track: refused and untracked, whatever the policy.
    std::string before = state_text(wire.widget);
    EXPECT_EQ(callcore_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-2"})", kT0 + 11), CALLCORE_E_LIMIT);
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("limits.maxCalls"), std::string::npos)
        << callcore_last_error(wire.widget);
    Actions a = drain(wire.widget);
    EXPECT_TRUE(a.posts().empty()) << a.dump();
    EXPECT_TRUE(a.has_violation("TOO_MANY_CALLS")) << "a refusal is reported even under off: " << a.dump();
    if (a.has_violation("TOO_MANY_CALLS")) {
      EXPECT_EQ(str(a.violations("TOO_MANY_CALLS")[0], "outcome"), "refused");
    }
    EXPECT_EQ(state_text(wire.widget), before);
  }
}

TEST(Limits, MaxCallsCountsCallsThatEndedButWereNeverCompleted) {
  Wire wire = Wire::make("{}", R"({"limits":{"maxCalls":2}})");
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1"})", kT0 + 11);
  // A second call while the first awaits completion is suspicious (warn relays it)...
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-2"})", kT0 + 12);
  wire.pump(kT0 + 12);
  wire.clear();
  // ...a third is one more than the session tracks.
  EXPECT_EQ(callcore_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-3"})", kT0 + 13), CALLCORE_E_LIMIT);
  EXPECT_EQ(cJSON_GetArraySize(get(state(wire.widget).get(), "calls")), 2);
  // Completing one makes room.
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"c-1"})", kT0 + 14);
  EXPECT_EQ(callcore_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-3"})", kT0 + 15), CALLCORE_OK);
}

TEST(Limits, FinishedCallsMakeRoomOldestFirst) {
  Wire wire = Wire::make(R"({"limits":{"maxCalls":2}})", R"({"limits":{"maxCalls":2}})");
  wire.ready(kT0);
  double t = kT0 + 10;
  for (const char *id : {"c-1", "c-2", "c-3", "c-4"}) {
    std::string call = std::string(R"({"externalCallId":")") + id + "\"}";
    must_call(wire.widget, "outgoingCall", call.c_str(), t++);
    must_call(wire.widget, "callEnded", call.c_str(), t++);
    must_call(wire.widget, "callCompleted", call.c_str(), t++);
    wire.pump(t);
  }
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json st = state(s);
    std::vector<std::string> ids;
    const cJSON *call;
    cJSON_ArrayForEach(call, get(st.get(), "calls")) ids.push_back(str(call, "externalCallId"));
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"c-3", "c-4"}));
  }
}

TEST(Limits, TheQueueIsBoundedAndReplayedInOrder) {
  Wire wire = Wire::make("{}", R"({"limits":{"maxQueued":3}})");
  must_call(wire.widget, "initialized", R"({"isLoggedIn":true})", kT0 - 3);
  must_call(wire.widget, "resizeWidget", R"({"width":300,"height":400})", kT0 - 2);
  must_call(wire.widget, "callData", R"({"n":3})", kT0 - 1);
  drain(wire.widget);
  std::string before = state_text(wire.widget);
  EXPECT_EQ(callcore_call(wire.widget, "callData", R"({"n":4})", kT0), CALLCORE_E_LIMIT);
  EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("queue"), std::string::npos) << callcore_last_error(wire.widget);
  Actions a = drain(wire.widget);
  ASSERT_TRUE(a.has_violation("QUEUE_FULL")) << a.dump();
  EXPECT_EQ(str(a.violations("QUEUE_FULL")[0], "outcome"), "refused");
  EXPECT_EQ(state_text(wire.widget), before);
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  auto traffic = wire.pump(kT0);
  std::vector<std::string> types;
  for (const Delivery &d : traffic) types.push_back(str(parse(d.envelope).get(), "type"));
  EXPECT_EQ(types, (std::vector<std::string>{"SYNC", "SYNC_ACK", "INITIALIZED", "RESIZE_WIDGET", "CALL_DATA"}));
  // Room again after the replay.
  EXPECT_EQ(get(state(wire.widget).get(), "queued")->valuedouble, 0);
}

TEST(Limits, ReportsAreBoundedWithACountOfTheRest) {
  // 40 empty caller-ID matches: 80 missing fields; a report keeps 32 and counts the rest.
  std::string matches = "[";
  for (int i = 0; i < 40; i++) matches += std::string(i ? "," : "") + "{}";
  matches += "]";
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string env = R"({"type":"CALLER_ID_MATCH_SUCCEEDED","data":{"callerIdMatches":)" + matches + R"(},"messageId":"h_1"})";
  ASSERT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, env.c_str(), kT0 + 10), CALLCORE_OK);
  Actions a = drain(wire.widget);
  EXPECT_EQ(a.violations().size(), 33u) << a.dump();
  ASSERT_TRUE(a.has_violation("MORE_VIOLATIONS"));
  EXPECT_NE(str(a.violations("MORE_VIOLATIONS")[0], "message").find("49 more findings"), std::string::npos)
      << str(a.violations("MORE_VIOLATIONS")[0], "message");
  EXPECT_EQ(a.calls("onCallerIdMatchSucceeded").size(), 1u);

  // In strict, an overflowing report is an error and the message is dropped.
  Wire strict = Wire::make("{}", R"({"policy":"strict"})");
  strict.ready(kT0);
  strict.clear();
  EXPECT_EQ(callcore_receive(strict.widget, kHostOrigin, 1, env.c_str(), kT0 + 10), CALLCORE_E_DROPPED);
}

TEST(Limits, TwoSessionsShareNothing) {
  // Same instance id, different policies and limits, interleaved.
  Wire a = Wire::make("{}", R"({"policy":"strict"})");
  Wire b = Wire::make("{}", R"({"policy":"off","limits":{"maxQueued":1}})");
  a.ready(kT0);
  b.ready(kT0);
  a.clear();
  b.clear();
  EXPECT_EQ(callcore_call(a.widget, "callEnded", R"({"externalCallId":"x","callEndStatus":"DONE"})", kT0 + 5), CALLCORE_E_REFUSED);
  EXPECT_EQ(callcore_call(b.widget, "callEnded", R"({"externalCallId":"x","callEndStatus":"DONE"})", kT0 + 5), CALLCORE_OK);
  EXPECT_STRNE(callcore_last_error(a.widget), "");
  EXPECT_STREQ(callcore_last_error(b.widget), "");
  Actions da = drain(a.widget), db = drain(b.widget);
  EXPECT_FALSE(da.violations().empty());
  EXPECT_TRUE(db.violations().empty());
  ASSERT_EQ(db.envelopes().size(), 1u);
  // Each counts its own messageIds: both continue from their own last stamp.
  EXPECT_EQ(str(db.envelopes()[0], "messageId"), "1724412345000_1724412345125");
  must_call(a.widget, "callData", "{}", kT0 + 5);
  EXPECT_EQ(str(drain(a.widget).envelopes()[0], "messageId"), "1724412345000_1724412345125");
}

TEST(Limits, ManySessionsComeAndGoWithoutLeaks) {
  for (int i = 0; i < 200; i++) {
    Wire wire = Wire::make();
    wire.ready(kT0 + i);
    must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c"})", kT0 + i + 2);
    wire.pump(kT0 + i + 2);
    // Left with undrained actions, open calls and a pending timer on purpose.
    must_call(wire.host, "sendMessage", R"({"type":"END_CALL"})", kT0 + i + 3);
  }
  for (int i = 0; i < 50; i++) {
    Session queued = make_widget();
    for (int k = 0; k < 10; k++) must_call(queued, "callData", R"({"k":[1,2,3]})", kT0);
  }
}

}  // namespace
