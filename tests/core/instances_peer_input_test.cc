// Several instances, the channel as input (docs/instances.md): any page of the
// origin may post on a BroadcastChannel, so a peer message is checked like an
// envelope. A bad one is a violation in the direction "peer" naming its field,
// and changes nothing; without the option there is no channel at all.
#include "instances_support.h"

namespace {

using namespace cctest;

constexpr const char *kOptions = R"({"instances":{"channel":"app","member":"me","settleMs":0},"limits":{"maxEnvelopeBytes":4096}})";

std::string hello(const std::string &from, const std::string &extra = "") {
  return R"({"callcore":"instances","version":1,"channel":"app","from":")" + from +
         R"(","kind":"hello","surface":"remote","since":5)" + extra + "}";
}

struct BadMessage {
  const char *name;
  std::string text;
  const char *code;
  const char *field;
};

std::vector<BadMessage> bad_messages() {
  std::string big = hello("x", R"(,"pad":")" + std::string(5000, 'p') + "\"");
  return {
      {"not JSON", "{nope", "MALFORMED_JSON", ""},
      {"too large", big, "TOO_LARGE", ""},
      {"duplicate key", R"({"callcore":"instances","callcore":"instances"})", "DUPLICATE_KEY", "callcore"},
      {"not an object", "[1]", "PEER_MALFORMED", ""},
      {"another protocol", R"({"callcore":"other","version":1})", "PEER_MALFORMED", "callcore"},
      {"another version", R"({"callcore":"instances","version":2})", "PEER_MALFORMED", "version"},
      {"another channel", R"({"callcore":"instances","version":1,"channel":"other","from":"x","kind":"hello"})",
       "PEER_CHANNEL_MISMATCH", "channel"},
      {"from self", hello("me"), "PEER_FROM_SELF", "from"},
      {"from too long", hello(std::string(65, 'x')), "PEER_MALFORMED", "from"},
      {"unknown kind", R"({"callcore":"instances","version":1,"channel":"app","from":"x","kind":"shout"})",
       "PEER_MALFORMED", "kind"},
      {"bad surface", R"({"callcore":"instances","version":1,"channel":"app","from":"x","kind":"here","surface":"tab","since":1})",
       "PEER_MALFORMED", "surface"},
      {"bad call state", hello("x", R"(,"calls":[{"externalCallId":"c","inbound":true,"state":"bogus","engagementId":null,"owner":"x"}])"),
       "PEER_MALFORMED", "calls[0].state"},
      {"bad fact", hello("x", R"(,"login":{"value":"yes","stamp":1,"by":"x"})"), "PEER_MALFORMED", "login.value"},
      {"forward of no lifecycle method",
       R"({"callcore":"instances","version":1,"channel":"app","from":"x","kind":"forward","method":"initialized"})",
       "PEER_MALFORMED", "method"},
  };
}

TEST(InstancesPeerInput, ABadMessageIsAPeerViolationNamingItsFieldAndChangesNothing) {
  for (const BadMessage &bad : bad_messages()) {
    Session s = make_widget(kOptions);
    drain(s);
    std::string before = state_text(s);
    EXPECT_NE(callcore_peer(s, bad.text.c_str(), kT0), CALLCORE_OK) << bad.name;
    EXPECT_NE(std::string(callcore_last_error(s)), "") << bad.name;
    Actions a = drain(s);
    ASSERT_EQ(a.violations().size(), 1u) << bad.name << ": " << a.dump();
    const cJSON *v = a.violations()[0];
    EXPECT_EQ(str(v, "code"), bad.code) << bad.name << ": " << str(v, "message");
    EXPECT_EQ(str(v, "direction"), "peer") << bad.name;
    EXPECT_EQ(str(v, "outcome"), "dropped") << bad.name;
    EXPECT_EQ(str(v, "field"), bad.field) << bad.name << ": " << str(v, "message");
    if (bad.field[0] && std::string(bad.code) != "DUPLICATE_KEY")
      EXPECT_NE(str(v, "message").find(bad.field), std::string::npos) << bad.name << ": " << str(v, "message");
    EXPECT_TRUE(a.of("peer").empty()) << bad.name << ": nothing answered";
    EXPECT_EQ(state_text(s), before) << bad.name;
  }
}

TEST(InstancesPeerInput, AGoodHelloIsAnsweredToItsSenderAndJoins) {
  Session s = make_widget(kOptions);
  drain(s);
  ASSERT_EQ(callcore_peer(s, hello("x").c_str(), kT0), CALLCORE_OK) << callcore_last_error(s);
  Actions a = drain(s);
  ASSERT_EQ(a.of("peer").size(), 1u) << a.dump();
  const cJSON *here = get(a.of("peer")[0], "message");
  EXPECT_EQ(str(here, "kind"), "here");
  EXPECT_EQ(str(here, "to"), "x");
  EXPECT_EQ(str(here, "from"), "me");
  EXPECT_EQ(print(get(here, "surface")), "null") << "no SYNC yet";
  EXPECT_EQ(a.events("INSTANCES_CHANGED").size(), 1u);
  Json in = instances_of(s);
  EXPECT_EQ(str(in.get(), "leader"), "x") << "the only member with a known frame";
  EXPECT_EQ(cJSON_GetArraySize(get(in.get(), "members")), 2);
  // A message to another member is that member's business.
  std::string elsewhere = hello("y");
  elsewhere.insert(elsewhere.size() - 1, R"(,"to":"z")");
  std::string before = state_text(s);
  EXPECT_EQ(callcore_peer(s, elsewhere.c_str(), kT0 + 1), CALLCORE_OK);
  EXPECT_EQ(state_text(s), before);
}

TEST(InstancesPeerInput, CreationSaysHelloAndTheStateDescribesTheInstances) {
  Session s = make_widget(kOptions);
  Actions a = drain(s);
  ASSERT_EQ(a.of("peer").size(), 1u) << a.dump();
  EXPECT_EQ(str(get(a.of("peer")[0], "message"), "kind"), "hello");
  EXPECT_EQ(a.of("timer").size(), 1u) << "the heartbeat's tick";
  Json in = instances_of(s);
  EXPECT_EQ(keys(in.get()), split_keys("channel,member,surface,usesCallingWindow,leader,members"));
  EXPECT_EQ(print(get(in.get(), "surface")), "null");
  EXPECT_EQ(print(get(in.get(), "leader")), "null");
  const cJSON *self = cJSON_GetArrayItem(get(in.get(), "members"), 0);
  EXPECT_EQ(keys(self), split_keys("member,surface,since,self"));
  EXPECT_EQ(print(get(self, "since")), "1724412345000");
}

TEST(InstancesPeerInput, WithoutTheOptionThereIsNoChannel) {
  Wire wire = Wire::make();
  wire.ready(kT0, true);
  must_call(wire.widget, "incomingCall", R"({"externalCallId":"X","fromNumber":"+1888","toNumber":"+4420"})", kT0 + 10);
  wire.pump(kT0 + 10);
  ASSERT_EQ(callcore_unload(wire.widget, kT0 + 20), CALLCORE_OK);
  wire.pump(kT0 + 20);
  for (const Actions *a : {&wire.widget_actions, &wire.host_actions}) {
    EXPECT_TRUE(a->of("peer").empty()) << a->dump();
    EXPECT_TRUE(a->events("INSTANCES_CHANGED").empty());
  }
  for (callcore_session *s : {wire.widget.get(), wire.host.get()}) {
    Json st = state(s);
    EXPECT_TRUE(cJSON_IsNull(get(st.get(), "instances")));
    EXPECT_TRUE(cJSON_IsNull(get(cJSON_GetArrayItem(get(st.get(), "calls"), 0), "owner")));
    std::string before = state_text(s);
    EXPECT_EQ(callcore_peer(s, hello("x").c_str(), kT0 + 30), CALLCORE_E_OPTIONS);
    EXPECT_STREQ(callcore_last_error(s), "option instances is not set");
    EXPECT_EQ(state_text(s), before);
    EXPECT_TRUE(drain(s).empty());
  }
}

TEST(InstancesPeerInput, MembersBeyondTheBoundAreIgnored) {
  Session s = make_widget(kOptions);
  drain(s);
  for (int i = 0; i < 64; i++) ASSERT_EQ(callcore_peer(s, hello("m" + std::to_string(i)).c_str(), kT0), CALLCORE_OK);
  drain(s);
  EXPECT_EQ(callcore_peer(s, hello("one-too-many").c_str(), kT0), CALLCORE_E_LIMIT);
  Actions a = drain(s);
  EXPECT_TRUE(a.has_violation("PEER_MEMBERS_FULL")) << a.dump();
  EXPECT_EQ(cJSON_GetArraySize(get(instances_of(s).get(), "members")), 65);
}

TEST(InstancesPeerInput, ARefusedForwardIsAReportedViolationAndTheCallIsCorrected) {
  Mesh mesh;
  mesh.add("r", "remote", kWidgetInstance);
  mesh.add("w", "widget", kWidgetInstance + 5);
  mesh.ready(mesh[0], kT0);
  mesh.ready(mesh[1], kT0 + 10);
  mesh.clear_logs();
  // The dock ends a call the leader never heard of: the leader refuses it, with the sentence.
  std::string refused = R"({"callcore":"instances","version":1,"channel":"app","from":"r","to":"w","kind":"refused",)"
                        R"("method":"callEnded","externalCallId":"Z","reason":"callEnded: no call \"Z\" was started"})";
  ASSERT_EQ(callcore_peer(mesh[1].widget(), refused.c_str(), kT0 + 100), CALLCORE_OK);
  Actions a = drain(mesh[1].widget());
  ASSERT_EQ(a.violations("PEER_REFUSED").size(), 1u) << a.dump();
  EXPECT_NE(str(a.violations("PEER_REFUSED")[0], "message").find("no call \"Z\" was started"), std::string::npos);
  EXPECT_EQ(str(a.violations("PEER_REFUSED")[0], "outcome"), "refused");
}

}  // namespace
