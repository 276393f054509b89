// The core reads JSON as RFC 8259 writes it, as JSON.parse does: cJSON alone
// is lenient (numbers such as 01 or 1., any byte up to the space as
// whitespace, raw control characters in strings), and a text two readers
// take differently is a text whose meaning an attacker can pick.
#include "test_support.h"

using namespace cctest;

namespace {

std::string first_error_code(const std::string &text) {
  Json verdict = parse(take(callcore_validate_envelope(text.c_str())));
  const cJSON *error = cJSON_GetArrayItem(get(verdict.get(), "errors"), 0);
  return error ? str(error, "code") + ": " + str(error, "message") : "ok";
}

std::string envelope_with(const std::string &value) {
  return R"({"type":"CALL_DATA","data":{"x":)" + value + R"(}})";
}

TEST(StrictJson, NumbersOutsideTheGrammarAreRefused) {
  for (const char *number : {"01", "-01", "1.", "-.5", ".5", "1.e5", "1e", "1e+", "-", "+1", "00"}) {
    std::string verdict = first_error_code(envelope_with(number));
    EXPECT_EQ(verdict.rfind("MALFORMED_JSON: ", 0), 0u) << number << " → " << verdict;
  }
}

TEST(StrictJson, NumbersOfTheGrammarAreRead) {
  for (const char *number : {"0", "-0", "1", "-12", "0.5", "1e5", "1E+3", "2.5e-3", "123456789012345678901234567890"})
    EXPECT_EQ(first_error_code(envelope_with(number)), "ok") << number;
}

TEST(StrictJson, OnlyJsonsFourWhitespaceCharactersSeparate) {
  EXPECT_EQ(first_error_code(" \t\r\n{\"type\" : \"CALL_DATA\" ,\n\"data\":{}}\r\n"), "ok");
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::string &text : {bom + envelope_with("1"), "\f" + envelope_with("1"), "\v" + envelope_with("1"),
                                   envelope_with("1") + "\x01", envelope_with("1") + "\x7f"}) {
    std::string verdict = first_error_code(text);
    EXPECT_EQ(verdict.rfind("MALFORMED_JSON: ", 0), 0u) << verdict;
  }
}

TEST(StrictJson, RawControlCharactersInStringsAreRefused) {
  for (const char *raw : {"\t", "\n", "\x01", "\x1f"}) {
    std::string verdict = first_error_code(envelope_with(std::string("\"a") + raw + "b\""));
    EXPECT_NE(verdict.find("raw control character"), std::string::npos) << verdict;
  }
  EXPECT_EQ(first_error_code(envelope_with(R"("a\tb\u0001")")), "ok") << "escaped, they are fine";
}

TEST(StrictJson, AReceivedMessageOutsideJsonIsDroppedAndSaysWhere) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  const char *text = R"({"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238299","portalId":0123},"messageId":"h_1"})";
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, text, kT0 + 10), CALLCORE_E_JSON);
  Actions a = drain(wire.widget);
  ASSERT_EQ(a.violations("MALFORMED_JSON").size(), 1u) << a.dump();
  EXPECT_NE(str(a.violations("MALFORMED_JSON")[0], "message").find("leading zero"), std::string::npos);
  EXPECT_TRUE(a.calls().empty());
}

TEST(StrictJson, EscapesOutsideJsonAreRefusedNotReadAsNul) {
  // cJSON read \uZZZZ as U+0000 and cut the string there: DIAL_NUMBER\uZZZZx passed for DIAL_NUMBER.
  for (const char *escape : {R"("DIAL_NUMBER\uZZZZx")", R"("a\u12")", R"("a\x41")", R"("a\'")", R"("a\u00G0")"}) {
    std::string verdict = first_error_code(envelope_with(escape));
    EXPECT_NE(verdict.find("an escape JSON does not have"), std::string::npos) << escape << " → " << verdict;
  }
  const char *attack = R"({"type":"DIAL_NUMBER\uZZZZx","messageId":"1","data":{"phoneNumber":"+1555\uQ0009"}})";
  EXPECT_EQ(first_error_code(attack).rfind("MALFORMED_JSON", 0), 0u);
  for (const char *escape : {R"("\"\\\/\b\f\n\r\t")", R"("\u00e9\uD83D\uDE00")"})
    EXPECT_EQ(first_error_code(envelope_with(escape)), "ok") << escape;
}

TEST(StrictJson, StringsMustBeUtf8) {
  for (const std::string &bad : {std::string("\xff"), std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
                                 std::string("\xe2\x82"), std::string("\xf4\x90\x80\x80"), std::string("a\x80")}) {
    std::string verdict = first_error_code(envelope_with("\"" + bad + "\""));
    EXPECT_NE(verdict.find("not UTF-8"), std::string::npos) << verdict;
  }
  for (const std::string &good : {std::string("caf\xc3\xa9"), std::string("\xe2\x82\xac"), std::string("\xf0\x9f\x98\x80")})
    EXPECT_EQ(first_error_code(envelope_with("\"" + good + "\"")), "ok") << good;
}

TEST(StrictJson, AnAbsurdVersionFromTheWidgetIsComparedWithoutOverflow) {
  // Found by fuzz_session_host: a version part of twenty digits overflowed a long (UBSan).
  Wire wire = Wire::make();
  ASSERT_EQ(callcore_iframe_loaded(wire.host, kT0), CALLCORE_OK);
  Actions sync = drain(wire.host);
  std::string ack = R"({"type":"SYNC_ACK","hostUrl":"https://app.hubspot.com","messageId":")" +
                    str(sync.posted("SYNC")[0], "messageId") +
                    R"(","version":"99999999999999999999.9.7","iFrameUrl":"https://widget.example.com"})";
  ASSERT_EQ(callcore_receive(wire.host, kWidgetOrigin, 1, ack.c_str(), kT0 + 1), CALLCORE_OK);
  drain(wire.host);
  must_call(wire.host, "sendMessage", message("VISIBILITY_CHANGED", R"({"isHidden":true})").c_str(), kT0 + 2);
  EXPECT_EQ(drain(wire.host).posted("VISIBILITY_CHANGED").size(), 1u);
}

}  // namespace
