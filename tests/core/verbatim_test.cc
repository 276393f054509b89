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

}  // namespace
