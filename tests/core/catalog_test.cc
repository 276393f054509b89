// The catalogue (callcore_catalog_json) against docs/protocol.md 2.1, 3.1 and 5,
// and callcore_validate_envelope against the catalogue's schemas.
#include <map>
#include <set>

#include "test_support.h"

using namespace cctest;

namespace {

TEST(Catalogue, IsDeterministicAndAnnouncesTheSdkVersionAndSentinel) {
  std::string a = take(callcore_catalog_json()), b = take(callcore_catalog_json());
  EXPECT_EQ(a, b);
  Json cat = parse(a);
  EXPECT_EQ(str(cat.get(), "sdkVersion"), CALLCORE_SDK_VERSION);
  EXPECT_EQ(str(cat.get(), "undefined"), kUndefined);
  EXPECT_EQ(kUndefined, std::string("\x1bundefined"));
}

TEST(Catalogue, HoldsEveryWireTypeOfSection21WithItsDirection) {
  const std::map<std::string, std::string> expected = {
      {"SYNC", "host-to-widget"},
      {"SYNC_ACK", "widget-to-host"},
      {"SYNC_ACK_FAILED", "local"},
      {"READY", "local"},
      {"INITIALIZED", "widget-to-host"},
      {"LOGGED_IN", "widget-to-host"},
      {"LOGGED_OUT", "widget-to-host"},
      {"USER_AVAILABLE", "widget-to-host"},
      {"USER_UNAVAILABLE", "widget-to-host"},
      {"DIAL_NUMBER", "host-to-widget"},
      {"OUTGOING_CALL_STARTED", "widget-to-host"},
      {"INCOMING_CALL", "widget-to-host"},
      {"CALL_ANSWERED", "widget-to-host"},
      {"CALL_TRANSFERRED", "widget-to-host"},
      {"CALL_ENDED", "widget-to-host"},
      {"CALL_COMPLETED", "widget-to-host"},
      {"CALL_DATA", "widget-to-host"},
      {"END_CALL", "host-to-widget"},
      {"SET_CALL_STATE", "host-to-widget"},
      {"ENGAGEMENT_CREATED", "host-to-widget"},
      {"CREATE_ENGAGEMENT_SUCCEEDED", "host-to-widget"},
      {"CREATE_ENGAGEMENT_FAILED", "host-to-widget"},
      {"UPDATE_ENGAGEMENT_SUCCEEDED", "host-to-widget"},
      {"UPDATE_ENGAGEMENT_FAILED", "host-to-widget"},
      {"CALLER_ID_MATCH_SUCCEEDED", "host-to-widget"},
      {"CALLER_ID_MATCH_FAILED", "host-to-widget"},
      {"NAVIGATE_TO_RECORD", "widget-to-host"},
      {"NAVIGATE_TO_RECORD_FAILED", "host-to-widget"},
      {"PUBLISH_TO_CHANNEL", "widget-to-host"},
      {"PUBLISH_TO_CHANNEL_SUCCEEDED", "host-to-widget"},
      {"PUBLISH_TO_CHANNEL_FAILED", "host-to-widget"},
      {"FINALIZE_ENGAGEMENT", "widget-to-host"},
      {"FINALIZE_ENGAGEMENT_SUCCEEDED", "host-to-widget"},
      {"FINALIZE_ENGAGEMENT_FAILED", "host-to-widget"},
      {"INITIATE_CALL_ID_SUCCEEDED", "host-to-widget"},
      {"INITIATE_CALL_ID_FAILED", "host-to-widget"},
      {"SET_WIDGET_URL", "widget-to-host"},
      {"SET_WIDGET_URL_FAILED", "host-to-widget"},
      {"VISIBILITY_CHANGED", "host-to-widget"},
      {"RESIZE_WIDGET", "widget-to-host"},
      {"ERROR", "either"},
      {"FAILED", "host-to-widget"},
      {"UPDATE_ASSOCIATIONS_FAILED", "host-to-widget"},
      {"UNLOADING", "unused"},
      {"RINGTONE_ENDED", "unused"},
  };
  Json cat = catalogue();
  std::map<std::string, std::string> actual;
  const cJSON *m;
  cJSON_ArrayForEach(m, get(cat.get(), "messages")) {
    EXPECT_EQ(actual.count(str(m, "type")), 0u) << "listed twice: " << str(m, "type");
    actual[str(m, "type")] = str(m, "direction");
    EXPECT_EQ(keys(m), split_keys("type,direction,method,payload,widgetHandler,hostHandler,since,removed,replacedBy,summary,schema"))
        << str(m, "type");
    EXPECT_NE(str(m, "summary"), "") << str(m, "type");
  }
  EXPECT_EQ(actual, expected);
}

TEST(Catalogue, PayloadShapesFollowSection13) {
  Json cat = catalogue();
  const cJSON *m;
  cJSON_ArrayForEach(m, get(cat.get(), "messages")) {
    std::string type = str(m, "type"), payload = str(m, "payload");
    if (type == "LOGGED_IN" || type == "LOGGED_OUT" || type == "USER_AVAILABLE" || type == "USER_UNAVAILABLE" ||
        type == "SYNC_ACK_FAILED")
      EXPECT_EQ(payload, "none") << type;
    else if (type == "SYNC" || type == "SYNC_ACK")
      EXPECT_EQ(payload, "top-level") << type;
    else
      EXPECT_EQ(payload, "data") << type;
  }
}

TEST(Catalogue, DeprecationsRemovalsAndReleases) {
  Json cat = catalogue();
  auto entry = [&](const char *type) { return catalogue_entry(cat.get(), type); };
  EXPECT_EQ(str(entry("ENGAGEMENT_CREATED"), "replacedBy"), "CREATE_ENGAGEMENT_SUCCEEDED");
  EXPECT_EQ(str(entry("PUBLISH_TO_CHANNEL"), "replacedBy"), "FINALIZE_ENGAGEMENT");
  EXPECT_EQ(str(entry("PUBLISH_TO_CHANNEL_SUCCEEDED"), "replacedBy"), "FINALIZE_ENGAGEMENT_SUCCEEDED");
  EXPECT_EQ(str(entry("PUBLISH_TO_CHANNEL_FAILED"), "replacedBy"), "FINALIZE_ENGAGEMENT_FAILED");
  EXPECT_EQ(str(entry("UPDATE_ASSOCIATIONS_FAILED"), "removed"), "0.9.5");
  EXPECT_TRUE(cJSON_IsNull(get(entry("UPDATE_ASSOCIATIONS_FAILED"), "widgetHandler"))) << "today's widgets lack it";
  EXPECT_EQ(str(entry("CALL_TRANSFERRED"), "since"), "0.9.6");
  EXPECT_EQ(str(entry("FINALIZE_ENGAGEMENT"), "since"), "0.9.4");
  EXPECT_EQ(str(entry("INCOMING_CALL"), "since"), "0.3.0");
  EXPECT_EQ(str(entry("CREATE_ENGAGEMENT_SUCCEEDED"), "since"), "0.1.8");
  EXPECT_EQ(str(entry("SET_WIDGET_URL_FAILED"), "since"), "0.8.0");
  EXPECT_EQ(str(entry("FAILED"), "since"), "0.8.1");
  EXPECT_TRUE(cJSON_IsNull(get(entry("CALL_ENDED"), "replacedBy")));
}

TEST(Catalogue, EnumerationsOfSection5) {
  Json cat = catalogue();
  const cJSON *enums = get(cat.get(), "enums");
  auto list = [&](const char *name) {
    std::vector<std::string> out;
    const cJSON *v;
    cJSON_ArrayForEach(v, get(enums, name)) out.push_back(v->valuestring);
    return out;
  };
  using L = std::vector<std::string>;
  EXPECT_EQ(list("callEndStatus"), (L{"COMPLETED", "FAILED", "CANCELED", "BUSY", "NO_ANSWER", "REJECTED", "MISSED"}));
  EXPECT_EQ(list("finalCallStatus"), (L{"BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "HOLD",
                                        "IN_PROGRESS", "MISSED", "NO_ANSWER", "QUEUED", "RINGING", "UNKNOWN"}));
  EXPECT_EQ(list("hsCallStatus"), (L{"BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED",
                                     "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"}));
  EXPECT_EQ(list("callerIdType"), (L{"CONTACT", "COMPANY"}));
  EXPECT_EQ(list("iframeLocation"), (L{"widget", "remote", "window"}));
  std::set<std::string> call_status;
  for (const std::string &s : list("callStatus")) call_status.insert(s);
  EXPECT_EQ(call_status, (std::set<std::string>{"CONNECTING", "CALLING_CRM_USER", "IN_PROGRESS", "CANCELED", "FAILED",
                                                 "BUSY", "NO_ANSWER", "COMPLETED", "ENDING", "QUEUED", "RINGING"}));
  std::vector<std::string> origins;
  const cJSON *o;
  cJSON_ArrayForEach(o, get(cat.get(), "hubspotOrigins")) origins.push_back(o->valuestring);
  EXPECT_NE(std::find(origins.begin(), origins.end(), "https://app.hubspot.com"), origins.end());
  EXPECT_NE(std::find(origins.begin(), origins.end(), "https://app.hubspotqa.com"), origins.end());
}

TEST(Catalogue, SchemasDescribeTheirFields) {
  Json cat = catalogue();
  const cJSON *fields = get(get(catalogue_entry(cat.get(), "CALL_ENDED"), "schema"), "fields");
  ASSERT_EQ(cJSON_GetArraySize(fields), 3);
  const cJSON *id = cJSON_GetArrayItem(fields, 0);
  EXPECT_EQ(str(id, "name"), "externalCallId");
  EXPECT_TRUE(cJSON_IsTrue(get(id, "required")));
  const cJSON *status = cJSON_GetArrayItem(fields, 2);
  EXPECT_EQ(str(status, "name"), "callEndStatus");
  EXPECT_FALSE(cJSON_IsTrue(get(status, "required")));
  EXPECT_EQ(cJSON_GetArraySize(get(status, "enum")), 7);
  EXPECT_EQ(print(get(status, "rules")), R"(["stripsInternalPrefix"])");
  // Every field of every schema says what it is.
  const cJSON *m;
  cJSON_ArrayForEach(m, get(cat.get(), "messages")) {
    const cJSON *f;
    cJSON_ArrayForEach(f, get(get(m, "schema"), "fields")) {
      EXPECT_TRUE(cJSON_IsString(get(f, "name"))) << str(m, "type");
      EXPECT_GT(cJSON_GetArraySize(get(f, "types")), 0) << str(m, "type") << "." << str(f, "name");
      EXPECT_TRUE(cJSON_IsBool(get(f, "required")));
      EXPECT_TRUE(cJSON_IsArray(get(f, "rules")));
    }
  }
}

// Field names within a schema are distinct, nested schemas too: the validator
// counts the members it found by name and skips its misspelling search when all
// were found, which a repeated name would fool.
void expect_distinct_names(const cJSON *schema, const std::string &where) {
  std::set<std::string> seen;
  const cJSON *f;
  cJSON_ArrayForEach(f, get(schema, "fields")) {
    EXPECT_TRUE(seen.insert(str(f, "name")).second) << where << "." << str(f, "name");
    if (get(f, "schema")) expect_distinct_names(get(f, "schema"), where + "." + str(f, "name"));
    if (get(get(f, "items"), "fields")) expect_distinct_names(get(f, "items"), where + "." + str(f, "name") + "[]");
  }
}

TEST(Catalogue, SchemaFieldNamesAreDistinct) {
  Json cat = catalogue();
  const cJSON *m;
  int schemas = 0;
  cJSON_ArrayForEach(m, get(cat.get(), "messages")) {
    if (!get(m, "schema")) continue;
    schemas++;
    expect_distinct_names(get(m, "schema"), str(m, "type"));
  }
  EXPECT_GT(schemas, 20);
}

// Every sample payload used across the suites is valid by the catalogue's own schema.
bool has_data(const cJSON *entry) { return str(entry, "payload") == "data" && str(entry, "direction") != "local"; }

class SampleIsValid : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleIsValid, ByValidateEnvelope) {
  std::string envelope = "{\"type\":\"" + GetParam() + "\",\"data\":" + sample_payload(GetParam()) + ",\"messageId\":\"1\"}";
  Json v = parse(take(callcore_validate_envelope(envelope.c_str())));
  EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok"))) << print(v.get());
  EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "errors")), 0);
  Json cat = catalogue();
  bool deprecated = cJSON_IsString(get(catalogue_entry(cat.get(), GetParam()), "replacedBy"));
  const cJSON *w = get(v.get(), "warnings");
  if (deprecated) {
    ASSERT_EQ(cJSON_GetArraySize(w), 1) << print(v.get());
    EXPECT_EQ(str(cJSON_GetArrayItem(w, 0), "code"), "DEPRECATED_TYPE");
  } else {
    EXPECT_EQ(cJSON_GetArraySize(w), 0) << print(v.get());
  }
  EXPECT_EQ(print(get(v.get(), "value")), canon(envelope)) << "a valid envelope is returned unchanged";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, SampleIsValid, ::testing::ValuesIn(catalogue_types(has_data)),
                         [](const ::testing::TestParamInfo<std::string> &info) { return param_name(info.param); });

TEST(ValidateEnvelope, ReportsWhatIsWrongWithOneMessage) {
  struct Case {
    const char *envelope;
    const char *first_code;
    const char *field;
  } cases[] = {
      {R"({"type":"NOT_A_TYPE","messageId":"1"})", "UNKNOWN_TYPE", "type"},
      {R"({"messageId":"1"})", "MISSING_TYPE", "type"},
      {R"({"type":7})", "TYPE_NOT_STRING", "type"},
      {R"({"type":""})", "MISSING_TYPE", "type"},  // as a session's receive says it
      {R"({"type":null})", "MISSING_TYPE", "type"},
      {R"({"type":{"a":1}})", "TYPE_NOT_STRING", "type"},
      {R"([])", "NOT_AN_OBJECT", ""},
      {R"({"type":"CALL_ENDED","data":"c-1"})", "DATA_NOT_OBJECT", "data"},
      {R"({"type":"CALL_ENDED","data":{}})", "FIELD_REQUIRED", "data.externalCallId"},
      {R"({"type":"CALL_ENDED","data":"\u001bundefined"})", "FIELD_REQUIRED", "data.externalCallId"},
      {R"({"type":"CALL_ENDED"})", "FIELD_REQUIRED", "data.externalCallId"},
      {R"({"type":"INCOMING_CALL","data":{"externalCallId":"x","fromNumber":"+18884827768","toNumber":"+442073238299","createEngagement":"true"}})",
       "FIELD_TYPE", "data.createEngagement"},
      {R"({"type":"NAVIGATE_TO_RECORD","data":{"objectCoordinates":{"portalId":-1,"objectId":51,"objectTypeId":"0-1"}}})",
       "FIELD_RANGE", "data.objectCoordinates.portalId"},
      {R"({"type":"CALL_ENDED","data":{"externalCallID":"x"}})", "FIELD_REQUIRED", "data.externalCallId"},
      {R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":"1"})", "FIELD_REQUIRED", "version"},
      {"{", "MALFORMED_JSON", ""},
  };
  for (const Case &c : cases) {
    Json v = parse(take(callcore_validate_envelope(c.envelope)));
    EXPECT_FALSE(cJSON_IsTrue(get(v.get(), "ok"))) << c.envelope;
    const cJSON *first = cJSON_GetArrayItem(get(v.get(), "errors"), 0);
    EXPECT_EQ(str(first, "code"), c.first_code) << c.envelope << " -> " << print(v.get());
    EXPECT_EQ(str(first, "field"), c.field) << c.envelope;
  }
  // The guide's misspelling is named.
  Json v = parse(take(callcore_validate_envelope(R"({"type":"CALL_ENDED","data":{"externalCallId":"x","externalCallID":"x"}})")));
  EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok")));
  EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "warnings"), 0), "message"),
            "CALL_ENDED: data.externalCallID is not a known key; did you mean externalCallId?");
  // Soft rules warn: an objectType of a ticket call (calling-extensions-sdk#228) is not an error.
  v = parse(take(callcore_validate_envelope(R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","objectType":"TICKET"}})")));
  EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok"))) << print(v.get());
  EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "warnings"), 0), "code"), "FIELD_ENUM");
  // NULL input is a verdict, not a crash.
  char *text = callcore_validate_envelope(nullptr);
  ASSERT_NE(text, nullptr);
  EXPECT_FALSE(cJSON_IsTrue(get(parse(take(text)).get(), "ok")));
}

}  // namespace
