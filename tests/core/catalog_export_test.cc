// The catalogue's contract keys: "options" (options_table_test.cc), "rest",
// "actions", "events", "directions", "outcomes", "severities", "violations"
// and "callStates". Each is exported from the table the core runs on; here
// every action a session hands out is held to the "actions" vocabulary, and
// the vocabulary is held to be used, so the two cannot drift apart.
#include <map>
#include <set>

#include "test_support.h"

using namespace cctest;

namespace {

std::vector<std::string> strings(const cJSON *list, const char *member = nullptr) {
  std::vector<std::string> out;
  const cJSON *item;
  cJSON_ArrayForEach(item, list) out.push_back(member ? str(item, member) : (cJSON_IsString(item) ? item->valuestring : ""));
  return out;
}

bool has(const std::vector<std::string> &list, const std::string &value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST(CatalogueExport, HasEveryContractKey) {
  Json cat = catalogue();
  EXPECT_EQ(keys(cat.get()),
            split_keys("sdkVersion,undefined,messages,methods,enums,violations,briefDrains,hubspotOrigins,limits,options,rest,"
                       "actions,events,directions,outcomes,severities,phases,callStates"));
}

TEST(CatalogueExport, ViolationsIncludeTheOverflowCode) {
  Json cat = catalogue();
  const cJSON *v;
  const cJSON *more = nullptr;
  cJSON_ArrayForEach(v, get(cat.get(), "violations")) if (str(v, "code") == "MORE_VIOLATIONS") more = v;
  ASSERT_NE(more, nullptr);
  EXPECT_EQ(str(more, "severity"), "warning");
  EXPECT_NE(str(more, "summary"), "");
  std::vector<std::string> severities = strings(get(cat.get(), "severities"));
  cJSON_ArrayForEach(v, get(cat.get(), "violations")) EXPECT_TRUE(has(severities, str(v, "severity"))) << str(v, "code");
}

TEST(CatalogueExport, RestListsEveryKindValidateRestAcceptsWithItsSchema) {
  Json cat = catalogue();
  const cJSON *rest = get(cat.get(), "rest");
  EXPECT_EQ(keys(rest), split_keys("settings.create,settings.patch,channelConnection.create,channelConnection.patch,"
                                   "inboundCall,webhookAnswer"));
  const cJSON *kind;
  cJSON_ArrayForEach(kind, rest) {
    Json verdict = parse(take(callcore_validate_rest(kind->string, "{}")));
    std::set<std::string> missing;
    const cJSON *e;
    cJSON_ArrayForEach(e, get(verdict.get(), "errors")) {
      EXPECT_NE(str(e, "field"), "kind") << kind->string << " is a kind validate_rest knows";
      if (str(e, "code") == "FIELD_REQUIRED") missing.insert(str(e, "field"));
    }
    const cJSON *field;
    cJSON_ArrayForEach(field, get(kind, "fields")) {
      if (cJSON_IsTrue(get(field, "required")))
        EXPECT_TRUE(missing.count(str(field, "name"))) << kind->string << "." << str(field, "name") << " is required";
    }
  }
  Json unknown = parse(take(callcore_validate_rest("settings.delete", "{}")));
  EXPECT_EQ(str(cJSON_GetArrayItem(get(unknown.get(), "errors"), 0), "field"), "kind");
}

TEST(CatalogueExport, CallStatesAreTheSnapshotsKeysInLifecycleOrder) {
  Json cat = catalogue();
  std::vector<std::string> order = strings(get(cat.get(), "callStates"));
  EXPECT_EQ(order, split_keys("dialing,ringing,inProgress,ended,completed,transferred"));
  Wire wire = Wire::make("{}", R"({"policy":"off"})");
  wire.ready(kT0, true);
  std::set<std::string> seen;
  auto step = [&](const char *method, const std::string &payload, int call, double t) {
    must_call(wire.widget, method, payload.c_str(), t);
    wire.pump(t);
    std::string key = str(call_state(wire.widget, call).get(), "state");
    EXPECT_TRUE(has(order, key)) << key;
    seen.insert(key);
    return std::find(order.begin(), order.end(), key) - order.begin();
  };
  long a = step("outgoingCall", sample_payload("OUTGOING_CALL_STARTED"), 0, kT0 + 10);
  long b = step("callAnswered", sample_payload("CALL_ANSWERED"), 0, kT0 + 20);
  long c = step("callEnded", sample_payload("CALL_ENDED"), 0, kT0 + 30);
  long d = step("callCompleted", sample_payload("CALL_COMPLETED"), 0, kT0 + 40);
  EXPECT_TRUE(a < b && b < c && c < d) << a << b << c << d;
  long e = step("incomingCall", sample_payload("INCOMING_CALL"), 1, kT0 + 50);
  long f = step("callTransferred", R"({"externalCallId":"c-2"})", 1, kT0 + 60);
  EXPECT_LT(e, f);
  EXPECT_EQ(seen, std::set<std::string>(order.begin(), order.end()));
}

TEST(CatalogueExport, PhasesAreTheSnapshotsPhasesInTheOrderASessionGoesThrough) {
  Json cat = catalogue();
  std::vector<std::string> order = strings(get(cat.get(), "phases"));
  EXPECT_EQ(order, split_keys("unsynced,ready,initialized"));
  Wire wire = Wire::make();
  std::vector<std::string> seen;
  auto note = [&] {
    for (callcore_session *s : {wire.host.get(), wire.widget.get()}) {
      std::string phase = str(state(s).get(), "phase");
      EXPECT_TRUE(has(order, phase)) << phase;
    }
    std::string phase = str(state(wire.host).get(), "phase");
    if (seen.empty() || seen.back() != phase) seen.push_back(phase);
  };
  note();
  wire.handshake(kT0);
  note();
  must_call(wire.widget, "initialized", R"({"isLoggedIn":true})", kT0 + 1);
  wire.pump(kT0 + 1);
  note();
  EXPECT_EQ(seen, order);
}

// ---- the action vocabulary ----

// Holds each drained action to the catalogue's "actions" and notes which
// actions, keys and values were seen.
class Audit {
 public:
  explicit Audit(const cJSON *cat) : cat_(cat) {
    const cJSON *kind;
    cJSON_ArrayForEach(kind, get(cat, "actions")) kinds_[str(kind, "action")] = kind;
  }

  void check(const Actions &actions) {
    for (const cJSON *action : actions.of()) check_one(action);
  }

  void check(callcore_session *s) { check(drain(s)); }

  void check(Wire &wire) {
    check(wire.host_actions);
    check(wire.widget_actions);
    check(wire.host);
    check(wire.widget);
    wire.clear();
  }

  // The values of one list ("severities", an action's "via", ...) that were seen.
  const std::set<std::string> &seen(const std::string &what) { return seen_[what]; }

  std::vector<std::string> values_of(const std::string &list) const {
    if (list == "violations") return strings(get(cat_, "violations"), "code");
    if (list == "events") return strings(get(cat_, "events"), "event");
    return strings(get(cat_, list.c_str()));
  }

 private:
  static std::string type_of(const cJSON *value) {
    if (cJSON_IsString(value)) return "string";
    if (cJSON_IsNumber(value)) return "number";
    if (cJSON_IsBool(value)) return "boolean";
    if (cJSON_IsNull(value)) return "null";
    if (cJSON_IsArray(value)) return "array";
    return "object";
  }

  void check_one(const cJSON *action) {
    std::string name = str(action, "action");
    auto found = kinds_.find(name);
    ASSERT_NE(found, kinds_.end()) << "an action the catalogue does not list: " << print(action);
    seen_["actions"].insert(name);
    std::vector<std::string> order = strings(get(found->second, "keys"), "name");
    std::vector<std::string> given = keys(action);
    ASSERT_EQ(given.front(), "action");
    size_t last = 0;
    for (size_t i = 1; i < given.size(); i++) {
      auto at = std::find(order.begin(), order.end(), given[i]);
      ASSERT_NE(at, order.end()) << name << " has a key the catalogue does not list: " << given[i];
      size_t index = (size_t)(at - order.begin()) + 1;
      EXPECT_GT(index, last) << name << ": keys out of the catalogue's order: " << print(action);
      last = index;
    }
    const cJSON *key;
    cJSON_ArrayForEach(key, get(found->second, "keys")) {
      std::string key_name = str(key, "name");
      const cJSON *value = get(action, key_name.c_str());
      if (!value) {
        EXPECT_FALSE(cJSON_IsTrue(get(key, "required"))) << name << " lacks " << key_name << ": " << print(action);
        continue;
      }
      EXPECT_TRUE(has(strings(get(key, "types")), type_of(value))) << name << "." << key_name << ": " << print(value);
      if (!cJSON_IsString(value)) continue;
      if (const cJSON *values = get(key, "enum")) {
        EXPECT_TRUE(has(strings(values), value->valuestring)) << name << "." << key_name << ": " << value->valuestring;
        seen_[name + "." + key_name].insert(value->valuestring);
      }
      if (const cJSON *from = get(key, "valuesFrom")) {
        EXPECT_TRUE(has(values_of(from->valuestring), value->valuestring))
            << name << "." << key_name << " \"" << value->valuestring << "\" is not in " << from->valuestring;
        seen_[from->valuestring].insert(value->valuestring);
      }
    }
  }

  const cJSON *cat_;
  std::map<std::string, const cJSON *> kinds_;
  std::map<std::string, std::set<std::string>> seen_;
};

const char *kDeliver = R"({"deliver":true})";

TEST(ActionVocabulary, EveryActionASessionEmitsIsInTheCatalogueAndEveryWordIsUsed) {
  Json cat = catalogue();
  Audit audit(cat.get());

  // The handshake, an INITIALIZED, a call from the host, a resize and a move.
  Wire wire = Wire::make();
  wire.ready(kT0, true);
  audit.check(wire);
  must_call(wire.host, "sendMessage", message("DIAL_NUMBER", sample_payload("DIAL_NUMBER")).c_str(), kT0 + 10);
  must_call(wire.widget, "resizeWidget", sample_payload("RESIZE_WIDGET").c_str(), kT0 + 11);
  must_call(wire.widget, "setWidgetUrl", sample_payload("SET_WIDGET_URL").c_str(), kT0 + 12);
  wire.pump(kT0 + 12);
  audit.check(wire);
  // An open call left behind: reported at unload, and the timer cancelled.
  must_call(wire.widget, "outgoingCall", sample_payload("OUTGOING_CALL_STARTED").c_str(), kT0 + 20);
  wire.pump(kT0 + 20);
  ASSERT_EQ(callcore_unload(wire.widget, kT0 + 30), CALLCORE_OK);
  audit.check(wire);

  // Relayed with a warning (warn), refused (strict), dropped, queued, reported.
  Wire warn = Wire::make();
  warn.ready(kT0, true);
  audit.check(warn);
  callcore_call(warn.widget, "callEnded", R"({"externalCallId":"nobody","callEndStatus":"DONE"})", kT0 + 10);
  audit.check(warn);
  Wire strict = Wire::make("{}", R"({"policy":"strict"})");
  strict.ready(kT0, true);
  audit.check(strict);
  callcore_call(strict.widget, "callEnded", R"({"externalCallId":"nobody","callEndStatus":"DONE"})", kT0 + 10);
  callcore_receive(strict.widget, kHostOrigin, 1, "{not json", kT0 + 11);
  audit.check(strict);
  Session early = make_widget(R"({"handlers":["onReady","onCallerIDMatchFailed"]})");
  must_call(early, "userLoggedIn", nullptr, kT0);
  audit.check(early);

  // A report past its capacity: the overflow code.
  std::string matches = "[";
  for (int i = 0; i < 40; i++) matches += std::string(i ? "," : "") + "{}";
  std::string env = R"({"type":"CALLER_ID_MATCH_SUCCEEDED","data":{"callerIdMatches":)" + matches + R"(]},"messageId":"h_1"})";
  ASSERT_EQ(callcore_receive(warn.widget, kHostOrigin, 1, env.c_str(), kT0 + 20), CALLCORE_OK);
  audit.check(warn);

  // A host whose widget never answers.
  Session lonely = make_host();
  ASSERT_EQ(callcore_iframe_loaded(lonely, kT0), CALLCORE_OK);
  ASSERT_EQ(callcore_tick(lonely, kT0 + 31000), CALLCORE_OK);
  audit.check(lonely);

  // Option deliver: READY through onReady, a message delivered, an unknown type answered through send.
  Wire deliver = Wire::make(kDeliver, kDeliver);
  deliver.ready(kT0, true);
  audit.check(deliver);
  must_call(deliver.host, "sendMessage", message("DIAL_NUMBER", sample_payload("DIAL_NUMBER")).c_str(), kT0 + 10);
  deliver.pump(kT0 + 10);
  audit.check(deliver);
  ASSERT_EQ(callcore_dispatch(deliver.widget, R"({"type":"NOT_A_TYPE","messageId":"x_1"})", kT0 + 11), CALLCORE_OK);
  audit.check(deliver);

  // Option instances: two widgets on one channel trade peer messages; a bad one
  // is a finding in the direction "peer"; a membership change is an event.
  const char *kInstance = R"({"instances":{"channel":"app","member":"%s","settleMs":0}})";
  char one[128], two[128];
  snprintf(one, sizeof one, kInstance, "one");
  snprintf(two, sizeof two, kInstance, "two");
  Session a = make_widget(one), b = make_widget(two);
  Actions from_a = drain(a);
  audit.check(from_a);
  for (const cJSON *peer : from_a.of("peer"))
    ASSERT_EQ(callcore_peer(b, print(get(peer, "message")).c_str(), kT0), CALLCORE_OK);
  callcore_peer(b, "{}", kT0 + 1);
  audit.check(b);

  // Every word of the vocabulary was used: the tables are the writer's, not a wish list.
  for (const char *list : {"actions", "events", "directions", "outcomes", "severities"}) {
    std::vector<std::string> all = list == std::string("actions") ? strings(get(cat.get(), "actions"), "action")
                                                                   : audit.values_of(list);
    EXPECT_EQ(audit.seen(list), std::set<std::string>(all.begin(), all.end())) << list;
  }
  EXPECT_TRUE(audit.seen("violations").count("MORE_VIOLATIONS"));
  EXPECT_EQ(audit.seen("post.via"), (std::set<std::string>{"sendMessage", "sendSync"}));
  EXPECT_EQ(audit.seen("deliver.via"), std::set<std::string>{"onReady"});
}

TEST(ActionVocabulary, EachActionAndEventIsDocumented) {
  Json cat = catalogue();
  const cJSON *kind;
  cJSON_ArrayForEach(kind, get(cat.get(), "actions")) {
    EXPECT_NE(str(kind, "doc"), "") << str(kind, "action");
    const cJSON *key;
    cJSON_ArrayForEach(key, get(kind, "keys")) {
      EXPECT_FALSE(strings(get(key, "types")).empty()) << str(kind, "action") << "." << str(key, "name");
      EXPECT_TRUE(get(key, "doc") || get(key, "valuesFrom") || get(key, "enum")) << str(key, "name");
      if (const cJSON *from = get(key, "valuesFrom")) EXPECT_NE(get(cat.get(), from->valuestring), nullptr);
    }
  }
  const cJSON *event;
  cJSON_ArrayForEach(event, get(cat.get(), "events")) EXPECT_NE(str(event, "doc"), "") << str(event, "event");
  EXPECT_EQ(strings(get(cat.get(), "directions")), split_keys("inbound,outbound,local,peer"));
  EXPECT_EQ(strings(get(cat.get(), "outcomes")), split_keys("relayed,refused,dropped,queued,reported"));
  EXPECT_EQ(strings(get(cat.get(), "severities")), split_keys("warning,error"));
  EXPECT_EQ(strings(get(cat.get(), "events"), "event"),
            split_keys("READY,DESTINATION_CHANGED,SYNC_ACK_FAILED,INSTANCES_CHANGED"));
}

}  // namespace
