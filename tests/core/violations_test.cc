// Every violation code of the catalogue, in each policy where it applies:
//   off    — no violation actions; the message is relayed as the SDK would;
//   warn   — relayed and reported (the default);
//   strict — an outbound message is refused (CALLCORE_E_REFUSED, no post), an
//            inbound one dropped (no handler call, no reply);
// and input the SDK itself ignores, or a per-session bound, is refused in
// every policy. A refused or dropped message leaves the state as it was.
#include <functional>
#include <set>
#include <tuple>

#include "test_support.h"

using namespace cctest;

namespace {

enum class Kind {
  Outbound,  // an app call with an error: strict refuses
  Inbound,   // a received message with an error: strict drops
  WarnOut,   // an app call with a warning: sent in every policy
  WarnIn,    // a received message with a warning: delivered in every policy
  Dropped,   // received input nobody can use: dropped in every policy
  Refused,   // an app call over a per-session bound: refused in every policy
  Local,     // no message involved (timers, unload): reported unless off
};
enum class Side { Widget, Host };

using Setup = std::function<void(Wire &, double &)>;
using Trigger = std::function<callcore_errno(Wire &, callcore_session *, double)>;

struct Scenario {
  std::string name;
  std::string code;
  Kind kind;
  Side side;
  Setup setup;
  Trigger trigger;
  std::string posted;  // Outbound/WarnOut/WarnIn: the type that must reach the wire ("" = nothing posted)
  callcore_errno rc = CALLCORE_E_DROPPED;  // Dropped/Refused: what every policy answers
  std::string severity = "error";
  std::string outcome;  // when not the kind's usual one
  std::string widget_options = "{}", host_options = "{}";
  bool handler_called = true;  // WarnIn/Inbound when relayed
  std::function<void(const Actions &)> extra;
};

void PrintTo(const Scenario &s, std::ostream *os) { *os << s.name; }

// ---- setups ----

Setup none() {
  return [](Wire &, double &) {};
}
Setup handshake() {
  return [](Wire &wire, double &) { wire.handshake(kT0); };
}
Setup ready(const char *initialized = R"({"isLoggedIn":true,"isAvailable":false})") {
  return [initialized](Wire &wire, double &now) {
    wire.handshake(kT0);
    must_call(wire.widget, "initialized", initialized, now);
    wire.pump(now++);
  };
}
Setup widget_calls(std::vector<std::pair<const char *, const char *>> calls) {
  return [calls](Wire &wire, double &now) {
    for (auto &call : calls) {
      must_call(wire.widget, call.first, call.second, now);
      for (const Delivery &d : wire.pump(now++)) EXPECT_EQ(d.result, CALLCORE_OK) << "setup: " << d.envelope;
    }
  };
}
Setup host_sends(std::string msg) {
  return [msg](Wire &wire, double &now) {
    must_call(wire.host, "sendMessage", msg.c_str(), now);
    for (const Delivery &d : wire.pump(now++)) EXPECT_EQ(d.result, CALLCORE_OK) << "setup: " << d.envelope;
  };
}
// The iframe loads but the widget never answers: its first SYNC is lost.
Setup load_iframe_unanswered() {
  return [](Wire &wire, double &) {
    ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
    drain(wire.host);
  };
}
Setup seq(std::vector<Setup> steps) {
  return [steps](Wire &wire, double &now) {
    for (const Setup &step : steps) step(wire, now);
  };
}

// A completed call c-1 with engagement 111, and c-2 started with its own
// engagement 222: the stage for a stale engagementId.
Setup two_calls() {
  return seq({ready(),
              widget_calls({{"outgoingCall", R"({"externalCallId":"c-1","createEngagement":true})"}}),
              host_sends(message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":111})")),
              widget_calls({{"callEnded", R"({"externalCallId":"c-1","engagementId":111,"callEndStatus":"COMPLETED"})"},
                            {"callCompleted", R"({"externalCallId":"c-1","engagementId":111})"},
                            {"outgoingCall", R"({"externalCallId":"c-2","createEngagement":true})"}}),
              host_sends(message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":222})"))});
}
Setup call_started() { return seq({ready(), widget_calls({{"outgoingCall", R"({"externalCallId":"c-1"})"}})}); }

// ---- triggers ----

Trigger out(const char *method, std::string payload) {
  return [method, payload](Wire &, callcore_session *s, double now) {
    return callcore_call(s, method, payload.empty() ? nullptr : payload.c_str(), now);
  };
}
Trigger in(std::string origin, std::string envelope, int from_peer = 1) {
  return [origin, envelope, from_peer](Wire &, callcore_session *s, double now) {
    return callcore_receive(s, origin.c_str(), from_peer, envelope.c_str(), now);
  };
}
Trigger tick_at(double when) {
  return [when](Wire &, callcore_session *s, double) { return callcore_tick(s, when); };
}
Trigger unload() {
  return [](Wire &, callcore_session *s, double now) { return callcore_unload(s, now); };
}

const std::string kHost = kHostOrigin, kWidget = kWidgetOrigin;
std::string visibility(const std::string &id = "h_9") {
  return R"({"type":"VISIBILITY_CHANGED","data":{"isMinimized":false,"isHidden":true},"messageId":")" + id + "\"}";
}
std::string sync(const std::string &origin, const std::string &id = "h_sync") {
  return R"({"type":"SYNC","hostUrl":")" + origin + R"(","messageId":")" + id + "\"}";
}

std::vector<Scenario> scenarios() {
  const std::string dial = message("DIAL_NUMBER", R"({"phoneNumber":"+442073238299","portalId":123456})");
  const std::string dial_received = R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","portalId":123456},"messageId":"h_dial_2"})";
  std::vector<Scenario> v;
  auto add = [&v](Scenario s) { v.push_back(std::move(s)); };
  using K = Kind;
  using S = Side;

  // -- input nobody can use (the SDK ignores it too): dropped in every policy
  add({"MalformedJson", "MALFORMED_JSON", K::Dropped, S::Widget, ready(), in(kHost, R"({"type":"DIAL_NUMBER",)"), "",
       CALLCORE_E_JSON});
  add({"TooLarge", "TOO_LARGE", K::Dropped, S::Widget, ready(),
       in(kHost, R"({"type":"CALL_DATA","data":{"pad":")" + std::string(600, 'x') + R"("},"messageId":"h_1"})"), "",
       CALLCORE_E_TOO_LARGE, "error", "", R"({"limits":{"maxEnvelopeBytes":512}})"});
  add({"TooDeep", "TOO_DEEP", K::Dropped, S::Widget, ready(), in(kHost, std::string(10000, '[')), "",
       CALLCORE_E_TOO_DEEP});
  add({"StringTooLong", "STRING_TOO_LONG", K::Dropped, S::Widget, ready(),
       in(kHost, R"({"type":"CALL_DATA","data":{"note":")" + std::string(65, 'n') + R"("},"messageId":"h_1"})"), "",
       CALLCORE_E_TOO_LARGE, "error", "", R"({"limits":{"maxStringLength":64}})"});
  add({"DuplicateKey", "DUPLICATE_KEY", K::Dropped, S::Widget, ready(),
       in(kHost, R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","phoneNumber":"+15550100"},"messageId":"h_1"})"),
       "", CALLCORE_E_JSON});
  add({"NotAnObject", "NOT_AN_OBJECT", K::Dropped, S::Widget, ready(), in(kHost, "[1,2]"), "", CALLCORE_E_ENVELOPE});
  add({"MissingType", "MISSING_TYPE", K::Dropped, S::Widget, ready(), in(kHost, R"({"data":{},"messageId":"h_1"})"), "",
       CALLCORE_E_ENVELOPE});
  add({"TypeNotString", "TYPE_NOT_STRING", K::Dropped, S::Widget, ready(),
       in(kHost, R"({"type":["DIAL_NUMBER"],"data":{"phoneNumber":"+442073238299"},"messageId":"h_1"})"), "",
       CALLCORE_E_ENVELOPE});
  add({"MissingMessageId", "MISSING_MESSAGE_ID", K::Dropped, S::Widget, ready(),
       in(kHost, R"({"type":"VISIBILITY_CHANGED","data":{"isHidden":true}})"), "", CALLCORE_E_ENVELOPE});
  add({"SourceNotPeer", "SOURCE_NOT_PEER", K::Dropped, S::Widget, ready(), in(kHost, visibility(), 0)});
  add({"OriginMismatch", "ORIGIN_MISMATCH", K::Dropped, S::Widget, ready(),
       in("https://app-eu1.hubspot.com", visibility())});
  add({"OriginNotAllowed", "ORIGIN_NOT_ALLOWED", K::Dropped, S::Widget, none(),
       in("https://evil.example", sync("https://evil.example"))});
  add({"HostUrlMismatch", "HOST_URL_MISMATCH", K::Dropped, S::Widget, none(), in(kHost, sync("https://app-eu1.hubspot.com"))});
  add({"BadOrigin", "BAD_ORIGIN", K::Dropped, S::Widget, none(), in(kHost, sync("*"))});
  add({"SyncOnHost", "SYNC_ON_HOST", K::Dropped, S::Host, ready(), in(kWidget, sync(kWidget))});
  add({"RepeatedSync", "REPEATED_SYNC", K::Dropped, S::Widget, ready(), in(kHost, sync(kHost, "h_again")), "",
       CALLCORE_E_DROPPED, "warning"});
  add({"OrphanReply", "ORPHAN_REPLY", K::Dropped, S::Widget, ready(), in(kHost, visibility("1724412345000_1")), "",
       CALLCORE_E_DROPPED, "warning"});
  add({"MessageIdNotString", "MESSAGE_ID_NOT_STRING", K::WarnIn, S::Widget, ready(),
       in(kHost, R"({"type":"VISIBILITY_CHANGED","data":{"isHidden":true},"messageId":42})"), "", CALLCORE_OK, "warning"});

  // -- the handshake and the queue
  add({"NotReadyQueued", "NOT_READY", K::WarnOut, S::Widget, none(), out("initialized", R"({"isLoggedIn":true})"), "",
       CALLCORE_OK, "warning", "queued"});
  add({"NotReadyInbound", "NOT_READY", K::Inbound, S::Widget, none(), in(kHost, dial_received)});
  add({"QueueFull", "QUEUE_FULL", K::Refused, S::Widget, widget_calls({{"initialized", "{}"}}), out("userLoggedIn", ""), "",
       CALLCORE_E_LIMIT, "error", "", R"({"limits":{"maxQueued":1}})"});
  add({"SyncAckFailed", "SYNC_ACK_FAILED", K::Local, S::Host, load_iframe_unanswered(), tick_at(kT0 + 30001)});

  // -- the catalogue
  add({"UnknownTypeInbound", "UNKNOWN_TYPE", K::WarnIn, S::Widget, ready(), in(kHost, R"({"type":"UNLOADING","messageId":"h_1"})"),
       "ERROR", CALLCORE_OK, "warning"});
  add({"UnknownTypeOutbound", "UNKNOWN_TYPE", K::WarnOut, S::Widget, ready(),
       out("sendMessage", R"({"type":"MY_APP_EVENT","data":{"x":1}})"), "MY_APP_EVENT", CALLCORE_OK, "warning"});
  add({"InheritedTypeName", "INHERITED_TYPE_NAME", K::Inbound, S::Widget, ready(),
       in(kHost, R"({"type":"toString","data":{},"messageId":"h_1"})")});
  add({"WrongDirectionOutbound", "WRONG_DIRECTION", K::Outbound, S::Widget, ready(), out("sendMessage", dial), "DIAL_NUMBER"});
  add({"WrongDirectionInbound", "WRONG_DIRECTION", K::WarnIn, S::Widget, ready(),
       in(kHost, R"({"type":"INITIALIZED","data":{},"messageId":"h_1"})"), "ERROR", CALLCORE_OK, "warning"});
  add({"LocalTypeOnWireOutbound", "LOCAL_TYPE_ON_WIRE", K::Outbound, S::Widget, ready(),
       out("sendMessage", R"({"type":"READY","data":{}})"), "READY"});
  add({"LocalTypeOnWireInbound", "LOCAL_TYPE_ON_WIRE", K::Inbound, S::Widget, ready(),
       in(kHost, R"({"type":"READY","data":{},"messageId":"h_1"})")});
  add({"DeprecatedType", "DEPRECATED_TYPE", K::WarnOut, S::Widget,
       seq({ready(), widget_calls({{"outgoingCall", R"({"externalCallId":"c-1","createEngagement":true})"}}),
            host_sends(message("CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":5})")),
            widget_calls({{"callEnded", R"({"externalCallId":"c-1","engagementId":5})"},
                          {"callCompleted", R"({"externalCallId":"c-1","engagementId":5})"}})}),
       out("publishToChannel", R"({"externalCallId":"c-1","engagementId":5})"), "PUBLISH_TO_CHANNEL", CALLCORE_OK, "warning"});
  add({"VersionTooOld", "VERSION_TOO_OLD", K::Outbound, S::Host, ready(),
       out("sendMessage", message("FINALIZE_ENGAGEMENT_SUCCEEDED", "{}")), "FINALIZE_ENGAGEMENT_SUCCEEDED", CALLCORE_OK,
       "error", "", R"({"version":"0.9.3"})"});
  add({"WidgetRejectedType", "WIDGET_REJECTED_TYPE", K::WarnIn, S::Host, ready(),
       in(kWidget, R"({"type":"ERROR","data":{"type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":{"type":"X","messageId":"1"}}},"messageId":"w_1"})"),
       "", CALLCORE_OK, "warning"});
  add({"ErrorForErrorToHost", "ERROR_FOR_ERROR", K::Inbound, S::Host, ready(),
       in(kWidget, R"({"type":"ERROR","data":{"type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":{"type":"ERROR","messageId":"1"}}},"messageId":"w_1"})")});
  add({"ErrorForErrorToWidget", "ERROR_FOR_ERROR", K::Inbound, S::Widget, ready(),
       in(kHost, R"({"type":"ERROR","data":{"type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":{"type":"ERROR","messageId":"1"}}},"messageId":"h_1"})")});
  {
    Scenario s{"NoHandler", "NO_HANDLER", K::WarnIn, S::Widget, ready(), in(kHost, visibility()), "", CALLCORE_OK,
               "warning", "reported", R"({"handlers":["onReady"]})"};
    s.handler_called = false;
    add(s);
  }
  add({"PayloadIgnored", "PAYLOAD_IGNORED", K::WarnOut, S::Widget, ready(), out("userAvailable", R"({"now":true})"),
       "USER_AVAILABLE", CALLCORE_OK, "warning"});

  // -- payload fields
  add({"DataNotObject", "DATA_NOT_OBJECT", K::Outbound, S::Widget, call_started(), out("callEnded", R"("c-1")"), "CALL_ENDED"});
  add({"FieldRequired", "FIELD_REQUIRED", K::Outbound, S::Widget, call_started(),
       out("callEnded", R"({"callEndStatus":"COMPLETED"})"), "CALL_ENDED"});
  add({"FieldType", "FIELD_TYPE", K::Outbound, S::Widget, ready(),
       out("outgoingCall", R"({"externalCallId":"c-1","createEngagement":"true"})"), "OUTGOING_CALL_STARTED"});
  add({"FieldEnum", "FIELD_ENUM", K::Outbound, S::Widget, call_started(),
       out("callEnded", R"({"externalCallId":"c-1","callEndStatus":"DONE"})"), "CALL_ENDED"});
  add({"FieldEnumInbound", "FIELD_ENUM", K::Inbound, S::Host, call_started(),
       in(kWidget, R"({"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"DONE"},"messageId":"w_1"})")});
  add({"FieldFormatE164", "FIELD_FORMAT", K::Outbound, S::Widget, ready(),
       out("outgoingCall", R"({"externalCallId":"c-1","toNumber":"020 7323 8299"})"), "OUTGOING_CALL_STARTED"});
  add({"FieldFormatHttpsRecording", "FIELD_FORMAT", K::Outbound, S::Widget,
       seq({call_started(), widget_calls({{"callEnded", R"({"externalCallId":"c-1","callEndStatus":"COMPLETED"})"}})}),
       out("callCompleted", R"({"externalCallId":"c-1","engagementProperties":{"hs_call_recording_url":"http://rec.example.com/a.mp3"}})"),
       "CALL_COMPLETED"});
  add({"FieldRange", "FIELD_RANGE", K::Outbound, S::Widget, ready(), out("resizeWidget", R"({"width":0,"height":600})"),
       "RESIZE_WIDGET"});
  add({"FieldEmpty", "FIELD_EMPTY", K::Outbound, S::Widget, ready(), out("outgoingCall", R"({"externalCallId":""})"),
       "OUTGOING_CALL_STARTED"});
  add({"FieldMisspelled", "FIELD_MISSPELLED", K::WarnOut, S::Widget, call_started(),
       out("callAnswered", R"({"externalCallId":"c-1","ExternalCallId":"c-1"})"), "CALL_ANSWERED", CALLCORE_OK, "warning"});
  {
    Scenario s{"StatusPrefixed", "STATUS_PREFIXED", K::WarnOut, S::Widget, call_started(),
               out("callEnded", R"({"externalCallId":"c-1","callEndStatus":"INTERNAL_COMPLETED"})"), "CALL_ENDED",
               CALLCORE_OK, "warning"};
    s.extra = [](const Actions &a) {
      // Never emit the prefixed form, whatever the policy.
      ASSERT_EQ(a.posted("CALL_ENDED").size(), 1u);
      EXPECT_EQ(str(get(a.posted("CALL_ENDED")[0], "data"), "callEndStatus"), "COMPLETED");
    };
    add(s);
  }

  // -- the session and its calls
  add({"NotInitialized", "NOT_INITIALIZED", K::Outbound, S::Widget, handshake(), out("userLoggedIn", ""), "LOGGED_IN"});
  add({"NotLoggedIn", "NOT_LOGGED_IN", K::Outbound, S::Widget, ready(R"({"isLoggedIn":false})"),
       out("outgoingCall", R"({"externalCallId":"c-1"})"), "OUTGOING_CALL_STARTED"});
  add({"NotLoggedInDial", "NOT_LOGGED_IN", K::Inbound, S::Widget, ready(R"({"isLoggedIn":false})"), in(kHost, dial_received)});
  add({"AlreadyLoggedIn", "ALREADY_LOGGED_IN", K::Outbound, S::Widget, ready(), out("userLoggedIn", ""), "LOGGED_IN"});
  add({"AlreadyLoggedOut", "ALREADY_LOGGED_OUT", K::Outbound, S::Widget, ready(R"({"isLoggedIn":false})"),
       out("userLoggedOut", ""), "LOGGED_OUT"});
  add({"NotAvailable", "NOT_AVAILABLE", K::Outbound, S::Widget, ready(R"({"isLoggedIn":true,"isAvailable":false})"),
       out("incomingCall", R"({"externalCallId":"in-1","fromNumber":"+18884827768","toNumber":"+442073238299"})"),
       "INCOMING_CALL"});
  add({"CallActive", "CALL_ACTIVE", K::Outbound, S::Widget, call_started(), out("outgoingCall", R"({"externalCallId":"c-2"})"),
       "OUTGOING_CALL_STARTED"});
  add({"CallActiveLogout", "CALL_ACTIVE", K::Outbound, S::Widget, call_started(), out("userLoggedOut", ""), "LOGGED_OUT"});
  add({"DuplicateDialInbound", "DUPLICATE_DIAL", K::Inbound, S::Widget, seq({ready(), host_sends(dial)}),
       in(kHost, dial_received)});
  add({"DuplicateDialOutbound", "DUPLICATE_DIAL", K::Outbound, S::Host, seq({ready(), host_sends(dial)}),
       out("sendMessage", dial), "DIAL_NUMBER"});
  add({"DuplicateCall", "DUPLICATE_CALL", K::Outbound, S::Widget, call_started(),
       out("outgoingCall", R"({"externalCallId":"c-1"})"), "OUTGOING_CALL_STARTED"});
  add({"DuplicateCallInbound", "DUPLICATE_CALL", K::Inbound, S::Host, call_started(),
       in(kWidget, R"({"type":"OUTGOING_CALL_STARTED","data":{"externalCallId":"c-1"},"messageId":"w_again"})")});
  add({"UnknownCall", "UNKNOWN_CALL", K::Outbound, S::Widget, ready(), out("callEnded", R"({"externalCallId":"c-404"})"),
       "CALL_ENDED"});
  add({"CompletedBeforeEnded", "ILLEGAL_TRANSITION", K::Outbound, S::Widget, call_started(),
       out("callCompleted", R"({"externalCallId":"c-1"})"), "CALL_COMPLETED"});
  add({"AnsweredTwice", "ILLEGAL_TRANSITION", K::Outbound, S::Widget,
       seq({call_started(), widget_calls({{"callAnswered", R"({"externalCallId":"c-1"})"}})}),
       out("callAnswered", R"({"externalCallId":"c-1"})"), "CALL_ANSWERED"});
  add({"EndCallWithoutCall", "ILLEGAL_TRANSITION", K::Inbound, S::Widget, ready(),
       in(kHost, R"({"type":"END_CALL","messageId":"h_1"})")});
  add({"UnexpectedReplyInbound", "UNEXPECTED_REPLY", K::Inbound, S::Widget, ready(),
       in(kHost, R"({"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":5},"messageId":"h_1"})")});
  add({"UnexpectedReplyOutbound", "UNEXPECTED_REPLY", K::Outbound, S::Host, ready(),
       out("sendMessage", message("UPDATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":5})")), "UPDATE_ENGAGEMENT_SUCCEEDED"});
  add({"EngagementMismatchStale", "ENGAGEMENT_MISMATCH", K::Outbound, S::Widget, two_calls(),
       out("callEnded", R"({"externalCallId":"c-2","engagementId":111,"callEndStatus":"COMPLETED"})"), "CALL_ENDED"});
  add({"EngagementMismatchInbound", "ENGAGEMENT_MISMATCH", K::Inbound, S::Host, two_calls(),
       in(kWidget, R"({"type":"CALL_ENDED","data":{"externalCallId":"c-2","engagementId":111},"messageId":"w_1"})")});
  add({"EngagementPending", "ENGAGEMENT_PENDING", K::WarnOut, S::Widget,
       seq({ready(), widget_calls({{"outgoingCall", R"({"externalCallId":"c-1","createEngagement":true})"},
                                   {"callEnded", R"({"externalCallId":"c-1","callEndStatus":"FAILED"})"}})}),
       out("callCompleted", R"({"externalCallId":"c-1"})"), "CALL_COMPLETED", CALLCORE_OK, "warning"});
  add({"TooManyCalls", "TOO_MANY_CALLS", K::Refused, S::Widget, call_started(),
       out("outgoingCall", R"({"externalCallId":"c-2"})"), "", CALLCORE_E_LIMIT, "error", "", R"({"limits":{"maxCalls":1}})"});
  add({"TooManyCallsInbound", "TOO_MANY_CALLS", K::Dropped, S::Host, call_started(),
       in(kWidget, R"({"type":"OUTGOING_CALL_STARTED","data":{"externalCallId":"c-2"},"messageId":"w_1"})"), "",
       CALLCORE_E_LIMIT, "error", "", "{}", R"({"limits":{"maxCalls":1}})"});
  add({"CallNotCompleted", "CALL_NOT_COMPLETED", K::Local, S::Widget,
       seq({call_started(), widget_calls({{"callEnded", R"({"externalCallId":"c-1","callEndStatus":"COMPLETED"})"}})}),
       tick_at(kT0 + 100 + 5000 + 10), "", CALLCORE_OK, "error", "", R"({"completionTimeoutMs":5000})"});
  add({"CallLeftOpen", "CALL_LEFT_OPEN", K::Local, S::Widget, call_started(), unload()});
  return v;
}

std::string with_policy(const std::string &overrides, const std::string &policy) {
  Json o = parse(overrides);
  cJSON_AddStringToObject(o.get(), "policy", policy.c_str());
  return print(o.get());
}

class ViolationMatrix : public ::testing::TestWithParam<std::tuple<Scenario, std::string>> {};

TEST_P(ViolationMatrix, ThePolicyDecidesWhatHappens) {
  const Scenario &sc = std::get<0>(GetParam());
  const std::string &policy = std::get<1>(GetParam());
  Wire wire(make_host(with_policy(sc.host_options, policy)), make_widget(with_policy(sc.widget_options, policy)));
  double now = kT0 + 100;
  sc.setup(wire, now);
  ASSERT_FALSE(::testing::Test::HasFailure()) << "setup failed";
  wire.pump(now);
  wire.clear();
  callcore_session *subject = sc.side == Side::Widget ? wire.widget.get() : wire.host.get();
  const std::string before = state_text(subject);

  callcore_errno rc = sc.trigger(wire, subject, now);
  const std::string error = callcore_last_error(subject);
  Actions a = drain(subject);
  std::vector<const cJSON *> found = a.violations(sc.code.c_str());
  const bool quiet = policy == "off";
  const bool strict = policy == "strict";
  SCOPED_TRACE(sc.name + " / " + policy + "\n" + a.dump());

  // Off says nothing, except of a refusal (nothing was sent, so silence would
  // lose the message without a trace); warn and strict report the code.
  const bool refused_anyway = sc.kind == Kind::Refused;
  if (quiet && !refused_anyway) {
    EXPECT_TRUE(a.violations().empty());
  } else {
    ASSERT_FALSE(found.empty()) << "no " << sc.code;
    EXPECT_EQ(str(found[0], "severity"), sc.severity);
    EXPECT_NE(str(found[0], "message"), "");
  }
  auto expect_outcome = [&](const std::string &usual) {
    if (!found.empty()) EXPECT_EQ(str(found[0], "outcome"), sc.outcome.empty() ? usual : sc.outcome);
  };

  switch (sc.kind) {
    case Kind::Outbound:
      if (strict) {
        EXPECT_EQ(rc, CALLCORE_E_REFUSED);
        EXPECT_TRUE(a.posts().empty()) << "refused means not sent";
        EXPECT_EQ(state_text(subject), before) << "a refused message changes nothing";
        std::vector<const cJSON *> all = a.violations();
        EXPECT_TRUE(std::any_of(all.begin(), all.end(), [&](const cJSON *v) { return str(v, "message") == error; }))
            << "last_error is the sentence of the violation that refused it: " << error;
        expect_outcome("refused");
      } else {
        EXPECT_EQ(rc, CALLCORE_OK) << error;
        EXPECT_EQ(a.posted(sc.posted.c_str()).size(), 1u) << "relayed as the SDK would";
        expect_outcome("relayed");
      }
      break;
    case Kind::Inbound:
      if (strict) {
        EXPECT_EQ(rc, CALLCORE_E_DROPPED);
        EXPECT_TRUE(a.calls().empty()) << "a dropped message reaches no handler";
        EXPECT_TRUE(a.posts().empty()) << "and is not answered";
        EXPECT_EQ(state_text(subject), before);
        EXPECT_NE(error, "");
        expect_outcome("dropped");
      } else {
        EXPECT_EQ(rc, CALLCORE_OK) << error;
        EXPECT_FALSE(a.calls().empty()) << "delivered to the app";
        expect_outcome("relayed");
      }
      break;
    case Kind::WarnIn:
      EXPECT_EQ(!a.calls().empty(), sc.handler_called);
      [[fallthrough]];  // and then what a warned outbound call must show
    case Kind::WarnOut:
      EXPECT_EQ(rc, CALLCORE_OK) << error;
      if (sc.posted.empty())
        EXPECT_TRUE(a.posts().empty());
      else
        EXPECT_EQ(a.posted(sc.posted.c_str()).size(), 1u);
      expect_outcome("relayed");
      break;
    case Kind::Dropped:
    case Kind::Refused:
      EXPECT_EQ(rc, sc.rc) << callcore_errno_name(rc) << ": " << error;
      EXPECT_NE(error, "") << "callcore_last_error explains";
      EXPECT_TRUE(a.calls().empty());
      EXPECT_TRUE(a.posts().empty());
      EXPECT_EQ(state_text(subject), before);
      expect_outcome(sc.kind == Kind::Dropped ? "dropped" : "refused");
      break;
    case Kind::Local:
      EXPECT_EQ(rc, CALLCORE_OK) << error;
      if (!found.empty()) EXPECT_EQ(str(found[0], "direction"), "local");
      expect_outcome("reported");
      break;
  }
  if (sc.extra) sc.extra(a);
}

INSTANTIATE_TEST_SUITE_P(Codes, ViolationMatrix,
                         ::testing::Combine(::testing::ValuesIn(scenarios()), ::testing::Values("off", "warn", "strict")),
                         [](const ::testing::TestParamInfo<std::tuple<Scenario, std::string>> &info) {
                           return std::get<0>(info.param).name + "_" + std::get<1>(info.param);
                         });

// Codes shown elsewhere: construction (below), the REST validators (rest_test.cc),
// the host's handshake (host_dispatch_test.cc), a report's overflow (limits_test.cc)
// and several instances (instances_*_test.cc).
const std::set<std::string> kCoveredElsewhere = {
    "UNKNOWN_HANDLER",  "VALUE_TRUNCATED",     "NOT_SELECTABLE",        "IFRAME_URL_MISMATCH",
    "MORE_VIOLATIONS",  "PEER_MALFORMED",      "PEER_CHANNEL_MISMATCH", "PEER_FROM_SELF",
    "PEER_MEMBERS_FULL", "PEER_REFUSED",       "ANSWERED_ELSEWHERE",    "WAITING_FOR_LEADER",
    "CALL_HANDED_OVER"};

TEST(Violations, EveryCatalogueCodeIsExercised) {
  std::set<std::string> covered = kCoveredElsewhere;
  for (const Scenario &s : scenarios()) covered.insert(s.code);
  Json cat = catalogue();
  std::set<std::string> listed;
  const cJSON *v;
  cJSON_ArrayForEach(v, get(cat.get(), "violations")) {
    listed.insert(str(v, "code"));
    EXPECT_TRUE(covered.count(str(v, "code"))) << str(v, "code") << " has no scenario";
    EXPECT_TRUE(str(v, "severity") == "error" || str(v, "severity") == "warning");
    EXPECT_NE(str(v, "summary"), "");
  }
  for (const std::string &code : covered) EXPECT_TRUE(listed.count(code)) << code << " is not in the catalogue";
}

TEST(Violations, UnknownHandlerAtConstructionInEachPolicy) {
  for (const char *policy : {"off", "warn", "strict"}) {
    Session w = make_widget(std::string(R"({"policy":")") + policy +
                            R"(","handlers":["onReady","onCallerIDMatchFailed","onDialNumber"]})");
    ASSERT_TRUE(w) << policy << ": an unknown handler name never prevents the session";
    Actions a = drain(w);
    if (std::string(policy) == "off") {
      EXPECT_TRUE(a.empty()) << a.dump();
      continue;
    }
    ASSERT_EQ(a.violations("UNKNOWN_HANDLER").size(), 1u) << policy << a.dump();
    const cJSON *v = a.violations("UNKNOWN_HANDLER")[0];
    EXPECT_EQ(str(v, "field"), "onCallerIDMatchFailed");
    EXPECT_EQ(str(v, "severity"), "warning");
    EXPECT_EQ(str(v, "direction"), "local");
    EXPECT_NE(str(v, "message").find("onCallerIDMatchFailed"), std::string::npos);
  }
  // The host role knows its own handler names, and not the widget's.
  Session h = make_host(R"({"handlers":["onOutgoingCall","onDialNumber","defaultEventHandler","onViolation"]})");
  Actions a = drain(h);
  ASSERT_EQ(a.violations("UNKNOWN_HANDLER").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("UNKNOWN_HANDLER")[0], "field"), "onDialNumber");
}

// ---- exact sentences and rewrites ----

class CallInProgress : public ::testing::Test {
 protected:
  void SetUp() override {
    wire.ready(kT0);
    must_call(wire.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
    wire.pump(kT0 + 10);
    wire.clear();
  }
  Wire wire = Wire::make();
};

TEST_F(CallInProgress, FieldEnumSentenceIsExact) {
  ASSERT_EQ(callcore_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","callEndStatus":"DONE"})", kT0 + 20),
            CALLCORE_OK);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.violations("FIELD_ENUM").size(), 1u) << a.dump();
  const cJSON *v = a.violations("FIELD_ENUM")[0];
  EXPECT_EQ(str(v, "message"),
            "callEnded: data.callEndStatus \"DONE\" is not one of COMPLETED, FAILED, CANCELED, BUSY, NO_ANSWER, REJECTED, MISSED");
  EXPECT_EQ(str(v, "field"), "data.callEndStatus");
  EXPECT_EQ(str(v, "type"), "CALL_ENDED");
  EXPECT_EQ(str(v, "direction"), "outbound");
  EXPECT_EQ(keys(v), split_keys("action,code,severity,direction,type,field,message,outcome"));
}

TEST_F(CallInProgress, StatusPrefixedIsRewrittenToTheWireValueForEveryStatus) {
  double t = kT0 + 20;
  for (const char *status : {"COMPLETED", "FAILED", "CANCELED", "BUSY", "NO_ANSWER", "REJECTED", "MISSED"}) {
    Wire w = Wire::make();
    w.ready(kT0);
    must_call(w.widget, "outgoingCall", R"({"externalCallId":"c-1"})", t);
    w.pump(t);
    w.clear();
    std::string payload = std::string(R"({"externalCallId":"c-1","callEndStatus":"INTERNAL_)") + status + "\"}";
    ASSERT_EQ(callcore_call(w.widget, "callEnded", payload.c_str(), t + 1), CALLCORE_OK);
    auto traffic = w.pump(t + 1);
    ASSERT_EQ(traffic.size(), 1u);
    EXPECT_EQ(str(get(parse(traffic[0].envelope).get(), "data"), "callEndStatus"), status);
    ASSERT_EQ(w.widget_actions.violations("STATUS_PREFIXED").size(), 1u) << status;
    EXPECT_EQ(str(w.widget_actions.violations("STATUS_PREFIXED")[0], "message"),
              std::string("callEnded: data.callEndStatus \"INTERNAL_") + status +
                  "\" is a constant name; the wire value \"" + status + "\" was sent");
    EXPECT_TRUE(w.host_actions.violations().empty()) << "the host got a clean message";
    EXPECT_EQ(str(call_state(w.host).get(), "endStatus"), status);
  }
  // An INTERNAL_ name that is not a status is simply wrong.
  ASSERT_EQ(callcore_call(wire.widget, "callEnded", R"({"externalCallId":"c-1","callEndStatus":"INTERNAL_DONE"})", t), CALLCORE_OK);
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.has_violation("FIELD_ENUM"));
  EXPECT_FALSE(a.has_violation("STATUS_PREFIXED"));
}

TEST_F(CallInProgress, E164NumbersAreCheckedOnEveryNumberField) {
  struct Case {
    const char *number;
    bool ok;
  } cases[] = {{"+18884827768", true},       {"+442073238299", true},  {"+12", true},
               {"+123456789012345", true},   {"18884827768", false},   {"+0442073238299", false},
               {"+1", false},                {"+1234567890123456", false}, {"+44 20 7323 8299", false},
               {"+44-20-7323-8299", false},  {"", false},              {"tel:+18884827768", false}};
  for (const Case &c : cases) {
    std::string envelope = std::string(R"({"type":"INCOMING_CALL","data":{"externalCallId":"x","fromNumber":")") + c.number +
                           R"(","toNumber":"+442073238299"},"messageId":"1"})";
    Json verdict = parse(take(callcore_validate_envelope(envelope.c_str())));
    EXPECT_EQ(cJSON_IsTrue(get(verdict.get(), "ok")), c.ok) << c.number << ": " << print(verdict.get());
    if (!c.ok) {
      const cJSON *first = cJSON_GetArrayItem(get(verdict.get(), "errors"), 0);
      EXPECT_EQ(str(first, "field"), "data.fromNumber") << c.number;
    }
  }
}

TEST_F(CallInProgress, RecordingUrlMustBeHttps) {
  for (const char *url : {"http://rec.example.com/a.mp3", "ftp://rec.example.com/a.mp3", "rec.example.com/a.mp3", "*"}) {
    std::string envelope = std::string(R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementProperties":{"hs_call_recording_url":")") +
                           url + R"("}},"messageId":"1"})";
    Json verdict = parse(take(callcore_validate_envelope(envelope.c_str())));
    EXPECT_FALSE(cJSON_IsTrue(get(verdict.get(), "ok"))) << url;
    EXPECT_EQ(str(cJSON_GetArrayItem(get(verdict.get(), "errors"), 0), "code"), "FIELD_FORMAT") << url;
    EXPECT_EQ(str(cJSON_GetArrayItem(get(verdict.get(), "errors"), 0), "field"),
              "data.engagementProperties.hs_call_recording_url");
  }
  Json verdict = parse(take(callcore_validate_envelope(
      R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementProperties":{"hs_call_recording_url":"https://rec.example.com/a.wav","hs_call_duration":"95000"}},"messageId":"1"})")));
  EXPECT_TRUE(cJSON_IsTrue(get(verdict.get(), "ok"))) << print(verdict.get());
  // The React demo sends null when nothing was recorded: "no value", as in
  // HubSpot's properties API, so no finding (engagement_null_test.cc).
  verdict = parse(take(callcore_validate_envelope(
      R"({"type":"CALL_COMPLETED","data":{"externalCallId":"x","engagementProperties":{"hs_call_recording_url":null}},"messageId":"1"})")));
  EXPECT_TRUE(cJSON_IsTrue(get(verdict.get(), "ok"))) << print(verdict.get());
  EXPECT_EQ(cJSON_GetArraySize(get(verdict.get(), "warnings")), 0) << print(verdict.get());
}

TEST_F(CallInProgress, DuplicateDialNumberOutsideTheWindowIsFine) {  // calling-extensions-sdk#210
  std::string dial = message("DIAL_NUMBER", R"({"phoneNumber":"+442073238299"})");
  Wire w = Wire::make();
  w.ready(kT0);
  w.clear();
  must_call(w.host, "sendMessage", dial.c_str(), kT0 + 100);
  w.pump(kT0 + 100);
  must_call(w.host, "sendMessage", dial.c_str(), kT0 + 100 + 1999);
  w.pump(kT0 + 100 + 1999);
  EXPECT_EQ(w.widget_actions.violations("DUPLICATE_DIAL").size(), 1u) << "1999 ms apart: a duplicate";
  must_call(w.host, "sendMessage", dial.c_str(), kT0 + 100 + 1999 + 2000);
  w.pump(kT0 + 100 + 1999 + 2000);
  EXPECT_EQ(w.widget_actions.violations("DUPLICATE_DIAL").size(), 1u) << "2000 ms later: a new click";
  EXPECT_EQ(w.widget_actions.calls("onDialNumber").size(), 3u) << "warn delivers all three";
  // Another number right away is not a duplicate either.
  must_call(w.host, "sendMessage", message("DIAL_NUMBER", R"({"phoneNumber":"+18884827768"})").c_str(), kT0 + 4100);
  w.pump(kT0 + 4100);
  EXPECT_EQ(w.widget_actions.violations("DUPLICATE_DIAL").size(), 1u);
}

TEST_F(CallInProgress, CallNotCompletedFiresOnceAtTheTimeout) {  // calling-extensions-sdk#46
  Wire w = Wire::make("{}", R"({"completionTimeoutMs":5000})");
  w.ready(kT0);
  must_call(w.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
  must_call(w.widget, "callEnded", R"({"externalCallId":"c-1","callEndStatus":"COMPLETED"})", kT0 + 20);
  w.pump(kT0 + 20);
  w.clear();
  ASSERT_EQ(callcore_tick(w.widget, kT0 + 20 + 4999), CALLCORE_OK);
  EXPECT_FALSE(drain(w.widget).has_violation("CALL_NOT_COMPLETED")) << "not yet";
  ASSERT_EQ(callcore_tick(w.widget, kT0 + 20 + 5000), CALLCORE_OK);
  Actions a = drain(w.widget);
  ASSERT_EQ(a.violations("CALL_NOT_COMPLETED").size(), 1u) << a.dump();
  EXPECT_NE(str(a.violations("CALL_NOT_COMPLETED")[0], "message").find("\"c-1\""), std::string::npos);
  ASSERT_EQ(callcore_tick(w.widget, kT0 + 20 + 9000), CALLCORE_OK);
  EXPECT_FALSE(drain(w.widget).has_violation("CALL_NOT_COMPLETED")) << "said once";
  // Completing late is still accepted, silently.
  must_call(w.widget, "callCompleted", R"({"externalCallId":"c-1"})", kT0 + 20 + 9001);
  EXPECT_TRUE(drain(w.widget).violations().empty());

  Wire off = Wire::make("{}", R"({"completionTimeoutMs":0})");
  off.ready(kT0);
  must_call(off.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 10);
  must_call(off.widget, "callEnded", R"({"externalCallId":"c-1"})", kT0 + 20);
  drain(off.widget);
  ASSERT_EQ(callcore_tick(off.widget, kT0 + 86400000), CALLCORE_OK);
  EXPECT_FALSE(drain(off.widget).has_violation("CALL_NOT_COMPLETED")) << "0 disables the watchdog";
}

TEST_F(CallInProgress, CallLeftOpenNamesEveryUnfinishedCall) {
  must_call(wire.widget, "callAnswered", R"({"externalCallId":"c-1"})", kT0 + 20);
  drain(wire.widget);
  ASSERT_EQ(callcore_unload(wire.widget, kT0 + 30), CALLCORE_OK);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.violations("CALL_LEFT_OPEN").size(), 1u) << a.dump();
  EXPECT_EQ(str(a.violations("CALL_LEFT_OPEN")[0], "message"),
            "unload: call \"c-1\" was in progress when the page went away; it was never completed (calling-extensions-sdk#46)");
  ASSERT_FALSE(a.of("timer").empty());
  EXPECT_TRUE(cJSON_IsNull(get(a.of("timer").back(), "delayMs"))) << "unload cancels the timer";
}

}  // namespace
