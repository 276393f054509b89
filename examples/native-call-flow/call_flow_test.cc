// A softphone team tests its own call flow with GoogleTest, no browser needed.
//
// In production the softphone (a widget in an iframe) and HubSpot (the host page)
// talk over postMessage. Here each end is a callcore session: the softphone's
// calls go into the widget session, HubSpot's into the host session, and each
// session's "post" actions are handed to the other one, as the browser would.
// Both ends judge every message, so a mistake in the flow shows up as a
// "violation" action, with the same code the browser console would print.
//
// Only callcore.h is used. Actions come out as JSON; cJSON reads them.
#include <callcore.h>
#include <cjson/cJSON.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

constexpr const char *kHubSpot = "https://app.hubspot.com";
constexpr const char *kSoftphone = "https://softphone.example.com";

using Json = std::unique_ptr<cJSON, decltype(&cJSON_Delete)>;

Json parse(const char *text) { return Json(cJSON_Parse(text), cJSON_Delete); }

std::string str(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : "";
}

// One end of the conversation: its session, the page it runs on, and every
// action it has asked for so far.
struct End {
  callcore_session *session = nullptr;
  const char *origin = nullptr;
  Json actions{cJSON_CreateArray(), cJSON_Delete};

  // Takes what the session queued. Returns the envelopes to post, as JSON text.
  std::vector<std::string> drain() {
    std::vector<std::string> posts;
    char *text = callcore_drain(session);
    Json drained = parse(text);
    callcore_free(text);
    while (cJSON *action = cJSON_DetachItemFromArray(drained.get(), 0)) {
      if (str(action, "action") == "post") {
        char *envelope = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(action, "envelope"));
        posts.push_back(envelope);
        cJSON_free(envelope);
      }
      cJSON_AddItemToArray(actions.get(), action);
    }
    return posts;
  }

  // The violations reported so far, oldest first.
  std::vector<const cJSON *> violations() const {
    std::vector<const cJSON *> found;
    const cJSON *action;
    cJSON_ArrayForEach(action, actions.get()) {
      if (str(action, "action") == "violation") found.push_back(action);
    }
    return found;
  }

  // The type of every envelope posted so far.
  std::vector<std::string> posted_types() const {
    std::vector<std::string> types;
    const cJSON *action;
    cJSON_ArrayForEach(action, actions.get()) {
      if (str(action, "action") == "post")
        types.push_back(str(cJSON_GetObjectItemCaseSensitive(action, "envelope"), "type"));
    }
    return types;
  }

  // The app's eventHandlers the session asked to call, in order.
  std::vector<std::string> handlers_called() const {
    std::vector<std::string> names;
    const cJSON *action;
    cJSON_ArrayForEach(action, actions.get()) {
      if (str(action, "action") == "call") names.push_back(str(action, "handler"));
    }
    return names;
  }

  void forget() { actions.reset(cJSON_CreateArray()); }
};

callcore_session *open_session(const std::string &options) {
  callcore_errno err;
  char reason[256];
  callcore_session *session = callcore_session_new(options.c_str(), &err, reason, sizeof reason);
  EXPECT_NE(session, nullptr) << callcore_errno_name(err) << ": " << reason;
  return session;
}

class CallFlow : public ::testing::Test {
 protected:
  // Both ends, with the softphone's policy: "warn" (the default) relays a
  // mistake and reports it, "strict" refuses to send it.
  void connect(const std::string &policy = "warn") {
    // Our softphone: its page, the HubSpot page that frames it, and the
    // eventHandlers it sets (a message that reaches none is reported: NO_HANDLER).
    softphone.origin = kSoftphone;
    softphone.session = open_session(R"({"role":"widget","instanceId":1700000000000,
        "ownOrigin":"https://softphone.example.com","referrerOrigin":"https://app.hubspot.com",
        "handlers":["onReady","onDialNumber","onEndCall","onCreateEngagementSucceeded",
                    "onCreateEngagementFailed","onUpdateEngagementSucceeded","onUpdateEngagementFailed"],
        "policy":")" + policy + R"("})");
    // HubSpot, as far as this test needs it: the account fields SYNC carries.
    hubspot.origin = kHubSpot;
    hubspot.session = open_session(R"({"role":"host","instanceId":1699999990000,
        "hostOrigin":"https://app.hubspot.com","iframeOrigin":"https://softphone.example.com",
        "syncFields":{"portalId":123456,"userId":42,"ownerId":777},
        "handlers":["onReady","onInitialized","onOutgoingCall","onCallAnswered","onCallEnded","onCallCompleted"]})");
    ASSERT_TRUE(softphone.session && hubspot.session);

    // Handshake: the iframe loads, HubSpot sends SYNC, the softphone answers SYNC_ACK.
    ASSERT_EQ(callcore_iframe_loaded(hubspot.session, now), CALLCORE_OK);
    pump();
    // onReady ran in the softphone: it says it is set up and logged in.
    ASSERT_EQ(call("initialized", R"({"isLoggedIn":true,"isAvailable":true})"), CALLCORE_OK);
    ASSERT_EQ(hubspot.posted_types(), (std::vector<std::string>{"SYNC"}));
    ASSERT_EQ(softphone.posted_types(), (std::vector<std::string>{"SYNC_ACK", "INITIALIZED"}));
  }

  void TearDown() override {
    callcore_session_free(softphone.session);
    callcore_session_free(hubspot.session);
  }

  // Carries every post across, both ways, until neither end has more to say.
  void pump() {
    for (bool moved = true; moved;) {
      moved = false;
      for (auto [from, to] : {std::pair{&hubspot, &softphone}, std::pair{&softphone, &hubspot}}) {
        for (const std::string &envelope : from->drain()) {
          // from_peer = 1: it came from the other window, as event.source says in a browser.
          EXPECT_EQ(callcore_receive(to->session, from->origin, 1, envelope.c_str(), now), CALLCORE_OK) << envelope;
          moved = true;
        }
      }
    }
  }

  // The softphone calls an SDK method (as extensions.outgoingCall(...) would).
  callcore_errno call(const char *method, const char *payload) {
    now += 1000;
    callcore_errno result = callcore_call(softphone.session, method, payload, now);
    pump();
    return result;
  }

  // HubSpot sends a message to the softphone.
  callcore_errno hubspot_sends(const char *type, const char *data) {
    now += 1000;
    std::string message = std::string(R"({"type":")") + type + R"(","data":)" + data + "}";
    callcore_errno result = callcore_call(hubspot.session, "sendMessage", message.c_str(), now);
    pump();
    return result;
  }

  // The outbound call up to the point where it is answered, engagement 987654321.
  void dial_and_answer(const char *call_id) {
    std::string id = call_id;
    ASSERT_EQ(call("outgoingCall", (R"({"externalCallId":")" + id +
                                    R"(","toNumber":"+442073238299","createEngagement":true})").c_str()),
              CALLCORE_OK);
    // HubSpot created the call's engagement and says so.
    ASSERT_EQ(hubspot_sends("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321})"), CALLCORE_OK);
    ASSERT_EQ(call("callAnswered", (R"({"externalCallId":")" + id + R"("})").c_str()), CALLCORE_OK);
  }

  double now = 1700000001000;  // callcore reads no clock: each event says when it happened
  End softphone, hubspot;
};

TEST_F(CallFlow, OutboundCallFromDialToCompleted) {
  ASSERT_NO_FATAL_FAILURE(connect());
  ASSERT_NO_FATAL_FAILURE(dial_and_answer("call-1"));
  ASSERT_EQ(call("callEnded", R"({"externalCallId":"call-1","engagementId":987654321,"callEndStatus":"COMPLETED"})"),
            CALLCORE_OK);
  ASSERT_EQ(call("callCompleted", R"({"externalCallId":"call-1","engagementId":987654321,"hideWidget":false})"),
            CALLCORE_OK);

  EXPECT_EQ(softphone.posted_types(),
            (std::vector<std::string>{"SYNC_ACK", "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ANSWERED",
                                      "CALL_ENDED", "CALL_COMPLETED"}));
  // The softphone's code ran where it should: onReady, then the engagement id.
  EXPECT_EQ(softphone.handlers_called(), (std::vector<std::string>{"onReady", "onCreateEngagementSucceeded"}));
  // Neither end found anything wrong.
  EXPECT_TRUE(softphone.violations().empty());
  EXPECT_TRUE(hubspot.violations().empty());

  // HubSpot's end saw the same call, completed and bound to its engagement.
  char *text = callcore_state_json(hubspot.session);
  Json state = parse(text);
  callcore_free(text);
  const cJSON *calls = cJSON_GetObjectItemCaseSensitive(state.get(), "calls");
  ASSERT_EQ(cJSON_GetArraySize(calls), 1);
  const cJSON *the_call = cJSON_GetArrayItem(calls, 0);
  EXPECT_EQ(str(the_call, "externalCallId"), "call-1");
  EXPECT_EQ(str(the_call, "state"), "completed");
  EXPECT_EQ(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(the_call, "engagementId")), 987654321);
}

// The mistake: the softphone completes the call (notes saved) before it has
// said the call ended. HubSpot would log a call that is still going on.
constexpr const char *kCompletedTooEarly = R"({"externalCallId":"call-1","engagementId":987654321})";

TEST_F(CallFlow, CallCompletedBeforeCallEndedIsReported) {
  ASSERT_NO_FATAL_FAILURE(connect("warn"));
  ASSERT_NO_FATAL_FAILURE(dial_and_answer("call-1"));
  softphone.forget();
  hubspot.forget();
  EXPECT_EQ(call("callCompleted", kCompletedTooEarly), CALLCORE_OK);  // warn: still sent

  std::vector<const cJSON *> found = softphone.violations();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(str(found[0], "code"), "ILLEGAL_TRANSITION");
  EXPECT_EQ(str(found[0], "field"), "data.externalCallId");
  EXPECT_EQ(str(found[0], "type"), "CALL_COMPLETED");
  EXPECT_EQ(str(found[0], "outcome"), "relayed");
  EXPECT_EQ(softphone.posted_types(), (std::vector<std::string>{"CALL_COMPLETED"}));
  // HubSpot's end judges what it receives, and finds the same: a host built on
  // callcore (or `callcore check`) would flag this softphone.
  ASSERT_EQ(hubspot.violations().size(), 1u);
  EXPECT_EQ(str(hubspot.violations()[0], "code"), "ILLEGAL_TRANSITION");
  EXPECT_EQ(str(hubspot.violations()[0], "direction"), "inbound");
}

TEST_F(CallFlow, StrictPolicyRefusesCallCompletedBeforeCallEnded) {
  ASSERT_NO_FATAL_FAILURE(connect("strict"));
  ASSERT_NO_FATAL_FAILURE(dial_and_answer("call-1"));
  softphone.forget();
  hubspot.forget();
  EXPECT_EQ(call("callCompleted", kCompletedTooEarly), CALLCORE_E_REFUSED);

  std::vector<const cJSON *> found = softphone.violations();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(str(found[0], "code"), "ILLEGAL_TRANSITION");
  EXPECT_EQ(str(found[0], "outcome"), "refused");
  EXPECT_TRUE(softphone.posted_types().empty()) << "nothing reached HubSpot";
  EXPECT_TRUE(hubspot.violations().empty());
  // Why, in the words a developer reads in the console:
  // callCompleted: call "call-1" is in progress; send callEnded() first
  EXPECT_EQ(str(found[0], "message"), callcore_last_error(softphone.session));
}

}  // namespace
