// callcore_validate_rest(kind "json"): a body with no schema (the emulator's
// /_emulator/ API) read by the rules every REST kind shares, and nothing else:
// size, depth, string length, duplicate keys, U+0000 and lone surrogates. The
// verdict's value is the tree the core read, so a caller stores that and never
// a second reading of the text.
#include <cmath>

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
std::vector<std::string> codes(const Json &v) {
  std::vector<std::string> out;
  const cJSON *item;
  cJSON_ArrayForEach(item, get(v.get(), "errors")) out.push_back(str(item, "code") + "@" + str(item, "field"));
  return out;
}
std::string message(const Json &v) { return str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "message"); }
using Codes = std::vector<std::string>;

TEST(RestJsonKind, AnyJsonValueIsAcceptedAndEchoed) {
  for (const char *body : {R"({"phoneNumber":"+442073238299"})", R"({"properties":{"a":1,"b":[true,null]}})",
                           "[1,2,3]", R"("text")", "42", "true", "{}", "[]"}) {
    Json v = verdict("json", body);
    EXPECT_TRUE(ok(v)) << body << " " << print(v.get());
    EXPECT_TRUE(codes(v).empty()) << body;
    EXPECT_EQ(print(get(v.get(), "value")), canon(body)) << body;
  }
  Json null_body = verdict("json", "null");
  EXPECT_TRUE(ok(null_body));
  EXPECT_TRUE(cJSON_IsNull(get(null_body.get(), "value")));
}

TEST(RestJsonKind, NoSchemaAppliesNotEvenTheSettingsOne) {
  // What settings.create refuses nine times over is plain JSON here.
  Json v = verdict("json", R"J({"name":5,"url":"javascript:alert(1)","width":-1,"extra":{"deep":"x"}})J");
  EXPECT_TRUE(ok(v)) << print(v.get());
  EXPECT_TRUE(cJSON_IsArray(get(v.get(), "warnings")));
  EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "warnings")), 0);
}

TEST(RestJsonKind, ADuplicateKeyIsRefusedWithItsPathAndNoValue) {
  Json v = verdict("json", R"({"properties":{"hs_call_body":"a","hs_call_body":{"x":1}}})");
  EXPECT_FALSE(ok(v));
  EXPECT_EQ(codes(v), Codes{"DUPLICATE_KEY@properties.hs_call_body"});
  EXPECT_EQ(message(v).rfind("json: ", 0), 0u) << message(v);
  EXPECT_TRUE(cJSON_IsNull(get(v.get(), "value"))) << "a text that means two things has no value";
  Json in_list = verdict("json", R"([{"a":1},{"b":1,"b":2}])");
  EXPECT_EQ(codes(in_list), Codes{"DUPLICATE_KEY@[1].b"});
}

TEST(RestJsonKind, StringsNoStoreKeepsIntactAreNamed) {
  Json nul = verdict("json", R"({"firstName":"Ann\u0000e"})");
  EXPECT_EQ(codes(nul), Codes{"FIELD_FORMAT@firstName"});
  EXPECT_EQ(message(nul), "json: firstName contains U+0000, which is not allowed in text");
  EXPECT_TRUE(cJSON_IsNull(get(nul.get(), "value")));
  Json lone = verdict("json", R"({"phoneNumber":"\uD83D"})");
  EXPECT_EQ(codes(lone), Codes{"FIELD_FORMAT@phoneNumber"});
  EXPECT_TRUE(cJSON_IsNull(get(lone.get(), "value")));
}

TEST(RestJsonKind, TheBoundsOfEveryKindHold) {
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(codes(verdict("json", deep)).at(0).substr(0, 9), "TOO_DEEP@");
  std::string long_string = "{\"a\":\"" + std::string(70000, 'x') + "\"}";
  EXPECT_EQ(codes(verdict("json", long_string)).at(0).substr(0, 16), "STRING_TOO_LONG@");
  std::string large = "[" + std::string(1024 * 1024, ' ') + "1]";
  EXPECT_EQ(codes(verdict("json", large)).at(0).substr(0, 10), "TOO_LARGE@");
  for (const char *bad : {"", "{", R"({"a":1,})", "{'a':1}", R"({"a":1} x)"}) {
    Json v = verdict("json", bad);
    EXPECT_FALSE(ok(v)) << bad;
    EXPECT_EQ(codes(v).at(0).substr(0, 15), "MALFORMED_JSON@") << bad;
    EXPECT_TRUE(cJSON_IsNull(get(v.get(), "value"))) << bad;
  }
}

TEST(RestJsonKind, NumbersAtTheEdgesAreTheDoublesTheCoreRead) {
  Json v = verdict("json", R"({"big":1e308,"negativeZero":-0,"past53":9007199254740993,"tiny":5e-324})");
  ASSERT_TRUE(ok(v)) << print(v.get());
  const cJSON *value = get(v.get(), "value");
  EXPECT_EQ(cJSON_GetNumberValue(get(value, "big")), 1e308);
  const double zero = cJSON_GetNumberValue(get(value, "negativeZero"));
  EXPECT_EQ(zero, 0.0);
  EXPECT_TRUE(std::signbit(zero)) << "-0 keeps its sign";
  EXPECT_EQ(cJSON_GetNumberValue(get(value, "past53")), 9007199254740992.0);
  EXPECT_EQ(cJSON_GetNumberValue(get(value, "tiny")), 5e-324);
}

TEST(RestJsonKind, TheUnknownKindSentenceListsEveryKindJsonIncluded) {
  Json v = verdict("jsn", "{}");
  EXPECT_EQ(codes(v), Codes{"UNKNOWN_TYPE@kind"});
  EXPECT_EQ(message(v),
            "jsn: kind must be one of settings.create, settings.patch, channelConnection.create, "
            "channelConnection.patch, inboundCall, webhookAnswer, json");
  for (const char *kind : {"settings.create", "settings.patch", "channelConnection.create", "channelConnection.patch",
                           "inboundCall", "webhookAnswer", "json"}) {
    EXPECT_EQ(message(v).find(kind) != std::string::npos, true) << kind;
    Json known = verdict(kind, "{}");
    for (const std::string &code : codes(known)) EXPECT_NE(code, "UNKNOWN_TYPE@kind") << kind;
  }
}

TEST(RestJsonKind, TheCatalogueListsOnlyTheKindsWithASchema) {
  // "json" has no body of HubSpot's API behind it and no schema to export: the catalogue's
  // "rest" (what the glue's types are written from) leaves it out, validate_rest still takes it.
  Json catalogue = parse(take(callcore_catalog_json()));
  const cJSON *rest = get(catalogue.get(), "rest");
  ASSERT_TRUE(cJSON_IsObject(rest));
  EXPECT_EQ(get(rest, "json"), nullptr);
  EXPECT_NE(get(rest, "webhookAnswer"), nullptr) << "the kind before it is still listed";
  EXPECT_TRUE(ok(verdict("json", "{}")));
}

}  // namespace
