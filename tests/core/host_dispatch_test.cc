// The host role's side of dispatch (docs/protocol.md 1.7, 3, 4.6, Appendix B host
// list): SET_WIDGET_URL in both shapes, resizing, the widget's login state,
// and what a host does with types it does not handle.
#include "test_support.h"

using namespace cctest;

namespace {

class HostDispatch : public ::testing::Test {
 protected:
  void SetUp() override {
    wire.ready(kT0);
    wire.clear();
  }
  // Delivers one envelope from the widget's origin to the host.
  callcore_errno from_widget(const std::string &envelope, double now = kT0 + 100) {
    return callcore_receive(wire.host, kWidgetOrigin, 1, envelope.c_str(), now);
  }
  Wire wire = Wire::make();
};

TEST_F(HostDispatch, SetWidgetUrlDataShapeRetargetsToTheNormalisedOrigin) {
  ASSERT_EQ(from_widget(R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"HTTPS://Next.Example.com:443/app/x?y#z"},"messageId":"w_1"})"),
            CALLCORE_OK)
      << callcore_last_error(wire.host);
  Actions a = drain(wire.host);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  EXPECT_TRUE(a.events("READY").empty()) << "not a second READY, unlike the SDK's receiver";
  ASSERT_EQ(a.events("DESTINATION_CHANGED").size(), 1u) << a.dump();
  EXPECT_EQ(str(get(a.events("DESTINATION_CHANGED")[0], "details"), "origin"), "https://next.example.com");
  EXPECT_EQ(a.handler_names(), std::vector<std::string>{"onSetWidgetUrl"});
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "https://next.example.com");

  // Host posts now go to the new origin; the old origin is no longer the peer.
  must_call(wire.host, "sendMessage", message("VISIBILITY_CHANGED", R"({"isMinimized":true,"isHidden":false})").c_str(),
            kT0 + 200);
  Actions sent = drain(wire.host);
  ASSERT_EQ(sent.posts().size(), 1u);
  EXPECT_EQ(str(sent.posts()[0], "targetOrigin"), "https://next.example.com");
  EXPECT_EQ(from_widget(R"({"type":"CALL_DATA","data":{},"messageId":"w_2"})", kT0 + 300), CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("ORIGIN_MISMATCH"));
  EXPECT_EQ(callcore_receive(wire.host, "https://next.example.com", 1, R"({"type":"CALL_DATA","data":{},"messageId":"w_3"})",
                             kT0 + 301),
            CALLCORE_OK);
}

TEST_F(HostDispatch, SetWidgetUrlLegacyTopLevelShapeIsAcceptedAndDataWinsOverIt) {
  ASSERT_EQ(from_widget(R"({"type":"SET_WIDGET_URL","iFrameUrl":"https://legacy.example.com/path","messageId":"w_1"})"),
            CALLCORE_OK);
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "https://legacy.example.com");
  drain(wire.host);
  ASSERT_EQ(callcore_receive(wire.host, "https://legacy.example.com", 1,
                             R"({"type":"SET_WIDGET_URL","iFrameUrl":"https://top.example.com","data":{"iFrameUrl":"https://data.example.com"},"messageId":"w_2"})",
                             kT0 + 200),
            CALLCORE_OK);
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "https://data.example.com");
}

TEST_F(HostDispatch, SetWidgetUrlToLocalDevelopmentHttpIsAllowed) {
  ASSERT_EQ(from_widget(R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"http://localhost:5173/"},"messageId":"w_1"})"),
            CALLCORE_OK);
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "http://localhost:5173");
}

struct RefusedUrl {
  const char *name;
  std::string envelope;
  const char *code;
  const char *field;
};

// Named, not dumped byte by byte (valgrind: uninitialised bytes inside std::string).
void PrintTo(const RefusedUrl &param, std::ostream *out) { *out << param.name; }

class HostRefusesWidgetUrl : public ::testing::TestWithParam<RefusedUrl> {};

TEST_P(HostRefusesWidgetUrl, AnswersSetWidgetUrlFailedAndKeepsItsDestination) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string before = state_text(wire.host);
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, GetParam().envelope.c_str(), kT0 + 100), CALLCORE_E_DROPPED);
  EXPECT_STRNE(callcore_last_error(wire.host), "");
  Actions a = drain(wire.host);
  EXPECT_TRUE(a.calls().empty()) << a.dump();
  EXPECT_TRUE(a.events().empty()) << a.dump();
  ASSERT_TRUE(a.has_violation(GetParam().code)) << a.dump();
  const cJSON *v = a.violations(GetParam().code)[0];
  EXPECT_EQ(str(v, "field"), GetParam().field);
  EXPECT_EQ(str(v, "outcome"), "refused");
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.posts()[0], "targetOrigin"), kWidgetOrigin) << "the answer goes to the widget where it is";
  const cJSON *reply = a.envelopes()[0];
  EXPECT_EQ(str(reply, "type"), "SET_WIDGET_URL_FAILED");
  EXPECT_EQ(keys(reply), split_keys("type,data,messageId"));
  EXPECT_EQ(str(get(get(reply, "data"), "error"), "message"), str(v, "message"));
  EXPECT_EQ(message_id_stamp(str(reply, "messageId"), kHostId), kT0 + 100);
  EXPECT_EQ(state_text(wire.host), before);
}

INSTANTIATE_TEST_SUITE_P(
    HostDispatch, HostRefusesWidgetUrl,
    ::testing::Values(
        RefusedUrl{"PlainHttp", R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"http://evil.example"},"messageId":"w"})",
                   "ORIGIN_NOT_ALLOWED", "data.iFrameUrl"},
        RefusedUrl{"Star", R"({"type":"SET_WIDGET_URL","iFrameUrl":"*","messageId":"w"})", "BAD_ORIGIN", "iFrameUrl"},
        RefusedUrl{"Relative", R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"/next"},"messageId":"w"})", "BAD_ORIGIN",
                   "data.iFrameUrl"},
        RefusedUrl{"JavascriptScheme",
                   R"j({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"javascript:alert(1)"},"messageId":"w"})j", "BAD_ORIGIN",
                   "data.iFrameUrl"},
        RefusedUrl{"UserInfo",
                   R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"https://user@widget.example.com"},"messageId":"w"})",
                   "BAD_ORIGIN", "data.iFrameUrl"},
        RefusedUrl{"Missing", R"({"type":"SET_WIDGET_URL","data":{},"messageId":"w"})", "FIELD_REQUIRED",
                   "data.iFrameUrl"}),
    [](const ::testing::TestParamInfo<RefusedUrl> &info) { return std::string(info.param.name); });

TEST(HostDispatchOptions, AllowedWidgetOriginsRestrictsSetWidgetUrl) {
  Wire wire = Wire::make(R"({"allowedWidgetOrigins":["https://widget.example.com","https://*.widget.example.com"]})");
  wire.ready(kT0);
  wire.clear();
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1,
                             R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"https://other.example"},"messageId":"w_1"})", kT0 + 10),
            CALLCORE_E_DROPPED);
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1,
                             R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":"https://eu.widget.example.com"},"messageId":"w_2"})",
                             kT0 + 11),
            CALLCORE_OK);
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "https://eu.widget.example.com");
}

TEST_F(HostDispatch, ResizeWidgetAndInitialSizeBecomeResizeActions) {
  ASSERT_EQ(from_widget(R"({"type":"RESIZE_WIDGET","data":{"width":400,"height":600.5},"messageId":"w_1"})"), CALLCORE_OK);
  Actions a = drain(wire.host);
  ASSERT_EQ(a.of("resize").size(), 1u) << a.dump();
  EXPECT_EQ(print(a.of("resize")[0]), R"({"action":"resize","width":"400px","height":"600.5px"})");
  EXPECT_EQ(a.handler_names(), std::vector<std::string>{"onResizeWidget"});

  // Strings pass through; a falsy side is left alone (null).
  ASSERT_EQ(from_widget(R"({"type":"RESIZE_WIDGET","data":{"width":"100%","height":0},"messageId":"w_2"})"), CALLCORE_OK);
  a = drain(wire.host);
  ASSERT_EQ(a.of("resize").size(), 1u) << a.dump();
  EXPECT_EQ(print(a.of("resize")[0]), R"({"action":"resize","width":"100%","height":null})");

  ASSERT_EQ(from_widget(R"({"type":"INITIALIZED","data":{"isLoggedIn":true,"sizeInfo":{"width":320,"height":480}},"messageId":"w_3"})"),
            CALLCORE_OK);
  a = drain(wire.host);
  ASSERT_EQ(a.of("resize").size(), 1u) << a.dump();
  EXPECT_EQ(print(a.of("resize")[0]), R"({"action":"resize","width":"320px","height":"480px"})");

  ASSERT_EQ(from_widget(R"({"type":"INITIALIZED","data":{"isLoggedIn":true},"messageId":"w_4"})"), CALLCORE_OK);
  EXPECT_TRUE(drain(wire.host).of("resize").empty()) << "no size, no resize";
}

TEST_F(HostDispatch, TracksTheWidgetsLoginAndAvailability) {
  Wire fresh = Wire::make();
  fresh.handshake(kT0);
  Json st = state(fresh.host);
  EXPECT_EQ(str(st.get(), "phase"), "ready");
  EXPECT_FALSE(cJSON_IsTrue(get(st.get(), "loggedIn")));
  EXPECT_TRUE(cJSON_IsNull(get(st.get(), "available")));
  must_call(fresh.widget, "initialized", R"({"isLoggedIn":false,"isAvailable":false})", kT0 + 1);
  must_call(fresh.widget, "userLoggedIn", nullptr, kT0 + 2);
  must_call(fresh.widget, "userAvailable", nullptr, kT0 + 3);
  fresh.pump(kT0 + 3);
  EXPECT_TRUE(fresh.host_actions.violations().empty()) << fresh.host_actions.dump();
  st = state(fresh.host);
  EXPECT_EQ(str(st.get(), "phase"), "initialized");
  EXPECT_TRUE(cJSON_IsTrue(get(st.get(), "loggedIn")));
  EXPECT_TRUE(cJSON_IsTrue(get(st.get(), "available")));
  EXPECT_EQ(fresh.host_actions.handler_names(),
            (std::vector<std::string>{"onReady", "onInitialized", "onUserLoggedIn", "onUserAvailable"}));
  must_call(fresh.widget, "userUnavailable", nullptr, kT0 + 4);
  must_call(fresh.widget, "userLoggedOut", nullptr, kT0 + 5);
  fresh.pump(kT0 + 5);
  st = state(fresh.host);
  EXPECT_FALSE(cJSON_IsTrue(get(st.get(), "loggedIn")));
  EXPECT_TRUE(cJSON_IsFalse(get(st.get(), "available")));
  // The widget's own view agrees.
  EXPECT_EQ(print(get(state(fresh.widget).get(), "loggedIn")), "false");
}

TEST_F(HostDispatch, AHostAppWithoutTheHandlerGetsDefaultEventHandler) {
  Wire bare = Wire::make(R"({"handlers":["defaultEventHandler"]})");
  bare.ready(kT0);
  EXPECT_EQ(bare.host_actions.handler_names(), (std::vector<std::string>{"defaultEventHandler", "defaultEventHandler"}))
      << "READY and INITIALIZED: " << bare.host_actions.dump();
  EXPECT_TRUE(bare.host_actions.error_replies().empty());
}

TEST_F(HostDispatch, AHostToWidgetTypeFromTheWidgetIsAnsweredWithUnknownMessageType) {
  std::string dial = R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299"},"messageId":"1724412345000_9"})";
  ASSERT_EQ(from_widget(dial), CALLCORE_OK);
  Actions a = drain(wire.host);
  ASSERT_EQ(a.envelopes().size(), 1u) << a.dump();
  EXPECT_EQ(print(a.envelopes()[0]),
            "{\"type\":\"ERROR\",\"data\":{\"type\":\"UNKNOWN_MESSAGE_TYPE\",\"data\":{\"originalMessage\":" + canon(dial) +
                "}},\"messageId\":\"1724412340000_1724412345220\"}");
  EXPECT_EQ(a.handler_names(), std::vector<std::string>{"defaultEventHandler"});
  ASSERT_TRUE(a.has_violation("WRONG_DIRECTION")) << a.dump();
  EXPECT_EQ(str(a.violations("WRONG_DIRECTION")[0], "severity"), "warning");
}

TEST_F(HostDispatch, AMessageWithTheHostsOwnPrefixIsAnOrphanReply) {
  std::string before = state_text(wire.host);
  EXPECT_EQ(from_widget(R"({"type":"INITIALIZED","data":{"isLoggedIn":false},"messageId":"1724412340000_5"})"),
            CALLCORE_E_DROPPED);
  Actions a = drain(wire.host);
  EXPECT_TRUE(a.calls().empty());
  ASSERT_TRUE(a.has_violation("ORPHAN_REPLY")) << a.dump();
  EXPECT_EQ(state_text(wire.host), before);
  // A longer number that merely starts with the host's id is not the host's.
  EXPECT_EQ(from_widget(R"({"type":"CALL_DATA","data":{},"messageId":"17244123400001_5"})"), CALLCORE_OK);
}

TEST_F(HostDispatch, OnlyTheIframeWindowAndOriginAreHeard) {
  std::string before = state_text(wire.host);
  EXPECT_EQ(callcore_receive(wire.host, kWidgetOrigin, 0, R"({"type":"LOGGED_OUT","messageId":"w_1"})", kT0 + 10),
            CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("SOURCE_NOT_PEER"));
  EXPECT_EQ(callcore_receive(wire.host, "https://widget.example.com:8443", 1, R"({"type":"LOGGED_OUT","messageId":"w_1"})",
                             kT0 + 10),
            CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).has_violation("ORIGIN_MISMATCH"));
  EXPECT_EQ(state_text(wire.host), before);
  // Unrelated page traffic from elsewhere is ignored without a report.
  EXPECT_EQ(callcore_receive(wire.host, "https://ads.example", 0, R"({"source":"react-devtools"})", kT0 + 11),
            CALLCORE_E_DROPPED);
  EXPECT_EQ(callcore_receive(wire.host, "https://ads.example", 1, R"({"hello":1})", kT0 + 12), CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.host).violations().empty());
}

// One rule for every origin a host talks to (allowedWidgetOrigins): the
// iframe's own, a SET_WIDGET_URL target, and the origin a SYNC_ACK answers
// from, which iFrameUrl cannot move.
TEST(HostDispatchOptions, AnIframeFromAnOriginNotAllowedIsNeverSynced) {
  Session host = make_session(std::string(R"({"role":"host","instanceId":1724412340000,"hostOrigin":")") + kHostOrigin +
                              R"(","iframeOrigin":"https://evil.example","allowedWidgetOrigins":["https://widget.example.com"]})");
  drain(host);
  EXPECT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_E_REFUSED);
  Actions a = drain(host);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  ASSERT_EQ(a.violations("ORIGIN_NOT_ALLOWED").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("ORIGIN_NOT_ALLOWED")[0], "outcome"), "refused");
  EXPECT_NE(str(a.violations("ORIGIN_NOT_ALLOWED")[0], "message").find("https://evil.example"), std::string::npos);
}

TEST(HostDispatchOptions, SyncAckCannotMoveTheHostElsewhere) {
  Wire wire = Wire::make(R"({"allowedWidgetOrigins":["https://widget.example.com"]})");
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  Actions sync = drain(wire.host);
  ASSERT_EQ(sync.posted("SYNC").size(), 1u);
  std::string id = str(sync.posted("SYNC")[0], "messageId");
  // The widget answers from its own origin but names another page (127.0.0.2, an attacker's) as iFrameUrl.
  std::string ack = R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":")" + id +
                    R"(","version":"0.9.7","iFrameUrl":"https://127.0.0.2:9025/"})";
  ASSERT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, ack.c_str(), kT0 + 5), CALLCORE_OK);
  Actions a = drain(wire.host);
  ASSERT_EQ(a.violations("IFRAME_URL_MISMATCH").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("IFRAME_URL_MISMATCH")[0], "field"), "iFrameUrl");
  EXPECT_EQ(str(state(wire.host).get(), "destination"), kWidgetOrigin);
  // What the host sends next still goes to the widget that was loaded, and after a reload too.
  must_call(wire.host, "sendMessage", message("VISIBILITY_CHANGED", R"({"isHidden":true})").c_str(), kT0 + 6);
  Actions sent = drain(wire.host);
  ASSERT_EQ(sent.posts().size(), 1u);
  EXPECT_EQ(str(sent.posts()[0], "targetOrigin"), kWidgetOrigin);
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0 + 10), CALLCORE_OK);
  Actions resync = drain(wire.host);
  ASSERT_EQ(resync.posted("SYNC").size(), 1u);
  EXPECT_EQ(str(resync.posts()[0], "targetOrigin"), kWidgetOrigin);
}

}  // namespace
