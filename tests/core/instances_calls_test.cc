// Several instances, calls (docs/instances.md, rules 3, 4, 6, 7): the same
// ring delivered to two frames, two answers at once, the owner leaving or
// going silent mid-call, a calling window joining mid-call. HubSpot must hear
// each call once, from one frame.
#include "instances_support.h"

namespace {

using namespace cctest;

constexpr const char *kRing = R"({"externalCallId":"X","fromNumber":"+18884827768","toNumber":"+442073238299","createEngagement":true})";

// A nav-bar frame (remote) and a record-page dock (widget), both ready: the remote leads.
struct InstancesTwoFrames : ::testing::Test {
  void SetUp() override {
    mesh.add("r", "remote", kWidgetInstance);
    mesh.add("w", "widget", kWidgetInstance + 5);
    mesh.ready(mesh[0], kT0);
    mesh.ready(mesh[1], kT0 + 10);
    ASSERT_EQ(leader_of(mesh[0].widget()), "r");
    ASSERT_EQ(leader_of(mesh[1].widget()), "r");
    mesh.clear_logs();
  }
  // The same ring delivered to both frames, answered in r, engagement 555 bound by r's host.
  void answered_call(double now) {
    must_call(mesh[0].widget(), "incomingCall", kRing, now);
    must_call(mesh[1].widget(), "incomingCall", kRing, now);
    mesh.flow(now);
    must_call(mesh[0].widget(), "callAnswered", R"({"externalCallId":"X"})", now + 1);
    mesh.flow(now + 1);
    must_call(mesh[0].host(), "sendMessage",
              message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"externalCallId":"X","engagementId":555})").c_str(), now + 2);
    mesh.flow(now + 2);
  }
  Mesh mesh;
};

TEST_F(InstancesTwoFrames, TheSameRingInTwoFramesIsAnnouncedOnce) {
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  must_call(mesh[1].widget(), "incomingCall", kRing, kT0 + 100);
  mesh.flow(kT0 + 100);
  EXPECT_EQ(mesh.posted("INCOMING_CALL"), 1u);
  EXPECT_EQ(mesh[0].widget_log.posted("INCOMING_CALL").size(), 1u) << "the leader announces it";
  for (size_t i = 0; i < 2; i++) {
    Json call = call_named(mesh[i].widget(), "X");
    EXPECT_EQ(str(call.get(), "state"), "ringing") << i;
    EXPECT_EQ(str(call.get(), "owner"), "r") << i;
    EXPECT_FALSE(mesh[i].widget_log.has_violation("DUPLICATE_CALL")) << mesh[i].widget_log.dump();
  }
  // Forwarded, not posted: the dock's host never hears of it.
  EXPECT_TRUE(mesh[1].widget_log.posted("INCOMING_CALL").empty());
}

TEST_F(InstancesTwoFrames, TwoAnswersAtOnceReachHubSpotOnceAndTheLoserIsTold) {
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  mesh.flow(kT0 + 100);
  // Both users click "answer" before either frame hears of the other.
  must_call(mesh[0].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 200);
  must_call(mesh[1].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 200);
  mesh.flow(kT0 + 200);
  EXPECT_EQ(mesh.posted("CALL_ANSWERED"), 1u);
  ASSERT_EQ(mesh[1].widget_log.violations("PEER_REFUSED").size(), 1u) << mesh[1].widget_log.dump();
  const cJSON *refusal = mesh[1].widget_log.violations("PEER_REFUSED")[0];
  EXPECT_EQ(str(refusal, "direction"), "local");
  EXPECT_EQ(str(refusal, "type"), "CALL_ANSWERED");
  EXPECT_NE(str(refusal, "message").find("answered by instance r first"), std::string::npos) << str(refusal, "message");
  EXPECT_TRUE(mesh[0].widget_log.has_violation("ANSWERED_ELSEWHERE")) << "the owner says why it refused";
  // Both views agree: in progress, answered by r.
  for (size_t i = 0; i < 2; i++) EXPECT_EQ(str(call_named(mesh[i].widget(), "X").get(), "state"), "inProgress") << i;
  // A third click in the dock is refused at once, without a round trip.
  EXPECT_EQ(callcore_call(mesh[1].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 300), CALLCORE_E_REFUSED);
  Actions late = drain(mesh[1].widget());
  EXPECT_TRUE(late.has_violation("ANSWERED_ELSEWHERE")) << late.dump();
  EXPECT_TRUE(late.of("peer").empty()) << late.dump();
}

TEST_F(InstancesTwoFrames, TheAnswerOfAFrameThatDoesNotLeadIsPostedByTheLeader) {
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  mesh.flow(kT0 + 100);
  must_call(mesh[1].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 200);
  mesh.flow(kT0 + 200);
  EXPECT_EQ(mesh[0].widget_log.posted("CALL_ANSWERED").size(), 1u);
  EXPECT_TRUE(mesh[1].widget_log.posted("CALL_ANSWERED").empty());
  EXPECT_FALSE(mesh[1].widget_log.has_violation("PEER_REFUSED"));
  // The leader's own late click is the one refused now.
  EXPECT_EQ(callcore_call(mesh[0].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 300), CALLCORE_E_REFUSED);
  EXPECT_NE(std::string(callcore_last_error(mesh[0].widget())).find("answered by instance w first"), std::string::npos)
      << callcore_last_error(mesh[0].widget());
}

TEST_F(InstancesTwoFrames, AMirroredCallShowsTheNumbersItStartedWith) {
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  mesh.flow(kT0 + 100);
  Json mine = call_named(mesh[0].widget(), "X");
  Json mirrored = call_named(mesh[1].widget(), "X");
  ASSERT_FALSE(str(mine.get(), "fromNumber").empty());
  EXPECT_EQ(str(mirrored.get(), "fromNumber"), str(mine.get(), "fromNumber"));
  EXPECT_EQ(str(mirrored.get(), "toNumber"), str(mine.get(), "toNumber"));
  // A number too long to keep whole is not shared cut: the field is null.
  std::string long_number(70, '5');
  must_call(mesh[0].widget(), "outgoingCall",
            (R"({"externalCallId":"Y","toNumber":")" + long_number + R"(","fromNumber":"+1"})").c_str(), kT0 + 200);
  mesh.flow(kT0 + 200);
  EXPECT_EQ(print(get(call_named(mesh[1].widget(), "Y").get(), "toNumber")), "null");
}

TEST_F(InstancesTwoFrames, TheOwnerClosingMidCallHandsTheCallOver) {
  answered_call(kT0 + 100);
  ASSERT_EQ(print(get(call_named(mesh[1].widget(), "X").get(), "engagementId")), "555") << "mirrored";
  ASSERT_EQ(callcore_unload(mesh[0].widget(), kT0 + 500), CALLCORE_OK);
  mesh.flow(kT0 + 500);
  mesh[0].alive = false;
  EXPECT_FALSE(mesh[0].widget_log.has_violation("CALL_LEFT_OPEN")) << mesh[0].widget_log.dump();
  ASSERT_EQ(mesh[0].widget_log.violations("CALL_HANDED_OVER").size(), 1u) << mesh[0].widget_log.dump();
  EXPECT_NE(str(mesh[0].widget_log.violations("CALL_HANDED_OVER")[0], "message").find("handed to instance w"),
            std::string::npos);
  // The dock leads and speaks for the same call, same engagement.
  EXPECT_EQ(leader_of(mesh[1].widget()), "w");
  Json call = call_named(mesh[1].widget(), "X");
  EXPECT_EQ(str(call.get(), "owner"), "w");
  EXPECT_EQ(str(call.get(), "state"), "inProgress");
  EXPECT_EQ(print(get(call.get(), "engagementId")), "555");
  EXPECT_FALSE(mesh[1].widget_log.events("INSTANCES_CHANGED").empty());
  mesh.clear_logs();
  must_call(mesh[1].widget(), "callEnded", R"({"externalCallId":"X","engagementId":555,"callEndStatus":"COMPLETED"})",
            kT0 + 600);
  mesh.flow(kT0 + 600);
  ASSERT_EQ(mesh[1].widget_log.posted("CALL_ENDED").size(), 1u) << mesh[1].widget_log.dump();
  EXPECT_EQ(str(get(mesh[1].widget_log.posted("CALL_ENDED")[0], "data"), "externalCallId"), "X");
}

TEST_F(InstancesTwoFrames, AnOwnerThatGoesSilentExpiresAndItsCallMoves) {
  answered_call(kT0 + 100);
  mesh[0].alive = false;  // the tab froze: no bye, no heartbeat
  double silent = kT0 + 102 + 60000;
  mesh.flow(silent - 1);
  EXPECT_EQ(leader_of(mesh[1].widget()), "r") << "not yet: expireMs is 60000";
  mesh.flow(silent);
  EXPECT_EQ(leader_of(mesh[1].widget()), "w");
  Json call = call_named(mesh[1].widget(), "X");
  EXPECT_EQ(str(call.get(), "owner"), "w");
  EXPECT_EQ(print(get(call.get(), "engagementId")), "555");
  EXPECT_EQ(cJSON_GetArraySize(get(instances_of(mesh[1].widget()).get(), "members")), 1);
}

TEST_F(InstancesTwoFrames, HeartbeatsKeepAMemberAndTheTimerAsksForThem) {
  // Every member asks for a tick no later than its next heartbeat.
  must_call(mesh[1].widget(), "userAvailable", nullptr, kT0 + 20);
  Actions a = drain(mesh[1].widget());
  (void)a;
  for (double t = kT0 + 10000; t < kT0 + 200000; t += 10000) mesh.flow(t);
  EXPECT_EQ(cJSON_GetArraySize(get(instances_of(mesh[1].widget()).get(), "members")), 2) << "heard at every beat";
  size_t heres = 0;
  for (const std::string &m : mesh.messages) heres += m.find("\"kind\":\"here\"") != std::string::npos;
  EXPECT_GE(heres, 30u);
}

TEST(InstancesCalls, ACallingWindowJoiningMidCallTakesTheCall) {
  Mesh mesh;
  mesh.add("r", "remote", kWidgetInstance);
  mesh.ready(mesh[0], kT0);
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  must_call(mesh[0].widget(), "callAnswered", R"({"externalCallId":"X"})", kT0 + 101);
  mesh.flow(kT0 + 101);
  EXPECT_EQ(str(call_named(mesh[0].widget(), "X").get(), "owner"), "r");
  mesh.add("n", "window", kWidgetInstance + 1000);
  mesh.ready(mesh[1], kT0 + 2000);
  for (size_t i = 0; i < 2; i++) {
    EXPECT_EQ(leader_of(mesh[i].widget()), "n") << i;
    Json call = call_named(mesh[i].widget(), "X");
    EXPECT_EQ(str(call.get(), "owner"), "n") << i;
    EXPECT_EQ(str(call.get(), "state"), "inProgress") << i;
  }
  mesh.clear_logs();
  // The nav-bar frame's app ends it: the window says so to HubSpot.
  must_call(mesh[0].widget(), "callEnded", R"({"externalCallId":"X","callEndStatus":"COMPLETED"})", kT0 + 3000);
  mesh.flow(kT0 + 3000);
  EXPECT_EQ(mesh.posted("CALL_ENDED"), 1u);
  EXPECT_EQ(mesh[1].widget_log.posted("CALL_ENDED").size(), 1u) << mesh[1].widget_log.dump();
  EXPECT_EQ(str(call_named(mesh[0].widget(), "X").get(), "state"), "ended");
}

// Found by callcore check's calling-window scenario: a calling window opened for a click-to-call
// dials at once, before it has settled; the others already count it the leader, so its forward to
// the nav-bar frame was refused. It waits until it leads itself, then posts the call once.
TEST(InstancesCalls, ACallingWindowThatDialsBeforeItSettlesWaitsToLeadItself) {
  Mesh mesh;
  mesh.add("r", "remote", kWidgetInstance);
  mesh.ready(mesh[0], kT0);
  mesh.add("n", "window", kWidgetInstance + 1000, true, /*settle=*/250);
  mesh.flow(kT0 + 1990);  // its hello at creation, answered before its SYNC
  mesh.ready(mesh[1], kT0 + 2000);
  EXPECT_EQ(leader_of(mesh[0].widget()), "n") << "the nav-bar frame counts the window at once";
  EXPECT_EQ(leader_of(mesh[1].widget()), "r") << "the window is still settling";
  must_call(mesh[1].widget(), "outgoingCall", R"({"externalCallId":"D","toNumber":"+18884827768","fromNumber":"+1"})",
            kT0 + 2010);
  mesh.flow(kT0 + 2010);
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 0u) << "nothing yet: waiting to lead";
  EXPECT_FALSE(mesh[1].widget_log.has_violation("PEER_REFUSED")) << mesh[1].widget_log.dump();
  mesh.flow(kT0 + 2300);  // settled
  EXPECT_EQ(leader_of(mesh[1].widget()), "n");
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 1u);
  EXPECT_EQ(mesh[1].widget_log.posted("OUTGOING_CALL_STARTED").size(), 1u) << mesh[1].widget_log.dump();
  EXPECT_FALSE(mesh[1].widget_log.has_violation("PEER_REFUSED")) << mesh[1].widget_log.dump();
  EXPECT_EQ(str(call_named(mesh[0].widget(), "D").get(), "owner"), "n");
}

TEST(InstancesCalls, WithoutTheCallingWindowTheNavBarFrameLeads) {
  Mesh mesh;
  mesh.add("p", "window", kWidgetInstance, false);
  mesh.add("r", "remote", kWidgetInstance + 10, false);
  mesh.add("w", "widget", kWidgetInstance + 20, false);
  for (size_t i = 0; i < 3; i++) mesh.ready(mesh[i], kT0 + 10 * (double)i);
  for (size_t i = 0; i < 3; i++) EXPECT_EQ(leader_of(mesh[i].widget()), "r") << i;
  mesh.clear_logs();
  // The popup's call is forwarded to the nav-bar frame, as HubSpot's demo does by hand.
  must_call(mesh[0].widget(), "outgoingCall", R"({"externalCallId":"O","toNumber":"+18884827768"})", kT0 + 100);
  mesh.flow(kT0 + 100);
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 1u);
  EXPECT_EQ(mesh[1].widget_log.posted("OUTGOING_CALL_STARTED").size(), 1u);
}

TEST(InstancesCalls, ACallMadeWhileNobodyLeadsWaitsForTheLeader) {
  Mesh mesh;
  // Another frame has said hello (at its creation) but not yet where it is: r must settle first.
  mesh.add("w", "widget", kWidgetInstance + 5);
  mesh.add("r", "remote", kWidgetInstance, true, 250);
  mesh.flow(kT0 - 10);
  mesh.ready(mesh[1], kT0);
  EXPECT_EQ(leader_of(mesh[1].widget()), "<not a string: null>") << "settling";
  must_call(mesh[1].widget(), "outgoingCall", R"({"externalCallId":"O","toNumber":"+18884827768"})", kT0 + 10);
  mesh.flow(kT0 + 10);
  EXPECT_TRUE(mesh[1].widget_log.has_violation("WAITING_FOR_LEADER")) << mesh[1].widget_log.dump();
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 0u);
  mesh.flow(kT0 + 250);
  EXPECT_EQ(leader_of(mesh[1].widget()), "r");
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 1u);
}

// Found by demo-outbound: a lone record-page widget's first call waited settleMs and said
// WAITING_FOR_LEADER. Alone when its surface is known, a frame has nobody to wait for.
TEST(InstancesCalls, ALoneFrameLeadsAtOnce) {
  Mesh mesh;
  mesh.add("r", "widget", kWidgetInstance, true, 250);
  mesh.ready(mesh[0], kT0);
  EXPECT_EQ(leader_of(mesh[0].widget()), "r");
  must_call(mesh[0].widget(), "outgoingCall", R"({"externalCallId":"O","toNumber":"+18884827768"})", kT0 + 10);
  mesh.flow(kT0 + 10);
  EXPECT_FALSE(mesh[0].widget_log.has_violation("WAITING_FOR_LEADER")) << mesh[0].widget_log.dump();
  EXPECT_EQ(mesh.posted("OUTGOING_CALL_STARTED"), 1u);
}

TEST(InstancesCalls, AloneAtUnloadTheOpenCallIsReportedAsToday) {
  Mesh mesh;
  mesh.add("r", "remote", kWidgetInstance);
  mesh.ready(mesh[0], kT0);
  must_call(mesh[0].widget(), "incomingCall", kRing, kT0 + 100);
  mesh.flow(kT0 + 100);
  ASSERT_EQ(callcore_unload(mesh[0].widget(), kT0 + 200), CALLCORE_OK);
  Actions a = drain(mesh[0].widget());
  EXPECT_TRUE(a.has_violation("CALL_LEFT_OPEN")) << a.dump();
  EXPECT_FALSE(a.has_violation("CALL_HANDED_OVER"));
  EXPECT_EQ(a.of("peer").size(), 1u) << "the bye, heard by nobody";
}

}  // namespace
