// A tree parsed from canonical text is copied into the actions as that text
// instead of being printed (core/src/json_util.c, actions.c). Whatever the
// text, the actions must be byte for byte what printing gives: each text is
// sent to one session as it is and to a twin session with a trailing space,
// which is never canonical and so always printed. A text taken for canonical
// wrongly shows up as a difference.
#include "test_support.h"

using namespace cctest;

namespace {

struct Twins {
  Wire a = Wire::make(), b = Wire::make();
  Twins() {
    a.ready();
    b.ready();
    drain(a.widget);
    drain(b.widget);
  }
};

// Both drained texts, compared whole (not parsed: the bytes are the point).
void expect_same_actions(Twins &t, const std::string &what) {
  std::string copied = take(callcore_drain(t.a.widget)), printed = take(callcore_drain(t.b.widget));
  EXPECT_EQ(copied, printed) << what;
  EXPECT_NE(copied, "[]") << what;
}

// Payloads of outgoingCall, canonical or nearly so.
const char *const kCallPayloads[] = {
    R"({"externalCallId":"c-1","toNumber":"+442073238299","callStartTime":1724412350500,"createEngagement":true})",
    R"({"externalCallId":"c-1","callStartTime":0})",
    R"({"externalCallId":"c-1","callStartTime":-5})",
    R"({"externalCallId":"c-1","callStartTime":999999999999999})",
    R"({"externalCallId":"c-1","callStartTime":1000000000000000})",
    R"({"externalCallId":"c-1","callStartTime":12345678901234567890})",
    R"({"externalCallId":"c-1","callStartTime":-0})",
    R"({"externalCallId":"c-1","callStartTime":1.0})",
    R"({"externalCallId":"c-1","callStartTime":1.5})",
    R"({"externalCallId":"c-1","callStartTime":1e3})",
    R"({"externalCallId":"c-1","callStartTime":1E3})",
    R"({"externalCallId":"c-1","callStartTime":-1.25e-7})",
    R"({"externalCallId":"c-1","callStartTime":[1,-2,0,[]],"x":{}})",
    R"({"externalCallId":"c\"1","toNumber":"+1\/555"})",
    R"({"externalCallId":"c\u00e9","x":"a\nb\u001fc"})",
    R"({"externalCallId":"caf)" "\xc3\xa9" R"(","x":null,"y":false})",
    R"({"externalCallId":"c-1"} )",
    R"({"externalCallId" :"c-1"})",
    "{\"externalCallId\":\"c-1\",\"x\":\"tab\there\"}",  // a raw control byte: cJSON takes it, the writer escapes it
    R"({"externalCallId":"c-1","externalCallId":"c-2"})",
};

TEST(Verbatim, SdkCallPayloadsGoOutAsPrinted) {
  for (const char *payload : kCallPayloads) {
    Twins t;
    callcore_errno a = callcore_call(t.a.widget, "outgoingCall", payload, kT0 + 1000);
    callcore_errno b = callcore_call(t.b.widget, "outgoingCall", (std::string(payload) + " ").c_str(), kT0 + 1000);
    EXPECT_EQ(a, b) << payload;
    expect_same_actions(t, payload);
  }
}

// A check that rewrites a value (INTERNAL_ prefix, a value cut to length)
// changes the tree: the text no longer describes it.
TEST(Verbatim, RewrittenValuesAreSentAsRewritten) {
  Twins t;
  must_call(t.a.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 1000);
  must_call(t.b.widget, "outgoingCall", R"({"externalCallId":"c-1"})", kT0 + 1000);
  drain(t.a.widget);
  drain(t.b.widget);
  const char *ended = R"({"externalCallId":"c-1","callEndStatus":"INTERNAL_COMPLETED"})";
  must_call(t.a.widget, "callEnded", ended, kT0 + 2000);
  must_call(t.b.widget, "callEnded", (std::string(ended) + " ").c_str(), kT0 + 2000);
  std::string copied = take(callcore_drain(t.a.widget));
  EXPECT_EQ(copied, take(callcore_drain(t.b.widget)));
  EXPECT_NE(copied.find(R"("callEndStatus":"COMPLETED")"), std::string::npos) << copied;
  EXPECT_EQ(copied.find("INTERNAL_COMPLETED\"}"), std::string::npos) << copied;
}

// Envelopes the widget receives, handed to its handlers.
const char *const kReceived[] = {
    R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","ownerId":777,"objectId":51,"calleeInfo":{"calleeId":51,"calleeObjectTypeId":"0-1"}},"messageId":"1724412340000_9"})",
    R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","ownerId":"777","startTimestamp":1.5e12},"messageId":"m1"})",
    R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","countryCode":"G\u0042"},"messageId":"m1"})",
    R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","objectId":07},"messageId":"m1"})",
    R"({"type":"VISIBILITY_CHANGED","data":{"isMinimized":false,"isHidden":true},"messageId":"m2"})",
    R"({"type":"VISIBILITY_CHANGED","data":{"isMinimized":false,"isHidden":true},"messageId":5})",
    R"({"type":"NOT_A_TYPE","data":[1,2,{"a":null}],"messageId":"m3"})",
    "\xef\xbb\xbf{\"type\":\"VISIBILITY_CHANGED\",\"data\":{},\"messageId\":\"m4\"}",
};

TEST(Verbatim, ReceivedEnvelopesReachHandlersAsPrinted) {
  for (const char *envelope : kReceived) {
    Twins t;
    callcore_errno a = callcore_receive(t.a.widget, kHostOrigin, 1, envelope, kT0 + 1000);
    callcore_errno b =
        callcore_receive(t.b.widget, kHostOrigin, 1, (std::string(envelope) + " ").c_str(), kT0 + 1000);
    EXPECT_EQ(a, b) << envelope;
    expect_same_actions(t, envelope);
  }
}

// Messages an app posts with sendMessage (the host's replies, relayed app
// messages): the message is the envelope, so its text is posted, with the
// messageId callcore adds written before the closing brace.
const char *const kSentMessages[] = {
    R"({"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":4242}})",
    R"({"type":"CREATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":"4242"}})",
    R"({"type":"UPDATE_ENGAGEMENT_SUCCEEDED","data":{"engagementId":4242}})",
    R"({"type":"UPDATE_ENGAGEMENT_FAILED","data":{"error":{"message":"no"}}})",
    R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","ownerId":777,"calleeInfo":{"calleeId":51,"calleeObjectTypeId":"0-1"}}})",
    R"({"type":"VISIBILITY_CHANGED","data":{"isMinimized":false,"isHidden":true},"messageId":"app-1"})",
    R"({"type":"VISIBILITY_CHANGED","messageId":"app-2","data":{}})",
    R"({"messageId":"app-3","type":"VISIBILITY_CHANGED"})",
    R"({"type":"VISIBILITY_CHANGED"})",
    R"({"type":"VISIBILITY_CHANGED","messageId":false})",
    R"({"type":"VISIBILITY_CHANGED","messageId":7})",
    R"({"type":"APP_EVENT","data":[1,-2,0,[],{"a":null,"b":true}]})",
    R"({"type":"APP_EVENT","data":{"n":1.5}})",
    R"({"type":"APP_EVENT","data":{"n":1e3}})",
    R"({"type":"APP_EVENT","data":{"n":12345678901234567890}})",
    R"({"type":"APP_EVENT","data":{"s":"a\"b\/c\u00e9\n"}})",
    R"({"type":"APP_EVENT","data":{"s":"caf)" "\xc3\xa9" R"("}})",
    R"({"type" :"APP_EVENT"})",
    R"({"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"INTERNAL_COMPLETED"}})",
    R"({"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"INTERNAL_COMPLETED"},"messageId":"m"})",
    R"({"type":"APP_)" "\xe2\x82\xac" R"("})",
    R"({"type":"ERROR","data":{"message":"x","type":"UNKNOWN_MESSAGE_TYPE","data":{"originalMessage":{}}}})",
};

TEST(Verbatim, SentMessagesGoOutAsPrinted) {
  for (bool host : {true, false}) {
    for (const char *message : kSentMessages) {
      Twins t;
      callcore_session *a = host ? t.a.host : t.a.widget, *b = host ? t.b.host : t.b.widget;
      drain(a);
      drain(b);
      callcore_errno ea = callcore_call(a, "sendMessage", message, kT0 + 1000);
      callcore_errno eb = callcore_call(b, "sendMessage", (std::string(message) + " ").c_str(), kT0 + 1000);
      EXPECT_EQ(ea, eb) << message;
      std::string copied = take(callcore_drain(a)), printed = take(callcore_drain(b));
      EXPECT_EQ(copied, printed) << (host ? "host: " : "widget: ") << message;
      EXPECT_NE(copied.find("\"action\":\"post\""), std::string::npos) << copied;
    }
  }
}

// The messageId callcore adds comes after the app's members, as printing puts it.
TEST(Verbatim, AddedMessageIdIsWrittenLast) {
  Twins t;
  drain(t.a.host);
  must_call(t.a.host, "sendMessage", R"({"type":"VISIBILITY_CHANGED","data":{"isHidden":true}})", kT0 + 1000);
  std::string actions = take(callcore_drain(t.a.host));
  EXPECT_NE(actions.find(R"("envelope":{"type":"VISIBILITY_CHANGED","data":{"isHidden":true},"messageId":")"),
            std::string::npos)
      << actions;
}

}  // namespace
