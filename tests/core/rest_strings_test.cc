// callcore_validate_rest: strings a REST body cannot carry intact, U+0000 and
// lone UTF-16 surrogates (core/src/json_strings.h). cJSON would cut the first
// and refuse the second without a field; the verdict names each field.
#include "test_support.h"

using namespace cctest;

namespace {

Json verdict(const char *kind, const std::string &body) {
  char *text = callcore_validate_rest(kind, body.c_str());
  EXPECT_NE(text, nullptr);
  return parse(take(text));
}
bool ok(const Json &v) { return cJSON_IsTrue(get(v.get(), "ok")); }
std::vector<std::string> codes(const Json &v) {
  std::vector<std::string> out;
  const cJSON *item;
  cJSON_ArrayForEach(item, get(v.get(), "errors")) out.push_back(str(item, "code") + "@" + str(item, "field"));
  return out;
}
std::string message(const Json &v, int index = 0) {
  return str(cJSON_GetArrayItem(get(v.get(), "errors"), index), "message");
}
using Codes = std::vector<std::string>;

TEST(RestStrings, NulInAValueIsNamed) {
  Json v = verdict("settings.patch", R"({"isReady":true,"name":"Acme\u0000Dialer"})");
  EXPECT_FALSE(ok(v));
  EXPECT_EQ(codes(v), Codes{"FIELD_FORMAT@name"});
  EXPECT_EQ(message(v), "settings.patch: name contains U+0000, which is not allowed in text");
  EXPECT_TRUE(cJSON_IsNull(get(v.get(), "value"))) << "not parsed: cJSON would have cut the name at the NUL";
}

TEST(RestStrings, NulInAKeyIsNamedAsWritten) {
  Json v = verdict("settings.patch", R"({"isReady":true,"na\u0000me":"x"})");
  EXPECT_EQ(codes(v), Codes{R"(FIELD_FORMAT@na\u0000me)"});
  EXPECT_EQ(message(v), R"(settings.patch: the key na\u0000me contains U+0000, which is not allowed in text)");
}

TEST(RestStrings, ALoneHighSurrogateIsNamed) {
  for (const char *body : {R"({"name":"\uD83D"})", R"({"name":"a\ud83db"})", R"({"name":"\uD83D\u0041"})",
                           R"({"name":"\uD83D\\uDE00"})", R"({"name":"\uD83D\uD83D\uDE00"})"}) {
    Json v = verdict("settings.patch", body);
    EXPECT_EQ(codes(v), Codes{"FIELD_FORMAT@name"}) << body;
    EXPECT_EQ(message(v),
              R"(settings.patch: name contains a lone UTF-16 surrogate (\uD83D), which is not valid Unicode)")
        << body;
  }
}

TEST(RestStrings, ALoneLowSurrogateIsNamed) {
  for (const char *body : {R"({"url":"\uDE00"})", R"({"url":"x\ude00y"})", R"({"url":"\uDE00\uD83D"})"}) {
    Json v = verdict("channelConnection.patch", body);
    EXPECT_EQ(codes(v), Codes{"FIELD_FORMAT@url"}) << body;
    EXPECT_EQ(message(v),
              R"(channelConnection.patch: url contains a lone UTF-16 surrogate (\uDE00), which is not valid Unicode)")
        << body;
  }
}

TEST(RestStrings, AValidPairIsAccepted) {
  Json v = verdict("settings.patch", R"({"name":"Dialer \uD83D\uDE00 \ud83d\ude00"})");
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_EQ(str(get(v.get(), "value"), "name"), "Dialer \xF0\x9F\x98\x80 \xF0\x9F\x98\x80");
}

TEST(RestStrings, AnEscapedBackslashBeforeU0000IsAccepted) {
  // "\\u0000" is a backslash followed by the five characters u0000, not a NUL.
  Json v = verdict("settings.patch", R"({"name":"C:\\u0000 \\\\uD800"})");
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_EQ(str(get(v.get(), "value"), "name"), R"(C:\u0000 \\uD800)");
  // An odd run of backslashes leaves the last escape a real one.
  EXPECT_EQ(codes(verdict("settings.patch", R"({"name":"C:\\\u0000"})")), Codes{"FIELD_FORMAT@name"});
}

TEST(RestStrings, PathsInsideArraysAndNestedObjects) {
  Json answer = verdict("webhookAnswer", R"({"phoneNumbers":[{"e164PhoneNumber":"+18884827768"},
      {"e164PhoneNumber":"+18884827769","friendlyName":"Front \u0000desk"}]})");
  EXPECT_EQ(codes(answer), Codes{"FIELD_FORMAT@phoneNumbers[1].friendlyName"});
  EXPECT_EQ(message(answer), "webhookAnswer: phoneNumbers[1].friendlyName contains U+0000, which is not allowed in text");

  Json call = verdict("inboundCall", R"({"createEngagement":true,"engagementProperties":
      {"hs_call_title":"ok","hs_call_body":"notes \udc00"},"externalCallId":"c1"})");
  EXPECT_EQ(codes(call), Codes{"FIELD_FORMAT@engagementProperties.hs_call_body"});

  Json deep = verdict("settings.patch", R"({"a":[{"b":{"c":["x",[],"\u0000"]}},{}],"d":{"e":"\uD800"}})");
  EXPECT_EQ(codes(deep), (Codes{"FIELD_FORMAT@a[0].b.c[2]", "FIELD_FORMAT@d.e"}));
}

TEST(RestStrings, EachBadStringIsOneFindingInTextOrder) {
  Json v = verdict("settings.create", R"({"name":"\u0000\uD800\u0000","url":"https://x.example/\u0000"})");
  EXPECT_EQ(codes(v), (Codes{"FIELD_FORMAT@name", "FIELD_FORMAT@url"}));
  EXPECT_NE(message(v, 0).find("U+0000"), std::string::npos) << "the first problem of the string";
  // Past the report's capacity only a count is kept, listed last; the verdict stays an error.
  std::string many = "[";
  for (int i = 0; i < 100; i++) many += std::string(i ? "," : "") + R"("\u0000")";
  Json list = verdict("settings.patch", R"({"x":)" + many + "]}");
  EXPECT_FALSE(ok(list));
  EXPECT_EQ(cJSON_GetArraySize(get(list.get(), "errors")), 33);
  EXPECT_EQ(str(cJSON_GetArrayItem(get(list.get(), "errors"), 31), "field"), "x[31]");
  const cJSON *more = cJSON_GetArrayItem(get(list.get(), "errors"), 32);
  EXPECT_EQ(str(more, "code"), "MORE_VIOLATIONS");
  EXPECT_NE(str(more, "message").find("68 more findings were not listed"), std::string::npos) << str(more, "message");
}

TEST(RestStrings, KeysInPathsAreDecodedLikeSchemaFieldsUnlessNotPrintable) {
  EXPECT_EQ(codes(verdict("settings.patch", R"({"\u006eame":"\u0000"})")), Codes{"FIELD_FORMAT@name"});
  EXPECT_EQ(codes(verdict("settings.patch", R"({"a\"b\/c\\d":{"\u00e9\uD83D\uDE00":"\u0000"}})")),
            Codes{"FIELD_FORMAT@a\"b/c\\d.\xC3\xA9\xF0\x9F\x98\x80"});
  EXPECT_EQ(codes(verdict("settings.patch", R"({"tab\there\u001f":"\u0000"})")),
            Codes{R"(FIELD_FORMAT@tab\there\u001f)"});
  // A path longer than a field holds is cut between two characters.
  std::string key(90, 'k');
  Json cut = verdict("settings.patch", R"({")" + key + R"(":{"\u00e9\u00e9\u00e9":"\u0000"}})");
  EXPECT_EQ(str(cJSON_GetArrayItem(get(cut.get(), "errors"), 0), "field"), key + ".\xC3\xA9\xC3\xA9");
}

TEST(RestStrings, TheTopValueIsTheBody) {
  Json v = verdict("settings.patch", R"("\u0000")");
  EXPECT_EQ(codes(v), Codes{"FIELD_FORMAT@"});
  EXPECT_EQ(message(v), "settings.patch: the body contains U+0000, which is not allowed in text");
  EXPECT_EQ(codes(verdict("webhookAnswer", R"(["\uDBFF"])")), Codes{"FIELD_FORMAT@[0]"});
}

TEST(RestStrings, OtherLimitsAndMalformedTextKeepTheirOwnVerdict) {
  // Not JSON throughout: the parser's verdict, not a field the text may not even have.
  for (const char *body : {R"({"name":"\u0000")", R"({"name":"\u0000",})", R"({"name":"\u0000"} x)",
                           R"({"name":"\u0000","n":01})", R"({"name":"\u0000","n":tru})", R"({"name":"\u00")",
                           "{\"name\":\"\\u0000\",\"tab\":\"\t\"}", R"({"name":"\u0000" "x":1})"}) {
    Json v = verdict("settings.patch", body);
    EXPECT_EQ(codes(v), Codes{"MALFORMED_JSON@"}) << body;
  }
  std::string deep = R"({"name":"\u0000","x":)" + std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_EQ(codes(verdict("settings.patch", deep)), Codes{"TOO_DEEP@"});
  std::string huge = R"({"name":"\u0000","pad":")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
  EXPECT_EQ(codes(verdict("settings.patch", huge)), Codes{"TOO_LARGE@"});
  // What JSON allows around the values, and cJSON's byte order mark, are still scanned.
  EXPECT_EQ(codes(verdict("settings.patch", "\xEF\xBB\xBF \t\r\n{ \"name\" : [ -0.5e+3 , true, false, null, {} ,"
                                            "\"\\u0000\" ] }\n")),
            Codes{"FIELD_FORMAT@name[5]"});
}

TEST(RestStrings, EnvelopesKeepTheirOwnNulRule) {
  char *text = callcore_validate_envelope(R"({"type":"DIAL_NUMBER\u0000x","messageId":"m"})");
  ASSERT_NE(text, nullptr);
  Json v = parse(take(text));
  EXPECT_EQ(codes(v), Codes{"MALFORMED_JSON@"});
}

}  // namespace
