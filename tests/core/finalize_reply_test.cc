// FINALIZE_ENGAGEMENT_SUCCEEDED / _FAILED: the replies that replaced
// PUBLISH_TO_CHANNEL_SUCCEEDED / _FAILED carry the same payload
// (engagementId, externalCallId). Added as catalogue rows' schema alone:
// nothing else in the engine names these types.
#include "test_support.h"

using namespace cctest;

namespace {

// A finalized call, waiting for the host's answer.
Wire finalized_call() {
  Wire wire = Wire::make();
  wire.ready(kT0);
  must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1","createEngagement":true})", kT0 + 10);
  wire.pump(kT0 + 10);
  must_call(wire.host, "sendMessage", message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":555})").c_str(), kT0 + 11);
  wire.pump(kT0 + 11);
  must_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","engagementId":555})", kT0 + 12);
  must_call(wire.widget, "callCompleted", R"({"externalCallId":"c-1","engagementId":555})", kT0 + 13);
  must_call(wire.widget, "finalizeEngagement", R"({"externalCallId":"c-1","engagementId":555})", kT0 + 14);
  wire.pump(kT0 + 14);
  wire.clear();
  return wire;
}

class FinalizeReply : public ::testing::TestWithParam<const char *> {};

TEST_P(FinalizeReply, ItsFieldsAreChecked) {
  Wire wire = finalized_call();
  must_call(wire.host, "sendMessage", message(GetParam(), R"({"externalCallId":7,"engagementId":"x"})").c_str(),
            kT0 + 15);
  wire.pump(kT0 + 15);
  for (const Actions *side : {&wire.host_actions, &wire.widget_actions}) {
    ASSERT_EQ(side->violations("FIELD_TYPE").size(), 2u) << side->dump();
    EXPECT_EQ(str(side->violations("FIELD_TYPE")[0], "field"), "data.engagementId");
    EXPECT_EQ(str(side->violations("FIELD_TYPE")[1], "field"), "data.externalCallId");
  }
}

TEST_P(FinalizeReply, AWellFormedReplyIsQuietAndClearsThePendingFlag) {
  Wire wire = finalized_call();
  must_call(wire.host, "sendMessage", message(GetParam(), R"({"externalCallId":"c-1","engagementId":555})").c_str(),
            kT0 + 15);
  wire.pump(kT0 + 15);
  EXPECT_TRUE(wire.widget_actions.violations().empty()) << wire.widget_actions.dump();
  EXPECT_TRUE(wire.host_actions.violations().empty()) << wire.host_actions.dump();
  EXPECT_FALSE(cJSON_IsTrue(get(call_state(wire.widget).get(), "finalizePending")));
}

TEST_P(FinalizeReply, TheCatalogueExportsItsSchema) {
  Json cat = parse(take(callcore_catalog_json()));
  const cJSON *schema = get(catalogue_entry(cat.get(), GetParam()), "schema");
  ASSERT_TRUE(cJSON_IsObject(schema)) << GetParam();
  std::vector<std::string> names;
  const cJSON *field;
  cJSON_ArrayForEach(field, get(schema, "fields")) names.push_back(str(field, "name"));
  EXPECT_EQ(names, (std::vector<std::string>{"engagementId", "externalCallId"}));
}

INSTANTIATE_TEST_SUITE_P(Replies, FinalizeReply,
                         ::testing::Values("FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED"));

}  // namespace
