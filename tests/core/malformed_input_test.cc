// Malformed input at every entry point: NULLs, non-finite times, broken JSON,
// wrong shapes, unknown methods, bad options. Each gives a clear error code,
// callcore_last_error names what was wrong, the state does not change, and
// nothing crashes or leaks (the suite runs under ASan and UBSan).
#include <cmath>
#include <limits>

#include "test_support.h"

using namespace cctest;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

TEST(MalformedInput, NullSessionIsAnArgumentErrorEverywhere) {
  EXPECT_EQ(callcore_receive(nullptr, kHostOrigin, 1, "{}", kT0), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_call(nullptr, "userLoggedIn", nullptr, kT0), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_tick(nullptr, kT0), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_iframe_loaded(nullptr, kT0), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_unload(nullptr, kT0), CALLCORE_E_ARGUMENT);
  EXPECT_EQ(callcore_drain(nullptr), nullptr);
  EXPECT_EQ(callcore_state_json(nullptr), nullptr);
  EXPECT_STREQ(callcore_last_error(nullptr), "no session");
  callcore_session_free(nullptr);
  callcore_free(nullptr);
}

TEST(MalformedInput, ErrnoNamesAreStable) {
  const char *names[] = {"CALLCORE_OK",          "CALLCORE_E_NOMEM",    "CALLCORE_E_ARGUMENT",   "CALLCORE_E_OPTIONS",
                         "CALLCORE_E_JSON",      "CALLCORE_E_TOO_LARGE", "CALLCORE_E_TOO_DEEP",  "CALLCORE_E_ENVELOPE",
                         "CALLCORE_E_UNKNOWN_METHOD", "CALLCORE_E_WRONG_ROLE", "CALLCORE_E_REFUSED", "CALLCORE_E_DROPPED",
                         "CALLCORE_E_LIMIT"};
  for (int i = 0; i <= CALLCORE_E_LIMIT; i++) EXPECT_STREQ(callcore_errno_name((callcore_errno)i), names[i]);
  EXPECT_STREQ(callcore_errno_name((callcore_errno)99), "CALLCORE_E_UNKNOWN");
  EXPECT_STREQ(callcore_errno_name((callcore_errno)-1), "CALLCORE_E_UNKNOWN");
}

class Malformed : public ::testing::Test {
 protected:
  void SetUp() override {
    wire.ready(kT0);
    wire.clear();
    widget_before = state_text(wire.widget);
  }
  // Nothing happened: no action at all (or only reports), the same state.
  void expect_untouched(const char *what, bool reported) {
    Actions a = drain(wire.widget);
    EXPECT_TRUE(a.posts().empty()) << what << a.dump();
    EXPECT_TRUE(a.calls().empty()) << what << a.dump();
    EXPECT_TRUE(a.events().empty()) << what << a.dump();
    EXPECT_EQ(a.violations().empty(), !reported) << what << a.dump();
    EXPECT_EQ(state_text(wire.widget), widget_before) << what;
    EXPECT_STRNE(callcore_last_error(wire.widget), "") << what;
  }
  Wire wire = Wire::make();
  std::string widget_before;
};

TEST_F(Malformed, NullArgumentsAndUnusableTimes) {
  callcore_session *w = wire.widget;
  EXPECT_EQ(callcore_receive(w, nullptr, 1, "{}", kT0), CALLCORE_E_ARGUMENT);
  expect_untouched("NULL origin", false);
  EXPECT_EQ(callcore_receive(w, kHostOrigin, 1, nullptr, kT0), CALLCORE_E_ARGUMENT);
  expect_untouched("NULL envelope", false);
  EXPECT_EQ(callcore_call(w, nullptr, "{}", kT0), CALLCORE_E_ARGUMENT);
  expect_untouched("NULL method", false);
  for (double t : {kNaN, kInf, -kInf, -1.0}) {
    EXPECT_EQ(callcore_receive(w, kHostOrigin, 1, R"({"type":"VISIBILITY_CHANGED","messageId":"h"})", t), CALLCORE_E_ARGUMENT);
    EXPECT_EQ(callcore_call(w, "callData", "{}", t), CALLCORE_E_ARGUMENT);
    EXPECT_EQ(callcore_tick(w, t), CALLCORE_E_ARGUMENT);
    EXPECT_EQ(callcore_unload(w, t), CALLCORE_E_ARGUMENT);
    EXPECT_EQ(callcore_iframe_loaded(wire.host, t), CALLCORE_E_ARGUMENT);
    expect_untouched("bad time", false);
    EXPECT_NE(std::string(callcore_last_error(wire.host)).find("finite time"), std::string::npos);
  }
  // A later good call clears the error.
  EXPECT_EQ(callcore_tick(w, kT0 + 1), CALLCORE_OK);
  EXPECT_STREQ(callcore_last_error(w), "");
}

TEST_F(Malformed, InvalidJsonIsDroppedAndReported) {
  for (const char *text : {"", "{", "{\"type\":", "nul", "{'type':'X'}", "{\"type\":\"CALL_DATA\"} trailing",
                           "{\"type\":\"CALL_DATA\",}", "\xff\xfe"}) {
    callcore_errno rc = callcore_receive(wire.widget, kHostOrigin, 1, text, kT0 + 1);
    EXPECT_EQ(rc, CALLCORE_E_JSON) << text;
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("not valid JSON"), std::string::npos)
        << callcore_last_error(wire.widget);
    expect_untouched(text, true);
  }
}

TEST_F(Malformed, NulEscapeIsDroppedNotTruncated) {
  // cJSON would end the C string at the NUL: the type would read DIAL_NUMBER,
  // the number "+1555". The whole message is refused instead.
  for (const char *text : {R"({"type":"DIAL_NUMBER\u0000evil","data":{"phoneNumber":"+15555550100"},"messageId":"h"})",
                           R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+1555\u00009"},"messageId":"h"})",
                           R"({"type":"DIAL_NUMBER","data":{"k\u0000":1},"messageId":"h"})"}) {
    EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, text, kT0 + 1), CALLCORE_E_JSON) << text;
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("NUL"), std::string::npos)
        << callcore_last_error(wire.widget);
    expect_untouched(text, true);
  }
  // An escaped backslash followed by "u0000" is ordinary text, and is delivered.
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1,
                             R"({"type":"VISIBILITY_CHANGED","data":{"note":"a\\u0000b"},"messageId":"h"})", kT0 + 1),
            CALLCORE_OK);
  EXPECT_EQ(drain(wire.widget).calls("onVisibilityChanged").size(), 1u);
}

TEST_F(Malformed, NonObjectJsonIsNotAnEnvelope) {
  for (const char *text : {"[]", "[{\"type\":\"DIAL_NUMBER\"}]", "\"DIAL_NUMBER\"", "42", "null", "true",
                           "\"\\u001bundefined\""}) {
    EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, text, kT0 + 1), CALLCORE_E_ENVELOPE) << text;
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("must be an object"), std::string::npos) << text;
    expect_untouched(text, true);
  }
}

TEST_F(Malformed, TypeMustBeANonEmptyString) {
  struct Case {
    const char *envelope, *code;
  } cases[] = {{R"({"messageId":"h"})", "MISSING_TYPE"},           {R"({"type":null,"messageId":"h"})", "MISSING_TYPE"},
               {R"({"type":"","messageId":"h"})", "MISSING_TYPE"},  {R"({"type":0,"messageId":"h"})", "MISSING_TYPE"},
               {R"({"type":false,"messageId":"h"})", "MISSING_TYPE"}, {R"({"type":7,"messageId":"h"})", "TYPE_NOT_STRING"},
               {R"({"type":true,"messageId":"h"})", "TYPE_NOT_STRING"}, {R"({"type":{},"messageId":"h"})", "TYPE_NOT_STRING"},
               {R"({"type":["DIAL_NUMBER"],"messageId":"h"})", "TYPE_NOT_STRING"}};
  for (const Case &c : cases) {
    EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, c.envelope, kT0 + 1), CALLCORE_E_ENVELOPE) << c.envelope;
    Actions a = drain(wire.widget);
    EXPECT_TRUE(a.has_violation(c.code)) << c.envelope << a.dump();
    EXPECT_TRUE(a.calls().empty());
    EXPECT_TRUE(a.posts().empty()) << "no ERROR reply to a message without a type";
    EXPECT_EQ(state_text(wire.widget), widget_before);
  }
}

TEST_F(Malformed, MessageIdMustBeTruthy) {
  for (const char *envelope : {R"({"type":"VISIBILITY_CHANGED","data":{}})", R"({"type":"VISIBILITY_CHANGED","messageId":""})",
                               R"({"type":"VISIBILITY_CHANGED","messageId":0})", R"({"type":"VISIBILITY_CHANGED","messageId":null})",
                               R"({"type":"VISIBILITY_CHANGED","messageId":false})",
                               R"({"type":"VISIBILITY_CHANGED","messageId":"\u001bundefined"})"}) {
    EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, envelope, kT0 + 1), CALLCORE_E_ENVELOPE) << envelope;
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("messageId"), std::string::npos);
    Actions a = drain(wire.widget);
    EXPECT_TRUE(a.has_violation("MISSING_MESSAGE_ID")) << envelope;
    EXPECT_TRUE(a.calls().empty());
  }
  // Truthy but not a string: the SDK takes it, so do we, with a warning.
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, R"({"type":"VISIBILITY_CHANGED","data":{},"messageId":1})", kT0 + 1),
            CALLCORE_OK);
  EXPECT_EQ(drain(wire.widget).calls("onVisibilityChanged").size(), 1u);
}

TEST_F(Malformed, NullDataIsDeliveredNotThrown) {
  // The SDK throws destructuring null data (7.2 item 6); callcore reports and delivers.
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, R"({"type":"CREATE_ENGAGEMENT_FAILED","data":null,"messageId":"h"})",
                             kT0 + 1),
            CALLCORE_OK);
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.has_violation("DATA_NOT_OBJECT")) << a.dump();
  EXPECT_EQ(a.calls("onCreateEngagementFailed").size(), 1u);
}

TEST_F(Malformed, OverflowingNumbersAreRangeErrorsNotUndefinedBehaviour) {
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1,
                             R"({"type":"NAVIGATE_TO_RECORD_FAILED","data":{"engagementId":1e999,"objectCoordinates":{"portalId":-1e999,"objectId":1e999,"objectTypeId":"0-1"}},"messageId":"h"})",
                             kT0 + 1),
            CALLCORE_OK);
  Actions a = drain(wire.widget);
  EXPECT_EQ(a.violations("FIELD_RANGE").size(), 3u) << a.dump();
  EXPECT_EQ(a.calls("onNavigateToRecordFailed").size(), 1u);
}

TEST_F(Malformed, HugeAndDeepInputIsRefusedBeforeParsing) {
  std::string huge = R"({"type":"CALL_DATA","data":{"x":")" + std::string(2 * 1024 * 1024, 'x') + R"("},"messageId":"h"})";
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, huge.c_str(), kT0 + 1), CALLCORE_E_TOO_LARGE);
  EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("over the limit of 1048576"), std::string::npos)
      << callcore_last_error(wire.widget);
  expect_untouched("huge", true);

  for (const std::string &deep : {std::string(10000, '['), std::string(100000, '{'),
                                  "{\"type\":\"CALL_DATA\",\"data\":" + std::string(33, '[') + std::string(33, ']') + "}"}) {
    EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, deep.c_str(), kT0 + 1), CALLCORE_E_TOO_DEEP);
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find("limit of 32 levels"), std::string::npos);
    expect_untouched("deep", true);
  }
  // Brackets inside strings are text, not nesting (escaped quotes included).
  std::string text = R"({"type":"CALL_DATA","data":{"note":"\"[[[[)" + std::string(5000, '[') + R"("},"messageId":"h"})";
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, text.c_str(), kT0 + 1), CALLCORE_OK) << callcore_last_error(wire.widget);
  // A long key counts as a long string.
  std::string long_key = "{\"type\":\"CALL_DATA\",\"data\":{\"" + std::string(70000, 'k') + "\":1},\"messageId\":\"h\"}";
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, long_key.c_str(), kT0 + 1), CALLCORE_E_TOO_LARGE);
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.has_violation("STRING_TOO_LONG")) << a.dump();
}

TEST_F(Malformed, ForeignTrafficIsIgnoredSilently) {
  // Unparsable noise from other windows is not ours to report.
  EXPECT_EQ(callcore_receive(wire.widget, "https://ads.example", 0, "{", kT0 + 1), CALLCORE_E_JSON);
  EXPECT_EQ(callcore_receive(wire.widget, "https://ads.example", 0, "[1]", kT0 + 1), CALLCORE_E_DROPPED);
  EXPECT_EQ(callcore_receive(wire.widget, "https://ads.example", 1, R"({"source":"devtools"})", kT0 + 1), CALLCORE_E_DROPPED);
  EXPECT_TRUE(drain(wire.widget).empty());
  EXPECT_EQ(state_text(wire.widget), widget_before);
}

TEST_F(Malformed, AppPayloadsAreCheckedBeforeAnythingIsSent) {
  struct Case {
    const char *method, *payload;
    callcore_errno rc;
    const char *mention;
  } cases[] = {
      {"callData", "{", CALLCORE_E_JSON, "callData: payload not valid JSON"},
      {"callData", "", CALLCORE_E_JSON, "callData"},
      {"sendMessage", nullptr, CALLCORE_E_ENVELOPE, "sendMessage: the message must be an object"},
      {"sendMessage", "[]", CALLCORE_E_ENVELOPE, "must be an object"},
      {"sendMessage", R"({"data":{}})", CALLCORE_E_ENVELOPE, "message.type"},
      {"sendMessage", R"({"type":""})", CALLCORE_E_ENVELOPE, "message.type"},
      {"sendMessage", R"({"type":5})", CALLCORE_E_ENVELOPE, "message.type"},
      {"sendMessage", R"({"type":"\u001bundefined"})", CALLCORE_E_ENVELOPE, "message.type"},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(callcore_call(wire.widget, c.method, c.payload, kT0 + 1), c.rc) << c.method << " " << (c.payload ? c.payload : "NULL");
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find(c.mention), std::string::npos) << callcore_last_error(wire.widget);
    expect_untouched(c.method, true); /* refused with a violation: onViolation hears of it */
  }
  std::string deep = std::string(40, '[') + std::string(40, ']');
  EXPECT_EQ(callcore_call(wire.widget, "callData", deep.c_str(), kT0 + 1), CALLCORE_E_TOO_DEEP);
  expect_untouched("deep payload", true);
  std::string huge = "\"" + std::string(2 * 1024 * 1024, 'x') + "\"";
  EXPECT_EQ(callcore_call(wire.widget, "callData", huge.c_str(), kT0 + 1), CALLCORE_E_TOO_LARGE);
  expect_untouched("huge payload", true);
}

TEST_F(Malformed, UnknownMethodsAreRefusedByName) {
  for (const char *method : {"dialNumber", "", "constructor", "toString", "sendmessage", "CallEnded", "onDialNumber",
                             "callEnded ", "__proto__"}) {
    EXPECT_EQ(callcore_call(wire.widget, method, "{}", kT0 + 1), CALLCORE_E_UNKNOWN_METHOD) << method;
    EXPECT_NE(std::string(callcore_last_error(wire.widget)).find(std::string(method) + " is not a method"), std::string::npos)
        << callcore_last_error(wire.widget);
    expect_untouched(method, false);
  }
  // Even before the handshake: unknown methods are not queued.
  Session fresh = make_widget();
  EXPECT_EQ(callcore_call(fresh, "dialNumber", nullptr, kT0), CALLCORE_E_UNKNOWN_METHOD);
  EXPECT_EQ(get(state(fresh).get(), "queued")->valuedouble, 0);
  // And a malformed call before the handshake fails at once, not at replay.
  EXPECT_EQ(callcore_call(fresh, "callData", "{", kT0), CALLCORE_E_JSON);
  EXPECT_EQ(get(state(fresh).get(), "queued")->valuedouble, 0);
}

TEST(MalformedOptions, EachBadOptionIsNamed) {
  struct Case {
    std::string options;
    callcore_errno err;
    const char *starts;
  } cases[] = {
      {"not json", CALLCORE_E_OPTIONS, "options: not valid JSON"},
      {"", CALLCORE_E_OPTIONS, "options: not valid JSON"},
      {"[]", CALLCORE_E_OPTIONS, "options must be a JSON object"},
      {"{}", CALLCORE_E_OPTIONS, "options.role"},
      {R"({"role":"admin","instanceId":1})", CALLCORE_E_OPTIONS, "options.role"},
      {R"({"role":"WIDGET","instanceId":1})", CALLCORE_E_OPTIONS, "options.role"},
      {R"({"role":"widget"})", CALLCORE_E_OPTIONS, "options.instanceId"},
      {R"({"role":"widget","instanceId":"1724412345000"})", CALLCORE_E_OPTIONS, "options.instanceId"},
      {R"({"role":"widget","instanceId":-1})", CALLCORE_E_OPTIONS, "options.instanceId"},
      {R"({"role":"widget","instanceId":1.5})", CALLCORE_E_OPTIONS, "options.instanceId"},
      {R"({"role":"widget","instanceId":9007199254740993})", CALLCORE_E_OPTIONS, "options.instanceId"},
      {widget_options(R"({"policy":"loud"})"), CALLCORE_E_OPTIONS, "options.policy"},
      {widget_options(R"({"policy":2})"), CALLCORE_E_OPTIONS, "options.policy"},
      {widget_options(R"({"version":5})"), CALLCORE_E_OPTIONS, "options.version"},
      {widget_options(R"({"version":")" + std::string(40, '9') + "\"}"), CALLCORE_E_OPTIONS, "options.version"},
      {widget_options(R"({"debugMode":"yes"})"), CALLCORE_E_OPTIONS, "options.debugMode"},
      {widget_options(R"({"debugMode":null})"), CALLCORE_E_OPTIONS, "options.debugMode"},
      {widget_options(R"({"failedCatchAll":1})"), CALLCORE_E_OPTIONS, "options.failedCatchAll"},
      {widget_options(R"({"handlers":"onReady"})"), CALLCORE_E_OPTIONS, "options.handlers"},
      {widget_options(R"({"handlers":["onReady",7]})"), CALLCORE_E_OPTIONS, "options.handlers[1]"},
      {widget_options(R"({"limits":[]})"), CALLCORE_E_OPTIONS, "options.limits"},
      {widget_options(R"({"limits":{"maxDepth":0}})"), CALLCORE_E_OPTIONS, "options.limits.maxDepth"},
      {widget_options(R"({"limits":{"maxDepth":4.5}})"), CALLCORE_E_OPTIONS, "options.limits.maxDepth"},
      {widget_options(R"({"limits":{"maxEnvelopeBytes":"1024"}})"), CALLCORE_E_OPTIONS, "options.limits.maxEnvelopeBytes"},
      {widget_options(R"({"limits":{"maxEnvelopeBytes":16777217}})"), CALLCORE_E_OPTIONS, "options.limits.maxEnvelopeBytes"},
      {widget_options(R"({"limits":{"maxStringLength":1e300}})"), CALLCORE_E_OPTIONS, "options.limits.maxStringLength"},
      {widget_options(R"({"limits":{"maxCalls":4097}})"), CALLCORE_E_OPTIONS, "options.limits.maxCalls"},
      {widget_options(R"({"limits":{"maxQueued":-3}})"), CALLCORE_E_OPTIONS, "options.limits.maxQueued"},
      {widget_options(R"({"completionTimeoutMs":-1})"), CALLCORE_E_OPTIONS, "options.completionTimeoutMs"},
      {widget_options(R"({"completionTimeoutMs":"60000"})"), CALLCORE_E_OPTIONS, "options.completionTimeoutMs"},
      {widget_options(R"({"dialDedupWindowMs":1e12})"), CALLCORE_E_OPTIONS, "options.dialDedupWindowMs"},
      {widget_options(R"({"allowedHostOrigins":"https://app.hubspot.com"})"), CALLCORE_E_OPTIONS, "options.allowedHostOrigins"},
      {widget_options(R"({"allowedHostOrigins":[5]})"), CALLCORE_E_OPTIONS, "options.allowedHostOrigins[0]"},
      {widget_options(R"({"ownOrigin":"ftp://widget.example.com"})"), CALLCORE_E_OPTIONS, "options.ownOrigin"},
      {host_options(R"({"syncFields":[]})"), CALLCORE_E_OPTIONS, "options.syncFields"},
      {host_options(R"({"allowedWidgetOrigins":{}})"), CALLCORE_E_OPTIONS, "options.allowedWidgetOrigins"},
      {host_options(R"({"hostOrigin":"*"})"), CALLCORE_E_OPTIONS, "options.hostOrigin"},
      {std::string(100, '[') + std::string(100, ']'), CALLCORE_E_OPTIONS, "options: nesting deeper"},
  };
  for (const Case &c : cases) {
    Refusal r = refuse_session(c.options.c_str());
    EXPECT_EQ(r.err, c.err) << c.options;
    EXPECT_EQ(r.reason.rfind(c.starts, 0), 0u) << "reason \"" << r.reason << "\" for " << c.options.substr(0, 200);
  }
  Refusal r = refuse_session(nullptr);
  EXPECT_EQ(r.err, CALLCORE_E_ARGUMENT);
  EXPECT_EQ(r.reason, "options: no JSON text was given");

  std::string too_many = "[";
  for (int i = 0; i < 257; i++) too_many += std::string(i ? "," : "") + "\"onReady\"";
  too_many += "]";
  r = refuse_session(widget_options("{\"handlers\":" + too_many + "}").c_str());
  EXPECT_EQ(r.reason.rfind("options.handlers has 257 entries", 0), 0u) << r.reason;
}

TEST(MalformedOptions, ReasonBufferIsRespectedAndOptional) {
  char tiny[8];
  memset(tiny, 'Z', sizeof tiny);
  callcore_errno err = CALLCORE_OK;
  EXPECT_EQ(callcore_session_new("{}", &err, tiny, sizeof tiny), nullptr);
  EXPECT_EQ(err, CALLCORE_E_OPTIONS);
  EXPECT_EQ(std::string(tiny), "options");  // cut, and terminated
  EXPECT_EQ(callcore_session_new("{}", nullptr, nullptr, 0), nullptr);
  EXPECT_EQ(callcore_session_new("{}", nullptr, tiny, 0), nullptr);
}

TEST(MalformedOptions, UnknownKeysAndTheOtherRolesKeysAreIgnored) {
  Session w = make_widget(R"({"hostOrigin":"*","syncFields":5,"allowedWidgetOrigins":3,"colour":"blue"})");
  EXPECT_TRUE(w);
  Session h = make_host(R"({"ownOrigin":"*","allowedHostOrigins":3,"colour":"blue"})");
  EXPECT_TRUE(h);
}

}  // namespace
