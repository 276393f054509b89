/* strtod for the WebAssembly build only (linked with -Wl,--wrap=strtod): cJSON calls
 * strtod for every number it parses (messageIds' timestamps, portal and user ids,
 * counts), and musl's strtod works in soft-float long double, which WebAssembly has no
 * hardware for: about 5 % of a message's time in the core. A plain integer of at most
 * 15 digits is below 2^53, so the double nearer to it is the integer itself and the
 * conversion below is exact; every other text (a fraction, an exponent, hex, inf/nan,
 * leading space or '+', 16 digits or more) goes to musl unchanged, as does the end
 * pointer's rule: it stops at the first character that cannot continue the number.
 * tests/web/number-parsing.test.mjs checks both paths against JavaScript's own parser. */
#include <stdlib.h>

double __real_strtod(const char *text, char **end);

double __wrap_strtod(const char *text, char **end) {
  const char *p = text;
  int negative = 0;
  if (*p == '-') {
    negative = 1;
    p++;
  }
  const char *digits = p;
  long long value = 0;
  while (*p >= '0' && *p <= '9' && p - digits < 16) {
    value = value * 10 + (*p - '0');
    p++;
  }
  long count = (long)(p - digits);
  if (count == 0 || count > 15 || *p == '.' || *p == 'e' || *p == 'E' || *p == 'x' || *p == 'X' ||
      (*p >= '0' && *p <= '9')) {
    return __real_strtod(text, end);
  }
  if (end) *end = (char *)p;
  double result = (double)value;
  return negative ? -result : result; /* "-0" is -0.0, as strtod has it */
}
