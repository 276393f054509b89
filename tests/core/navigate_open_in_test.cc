// NAVIGATE_TO_RECORD's optional openIn (reference SDK 0.9.7): where the host
// opens the record, "CURRENT_TAB" or "NEW_TAB"; absent leaves it to the host.
#include "test_support.h"

using namespace cctest;

namespace {

const char *kCoordinates = R"("objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"})";

Json navigate_verdict(const std::string &open_in_json) {
  std::string data = std::string("{") + kCoordinates + (open_in_json.empty() ? "" : ",\"openIn\":" + open_in_json) + "}";
  std::string envelope = R"({"type":"NAVIGATE_TO_RECORD","data":)" + data + R"(,"messageId":"1"})";
  return parse(take(callcore_validate_envelope(envelope.c_str())));
}

TEST(NavigateOpenIn, BothValuesAndAbsencePass) {
  for (const char *value : {R"("CURRENT_TAB")", R"("NEW_TAB")", ""}) {
    Json v = navigate_verdict(value);
    EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok"))) << value << ": " << print(v.get());
    EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "errors")), 0) << value;
    EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "warnings")), 0) << value;
  }
}

TEST(NavigateOpenIn, AnyOtherValueIsAViolationNamingTheFieldAndTheValues) {
  Json v = navigate_verdict(R"("SAME_TAB")");
  EXPECT_FALSE(cJSON_IsTrue(get(v.get(), "ok")));
  ASSERT_EQ(cJSON_GetArraySize(get(v.get(), "errors")), 1) << print(v.get());
  const cJSON *error = cJSON_GetArrayItem(get(v.get(), "errors"), 0);
  EXPECT_EQ(str(error, "code"), "FIELD_ENUM");
  EXPECT_EQ(str(error, "field"), "data.openIn");
  EXPECT_EQ(str(error, "message"), "NAVIGATE_TO_RECORD: data.openIn \"SAME_TAB\" is not one of CURRENT_TAB, NEW_TAB");

  struct Case {
    const char *value, *code;
  } cases[] = {{R"("new_tab")", "FIELD_ENUM"}, {R"("")", "FIELD_ENUM"}, {R"(" NEW_TAB")", "FIELD_ENUM"},
               {"1", "FIELD_TYPE"},          {"true", "FIELD_TYPE"},  {"null", "FIELD_TYPE"},
               {R"(["NEW_TAB"])", "FIELD_TYPE"}};
  for (const Case &c : cases) {
    Json bad = navigate_verdict(c.value);
    EXPECT_FALSE(cJSON_IsTrue(get(bad.get(), "ok"))) << c.value;
    const cJSON *first = cJSON_GetArrayItem(get(bad.get(), "errors"), 0);
    EXPECT_EQ(str(first, "code"), c.code) << c.value;
    EXPECT_EQ(str(first, "field"), "data.openIn") << c.value;
  }
}

TEST(NavigateOpenIn, TheWidgetSendsItAndStrictRefusesAnUnknownValue) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  std::string payload = std::string("{") + kCoordinates + R"(,"openIn":"NEW_TAB"})";
  must_call(wire.widget, "navigateToRecord", payload.c_str(), kT0 + 10);
  std::vector<Delivery> traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(traffic[0].result, CALLCORE_OK);
  EXPECT_EQ(print(get(parse(traffic[0].envelope).get(), "data")), canon(payload));
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_EQ(wire.host_actions.calls("onNavigateToRecord").size(), 1u) << wire.host_actions.dump();

  Wire strict = Wire::make(R"({"policy":"strict"})", R"({"policy":"strict"})");
  strict.ready(kT0);
  strict.clear();
  std::string same = std::string("{") + kCoordinates + R"(,"openIn":"SAME_TAB"})";
  EXPECT_EQ(callcore_call(strict.widget, "navigateToRecord", same.c_str(), kT0 + 10), CALLCORE_E_REFUSED);
  Actions a = drain(strict.widget);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  ASSERT_EQ(a.violations("FIELD_ENUM").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("FIELD_ENUM")[0], "field"), "data.openIn");
}

TEST(NavigateOpenIn, TheCatalogueExportsTheEnumeration) {
  Json cat = catalogue();
  EXPECT_EQ(print(get(get(cat.get(), "enums"), "openIn")), R"(["CURRENT_TAB","NEW_TAB"])");
  const cJSON *f;
  const cJSON *open_in = nullptr;
  cJSON_ArrayForEach(f, get(get(catalogue_entry(cat.get(), "NAVIGATE_TO_RECORD"), "schema"), "fields"))
    if (str(f, "name") == "openIn") open_in = f;
  ASSERT_NE(open_in, nullptr);
  EXPECT_FALSE(cJSON_IsTrue(get(open_in, "required")));
  EXPECT_EQ(print(get(open_in, "types")), R"(["string"])");
  EXPECT_EQ(print(get(open_in, "enum")), R"(["CURRENT_TAB","NEW_TAB"])");
  EXPECT_EQ(print(get(open_in, "rules")), "[]") << "an error, not a warning: the TypeScript type is the union";
}

}  // namespace
