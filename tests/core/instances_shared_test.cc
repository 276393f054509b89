// Several instances, shared facts and the host role (docs/instances.md, rules
// 5 and 8): a login in one frame reaches every frame's host once; host tabs
// with the option mirror each other's calls and catch a call announced twice.
#include "instances_support.h"

namespace {

using namespace cctest;

TEST(InstancesShared, ALogoutInOneFrameReachesEveryHostOnce) {
  Mesh mesh;
  mesh.add("a", "remote", kWidgetInstance);
  mesh.add("b", "widget", kWidgetInstance + 5);
  mesh.add("c", "window", kWidgetInstance + 9);
  for (size_t i = 0; i < 3; i++) mesh.ready(mesh[i], kT0 + (double)i);
  mesh.clear_logs();
  must_call(mesh[1].widget(), "userLoggedOut", nullptr, kT0 + 100);
  mesh.flow(kT0 + 100);
  for (size_t i = 0; i < 3; i++) {
    EXPECT_EQ(mesh[i].widget_log.posted("LOGGED_OUT").size(), 1u) << i << mesh[i].widget_log.dump();
    EXPECT_FALSE(cJSON_IsTrue(get(state(mesh[i].widget()).get(), "loggedIn"))) << i;
    EXPECT_TRUE(mesh[i].widget_log.violations().empty()) << i << mesh[i].widget_log.dump();
  }
  EXPECT_FALSE(mesh[0].widget_log.events("INSTANCES_CHANGED").empty());
  // Said again nowhere: the hosts have the value already.
  mesh.clear_logs();
  for (double t = kT0 + 10000; t <= kT0 + 30000; t += 10000) mesh.flow(t);
  EXPECT_EQ(mesh.posted("LOGGED_OUT"), 0u);
  // The newest write wins: c logs in again, everyone follows.
  must_call(mesh[2].widget(), "userLoggedIn", nullptr, kT0 + 40000);
  mesh.flow(kT0 + 40000);
  EXPECT_EQ(mesh.posted("LOGGED_IN"), 3u);
  for (size_t i = 0; i < 3; i++) EXPECT_TRUE(cJSON_IsTrue(get(state(mesh[i].widget()).get(), "loggedIn"))) << i;
}

TEST(InstancesShared, AFrameThatJoinsLaterLearnsTheSharedAvailability) {
  Mesh mesh;
  mesh.add("a", "remote", kWidgetInstance);
  mesh.ready(mesh[0], kT0);
  must_call(mesh[0].widget(), "userUnavailable", nullptr, kT0 + 10);
  mesh.flow(kT0 + 10);
  mesh.add("b", "widget", kWidgetInstance + 100);
  mesh.ready(mesh[1], kT0 + 100);  // initialized() says available: the shared "unavailable" is newer news
  EXPECT_EQ(mesh[1].widget_log.posted("USER_UNAVAILABLE").size(), 1u) << mesh[1].widget_log.dump();
  EXPECT_FALSE(cJSON_IsTrue(get(state(mesh[1].widget()).get(), "available")));
  // INITIALIZED went first on b's wire.
  std::vector<const cJSON *> envelopes = mesh[1].widget_log.envelopes();
  ASSERT_GE(envelopes.size(), 3u);
  EXPECT_EQ(str(envelopes[1], "type"), "INITIALIZED");
  EXPECT_EQ(str(envelopes[2], "type"), "USER_UNAVAILABLE");
}

// Two tabs of the emulator, each a host with the option and a plain widget.
struct InstancesHostTabs : ::testing::Test {
  void SetUp() override {
    for (const char *member : {"tab1", "tab2"}) {
      std::string options = std::string(R"({"instances":{"channel":"emulator","member":")") + member +
                            R"(","settleMs":0},"syncFields":{"portalId":1,"iframeLocation":"remote"}})";
      wires.push_back(std::make_unique<Wire>(make_host(options), make_widget()));
    }
    for (auto &w : wires) w->ready(kT0, true);
    flow(kT0);
  }
  void flow(double now) {
    for (int round = 0; round < 20; round++) {
      bool moved = false;
      for (size_t i = 0; i < wires.size(); i++) {
        wires[i]->pump(now);
        Actions host_side, widget_side;
        wires[i]->take_actions(host_side, widget_side);
        for (const cJSON *peer : host_side.of("peer")) {
          moved = true;
          std::string text = print(get(peer, "message"));
          for (size_t j = 0; j < wires.size(); j++)
            if (j != i) EXPECT_EQ(callcore_peer(wires[j]->host, text.c_str(), now), CALLCORE_OK) << text;
        }
        logs[i].append(std::move(host_side));
      }
      if (!moved) return;
    }
  }
  std::vector<std::unique_ptr<Wire>> wires;
  Actions logs[2];
};

// Found by the e2e test of one ring on every surface: the calling window's host, opened mid-ring,
// heard of the call from the tabs and then forgot it when its own widget's iframe loaded, so the
// window's CALL_ANSWERED was an UNKNOWN_CALL. A call another tab speaks for outlives a load.
TEST_F(InstancesHostTabs, ATabsCallOutlivesTheIframeLoadOfAHostThatJoinsLater) {
  const char *ring = R"({"externalCallId":"X","fromNumber":"+18884827768","toNumber":"+442073238299"})";
  must_call(wires[0]->widget, "incomingCall", ring, kT0 + 100);
  flow(kT0 + 100);
  ASSERT_EQ(str(call_named(wires[1]->host, "X").get(), "state"), "ringing");
  // The second tab's widget page loads again (its frame reloads): the call is tab1's, not this page's.
  ASSERT_EQ(callcore_iframe_loaded(wires[1]->host, kT0 + 200), CALLCORE_OK);
  Actions reload = drain(wires[1]->host);
  EXPECT_FALSE(reload.has_violation("CALL_LEFT_OPEN")) << reload.dump();
  Json kept = call_named(wires[1]->host, "X");
  EXPECT_EQ(str(kept.get(), "state"), "ringing");
  EXPECT_EQ(str(kept.get(), "owner"), "tab1");
}

TEST_F(InstancesHostTabs, EveryTabShowsTheRingAndASecondAnnouncementIsADuplicate) {
  const char *ring = R"({"externalCallId":"X","fromNumber":"+18884827768","toNumber":"+442073238299"})";
  must_call(wires[0]->widget, "incomingCall", ring, kT0 + 100);
  flow(kT0 + 100);
  Json mirrored = call_named(wires[1]->host, "X");
  EXPECT_EQ(str(mirrored.get(), "state"), "ringing") << "the other tab shows the ring too";
  EXPECT_EQ(str(mirrored.get(), "owner"), "tab1");
  // The same ring announced by the second tab's widget: reported, still relayed (policy warn).
  must_call(wires[1]->widget, "incomingCall", ring, kT0 + 200);
  flow(kT0 + 200);
  ASSERT_EQ(logs[1].violations("DUPLICATE_CALL").size(), 1u) << logs[1].dump();
  const cJSON *v = logs[1].violations("DUPLICATE_CALL")[0];
  EXPECT_EQ(str(v, "direction"), "inbound");
  EXPECT_EQ(str(v, "outcome"), "relayed");
  EXPECT_NE(str(v, "message").find("another tab"), std::string::npos) << str(v, "message");
  EXPECT_EQ(str(call_named(wires[1]->host, "X").get(), "owner"), "tab1") << "a duplicate does not take the call";
  // One engagement per call: created by tab1's host, known to tab2.
  must_call(wires[0]->host, "sendMessage",
            message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"externalCallId":"X","engagementId":777})").c_str(), kT0 + 300);
  flow(kT0 + 300);
  EXPECT_EQ(print(get(call_named(wires[1]->host, "X").get(), "engagementId")), "777");
  // Tab2's widget answers it: tab2 adopts the call, tab1 follows.
  must_call(wires[1]->widget, "callAnswered", R"({"externalCallId":"X"})", kT0 + 400);
  flow(kT0 + 400);
  EXPECT_FALSE(logs[1].has_violation("UNKNOWN_CALL")) << logs[1].dump();
  EXPECT_EQ(str(call_named(wires[1]->host, "X").get(), "owner"), "tab2");
  Json in_tab1 = call_named(wires[0]->host, "X");
  EXPECT_EQ(str(in_tab1.get(), "owner"), "tab2");
  EXPECT_EQ(str(in_tab1.get(), "state"), "inProgress");
}

}  // namespace
