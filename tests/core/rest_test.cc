// callcore_validate_rest: the REST bodies of docs/protocol.md section 6 (calling
// settings, channel connection, inbound call, help-desk webhook answer).
#include "test_support.h"

using namespace cctest;

namespace {

Json verdict(const char *kind, const std::string &body) {
  char *text = callcore_validate_rest(kind, body.c_str());
  EXPECT_NE(text, nullptr);
  Json v = parse(take(text));
  EXPECT_EQ(keys(v.get()).size(), 4u) << print(v.get());
  return v;
}
bool ok(const Json &v) { return cJSON_IsTrue(get(v.get(), "ok")); }
std::vector<std::string> codes(const Json &v, const char *list) {
  std::vector<std::string> out;
  const cJSON *item;
  cJSON_ArrayForEach(item, get(v.get(), list)) out.push_back(str(item, "code") + "@" + str(item, "field"));
  return out;
}
using Codes = std::vector<std::string>;

const char *kSettings =
    R"({"name":"Acme Dialer","url":"https://dialer.example.com/hubspot","width":400,"height":650,"isReady":false,
        "supportsCustomObjects":true,"supportsInboundCalling":true,"usesCallingWindow":false,"usesRemote":true})";
const char *kSettingsFields[] = {"name",          "url",         "width",
                                 "height",        "isReady",     "supportsCustomObjects",
                                 "supportsInboundCalling", "usesCallingWindow", "usesRemote"};

TEST(RestSettings, CreateWithAllNineFieldsIsOkAndEchoed) {
  Json v = verdict("settings.create", kSettings);
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_TRUE(codes(v, "errors").empty());
  EXPECT_TRUE(codes(v, "warnings").empty());
  EXPECT_EQ(print(get(v.get(), "value")), canon(kSettings));
}

class SettingsCreateMissing : public ::testing::TestWithParam<const char *> {};

TEST_P(SettingsCreateMissing, NamesTheMissingField) {
  Json body = parse(kSettings);
  cJSON_DeleteItemFromObjectCaseSensitive(body.get(), GetParam());
  Json v = verdict("settings.create", print(body.get()));
  EXPECT_FALSE(ok(v));
  EXPECT_EQ(codes(v, "errors"), Codes{std::string("FIELD_REQUIRED@") + GetParam()});
  EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "message"),
            std::string("settings.create: ") + GetParam() + " is required");
  // The same body is a fine patch.
  EXPECT_TRUE(ok(verdict("settings.patch", print(body.get()))));
}

INSTANTIATE_TEST_SUITE_P(RestSettings, SettingsCreateMissing, ::testing::ValuesIn(kSettingsFields));

TEST(RestSettings, CreateWithNothingNamesAllNineInOrder) {
  Json v = verdict("settings.create", "{}");
  Codes expected;
  for (const char *f : kSettingsFields) expected.push_back(std::string("FIELD_REQUIRED@") + f);
  EXPECT_EQ(codes(v, "errors"), expected);
}

TEST(RestSettings, PatchFieldsAreAllOptionalButTyped) {
  EXPECT_TRUE(ok(verdict("settings.patch", "{}")));
  EXPECT_TRUE(ok(verdict("settings.patch", R"({"isReady":true})")));
  struct Case {
    const char *body;
    Codes errors;
  } cases[] = {
      {R"({"width":"400"})", {"FIELD_TYPE@width"}},
      {R"({"isReady":"true"})", {"FIELD_TYPE@isReady"}},
      {R"({"usesRemote":1})", {"FIELD_TYPE@usesRemote"}},
      {R"({"name":""})", {"FIELD_EMPTY@name"}},
      {R"({"name":null})", {"FIELD_TYPE@name"}},
      {R"({"url":"dialer.example.com"})", {"FIELD_FORMAT@url"}},
      {R"({"width":2147483648})", {"FIELD_RANGE@width"}},   // int32
      {R"({"height":400.5})", {"FIELD_RANGE@height"}},      // int32: whole numbers
      {R"({"height":0})", {"FIELD_RANGE@height"}},          // a size is positive
      {R"({"width":-1,"supportsCustomObjects":"no"})", {"FIELD_RANGE@width", "FIELD_TYPE@supportsCustomObjects"}},
  };
  for (const Case &c : cases) {
    Json v = verdict("settings.patch", c.body);
    EXPECT_FALSE(ok(v)) << c.body;
    EXPECT_EQ(codes(v, "errors"), c.errors) << c.body;
  }
  EXPECT_TRUE(ok(verdict("settings.patch", R"({"width":2147483647,"url":"http://localhost:3000/widget"})")));
  // Case slips are caught: the peer silently ignores them.
  Json v = verdict("settings.patch", R"({"IsReady":true})");
  EXPECT_TRUE(ok(v));
  EXPECT_EQ(codes(v, "warnings"), Codes{"FIELD_MISSPELLED@IsReady"});
}

TEST(RestChannelConnection, CreateNeedsAUrlAndIsReady) {
  EXPECT_TRUE(ok(verdict("channelConnection.create", R"({"url":"https://hooks.example.com/numbers","isReady":true})")));
  EXPECT_EQ(codes(verdict("channelConnection.create", R"({"url":"https://hooks.example.com/numbers"})"), "errors"),
            Codes{"FIELD_REQUIRED@isReady"});
  EXPECT_EQ(codes(verdict("channelConnection.create", R"({"isReady":false})"), "errors"), Codes{"FIELD_REQUIRED@url"});
  // The seed does not ask for https, and local tools serve plain http.
  EXPECT_TRUE(ok(verdict("channelConnection.create", R"({"url":"http://localhost:8080/numbers","isReady":true})")));
  EXPECT_EQ(codes(verdict("channelConnection.create", R"({"url":"hooks.example.com","isReady":true})"), "errors"),
            Codes{"FIELD_FORMAT@url"});
  EXPECT_EQ(codes(verdict("channelConnection.patch", R"({"url":"ftp://hooks.example.com"})"), "errors"),
            Codes{"FIELD_FORMAT@url"});
}

TEST(RestChannelConnection, PatchNeedsUrlOrIsReady) {
  Json v = verdict("channelConnection.patch", "{}");
  EXPECT_FALSE(ok(v));
  EXPECT_EQ(codes(v, "errors"), Codes{"FIELD_REQUIRED@url"});
  EXPECT_NE(str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "message").find("one or both of url and isReady"),
            std::string::npos);
  EXPECT_TRUE(ok(verdict("channelConnection.patch", R"({"isReady":false})")));
  EXPECT_TRUE(ok(verdict("channelConnection.patch", R"({"url":"https://hooks.example.com"})")));
  EXPECT_TRUE(ok(verdict("channelConnection.patch", R"({"url":"https://hooks.example.com","isReady":true})")));
  EXPECT_EQ(codes(verdict("channelConnection.patch", R"({"isReady":"yes"})"), "errors"), Codes{"FIELD_TYPE@isReady"});
}

const char *kInbound =
    R"({"createEngagement":true,"engagementProperties":{"hs_call_title":"Inbound"},"externalCallId":"in-7f3a",
        "finalCallStatus":"COMPLETED","fromNumber":{"e164Number":"+18884827768","phoneNumberType":"FIXED_LINE"},
        "toNumber":{"e164Number":"+442073238299","extension":"12"},"potentialRecipientUserIds":[42,2147483647],
        "callStartedTimestamp":"2024-08-23T10:15:00Z","durationSeconds":95,"userId":42})";

std::string inbound_with(const char *key, const char *value_json) {
  Json body = parse(kInbound);
  cJSON_DeleteItemFromObjectCaseSensitive(body.get(), key);
  if (value_json) cJSON_AddItemToObject(body.get(), key, cJSON_Parse(value_json));
  return print(body.get());
}

TEST(RestInboundCall, AValidBodyIsOk) {
  Json v = verdict("inboundCall", kInbound);
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_TRUE(codes(v, "warnings").empty()) << print(v.get());
}

TEST(RestInboundCall, RequiredFieldsAreNamed) {
  for (const char *key : {"createEngagement", "engagementProperties", "externalCallId", "finalCallStatus", "fromNumber",
                          "toNumber", "potentialRecipientUserIds"}) {
    EXPECT_EQ(codes(verdict("inboundCall", inbound_with(key, nullptr)), "errors"),
              Codes{std::string("FIELD_REQUIRED@") + key});
  }
  for (const char *key : {"callStartedTimestamp", "durationSeconds", "userId"})
    EXPECT_TRUE(ok(verdict("inboundCall", inbound_with(key, nullptr)))) << key << " is optional";
}

TEST(RestInboundCall, FinalCallStatusIsTheRestEnumeration) {
  for (const char *status : {"BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "HOLD",
                             "IN_PROGRESS", "MISSED", "NO_ANSWER", "QUEUED", "RINGING", "UNKNOWN"})
    EXPECT_TRUE(ok(verdict("inboundCall", inbound_with("finalCallStatus", (std::string("\"") + status + "\"").c_str()))))
        << status;
  for (const char *status : {"\"REJECTED\"", "\"ENDING\"", "\"completed\"", "\"INTERNAL_COMPLETED\""}) {
    Json v = verdict("inboundCall", inbound_with("finalCallStatus", status));
    EXPECT_EQ(codes(v, "errors"), Codes{"FIELD_ENUM@finalCallStatus"}) << status;
  }
}

TEST(RestInboundCall, NumbersAreE164Objects) {
  EXPECT_EQ(codes(verdict("inboundCall", inbound_with("fromNumber", R"({"e164Number":"0207 323 8299"})")), "errors"),
            Codes{"FIELD_FORMAT@fromNumber.e164Number"});
  EXPECT_EQ(codes(verdict("inboundCall", inbound_with("toNumber", R"({"phoneNumberType":"FIXED_LINE"})")), "errors"),
            Codes{"FIELD_REQUIRED@toNumber.e164Number"});
  EXPECT_EQ(codes(verdict("inboundCall", inbound_with("toNumber", R"("+442073238299")")), "errors"),
            Codes{"FIELD_TYPE@toNumber"}) << "the SDK's plain string is not the REST shape";
}

TEST(RestInboundCall, Int32FieldsAndArrays) {
  struct Case {
    const char *key, *value;
    Codes errors;
  } cases[] = {
      {"potentialRecipientUserIds", "[1,2147483648]", {"FIELD_RANGE@potentialRecipientUserIds[1]"}},
      {"potentialRecipientUserIds", "[-2147483649]", {"FIELD_RANGE@potentialRecipientUserIds[0]"}},
      {"potentialRecipientUserIds", "[1.5]", {"FIELD_RANGE@potentialRecipientUserIds[0]"}},
      {"potentialRecipientUserIds", R"(["42"])", {"FIELD_TYPE@potentialRecipientUserIds[0]"}},
      {"potentialRecipientUserIds", "42", {"FIELD_TYPE@potentialRecipientUserIds"}},
      {"durationSeconds", "2147483648", {"FIELD_RANGE@durationSeconds"}},
      {"durationSeconds", "9.5", {"FIELD_RANGE@durationSeconds"}},
      // int32 in HubSpot's schema, but a call cannot last less than nothing.
      {"durationSeconds", "-1", {"FIELD_RANGE@durationSeconds"}},
      {"userId", "\"42\"", {"FIELD_TYPE@userId"}},
  };
  for (const Case &c : cases)
    EXPECT_EQ(codes(verdict("inboundCall", inbound_with(c.key, c.value)), "errors"), c.errors) << c.key << "=" << c.value;
  EXPECT_TRUE(ok(verdict("inboundCall", inbound_with("potentialRecipientUserIds", "[]"))));
  EXPECT_TRUE(ok(verdict("inboundCall", inbound_with("durationSeconds", "0"))));
  EXPECT_TRUE(ok(verdict("inboundCall", inbound_with("durationSeconds", "2147483647"))));
}

TEST(RestInboundCall, CallStartedTimestampIsAnIsoDateTime) {
  for (const char *good : {"\"2024-08-23T10:15:00Z\"", "\"2024-08-23T10:15:00.123Z\"", "\"2024-08-23T10:15:00+02:00\"",
                           "\"2024-08-23t10:15:00z\"", "\"2016-12-31T23:59:60Z\""})
    EXPECT_TRUE(ok(verdict("inboundCall", inbound_with("callStartedTimestamp", good)))) << good;
  for (const char *bad : {"\"2024-08-23 10:15:00\"", "\"2024-13-01T00:00:00Z\"", "\"2024-08-23T24:00:00Z\"",
                          "\"2024-08-23T10:15:00\"", "\"2024-08-23T10:15:00.Z\"", "\"2024-08-23T10:15:00+0200\"",
                          "\"1724412345000\"", "1724412345000", "\"\""}) {
    Json v = verdict("inboundCall", inbound_with("callStartedTimestamp", bad));
    EXPECT_FALSE(ok(v)) << bad;
    ASSERT_EQ(codes(v, "errors").size(), 1u) << bad;
    EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "field"), "callStartedTimestamp");
  }
}

TEST(RestInboundCall, EngagementPropertiesAreCheckedLikeTheSdks) {
  Json v = verdict("inboundCall", inbound_with("engagementProperties",
                                               R"({"hs_call_recording_url":"http://r.example.com/a.mp3","hs_call_direction":"SIDEWAYS"})"));
  EXPECT_EQ(codes(v, "errors"), (Codes{"FIELD_ENUM@engagementProperties.hs_call_direction",
                                       "FIELD_FORMAT@engagementProperties.hs_call_recording_url"}));
}

// The inbound-call body shares the engagement properties schema: null there
// means "no value" too; the body's own fields keep null a type error.
TEST(RestInboundCall, NullEngagementPropertiesMeanNoValue) {
  Json v = verdict("inboundCall", inbound_with("engagementProperties",
                                               R"({"hs_call_recording_url":null,"hs_call_body":null,"hs_call_duration":"95000"})"));
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_TRUE(codes(v, "warnings").empty()) << print(v.get());
  EXPECT_EQ(print(get(get(get(v.get(), "value"), "engagementProperties"), "hs_call_recording_url")), "null") << "kept as sent";
  v = verdict("inboundCall", inbound_with("engagementProperties", R"({"hs_call_recording_url":null,"hs_call_title":7})"));
  EXPECT_EQ(codes(v, "errors"), (Codes{"FIELD_TYPE@engagementProperties.hs_call_title"}));
  EXPECT_EQ(codes(verdict("inboundCall", inbound_with("userId", "null")), "errors"), (Codes{"FIELD_TYPE@userId"}));
  EXPECT_EQ(codes(verdict("inboundCall", inbound_with("engagementProperties", "null")), "errors"),
            (Codes{"FIELD_TYPE@engagementProperties"}));
}

TEST(RestWebhookAnswer, LongFriendlyNamesAreCutTo24AndExtensionsAreNotSelectable) {
  Json v = verdict("webhookAnswer", R"({"phoneNumbers":[
      {"e164PhoneNumber":"+18001231234","friendlyName":"Main line"},
      {"e164PhoneNumber":"+18001231235","extension":"12","friendlyName":"Customer Support Overflow Line"}]})");
  EXPECT_TRUE(ok(v)) << "notices, not errors: " << print(v.get());
  EXPECT_TRUE(codes(v, "errors").empty());
  EXPECT_EQ(codes(v, "warnings"),
            (Codes{"NOT_SELECTABLE@phoneNumbers[1].extension", "VALUE_TRUNCATED@phoneNumbers[1].friendlyName"}));
  const cJSON *numbers = get(get(v.get(), "value"), "phoneNumbers");
  EXPECT_EQ(print(numbers),
            canon(R"([{"e164PhoneNumber":"+18001231234","friendlyName":"Main line","selectable":true},
                      {"e164PhoneNumber":"+18001231235","extension":"12","friendlyName":"Customer Support Overflo",
                       "selectable":false}])"));
  const cJSON *warning = cJSON_GetArrayItem(get(v.get(), "warnings"), 1);
  EXPECT_EQ(str(warning, "message"),
            "webhookAnswer: phoneNumbers[1].friendlyName \"Customer Support Overflow Line\" is longer than 24 characters "
            "and was cut to \"Customer Support Overflo\"");
}

// Found by the REST fuzz campaign: past the report's 32 findings, the error that made a body fail was
// lost behind warnings, and the verdict said ok false with no error listed.
TEST(RestWebhookAnswer, AnErrorAfterManyWarningsIsListedAndTheRestCounted) {
  std::string body = "[";
  for (int i = 0; i < 40; i++) body += R"({"e164PhoneNumber":"+1800123123)" + std::to_string(i % 10) + R"(","extension":"12"},)";
  body += R"({"friendlyName":"no number"}])";
  Json v = verdict("webhookAnswer", body);
  EXPECT_FALSE(ok(v));
  Codes errors = codes(v, "errors");
  ASSERT_EQ(errors.size(), 1u) << print(v.get());
  EXPECT_EQ(errors[0].substr(0, errors[0].find('@')), "FIELD_REQUIRED") << print(v.get());
  EXPECT_NE(errors[0].find("phoneNumbers[40]"), std::string::npos) << print(v.get());
  Codes warnings = codes(v, "warnings");
  ASSERT_FALSE(warnings.empty());
  EXPECT_EQ(warnings.back(), "MORE_VIOLATIONS@") << print(v.get());
  EXPECT_NE(print(v.get()).find("9 more findings were not listed"), std::string::npos) << print(v.get());
}

TEST(RestWebhookAnswer, ExactlyTwentyFourCharactersAndEmptyExtensionsAreKept) {
  Json v = verdict("webhookAnswer",
                   R"([{"e164PhoneNumber":"+18001231234","friendlyName":"ABCDEFGHIJKLMNOPQRSTUVWX","extension":""}])");
  EXPECT_TRUE(ok(v));
  EXPECT_TRUE(codes(v, "warnings").empty()) << print(v.get());
  EXPECT_EQ(str(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "friendlyName"), "ABCDEFGHIJKLMNOPQRSTUVWX");
  EXPECT_TRUE(cJSON_IsTrue(get(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "selectable")));
}

TEST(RestWebhookAnswer, FriendlyNamesCountCharactersNotBytes) {
  // 23 characters, 26 bytes of UTF-8: within the limit.
  Json v = verdict("webhookAnswer", R"([{"e164PhoneNumber":"+18001231234","friendlyName":"Service client — Genève"}])");
  EXPECT_TRUE(codes(v, "warnings").empty()) << print(v.get());
  EXPECT_EQ(str(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "friendlyName"), "Service client — Genève");
  // 27 characters: cut after the 24th character, never inside one.
  v = verdict("webhookAnswer", R"([{"e164PhoneNumber":"+18001231234","friendlyName":"Ligne générale à Zürich 2"}])");
  EXPECT_EQ(codes(v, "warnings"), Codes{"VALUE_TRUNCATED@phoneNumbers[0].friendlyName"}) << print(v.get());
  EXPECT_EQ(str(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "friendlyName"), "Ligne générale à Zürich ");
  v = verdict("webhookAnswer", R"([{"e164PhoneNumber":"+18001231234","friendlyName":"ééééééééééééééééééééééééé"}])");
  EXPECT_EQ(str(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "friendlyName"), "éééééééééééééééééééééééé");
  // Beyond the BMP a character is two UTF-16 units, as JavaScript counts it;
  // one that does not fit whole is left out.
  v = verdict("webhookAnswer", R"([{"e164PhoneNumber":"+18001231234","friendlyName":"Support line number 12 📞"}])");
  EXPECT_EQ(codes(v, "warnings"), Codes{"VALUE_TRUNCATED@phoneNumbers[0].friendlyName"});
  EXPECT_EQ(str(cJSON_GetArrayItem(get(get(v.get(), "value"), "phoneNumbers"), 0), "friendlyName"), "Support line number 12 ");
  v = verdict("webhookAnswer", R"([{"e164PhoneNumber":"+18001231234","friendlyName":"Support line number 12📞"}])");
  EXPECT_TRUE(codes(v, "warnings").empty()) << "22 + 2 units: exactly 24";
}

TEST(RestWebhookAnswer, NumbersMustBeE164AndTheListIsRequired) {
  EXPECT_EQ(codes(verdict("webhookAnswer", R"({"phoneNumbers":[{"e164PhoneNumber":"8001231234"}]})"), "errors"),
            Codes{"FIELD_FORMAT@phoneNumbers[0].e164PhoneNumber"});
  EXPECT_EQ(codes(verdict("webhookAnswer", R"({"phoneNumbers":[{"friendlyName":"x"}]})"), "errors"),
            Codes{"FIELD_REQUIRED@phoneNumbers[0].e164PhoneNumber"});
  EXPECT_EQ(codes(verdict("webhookAnswer", R"({"numbers":[]})"), "errors"), Codes{"FIELD_REQUIRED@phoneNumbers"});
  EXPECT_EQ(codes(verdict("webhookAnswer", R"({"phoneNumbers":["+18001231234"]})"), "errors"),
            Codes{"FIELD_TYPE@phoneNumbers[0]"});
  EXPECT_TRUE(ok(verdict("webhookAnswer", R"({"phoneNumbers":[]})")));
}

TEST(RestKinds, AnUnknownKindIsNamed) {
  for (const char *kind : {"settings", "settings.delete", "", "SETTINGS.CREATE"}) {
    Json v = verdict(kind, "{}");
    EXPECT_FALSE(ok(v)) << kind;
    EXPECT_EQ(codes(v, "errors"), Codes{"UNKNOWN_TYPE@kind"}) << kind;
    EXPECT_TRUE(cJSON_IsNull(get(v.get(), "value")));
  }
  char *text = callcore_validate_rest(nullptr, "{}");
  ASSERT_NE(text, nullptr);
  Json v = parse(take(text));
  EXPECT_EQ(codes(v, "errors"), Codes{"UNKNOWN_TYPE@kind"});
}

TEST(RestKinds, MalformedBodiesAreCleanVerdicts) {
  struct Case {
    const char *body;
    const char *code;
  } cases[] = {{"{", "MALFORMED_JSON"}, {"", "MALFORMED_JSON"}, {"{} {}", "MALFORMED_JSON"}, {"[]", "NOT_AN_OBJECT"},
               {"null", "NOT_AN_OBJECT"}, {"\"x\"", "NOT_AN_OBJECT"}, {"42", "NOT_AN_OBJECT"}};
  for (const char *kind : {"settings.create", "settings.patch", "channelConnection.create", "channelConnection.patch",
                           "inboundCall", "webhookAnswer"}) {
    for (const Case &c : cases) {
      if (std::string(kind) == "webhookAnswer" && std::string(c.body) == "[]") {
        EXPECT_TRUE(ok(verdict(kind, c.body))) << "the answer's envelope is undocumented: a bare list is accepted";
        continue;
      }
      Json v = verdict(kind, c.body);
      EXPECT_FALSE(ok(v)) << kind << " " << c.body;
      ASSERT_FALSE(codes(v, "errors").empty()) << kind << " " << c.body;
      EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "code"), c.code) << kind << " " << c.body;
    }
    char *text = callcore_validate_rest(kind, nullptr);
    ASSERT_NE(text, nullptr);
    EXPECT_FALSE(ok(parse(take(text))));
    Json deep = verdict(kind, std::string(10000, '['));
    EXPECT_EQ(codes(deep, "errors"), Codes{"TOO_DEEP@"}) << kind;
    Json huge = verdict(kind, "{\"name\":\"" + std::string(2 * 1024 * 1024, 'x') + "\"}");
    EXPECT_EQ(codes(huge, "errors"), Codes{"TOO_LARGE@"}) << kind;
    Json long_string = verdict(kind, "{\"name\":\"" + std::string(70000, 'x') + "\"}");
    EXPECT_EQ(codes(long_string, "errors"), Codes{"STRING_TOO_LONG@"}) << kind;
  }
}

}  // namespace
