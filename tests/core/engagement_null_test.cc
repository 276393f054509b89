// null in engagement properties means "no value". HubSpot's CRM properties
// API clears a property given null, and HubSpot's own React demo widget
// completes an unrecorded call with
//   callCompleted({engagementId, hideWidget, engagementProperties: {hs_call_recording_url: null, ...}})
// so a null property is neither a warning nor, under strict, a refusal; a
// value of the wrong type still is. Other payloads keep null a type error.
#include "test_support.h"

using namespace cctest;

namespace {

// The engagement property names, as the catalogue lists them for CALL_COMPLETED.
std::vector<std::string> engagement_property_names() {
  Json cat = catalogue();
  const cJSON *fields = get(get(catalogue_entry(cat.get(), "CALL_COMPLETED"), "schema"), "fields");
  const cJSON *f;
  std::vector<std::string> names;
  cJSON_ArrayForEach(f, fields) {
    if (str(f, "name") != "engagementProperties") continue;
    const cJSON *p;
    cJSON_ArrayForEach(p, get(get(f, "schema"), "fields")) names.push_back(str(p, "name"));
  }
  return names;
}

Json verdict_of(const std::string &envelope) { return parse(take(callcore_validate_envelope(envelope.c_str()))); }

std::string completed_with(const std::string &properties) {
  return R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementId":987654321,"hideWidget":true,)"
         R"("engagementProperties":)" + properties + R"(},"messageId":"1"})";
}

TEST(EngagementNull, EveryPropertyMayBeNull) {
  std::vector<std::string> names = engagement_property_names();
  ASSERT_EQ(names.size(), 16u);
  for (const std::string &name : names) {
    Json v = verdict_of(completed_with(R"({")" + name + R"(":null})"));
    EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok"))) << name << ": " << print(v.get());
    EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "errors")), 0) << name << ": " << print(v.get());
    EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "warnings")), 0) << name << ": " << print(v.get());
  }
  // All of them at once, as a widget that clears everything would send.
  std::string all = "{";
  for (const std::string &name : names) all += (all.size() > 1 ? ",\"" : "\"") + name + "\":null";
  Json v = verdict_of(completed_with(all + "}"));
  EXPECT_TRUE(cJSON_IsTrue(get(v.get(), "ok"))) << print(v.get());
  EXPECT_EQ(cJSON_GetArraySize(get(v.get(), "warnings")), 0) << print(v.get());
}

TEST(EngagementNull, AWrongValueThatIsNotNullStillFails) {
  struct Case {
    const char *properties, *code, *field;
  } cases[] = {
      {R"({"hs_call_recording_url":5})", "FIELD_TYPE", "data.engagementProperties.hs_call_recording_url"},
      {R"({"hs_call_recording_url":null,"hs_call_duration":false})", "FIELD_TYPE",
       "data.engagementProperties.hs_call_duration"},
      {R"({"hs_call_title":{}})", "FIELD_TYPE", "data.engagementProperties.hs_call_title"},
      {R"({"hs_call_body":[null]})", "FIELD_TYPE", "data.engagementProperties.hs_call_body"},
      {R"({"hs_call_recording_url":"http://rec.example.com/a.mp3"})", "FIELD_FORMAT",
       "data.engagementProperties.hs_call_recording_url"},
      {R"({"hs_call_direction":"SIDEWAYS","hs_call_status":null})", "FIELD_ENUM",
       "data.engagementProperties.hs_call_direction"},
  };
  for (const Case &c : cases) {
    Json v = verdict_of(completed_with(c.properties));
    EXPECT_FALSE(cJSON_IsTrue(get(v.get(), "ok"))) << c.properties;
    ASSERT_EQ(cJSON_GetArraySize(get(v.get(), "errors")), 1) << c.properties << ": " << print(v.get());
    const cJSON *error = cJSON_GetArrayItem(get(v.get(), "errors"), 0);
    EXPECT_EQ(str(error, "code"), c.code) << c.properties;
    EXPECT_EQ(str(error, "field"), c.field) << c.properties;
  }
  // The sentence names the types the property takes, not null.
  Json v = verdict_of(completed_with(R"({"hs_call_recording_url":5})"));
  EXPECT_EQ(str(cJSON_GetArrayItem(get(v.get(), "errors"), 0), "message"),
            "CALL_COMPLETED: data.engagementProperties.hs_call_recording_url must be a string, not 5");
}

TEST(EngagementNull, OtherPayloadsKeepNullATypeError) {
  struct Case {
    const char *envelope, *field;
  } cases[] = {
      {R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementProperties":null}})",
       "data.engagementProperties"},
      {R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","hideWidget":null}})", "data.hideWidget"},
      {R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementId":null}})", "data.engagementId"},
      {R"({"type":"CALL_ENDED","data":{"externalCallId":"x","callEndStatus":null}})", "data.callEndStatus"},
      {R"({"type":"OUTGOING_CALL_STARTED","data":{"externalCallId":"x","fromNumber":null}})", "data.fromNumber"},
      {R"({"type":"NAVIGATE_TO_RECORD","data":{"objectCoordinates":{"portalId":1,"objectId":null,"objectTypeId":"0-1"}}})",
       "data.objectCoordinates.objectId"},
  };
  for (const Case &c : cases) {
    Json v = verdict_of(c.envelope);
    EXPECT_FALSE(cJSON_IsTrue(get(v.get(), "ok"))) << c.envelope;
    const cJSON *error = cJSON_GetArrayItem(get(v.get(), "errors"), 0);
    EXPECT_EQ(str(error, "code"), "FIELD_TYPE") << c.envelope << ": " << print(v.get());
    EXPECT_EQ(str(error, "field"), c.field) << c.envelope;
  }
  // A required field given null is still missing.
  Json v = verdict_of(R"({"type":"CALL_COMPLETED","data":{"externalCallId":null}})");
  EXPECT_FALSE(cJSON_IsTrue(get(v.get(), "ok")));
}

TEST(EngagementNull, TheCatalogueTypesEngagementPropertiesAsNullable) {
  Json cat = catalogue();
  const cJSON *completed = get(catalogue_entry(cat.get(), "CALL_COMPLETED"), "schema");
  const cJSON *f;
  cJSON_ArrayForEach(f, get(completed, "fields")) {
    std::string types = print(get(f, "types"));
    if (str(f, "name") == "engagementProperties") {
      EXPECT_EQ(types, R"(["object"])") << "the object itself is not nullable";
      const cJSON *p;
      cJSON_ArrayForEach(p, get(get(f, "schema"), "fields")) {
        std::string inner = print(get(p, "types"));
        EXPECT_NE(inner.find("\"null\""), std::string::npos) << str(p, "name") << " " << inner;
      }
    } else {
      EXPECT_EQ(types.find("\"null\""), std::string::npos) << str(f, "name") << " " << types;
    }
  }
}

// HubSpot's React demo, end to end: an outbound call with an engagement,
// answered, ended, then completed with no recording.
class UnrecordedCall : public ::testing::TestWithParam<const char *> {};

TEST_P(UnrecordedCall, IsCompletedWithoutAViolation) {
  const std::string policy = std::string(R"({"policy":")") + GetParam() + R"("})";
  Wire wire = Wire::make(policy, policy);
  wire.ready(kT0);
  double t = kT0 + 10;
  must_call(wire.widget, "outgoingCall",
            R"({"externalCallId":"c-1","toNumber":"+442073238299","fromNumber":"+18884827768","createEngagement":true})",
            t);
  wire.pump(t++);
  must_call(wire.host, "sendMessage", message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321})").c_str(), t);
  wire.pump(t++);
  must_call(wire.widget, "callAnswered", R"({"externalCallId":"c-1"})", t);
  wire.pump(t++);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","engagementId":987654321,"callEndStatus":"COMPLETED"})", t);
  wire.pump(t++);
  wire.clear();

  const char *completed =
      R"({"externalCallId":"c-1","engagementId":987654321,"hideWidget":false,"engagementProperties":)"
      R"({"hs_call_recording_url":null,"hs_call_disposition":null,"hs_call_title":"Follow-up","hs_call_body":"Asked for a quote"}})";
  ASSERT_EQ(callcore_call(wire.widget, "callCompleted", completed, t), CALLCORE_OK) << callcore_last_error(wire.widget);
  std::vector<Delivery> traffic = wire.pump(t);
  ASSERT_EQ(traffic.size(), 1u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(traffic[0].result, CALLCORE_OK);
  Json sent = parse(traffic[0].envelope);
  EXPECT_EQ(str(sent.get(), "type"), "CALL_COMPLETED");
  EXPECT_EQ(print(get(sent.get(), "data")), canon(completed)) << "the nulls cross the wire as they were";
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_EQ(wire.host_actions.calls("onCallCompleted").size(), 1u) << wire.host_actions.dump();

  // The host's UPDATE_ENGAGEMENT_SUCCEEDED is expected: the properties were sent.
  must_call(wire.host, "sendMessage", message("UPDATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321})").c_str(), t + 1);
  wire.pump(t + 1);
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
}

INSTANTIATE_TEST_SUITE_P(EngagementNull, UnrecordedCall, ::testing::Values("warn", "strict"));

TEST(EngagementNull, StrictStillRefusesAWrongNonNullValue) {
  const std::string strict = R"({"policy":"strict"})";
  Wire wire = Wire::make(strict, strict);
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
  wire.pump(kT0 + 10);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","callEndStatus":"COMPLETED"})", kT0 + 11);
  wire.pump(kT0 + 11);
  wire.clear();
  EXPECT_EQ(callcore_call(wire.widget, "callCompleted",
                          R"({"externalCallId":"c-1","engagementProperties":{"hs_call_recording_url":null,"hs_call_duration":true}})",
                          kT0 + 12),
            CALLCORE_E_REFUSED);
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.posts().empty()) << a.dump();
  ASSERT_EQ(a.violations("FIELD_TYPE").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("FIELD_TYPE")[0], "field"), "data.engagementProperties.hs_call_duration");
}

}  // namespace
