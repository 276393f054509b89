/* strtod for the WebAssembly build only (linked with -Wl,--wrap=strtod), in place of musl's:
 * cJSON calls strtod for every number it parses (messageIds' timestamps, portal and user
 * ids, counts), and musl's works in soft-float long double, which WebAssembly has no
 * hardware for: about 5 % of a message's time in the core, and 7 KB of gzip for its code
 * and compiler-rt's long double arithmetic. The native build keeps the C library's.
 *
 * The same grammar as musl's strtod, and the same end pointer: leading white space, a sign,
 * then a decimal number (digits with at most one '.', an exponent only if it has digits), a
 * hexadecimal one ("0x", hex digits with at most one '.', a 'p' exponent only if it has
 * digits), "inf" or "infinity", or "nan" with an optional "(chars)" (a NaN takes no sign, as
 * in musl); nothing else converts (0, the end pointer at the start of the text).
 *
 * The value: a plain integer of at most 15 digits is below 2^53, so the double nearest to it
 * is the integer itself and the conversion below is exact. Any other decimal text goes to
 * JavaScript's Number() (cc_js_strtod, wasm/numbers.js), which is correctly rounded, as musl
 * is. Hexadecimal text is rounded here, as musl rounds it (below). errno is not set
 * (nothing in the core reads it). tests/web/number-parsing.test.mjs checks the paths against
 * JavaScript's parser, tests/web/formatting.test.mjs against musl's strtod. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

__attribute__((import_module("env"), import_name("cc_js_strtod"))) double cc_js_strtod(const char *text,
                                                                                       size_t length);

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = (char)(c | 32);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A case-insensitive prefix of `word` (lower case) at p: its length. */
static size_t matching(const char *p, const char *word) {
  size_t i = 0;
  while (word[i] && (p[i] | 32) == word[i]) i++;
  return i;
}

/* The digits of an exponent at p (after 'e' or 'p'): the text after them, or p if there are none. */
static const char *exponent(const char *p, long *value) {
  const char *q = p;
  int negative = *q == '-';
  if (*q == '+' || *q == '-') q++;
  if (!is_digit(*q)) return p;
  long v = 0;
  for (; is_digit(*q); q++) {
    if (v < 100000) v = v * 10 + (*q - '0'); /* beyond any double either way */
  }
  *value = negative ? -v : v;
  return q;
}

/* After "0x": the value of the hexadecimal text, as musl's strtod computes it: rounded to
 * nearest, ties to even, with two quirks of musl's kept (tests/web/formatting.test.mjs). For a
 * subnormal result of fewer than 32 bits, musl rounds the first 32 significant bits with their
 * last bit set when any bit below them is (exact below 31 bits; at 31 it turns a value just
 * under the halfway point into the halfway point); and a negative value that rounds to zero
 * there comes back as +0 (but as -0 when it is below any double by far, or rounds to a long
 * double too small for a double). */
static double hexadecimal(const char *p, const char **end, int negative) {
  uint64_t m = 0;
  int sticky = 0, any = 0, point = 0, first = 0;
  long e2 = 0;
  for (;; p++) {
    if (*p == '.' && !point) {
      point = 1;
      continue;
    }
    int d = hex_value(*p);
    if (d < 0) break;
    any = 1;
    if (!m) first = d;
    if (m >> 60 == 0) {
      m = m * 16 + (unsigned)d;
      if (point) e2 -= 4;
    } else {
      if (d) sticky = 1;
      if (!point) e2 += 4;
    }
  }
  if (!any) return negative ? -0.0 : 0.0; /* *end stays after the "0" */
  if ((*p | 32) == 'p') {
    long e = 0;
    const char *q = exponent(p + 1, &e);
    if (q != p + 1) {
      p = q;
      e2 += e;
    }
  }
  *end = p;
  if (!m) return negative ? -0.0 : 0.0;
  while (!(m >> 63)) {
    m <<= 1;
    e2--;
  }
  /* m * 2^e2 with m in [2^63, 2^64): keep 53 bits, fewer for a subnormal result */
  long lead = e2 + 63;
  /* musl's exponent for its first 8 hex digits: far below the doubles, a signed zero */
  if (lead - 31 + (first < 2 ? 3 : first < 4 ? 2 : first < 8 ? 1 : 0) < -1300) return negative ? -0.0 : 0.0;
  long keep = lead + 1075;
  int bits = keep < 0 ? 0 : keep > 53 ? 53 : (int)keep;
  if (bits < 32) {
    m = (m >> 32 | ((m & 0xffffffffu) || sticky)) << 32;
    sticky = 0;
  }
  int drop = 64 - bits;
  uint64_t q = drop == 64 ? 0 : m >> drop;
  uint64_t rest = drop == 64 ? m : m & ((UINT64_C(1) << drop) - 1);
  uint64_t half = UINT64_C(1) << (drop - 1);
  if (rest > half || (rest == half && (sticky || (q & 1)))) q++;
  if (!q) return 0.0;
  if (keep < 0) return negative ? -0.0 : 0.0;
  double result = scalbn((double)q, (int)(e2 + drop));
  return negative ? -result : result;
}

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
  if (count > 0 && count <= 15 && *p != '.' && *p != 'e' && *p != 'E' && *p != 'x' && *p != 'X' &&
      !(*p >= '0' && *p <= '9')) {
    if (end) *end = (char *)p;
    double result = (double)value;
    return negative ? -result : result; /* "-0" is -0.0, as strtod has it */
  }

  /* everything else */
  p = text;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
  const char *start = p; /* the sign goes to JavaScript with the digits */
  negative = *p == '-';
  if (*p == '+' || *p == '-') p++;
  double result = 0;
  const char *after = text; /* no conversion */
  size_t n = matching(p, "infinity");
  if (n >= 3) {
    after = p + (n == 8 ? 8 : 3);
    result = negative ? -INFINITY : INFINITY;
  } else if (matching(p, "nan") == 3) {
    after = p + 3;
    if (*after == '(') {
      const char *q = after + 1;
      while (is_digit(*q) || ((*q | 32) >= 'a' && (*q | 32) <= 'z') || *q == '_') q++;
      if (*q == ')') after = q + 1;
    }
    result = NAN;
  } else if (p[0] == '0' && (p[1] | 32) == 'x') {
    after = p + 1;
    result = hexadecimal(p + 2, &after, negative);
  } else {
    const char *q = p;
    int any = 0;
    for (; is_digit(*q); q++) any = 1;
    if (*q == '.') {
      for (q++; is_digit(*q); q++) any = 1;
    }
    if (any) {
      if ((*q | 32) == 'e') {
        long ignored;
        const char *r = exponent(q + 1, &ignored);
        if (r != q + 1) q = r;
      }
      after = q;
      result = cc_js_strtod(start, (size_t)(q - start));
    }
  }
  if (end) *end = (char *)after;
  return result;
}
