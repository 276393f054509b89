// callcore_drain_brief hands the commonest queues over without their JSON
// text. It must say exactly what callcore_drain says: two wires with the same
// options are fed the same inputs in lockstep; one is drained with
// callcore_drain, the other with callcore_drain_brief (callcore_drain when it
// answers NONE), and after every input the two lists of actions are equal.
#include <array>

#include "test_support.h"

using namespace cctest;

namespace {

const char *kGlueOptions = R"({"deliver":true,"previewDispatch":true,"postAsIs":true})";

// The actions a brief drain stands for, as callcore_drain would print them.
std::string brief_actions(int kind, const char *first, const char *second) {
  Json list(cJSON_CreateArray());
  auto action = [&](const char *name) {
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "action", name);
    cJSON_AddItemToArray(list.get(), a);
    return a;
  };
  if (kind == CALLCORE_BRIEF_DELIVER_CALL) {
    action("deliver");
    cJSON *call = action("call");
    cJSON_AddStringToObject(call, "handler", first);
    cJSON_AddTrueToObject(call, "preview");
  } else if (kind == CALLCORE_BRIEF_POST_AS_IS) {
    cJSON *post = action("post");
    cJSON_AddStringToObject(post, "targetOrigin", first);
    cJSON_AddTrueToObject(post, "asIs");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(post, "append"), "messageId", second);
  }
  return print(list.get());
}

struct Lockstep {
  Wire plain = Wire::make(kGlueOptions, kGlueOptions);
  Wire brief = Wire::make(kGlueOptions, kGlueOptions);
  std::array<int, 4> kinds{};  // how often each callcore_brief value came back

  Lockstep() {
    plain.ready(kT0);
    brief.ready(kT0);
  }

  // Feeds the same input to both wires' `host` or `widget` session and compares the drains.
  void feed(bool host, const std::function<callcore_errno(callcore_session *)> &input, const std::string &what) {
    callcore_session *a = host ? plain.host.get() : plain.widget.get();
    callcore_session *b = host ? brief.host.get() : brief.widget.get();
    ASSERT_EQ(input(a), input(b)) << what;
    std::string expected = print(parse(take(callcore_drain(a))).get());
    const char *first = "unset", *second = "unset";
    int kind = callcore_drain_brief(b, &first, &second);
    ASSERT_GE(kind, CALLCORE_BRIEF_NONE);
    ASSERT_LE(kind, CALLCORE_BRIEF_POST_AS_IS);
    kinds[kind]++;
    std::string got = kind == CALLCORE_BRIEF_NONE ? print(parse(take(callcore_drain(b))).get())
                                                  : brief_actions(kind, first, second);
    EXPECT_EQ(got, expected) << what << " (brief kind " << kind << ")";
    if (kind == CALLCORE_BRIEF_NONE) {
      EXPECT_EQ(first, nullptr);
      EXPECT_EQ(second, nullptr);
    }
    // Taken either way: the next drain starts empty.
    EXPECT_EQ(take(callcore_drain(b)), "[]") << what;
  }
};

// Every wire type but the handshake's own, which the sessions send themselves.
bool handshake(const cJSON *entry) { return str(entry, "type") == "SYNC" || str(entry, "type") == "SYNC_ACK"; }
bool widget_to_host(const cJSON *entry) { return str(entry, "direction") == "widget-to-host" && !handshake(entry); }
bool host_to_widget(const cJSON *entry) { return str(entry, "direction") == "host-to-widget" && !handshake(entry); }

std::string with_data(const std::string &type) {
  std::string data = sample_payload(type);
  return data.empty() ? "{\"type\":\"" + type + "\"}" : message(type, data);
}

std::string envelope(const std::string &type, const std::string &id) {
  std::string m = with_data(type);
  return m.substr(0, m.size() - 1) + ",\"messageId\":\"" + id + "\"}";
}

TEST(BriefDrain, SaysWhatCallcoreDrainSaysForEveryMessageBothWays) {
  Lockstep wires;
  double now = kT0 + 100;
  int n = 0;
  // One role sends `type` with sendMessage, and the other receives it (as it would arrive).
  auto exchange = [&](bool from_host, const std::string &type) {
    const std::string sender = from_host ? "host" : "widget", receiver = from_host ? "widget" : "host";
    std::string sent = with_data(type);
    wires.feed(from_host, [&](callcore_session *s) { return callcore_call(s, "sendMessage", sent.c_str(), now); },
               sender + " sends " + sent);
    std::string received = envelope(type, sender + "_" + std::to_string(++n));
    const char *origin = from_host ? kHostOrigin : kWidgetOrigin;
    wires.feed(!from_host, [&](callcore_session *s) { return callcore_receive(s, origin, 1, received.c_str(), now); },
               receiver + " receives " + received);
    now += 10;
  };
  for (int round = 0; round < 2; round++) {  // the second round finds calls where the first made them
    for (const std::string &type : catalogue_types(widget_to_host)) exchange(false, type);
    for (const std::string &type : catalogue_types(host_to_widget)) exchange(true, type);
  }
  // What is not one of the brief shapes: a stranger, bad JSON, an SDK method, a tick.
  std::string data = envelope("CALL_DATA", "x_1");
  wires.feed(true, [&](callcore_session *s) { return callcore_receive(s, "https://evil.example", 0, data.c_str(), now); },
             "a message from another origin");
  wires.feed(true, [&](callcore_session *s) { return callcore_receive(s, kWidgetOrigin, 1, "{\"type\":", now); },
             "text that is not JSON");
  wires.feed(false, [&](callcore_session *s) { return callcore_call(s, "callData", R"({"n":1})", now); },
             "an SDK method");
  wires.feed(true, [&](callcore_session *s) { return callcore_tick(s, now + 60000); }, "a tick");

  // Each shape came up, and the long way too: the comparison above was not empty.
  EXPECT_GT(wires.kinds[CALLCORE_BRIEF_EMPTY], 0);
  EXPECT_GT(wires.kinds[CALLCORE_BRIEF_DELIVER_CALL], 10);
  EXPECT_GT(wires.kinds[CALLCORE_BRIEF_POST_AS_IS], 10);
  EXPECT_GT(wires.kinds[CALLCORE_BRIEF_NONE], 10);
}

TEST(BriefDrain, TakesNothingWhenTheQueueIsNotBrief) {
  Wire wire = Wire::make("{}", kGlueOptions);
  wire.ready(kT0);
  wire.clear();
  // A message from an origin that is not the host's: refused with a violation, not a brief shape.
  EXPECT_NE(callcore_receive(wire.widget.get(), "https://evil.example", 0,
                             R"({"type":"DIAL_NUMBER","data":{},"messageId":"x_1"})", kT0 + 10),
            CALLCORE_OK);
  const char *first = nullptr, *second = nullptr;
  EXPECT_EQ(callcore_drain_brief(wire.widget.get(), &first, &second), CALLCORE_BRIEF_NONE);
  Actions a = drain(wire.widget.get());
  EXPECT_FALSE(a.empty()) << "still queued for callcore_drain";
  EXPECT_EQ(callcore_drain_brief(nullptr, &first, &second), CALLCORE_BRIEF_NONE);
  EXPECT_EQ(callcore_drain_brief(wire.widget.get(), nullptr, &second), CALLCORE_BRIEF_NONE);
}

TEST(BriefDrain, TheCatalogueNamesItsResults) {
  Json cat = catalogue();
  const cJSON *names = get(cat.get(), "briefDrains");
  ASSERT_NE(names, nullptr);
  EXPECT_EQ(cJSON_GetObjectItem(names, "none")->valueint, CALLCORE_BRIEF_NONE);
  EXPECT_EQ(cJSON_GetObjectItem(names, "empty")->valueint, CALLCORE_BRIEF_EMPTY);
  EXPECT_EQ(cJSON_GetObjectItem(names, "deliverCall")->valueint, CALLCORE_BRIEF_DELIVER_CALL);
  EXPECT_EQ(cJSON_GetObjectItem(names, "postAsIs")->valueint, CALLCORE_BRIEF_POST_AS_IS);
}

}  // namespace
