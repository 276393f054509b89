// Every SDK method of the widget (docs/protocol.md 1.3, 1.4, 2.1): the envelope it
// posts, key by key, and the messageIds it stamps.
#include "test_support.h"

using namespace cctest;

namespace {

bool has_method(const cJSON *entry) { return cJSON_IsString(get(entry, "method")); }

struct Method {
  std::string type, method, payload_kind;
};

Method method_of(const std::string &type) {
  Json cat = catalogue();
  const cJSON *entry = catalogue_entry(cat.get(), type);
  return Method{type, str(entry, "method"), str(entry, "payload")};
}

TEST(WidgetMethods, CatalogueListsEverySdkMethod) {
  std::vector<std::string> methods;
  for (const std::string &type : catalogue_types(has_method)) methods.push_back(method_of(type).method);
  std::sort(methods.begin(), methods.end());
  std::vector<std::string> sdk = {"callAnswered",  "callCompleted", "callData",          "callEnded",
                                  "callTransferred", "finalizeEngagement", "incomingCall", "initialized",
                                  "navigateToRecord", "outgoingCall", "publishToChannel", "resizeWidget",
                                  "sendError",     "setWidgetUrl",  "userAvailable",     "userLoggedIn",
                                  "userLoggedOut", "userUnavailable"};
  EXPECT_EQ(methods, sdk);
  // And the methods map agrees with the messages.
  Json cat = catalogue();
  EXPECT_EQ(cJSON_GetArraySize(get(cat.get(), "methods")), (int)sdk.size());
  EXPECT_EQ(str(get(cat.get(), "methods"), "callEnded"), "CALL_ENDED");
  EXPECT_EQ(str(get(cat.get(), "methods"), "userLoggedIn"), "LOGGED_IN");
}

class WidgetMethod : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    m = method_of(GetParam());
    wire.ready(kT0);
    wire.clear();
  }
  Method m;
  Wire wire = Wire::make();
};

TEST_P(WidgetMethod, OmittedArgumentPostsTheSdkEnvelope) {
  double now = kT0 + 1000;
  callcore_errno rc = callcore_call(wire.widget, m.method.c_str(), nullptr, now);
  ASSERT_EQ(rc, CALLCORE_OK) << m.method << ": " << callcore_last_error(wire.widget);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.posts().size(), 1u) << a.dump();
  EXPECT_EQ(str(a.posts()[0], "targetOrigin"), kHostOrigin);
  const cJSON *envelope = a.envelopes()[0];
  EXPECT_EQ(str(envelope, "type"), m.type);
  EXPECT_EQ(str(envelope, "messageId"), std::string(kWidgetId) + "_1724412346120");
  if (m.payload_kind == "none") {
    // userLoggedIn() and friends: no data key at all.
    EXPECT_EQ(keys(envelope), split_keys("type,messageId")) << print(envelope);
  } else {
    ASSERT_EQ(m.payload_kind, "data");
    // Every other method: data present, undefined.
    EXPECT_EQ(keys(envelope), split_keys("type,data,messageId")) << print(envelope);
    EXPECT_EQ(str(envelope, "data"), kUndefined);
  }
}

TEST_P(WidgetMethod, PayloadIsCopiedVerbatimBetweenTypeAndMessageId) {
  std::string payload = sample_payload(m.type);
  if (payload.empty()) payload = "{\"ignored\":true}";
  double now = kT0 + 2000;
  ASSERT_EQ(callcore_call(wire.widget, m.method.c_str(), payload.c_str(), now), CALLCORE_OK)
      << callcore_last_error(wire.widget);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.envelopes().size(), 1u) << a.dump();
  const cJSON *envelope = a.envelopes()[0];
  if (m.payload_kind == "none") {
    EXPECT_EQ(print(envelope), "{\"type\":\"" + m.type + "\",\"messageId\":\"1724412345000_1724412347120\"}");
    ASSERT_TRUE(a.has_violation("PAYLOAD_IGNORED")) << a.dump();
    EXPECT_EQ(str(a.violations("PAYLOAD_IGNORED")[0], "severity"), "warning");
  } else {
    EXPECT_EQ(print(envelope), "{\"type\":\"" + m.type + "\",\"data\":" + canon(payload) +
                                   ",\"messageId\":\"1724412345000_1724412347120\"}");
  }
}

TEST_P(WidgetMethod, ReachesTheHostHandlerNamedInTheCatalogueWithoutAnError) {
  Json cat = catalogue();
  const std::string handler = str(catalogue_entry(cat.get(), m.type), "hostHandler");
  ASSERT_NE(handler, "<absent>");
  std::string payload = sample_payload(m.type);
  ASSERT_EQ(callcore_call(wire.widget, m.method.c_str(), payload.empty() ? nullptr : payload.c_str(), kT0 + 3000),
            CALLCORE_OK)
      << callcore_last_error(wire.widget);
  auto traffic = wire.pump(kT0 + 3000);
  ASSERT_EQ(traffic.size(), 1u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(traffic[0].result, CALLCORE_OK) << callcore_last_error(wire.host);
  const Actions &h = wire.host_actions;
  EXPECT_TRUE(h.error_replies().empty()) << h.dump();
  ASSERT_EQ(h.calls().size(), 1u) << h.dump();
  const cJSON *call = h.calls()[0];
  EXPECT_EQ(str(call, "handler"), handler);
  EXPECT_EQ(print(get(call, "envelope")), traffic[0].envelope) << "handlers get the whole envelope";
  if (payload.empty())
    EXPECT_EQ(call_data(call), nullptr) << "no data key: the handler gets undefined";
  else
    EXPECT_EQ(print(call_data(call)), canon(payload));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, WidgetMethod, ::testing::ValuesIn(catalogue_types(has_method)),
                         [](const ::testing::TestParamInfo<std::string> &info) { return param_name(info.param); });

TEST(WidgetMethods, MessageIdsStrictlyIncreaseWithinOneMillisecondAndAcrossClockSteps) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  double now = kT0 + 5000;
  std::vector<double> stamps;
  for (int i = 0; i < 5; i++) {
    must_call(wire.widget, "callData", "{}", now);  // the same millisecond, five times
  }
  must_call(wire.widget, "callData", "{}", now - 3000);  // the clock stepped back
  must_call(wire.widget, "callData", "{}", now + 0.7);   // a fraction of a millisecond later
  must_call(wire.widget, "callData", "{}", now + 100);
  Actions sent = drain(wire.widget);
  for (const cJSON *envelope : sent.envelopes())
    stamps.push_back(message_id_stamp(str(envelope, "messageId"), kWidgetId));
  ASSERT_EQ(stamps.size(), 8u);
  EXPECT_EQ(stamps[0], now);
  for (size_t i = 1; i < stamps.size(); i++) EXPECT_GT(stamps[i], stamps[i - 1]) << "at " << i;
  EXPECT_EQ(stamps[4], now + 4);
  EXPECT_EQ(stamps.back(), now + 100) << "the suffix follows the clock again once it is ahead";
}

TEST(WidgetMethods, CallerSuppliedMessageIdIsKeptWhereItStands) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "sendMessage", R"({"messageId":"mine-1","type":"CALL_DATA","data":{"a":1}})", kT0 + 10);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.envelopes().size(), 1u);
  EXPECT_EQ(print(a.envelopes()[0]), R"({"messageId":"mine-1","type":"CALL_DATA","data":{"a":1}})");
}

TEST(WidgetMethods, SendMessageCarriesArbitraryTopLevelFieldsLikeLegacySetWidgetUrl) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "sendMessage", R"({"type":"SET_WIDGET_URL","iFrameUrl":"https://widget2.example.com/x"})", kT0 + 10);
  auto traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(traffic[0].envelope,
            R"({"type":"SET_WIDGET_URL","iFrameUrl":"https://widget2.example.com/x","messageId":"1724412345000_1724412345130"})");
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  // The host accepts the legacy shape and reduces it to an origin.
  EXPECT_EQ(str(state(wire.host).get(), "destination"), "https://widget2.example.com");
}

TEST(WidgetMethods, UndefinedSentinelAsPayloadMeansOmitted) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  must_call(wire.widget, "callAnswered", "\"\\u001bundefined\"", kT0 + 10);
  must_call(wire.widget, "userLoggedOut", "\"\\u001bundefined\"", kT0 + 11);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.envelopes().size(), 2u);
  EXPECT_EQ(print(a.envelopes()[0]),
            R"({"type":"CALL_ANSWERED","data":"\u001bundefined","messageId":"1724412345000_1724412345130"})");
  EXPECT_EQ(print(a.envelopes()[1]), R"({"type":"LOGGED_OUT","messageId":"1724412345000_1724412345131"})");
  EXPECT_FALSE(a.has_violation("PAYLOAD_IGNORED")) << "undefined is no argument at all";
}

}  // namespace
