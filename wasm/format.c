/* snprintf and vsnprintf for the WebAssembly build only (linked with -Wl,--wrap=snprintf
 * and --wrap=vsnprintf, wasm/CMakeLists.txt), in place of musl's printf family: about
 * 4 KB of gzip less. The native build keeps the C library's.
 *
 * What it prints is what musl prints, for what the core asks of it: the flags - + space # 0,
 * a width and a precision (digits or *), the lengths hh h l ll j z t, and the conversions
 * d i u o x X c s p e E f F g G, and %%. A double's digits come from JavaScript
 * (cc_js_format, wasm/numbers.js), exact and rounded half to even as musl rounds them.
 * Not supported (the call returns -1, as musl does for a format it rejects): %n, %a and %A,
 * the L length (long double), wide characters (%lc, %ls), positional arguments (%1$d).
 * tests/web/formatting.test.mjs compares this with musl's printf over many formats and values. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* |x| (finite) as %e, %f or %g (conversion, upper case for E F G) with its precision and the
 * # flag, without sign or padding: writes at most `capacity` bytes to `out`, returns the length. */
__attribute__((import_module("env"), import_name("cc_js_format"))) size_t cc_js_format(
    double x, int conversion, int precision, int alternate, char *out, size_t capacity);

typedef struct {
  char *buffer;
  size_t capacity, length;
} sink;

static void put(sink *s, const char *text, size_t n) {
  for (size_t i = 0; i < n; i++, s->length++) {
    if (s->length + 1 < s->capacity) s->buffer[s->length] = text[i];
  }
}

static void fill(sink *s, char c, long n) {
  for (; n > 0; n--) put(s, &c, 1);
}

enum { LEFT = 1, PLUS = 2, SPACE = 4, ALT = 8, ZERO = 16 };

/* prefix (sign, 0x), then `zeros` zeros, then body, padded to width as the flags say */
static void field(sink *s, int flags, long width, const char *prefix, size_t prefix_len, long zeros,
                  const char *body, size_t body_len) {
  long len = (long)prefix_len + zeros + (long)body_len;
  if (!(flags & (LEFT | ZERO))) fill(s, ' ', width - len);
  put(s, prefix, prefix_len);
  if ((flags & (LEFT | ZERO)) == ZERO) fill(s, '0', width - len);
  fill(s, '0', zeros);
  put(s, body, body_len);
  if (flags & LEFT) fill(s, ' ', width - len);
}

static int number(sink *s, int flags, long width, long precision, char conversion, double x) {
  char sign[1];
  size_t sign_len = 0;
  if (signbit(x)) sign[sign_len++] = '-';
  else if (flags & PLUS) sign[sign_len++] = '+';
  else if (flags & SPACE) sign[sign_len++] = ' ';
  int upper = conversion == 'E' || conversion == 'F' || conversion == 'G';
  if (!isfinite(x)) {
    const char *text = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    field(s, flags & ~ZERO, width, sign, sign_len, 0, text, 3);
    return 0;
  }
  if (precision < 0) precision = 6;
  if (precision > INT_MAX - 2) return -1;
  char stack[512], *digits = stack;
  size_t n = cc_js_format(fabs(x), conversion, (int)precision, !!(flags & ALT), digits, sizeof stack);
  if (n > sizeof stack) {
    digits = malloc(n);
    if (!digits) return -1;
    cc_js_format(fabs(x), conversion, (int)precision, !!(flags & ALT), digits, n);
  }
  field(s, flags, width, sign, sign_len, 0, digits, n);
  if (digits != stack) free(digits);
  return 0;
}

static int print(sink *out, const char *format, va_list args);

/* As musl: on a format it rejects, the buffer holds "" and the result is -1. */
int __wrap_vsnprintf(char *restrict buffer, size_t capacity, const char *restrict format, va_list args) {
  sink s = {buffer, capacity, 0};
  int n = print(&s, format, args);
  if (capacity) buffer[n < 0 ? 0 : s.length < capacity ? s.length : capacity - 1] = '\0';
  return n < 0 || s.length > INT_MAX ? -1 : (int)s.length;
}

static int print(sink *out, const char *format, va_list args) {
  sink s = *out;
  for (const char *f = format; *f;) {
    if (*f != '%') {
      const char *next = strchr(f, '%');
      size_t n = next ? (size_t)(next - f) : strlen(f);
      put(&s, f, n);
      f += n;
      continue;
    }
    if (f[1] == '%') { /* only a bare %% prints a '%' (musl rejects %5% and the like) */
      put(&s, "%", 1);
      f += 2;
      continue;
    }
    f++;
    int flags = 0;
    for (;; f++) {
      if (*f == '-') flags |= LEFT;
      else if (*f == '+') flags |= PLUS;
      else if (*f == ' ') flags |= SPACE;
      else if (*f == '#') flags |= ALT;
      else if (*f == '0') flags |= ZERO;
      else break;
    }
    long width = 0, precision = -1;
    if (*f == '*') {
      int w = va_arg(args, int);
      if (w < 0) {
        flags |= LEFT;
        width = -(long)w;
      } else {
        width = w;
      }
      f++;
    } else {
      for (; *f >= '0' && *f <= '9'; f++) {
        if (width > INT_MAX / 10) return -1;
        width = width * 10 + (*f - '0');
      }
      if (*f == '$') return -1; /* positional arguments */
    }
    if (*f == '.') {
      f++;
      precision = 0;
      if (*f == '*') {
        int p = va_arg(args, int);
        precision = p < 0 ? -1 : p;
        f++;
      } else {
        for (; *f >= '0' && *f <= '9'; f++) {
          if (precision > INT_MAX / 10) return -1;
          precision = precision * 10 + (*f - '0');
        }
      }
    }
    /* length: 1 hh, 2 h, 3 l, 4 ll/j (64 bits), 5 z/t (size_t, ptrdiff_t) */
    int length = 0;
    if (*f == 'h') length = *++f == 'h' ? (f++, 1) : 2;
    else if (*f == 'l') length = *++f == 'l' ? (f++, 4) : 3;
    else if (*f == 'j') length = 4, f++;
    else if (*f == 'z' || *f == 't') length = 5, f++;
    char conversion = *f++;
    if (flags & LEFT) flags &= ~ZERO;
    if (flags & PLUS) flags &= ~SPACE;
    switch (conversion) {
      case 'c': {
        if (length == 3) return -1; /* %lc */
        char c = (char)va_arg(args, int);
        field(&s, flags & ~ZERO, width, "", 0, 0, &c, 1);
        continue;
      }
      case 's': {
        if (length == 3) return -1; /* %ls */
        const char *text = va_arg(args, const char *);
        if (!text) text = "(null)";
        const char *nul = precision < 0 ? NULL : memchr(text, 0, (size_t)precision);
        size_t n = precision < 0 ? strlen(text) : nul ? (size_t)(nul - text) : (size_t)precision;
        field(&s, flags & ~ZERO, width, "", 0, 0, text, n);
        continue;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        if (number(&s, flags, width, precision, conversion, va_arg(args, double)) < 0) return -1;
        continue;
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
        break;
      default:
        return -1; /* %n, %a, %A, %L..., wide characters, an unknown conversion, or the end */
    }
    uintmax_t value;
    int negative = 0;
    if (conversion == 'p') {
      value = (uintptr_t)va_arg(args, void *);
      /* musl's MAX(p, 2 * sizeof(void *)) compares as unsigned: no precision stays none */
      if (precision >= 0 && precision < (long)(2 * sizeof(void *))) precision = 2 * sizeof(void *);
      conversion = 'x';
      flags |= ALT;
    } else if (conversion == 'd' || conversion == 'i') {
      intmax_t v = length == 4 ? va_arg(args, long long)
                 : length == 3 ? va_arg(args, long)
                 : length == 5 ? va_arg(args, ptrdiff_t)
                 : va_arg(args, int);
      if (length == 1) v = (signed char)v;
      else if (length == 2) v = (short)v;
      negative = v < 0;
      value = negative ? -(uintmax_t)v : (uintmax_t)v;
    } else {
      value = length == 4 ? va_arg(args, unsigned long long)
            : length == 3 ? va_arg(args, unsigned long)
            : length == 5 ? va_arg(args, size_t)
            : va_arg(args, unsigned);
      if (length == 1) value = (unsigned char)value;
      else if (length == 2) value = (unsigned short)value;
    }
    char prefix[2];
    size_t prefix_len = 0;
    if (negative) prefix[prefix_len++] = '-';
    else if ((conversion == 'd' || conversion == 'i') && (flags & PLUS)) prefix[prefix_len++] = '+';
    else if ((conversion == 'd' || conversion == 'i') && (flags & SPACE)) prefix[prefix_len++] = ' ';
    unsigned base = conversion == 'o' ? 8 : conversion == 'x' || conversion == 'X' ? 16 : 10;
    const char *digit_set = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[24];
    size_t n = 0;
    for (uintmax_t v = value; v; v /= base) text[sizeof text - ++n] = digit_set[v % base];
    if (base == 16 && (flags & ALT) && value) {
      prefix[prefix_len++] = '0';
      prefix[prefix_len++] = conversion;
    }
    long zeros = 0;
    if (precision >= 0) {
      flags &= ~ZERO;
      if ((long)n < precision) zeros = precision - (long)n;
    } else if (!value) {
      zeros = 1; /* "0": the precision 0 with the value 0 prints no digit */
    }
    if (base == 8 && (flags & ALT) && !zeros && (!n || text[sizeof text - n] != '0')) zeros = 1;
    field(&s, flags, width, prefix, prefix_len, zeros, text + sizeof text - n, n);
  }
  *out = s;
  return 0;
}

int __wrap_snprintf(char *restrict buffer, size_t capacity, const char *restrict format, ...) {
  va_list args;
  va_start(args, format);
  int n = __wrap_vsnprintf(buffer, capacity, format, args);
  va_end(args);
  return n;
}
