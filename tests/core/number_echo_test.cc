// Numbers leave the core as the same double they arrived as: the envelope
// validator's "value" is the parsed message written back by the core's own
// printer, which cJSON's tolerance once made lossy (2^53 - 1 came out as
// ...990, the largest double as a text that reads back as infinity).
#include <cstdlib>

#include "test_support.h"

namespace {

using cctest::Json;
using cctest::take;

double echoed(const char *number_text) {
  std::string envelope = std::string(R"({"type":"DIAL_NUMBER","messageId":"1_1","data":{"n":)") + number_text + "}}";
  Json verdict(cJSON_Parse(take(callcore_validate_envelope(envelope.c_str())).c_str()));
  const cJSON *n = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(verdict.get(), "value"), "data"), "n");
  EXPECT_TRUE(cJSON_IsNumber(n)) << number_text;
  return n ? n->valuedouble : 0;
}

TEST(NumberEcho, EveryDoubleComesBackExactly) {
  for (const char *text : {"0.30000000000000004", "9007199254740991", "-9007199254740991", "9007199254740992",
                           "1.7976931348623157e308", "-1.7976931348623157e308", "2.2250738585072014e-308",
                           "4.9406564584124654e-324", "0.1", "1e21", "123456789012345.5", "1724412345000"})
    EXPECT_EQ(echoed(text), std::strtod(text, nullptr)) << text;
}

}  // namespace
