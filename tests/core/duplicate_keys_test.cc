// A key written twice in one JSON object: cJSON keeps the first value and
// JSON.parse the last, so a text carrying one means two things at once. The
// core refuses it wherever it reads JSON text, naming the key.
#include "test_support.h"

using namespace cctest;

namespace {

TEST(DuplicateKeys, AReceivedEnvelopeIsDroppedNamingTheKey) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  const char *twice = R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","portalId":1,"phoneNumber":"+15550100"},"messageId":"h_1"})";
  EXPECT_EQ(callcore_receive(wire.widget.get(), kHostOrigin, 1, twice, kT0 + 10), CALLCORE_E_JSON);
  Actions actions = drain(wire.widget.get());
  ASSERT_EQ(actions.violations("DUPLICATE_KEY").size(), 1u) << actions.dump();
  const cJSON *v = actions.violations("DUPLICATE_KEY")[0];
  EXPECT_EQ(str(v, "field"), "data.phoneNumber");
  EXPECT_EQ(str(v, "outcome"), "dropped");
  EXPECT_NE(str(v, "message").find("\"phoneNumber\""), std::string::npos) << str(v, "message");
  EXPECT_TRUE(actions.calls().empty());
}

TEST(DuplicateKeys, AnAppsMessageIsRefusedInEveryPolicy) {
  for (const char *policy : {"off", "warn", "strict"}) {
    Wire wire = Wire::make("{}", std::string(R"({"policy":")") + policy + "\"}");
    wire.ready(kT0);
    wire.clear();
    EXPECT_EQ(callcore_call(wire.widget.get(), "callEnded",
                            R"({"externalCallId":"c-1","externalCallId":{"x":1}})", kT0 + 10),
              CALLCORE_E_JSON)
        << policy;
    Actions actions = drain(wire.widget.get());
    ASSERT_EQ(actions.violations("DUPLICATE_KEY").size(), 1u) << policy << actions.dump();
    EXPECT_EQ(str(actions.violations("DUPLICATE_KEY")[0], "field"), "data.externalCallId");
    EXPECT_TRUE(actions.posts().empty());
  }
}

TEST(DuplicateKeys, OptionsAreRejectedNamingTheKey) {
  callcore_errno err;
  char reason[256];
  callcore_session *s = callcore_session_new(
      R"({"role":"widget","instanceId":1,"policy":"off","policy":"strict"})", &err, reason, sizeof reason);
  EXPECT_EQ(s, nullptr);
  EXPECT_EQ(err, CALLCORE_E_OPTIONS);
  EXPECT_NE(std::string(reason).find("\"policy\""), std::string::npos) << reason;
}

TEST(DuplicateKeys, RestBodiesFailWithThePathOfTheKey) {
  // The emulator stores what the core accepted: a body whose url means two things is refused.
  Json verdict = parse(take(callcore_validate_rest(
      "settings.create",
      R"J({"name":"x","url":"https://widget.example/","width":400,"height":600,"isReady":true,"supportsCustomObjects":false,
          "supportsInboundCalling":false,"usesCallingWindow":false,"usesRemote":false,"url":"javascript:alert(1)"})J")));
  EXPECT_FALSE(cJSON_IsTrue(get(verdict.get(), "ok")));
  const cJSON *error = cJSON_GetArrayItem(get(verdict.get(), "errors"), 0);
  EXPECT_EQ(str(error, "code"), "DUPLICATE_KEY");
  EXPECT_EQ(str(error, "field"), "url");
  // Deep in a list, and in an object too big for the pairwise comparison.
  std::string many = "{";
  for (int i = 0; i < 40; i++) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  many += "\"k17\":0}";
  Json deep = parse(take(callcore_validate_rest(
      "webhookAnswer", (R"({"phoneNumbers":[{"e164PhoneNumber":"+15550100"},{"e164PhoneNumber":"+15550101","x":)" +
                        many + "}]}")
                           .c_str())));
  const cJSON *deep_error = cJSON_GetArrayItem(get(deep.get(), "errors"), 0);
  EXPECT_EQ(str(deep_error, "code"), "DUPLICATE_KEY");
  EXPECT_EQ(str(deep_error, "field"), "phoneNumbers[1].x.k17");
}

TEST(DuplicateKeys, TheSameKeyInSiblingObjectsIsFine) {
  Json verdict = parse(take(callcore_validate_envelope(
      R"({"type":"CALL_COMPLETED","data":{"externalCallId":"c","engagementProperties":{"hs_call_body":"a"}},"x":{"hs_call_body":"b"}})")));
  EXPECT_TRUE(cJSON_IsTrue(get(verdict.get(), "ok"))) << print(verdict.get());
}

}  // namespace
