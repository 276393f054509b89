// Dispatch on the widget (docs/protocol.md 3): every host→widget type reaches its
// handler (or defaultEventHandler), types outside the table are answered with
// ERROR/UNKNOWN_MESSAGE_TYPE, an ERROR is never answered, and the *_FAILED
// catch-all in both of its modes.
#include "test_support.h"

using namespace cctest;

namespace {

bool to_widget_with_handler(const cJSON *entry) {
  return str(entry, "direction") == "host-to-widget" && cJSON_IsString(get(entry, "widgetHandler"));
}

class HostToWidget : public ::testing::TestWithParam<std::string> {
 protected:
  // The host sends `type` with its sample payload; returns the delivered envelope.
  std::string send(Wire &wire, double now) {
    std::string msg = message(GetParam(), sample_payload(GetParam()));
    EXPECT_EQ(callcore_call(wire.host, "sendMessage", msg.c_str(), now), CALLCORE_OK) << callcore_last_error(wire.host);
    auto traffic = wire.pump(now);
    EXPECT_EQ(traffic.size(), 1u) << ::testing::PrintToString(Wire::lines(traffic));
    if (traffic.empty()) return "";
    EXPECT_EQ(traffic[0].result, CALLCORE_OK) << callcore_last_error(wire.widget);
    EXPECT_EQ(traffic[0].from, 'H');
    return traffic[0].envelope;
  }
};

TEST_P(HostToWidget, ReachesTheWidgetHandlerWithDataAndEnvelope) {
  Json cat = catalogue();
  std::string handler = str(catalogue_entry(cat.get(), GetParam()), "widgetHandler");
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string envelope = send(wire, kT0 + 500);
  ASSERT_FALSE(envelope.empty());
  // The host stamps a fresh id of its own: never the widget's prefix.
  EXPECT_EQ(keys(parse(envelope).get()), split_keys("type,data,messageId"));
  EXPECT_EQ(str(parse(envelope).get(), "messageId"), std::string(kHostId) + "_1724412345620");
  const Actions &w = wire.widget_actions;
  EXPECT_TRUE(w.posts().empty()) << "no ERROR reply: " << w.dump();
  ASSERT_EQ(w.handler_names(), std::vector<std::string>{handler}) << w.dump();
  EXPECT_EQ(print(call_data(w.calls()[0])), canon(sample_payload(GetParam())));
  EXPECT_EQ(keys(w.calls()[0]), split_keys("action,handler,envelope"));
  EXPECT_EQ(print(get(w.calls()[0], "envelope")), envelope);
}

TEST_P(HostToWidget, GoesToDefaultEventHandlerWhenTheAppHasNoSuchHandler) {
  Wire wire = Wire::make("{}", R"({"handlers":["onReady","defaultEventHandler"]})");
  wire.ready(kT0);
  wire.clear();
  std::string envelope = send(wire, kT0 + 500);
  const Actions &w = wire.widget_actions;
  EXPECT_TRUE(w.posts().empty()) << "a known type without a handler gets no ERROR: " << w.dump();
  ASSERT_EQ(w.handler_names(), std::vector<std::string>{"defaultEventHandler"}) << w.dump();
  EXPECT_EQ(print(get(w.calls()[0], "envelope")), envelope);
  EXPECT_FALSE(w.has_violation("UNKNOWN_TYPE"));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, HostToWidget, ::testing::ValuesIn(catalogue_types(to_widget_with_handler)),
                         [](const ::testing::TestParamInfo<std::string> &info) { return param_name(info.param); });

TEST(WidgetDispatch, TheHostToWidgetTableIsTheSdksHandlerMapping) {
  // docs/protocol.md 3.1, minus READY (local) — 20 wire types.
  std::vector<std::string> types = catalogue_types(to_widget_with_handler);
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types, (std::vector<std::string>{
                       "CALLER_ID_MATCH_FAILED", "CALLER_ID_MATCH_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED",
                       "CREATE_ENGAGEMENT_SUCCEEDED", "DIAL_NUMBER", "END_CALL", "ENGAGEMENT_CREATED", "FAILED",
                       "FINALIZE_ENGAGEMENT_FAILED", "FINALIZE_ENGAGEMENT_SUCCEEDED", "INITIATE_CALL_ID_FAILED",
                       "INITIATE_CALL_ID_SUCCEEDED", "NAVIGATE_TO_RECORD_FAILED", "PUBLISH_TO_CHANNEL_FAILED",
                       "PUBLISH_TO_CHANNEL_SUCCEEDED", "SET_CALL_STATE", "SET_WIDGET_URL_FAILED",
                       "UPDATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_SUCCEEDED", "VISIBILITY_CHANGED"}));
  Json cat = catalogue();
  EXPECT_EQ(str(catalogue_entry(cat.get(), "CALLER_ID_MATCH_FAILED"), "widgetHandler"), "onCallerIdMatchFailed");
  EXPECT_EQ(str(catalogue_entry(cat.get(), "FAILED"), "widgetHandler"), "onFailed");
  EXPECT_EQ(str(catalogue_entry(cat.get(), "READY"), "widgetHandler"), "onReady");
}

// ---- types outside the widget's table ----

struct Unknown {
  const char *name;
  std::string envelope;  // as the host sends it (sendMessage)
};

// Named, not dumped byte by byte (valgrind: uninitialised bytes inside std::string).
void PrintTo(const Unknown &param, std::ostream *out) { *out << param.name; }

class UnknownToWidget : public ::testing::TestWithParam<Unknown> {};

TEST_P(UnknownToWidget, IsAnsweredWithUnknownMessageTypeAndReachesDefaultEventHandler) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  ASSERT_EQ(callcore_call(wire.host, "sendMessage", GetParam().envelope.c_str(), kT0 + 500), CALLCORE_OK)
      << callcore_last_error(wire.host);
  auto traffic = wire.pump(kT0 + 500);
  ASSERT_EQ(traffic.size(), 2u) << ::testing::PrintToString(Wire::lines(traffic));
  const std::string &sent = traffic[0].envelope;
  EXPECT_EQ(traffic[0].result, CALLCORE_OK) << callcore_last_error(wire.widget);
  // The widget's answer wraps the whole message, messageId included, and has a fresh id of its own.
  EXPECT_EQ(traffic[1].from, 'W');
  EXPECT_EQ(traffic[1].envelope, "{\"type\":\"ERROR\",\"data\":{\"type\":\"UNKNOWN_MESSAGE_TYPE\",\"data\":{\"originalMessage\":" +
                                     sent + "}},\"messageId\":\"1724412345000_1724412345620\"}");
  const Actions &w = wire.widget_actions;
  ASSERT_FALSE(w.calls("defaultEventHandler").empty()) << w.dump();
  EXPECT_EQ(w.handler_names().back(), "defaultEventHandler");
  EXPECT_EQ(print(get(w.calls("defaultEventHandler")[0], "envelope")), sent);
  // The host takes the ERROR to onError, warns that the widget did not know
  // the type, and does not answer: no storm.
  EXPECT_EQ(traffic[1].result, CALLCORE_OK);
  EXPECT_EQ(wire.host_actions.calls("onError").size(), 1u) << wire.host_actions.dump();
  EXPECT_TRUE(wire.host_actions.has_violation("WIDGET_REJECTED_TYPE")) << wire.host_actions.dump();
}

INSTANTIATE_TEST_SUITE_P(
    WidgetDispatch, UnknownToWidget,
    ::testing::Values(Unknown{"Unloading", R"({"type":"UNLOADING"})"},
                      Unknown{"RemovedUpdateAssociationsFailed", message("UPDATE_ASSOCIATIONS_FAILED", "{}")},
                      Unknown{"MadeUp", message("SOMETHING_NEW", R"({"x":1})")},
                      Unknown{"MadeUpWithoutData", R"({"type":"SOMETHING_NEWER"})"},
                      Unknown{"RingtoneEnded", R"({"type":"RINGTONE_ENDED"})"},
                      Unknown{"WidgetToHostType", message("INITIALIZED", R"({"isLoggedIn":true})")},
                      Unknown{"SyncAck", R"({"type":"SYNC_ACK","version":"0.9.6"})"},
                      Unknown{"LocalSyncAckFailed", R"({"type":"SYNC_ACK_FAILED"})"},
                      Unknown{"LowerCase", message("dial_number", R"({"phoneNumber":"+442073238299"})")}),
    [](const ::testing::TestParamInfo<Unknown> &info) { return std::string(info.param.name); });

TEST(WidgetDispatch, UnknownTypeIsReportedAsAWarningNamingTheType) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.host, "sendMessage", R"({"type":"UNLOADING"})", kT0 + 1);
  wire.pump(kT0 + 1);
  ASSERT_TRUE(wire.widget_actions.has_violation("UNKNOWN_TYPE")) << wire.widget_actions.dump();
  const cJSON *v = wire.widget_actions.violations("UNKNOWN_TYPE")[0];
  EXPECT_EQ(str(v, "severity"), "warning");
  EXPECT_EQ(str(v, "outcome"), "relayed");
  EXPECT_EQ(str(v, "type"), "UNLOADING");
  EXPECT_NE(str(v, "message").find("UNKNOWN_MESSAGE_TYPE"), std::string::npos) << str(v, "message");
}

TEST(WidgetDispatch, AnIncomingErrorIsNeverAnsweredWithAnError) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  for (std::string msg : {message("ERROR", R"({"type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":{"type":"X","messageId":"1"}}})"),
                          message("ERROR", R"({"message":"host side failure"})"), std::string(R"({"type":"ERROR"})"),
                          // Not an ERROR by type, but an UNKNOWN_MESSAGE_TYPE answer all the same.
                          message("WHATEVER", R"({"type":"UNKNOWN_MESSAGE_TYPE","data":{}})")}) {
    must_call(wire.host, "sendMessage", msg.c_str(), kT0 + 10);
    auto traffic = wire.pump(kT0 + 10);
    ASSERT_EQ(traffic.size(), 1u) << msg << "\n" << ::testing::PrintToString(Wire::lines(traffic));
    EXPECT_TRUE(wire.widget_actions.posts().empty()) << wire.widget_actions.dump();
    EXPECT_EQ(wire.widget_actions.handler_names(), std::vector<std::string>{"defaultEventHandler"}) << msg;
    wire.clear();
  }
}

TEST(WidgetDispatch, TwoCallcoreSessionsNeverTradeErrorsForever) {
  // The host's table lacks host-to-widget types: it answers DIAL_NUMBER from a
  // misbehaving widget with ERROR, and the widget does not answer that ERROR.
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "sendMessage", message("DIAL_NUMBER", R"({"phoneNumber":"+442073238299"})").c_str(), kT0 + 10);
  auto traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 2u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(str(parse(traffic[1].envelope).get(), "type"), "ERROR");
  EXPECT_EQ(traffic[1].from, 'H');
  EXPECT_TRUE(wire.widget_actions.has_violation("WRONG_DIRECTION")) << "the widget is told it sent a host type";
}

TEST(WidgetDispatch, InheritedJavaScriptNamesAreKnownToTheSdkSoNoErrorReply) {
  for (const char *name : {"toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"}) {
    Wire wire = Wire::make();
    wire.ready(kT0);
    wire.clear();
    std::string msg = std::string("{\"type\":\"") + name + "\",\"data\":{}}";
    must_call(wire.host, "sendMessage", msg.c_str(), kT0 + 10);
    auto traffic = wire.pump(kT0 + 10);
    ASSERT_EQ(traffic.size(), 1u) << name;
    EXPECT_TRUE(wire.widget_actions.posts().empty()) << name << ": " << wire.widget_actions.dump();
    EXPECT_EQ(wire.widget_actions.handler_names(), std::vector<std::string>{"defaultEventHandler"}) << name;
    EXPECT_TRUE(wire.widget_actions.has_violation("INHERITED_TYPE_NAME")) << name;
  }
}

TEST(WidgetDispatch, AWireReadyRerunsOnReadyAndIsFlagged) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.host, "sendMessage", message("READY", "{}").c_str(), kT0 + 10);
  wire.pump(kT0 + 10);
  EXPECT_EQ(wire.widget_actions.handler_names(), std::vector<std::string>{"onReady"}) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.widget_actions.has_violation("LOCAL_TYPE_ON_WIRE"));
  EXPECT_TRUE(wire.widget_actions.posts().empty());
}

TEST(WidgetDispatch, NoHandlerAndNoDefaultEventHandlerIsReported) {
  Wire wire = Wire::make("{}", R"({"handlers":["onReady"]})");
  wire.ready(kT0);
  wire.clear();
  must_call(wire.host, "sendMessage", message("VISIBILITY_CHANGED", R"({"isMinimized":false,"isHidden":true})").c_str(),
            kT0 + 10);
  wire.pump(kT0 + 10);
  EXPECT_TRUE(wire.widget_actions.calls().empty());
  ASSERT_TRUE(wire.widget_actions.has_violation("NO_HANDLER")) << wire.widget_actions.dump();
  EXPECT_NE(str(wire.widget_actions.violations("NO_HANDLER")[0], "message").find("onVisibilityChanged"),
            std::string::npos);
}

TEST(WidgetDispatch, SetWidgetUrlFromTheHostIsIgnored) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string before = state_text(wire.widget);
  must_call(wire.host, "sendMessage", R"({"type":"SET_WIDGET_URL","iFrameUrl":"https://evil.example"})", kT0 + 10);
  auto traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(traffic[0].result, CALLCORE_E_DROPPED);
  EXPECT_TRUE(wire.widget_actions.calls().empty());
  EXPECT_TRUE(wire.widget_actions.events().empty()) << "no second READY, unlike the SDK";
  EXPECT_TRUE(wire.widget_actions.has_violation("WRONG_DIRECTION"));
  EXPECT_EQ(state_text(wire.widget), before);
}

// ---- the *_FAILED catch-all (docs/protocol.md 3.3) ----

struct FailedCase {
  const char *name;
  std::string options;       // widget overrides
  std::string message;       // what the host sends
  std::vector<std::string> handlers;
  bool error_reply;
};

// Named, not dumped byte by byte (valgrind: uninitialised bytes inside std::string).
void PrintTo(const FailedCase &param, std::ostream *out) { *out << param.name; }

class FailedCatchAll : public ::testing::TestWithParam<FailedCase> {};

TEST_P(FailedCatchAll, CallsHandlersInTheSdkOrder) {
  const FailedCase &c = GetParam();
  Wire wire = Wire::make("{}", c.options);
  wire.ready(kT0);
  wire.clear();
  must_call(wire.host, "sendMessage", c.message.c_str(), kT0 + 10);
  wire.pump(kT0 + 10);
  EXPECT_EQ(wire.widget_actions.handler_names(), c.handlers) << wire.widget_actions.dump();
  EXPECT_EQ(wire.widget_actions.error_replies().size(), c.error_reply ? 1u : 0u) << wire.widget_actions.dump();
  for (const cJSON *call : wire.widget_actions.calls())
    EXPECT_EQ(str(get(call, "envelope"), "type"), str(parse(c.message).get(), "type")) << "every handler gets the envelope";
}

const char *kFailHandlers = R"("handlers":["onReady","onCreateEngagementFailed","onFailed","FAILED","defaultEventHandler"])";

INSTANTIATE_TEST_SUITE_P(
    WidgetDispatch, FailedCatchAll,
    ::testing::Values(
        // The SDK's literal behaviour: the handler keyed "FAILED" first, onFailed never.
        FailedCase{"DefaultLiteralFailedKey", std::string("{") + kFailHandlers + "}",
                   message("CREATE_ENGAGEMENT_FAILED", R"({"error":{"message":"x"}})"),
                   {"FAILED", "onCreateEngagementFailed"}, false},
        FailedCase{"DefaultWithoutSpecificHandler", std::string("{") + kFailHandlers + "}",
                   message("CALLER_ID_MATCH_FAILED", R"({"error":{"message":"x"}})"),
                   {"FAILED", "defaultEventHandler"}, false},
        FailedCase{"DefaultNoFailedKey",
                   R"({"handlers":["onReady","onCreateEngagementFailed","onFailed","defaultEventHandler"]})",
                   message("CREATE_ENGAGEMENT_FAILED", R"({"error":{"message":"x"}})"), {"onCreateEngagementFailed"},
                   false},
        // The documented intent, behind the option: onFailed for every *_FAILED.
        FailedCase{"CatchAllOnFailed", std::string("{\"failedCatchAll\":true,") + kFailHandlers + "}",
                   message("CREATE_ENGAGEMENT_FAILED", R"({"error":{"message":"x"}})"),
                   {"onFailed", "onCreateEngagementFailed"}, false},
        FailedCase{"CatchAllWithoutSpecificHandler", std::string("{\"failedCatchAll\":true,") + kFailHandlers + "}",
                   message("SET_WIDGET_URL_FAILED", R"({})"), {"onFailed", "defaultEventHandler"}, false},
        FailedCase{"CatchAllNotForSucceeded", std::string("{\"failedCatchAll\":true,") + kFailHandlers + "}",
                   message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":5})"), {"defaultEventHandler"}, false},
        // The wire type FAILED goes to onFailed once, in both modes.
        FailedCase{"WireFailedDefault", std::string("{") + kFailHandlers + "}", message("FAILED", "{}"), {"onFailed"},
                   false},
        FailedCase{"WireFailedCatchAll", std::string("{\"failedCatchAll\":true,") + kFailHandlers + "}",
                   message("FAILED", "{}"), {"onFailed"}, false},
        // An unknown *_FAILED: ERROR reply, the catch-all, then defaultEventHandler.
        FailedCase{"UnknownFailedDefault", std::string("{") + kFailHandlers + "}",
                   message("UPDATE_ASSOCIATIONS_FAILED", "{}"), {"FAILED", "defaultEventHandler"}, true},
        FailedCase{"UnknownFailedCatchAll", std::string("{\"failedCatchAll\":true,") + kFailHandlers + "}",
                   message("UPDATE_ASSOCIATIONS_FAILED", "{}"), {"onFailed", "defaultEventHandler"}, true}),
    [](const ::testing::TestParamInfo<FailedCase> &info) { return std::string(info.param.name); });

}  // namespace

namespace {

TEST(WidgetDispatch, NoErrorReplyBeforeTheHandshake) {
  // docs/protocol.md 3.2 step 2: the reply is subject to the not-ready drop rule.
  Session widget = make_widget();
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, R"({"type":"UNLOADING","messageId":"h_1"})", kT0), CALLCORE_OK);
  Actions a = drain(widget);
  EXPECT_TRUE(a.posts().empty()) << "nothing goes on the wire before SYNC_ACK: " << a.dump();
  EXPECT_EQ(a.handler_names(), std::vector<std::string>{"defaultEventHandler"});
  EXPECT_TRUE(a.has_violation("UNKNOWN_TYPE"));
  // The same for a host whose widget has not answered SYNC yet.
  Session host = make_host();
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  drain(host);
  ASSERT_EQ(callcore_receive(host, kWidgetOrigin, 1, R"({"type":"SOMETHING","messageId":"w_1"})", kT0 + 1), CALLCORE_OK);
  EXPECT_TRUE(drain(host).posts().empty());
}

}  // namespace
