/* A check, not part of the shipped module (tests/web/formatting.test.mjs runs it): callcore's
 * snprintf and strtod for WebAssembly (format.c, strtod_fast.c, with the conversions of
 * numbers.js), and the plain strstr and heapsort of strstr_small.c and qsort_small.c, against
 * musl's, which this executable links unwrapped. Seeded, so a failure repeats:
 * numbers_check(seed, count) returns the number of differences and prints the first ones. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int __wrap_snprintf(char *restrict buffer, size_t capacity, const char *restrict format, ...);
double __wrap_strtod(const char *text, char **end);
char *__wrap_strstr(const char *haystack, const char *needle);
void __wrap_qsort(void *items, size_t n, size_t size, int (*compare)(const void *, const void *));

static uint64_t state;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static unsigned below(unsigned n) { return (unsigned)(next() % n); }

static double bits_double(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

/* doubles that stress the conversions: any bits, short decimals, halfway cases, powers of ten,
 * subnormals, the ends of the range */
static double some_double(void) {
  switch (below(10)) {
    case 0: return bits_double(next());
    case 1: return (double)(int64_t)(next() % 2000001) / pow(10, below(12)) * (below(2) ? 1 : -1);
    case 2: return ((double)(next() % 100000) + 0.5) / pow(10, below(6)); /* ties and near-ties */
    case 3: return (double)(next() % (UINT64_C(1) << 53)) * (below(2) ? 1 : 0.5); /* 16-digit integers */
    case 4: return pow(10, (int)below(40) - 20) * (below(3) ? 1 : 0.95);
    case 5: return bits_double(next() % (UINT64_C(1) << 53)); /* subnormals */
    case 6: return below(2) ? DBL_MAX : -DBL_MIN;
    case 7: { static const double odd[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 0.5, 1.5, 2.5, 9.5, 99.5, 0.125,
                                           1e21, 1e22, 123456789012345678.0, 5e-324, 0.1, 0.3, 1e-5, 9.9999e-5};
      return odd[below(sizeof odd / sizeof *odd)]; }
    case 8: return ldexp((double)(next() >> 11), (int)below(2100) - 1100);
    default: return (double)(int)next() / (double)(1 + below(1000));
  }
}

static int check_format(int verbose) {
  static const char conversions[] = "diuoxXcs%eEfFgGp";
  static const char *const lengths[] = {"", "", "", "hh", "h", "l", "ll", "z", "j", "t"};
  char format[64];
  int n = 0;
  format[n++] = '%';
  for (int i = below(4); i > 0; i--) format[n++] = "0-+ #"[below(5)];
  int width = 0, precision = -1;
  if (below(2)) n += sprintf(format + n, "%u", width = (int)below(below(6) ? 20 : 400));
  else if (!below(4)) n += sprintf(format + n, "*"), width = (int)below(40) - 20;
  if (below(2)) n += sprintf(format + n, ".%u", precision = (int)below(below(6) ? 20 : 400));
  else if (!below(4)) n += sprintf(format + n, ".*"), precision = (int)below(40) - 10;
  char conversion = conversions[below(sizeof conversions - 1)];
  const char *length = strchr("diuoxX", conversion) ? lengths[below(10)] : "";
  n += sprintf(format + n, "%s%c", length, conversion);
  if (below(3) == 0) n += sprintf(format + n, " <%s>", "%s");
  format[n] = '\0';
  int stars = 0;
  for (const char *p = format; *p; p++) stars += *p == '*';

  char mine[2048], theirs[2048];
  size_t capacity = below(8) ? sizeof mine : below(24);
  int a, b;
  const char *text = below(6) ? "callcore" : below(2) ? "" : NULL;
#define BOTH(...)                                               \
  do {                                                          \
    memset(mine, 'x', sizeof mine);                             \
    memset(theirs, 'x', sizeof theirs);                         \
    a = __wrap_snprintf(mine, capacity, format, __VA_ARGS__);  \
    b = snprintf(theirs, capacity, format, __VA_ARGS__);       \
  } while (0)
#define ARGS(value)                                                                                \
  do {                                                                                             \
    if (stars == 2) BOTH(width, precision, value, "tail");                                         \
    else if (stars == 1 && strstr(format, ".*")) BOTH(precision, value, "tail");                   \
    else if (stars == 1) BOTH(width, value, "tail");                                               \
    else BOTH(value, "tail");                                                                      \
  } while (0)
  double d = some_double();
  long long i = (long long)next() >> below(64);
  if (strchr("eEfFgG", conversion)) ARGS(d);
  else if (conversion == 's') ARGS(text);
  else if (conversion == 'p') {
    void *pointer = (void *)(uintptr_t)(below(3) ? next() : 0);
    ARGS(pointer);
  }
  else if (conversion == '%') ARGS(0);
  else if (!strcmp(length, "ll") || !strcmp(length, "j")) ARGS(i);
  else ARGS((int)i);
  /* a rejected format leaves "" (what else it wrote past the NUL does not count) */
  if (a == b && (a < 0 ? !capacity || !strcmp(mine, theirs) : !memcmp(mine, theirs, sizeof mine))) return 0;
  if (verbose) {
    printf("format \"%s\" (width %d, precision %d, capacity %zu, double %.17g / %a, integer %lld):\n", format, width,
           precision, capacity, d, d, i);
    printf("  callcore %d \"%.*s\"\n  musl     %d \"%.*s\"\n", a, (int)(capacity ? capacity : 1), mine, b,
           (int)(capacity ? capacity : 1), theirs);
  }
  return 1;
}

static void some_number_text(char *out, size_t size) {
  static const char *const words[] = {"inf", "INF", "infinity", "Infinity", "infin", "nan", "NaN", "nan()",
                                      "nan(abc_9)", "nan(ab", "in", "na", "i", "-", "+", ".", "e5", "0x", "0x.",
                                      "0xp3", "0x1p", "0x1p+", "1e", "1e+", "1e-x", "-0", "+0", "-.5", "5.", "00012"};
  size_t n = 0;
  if (!below(8)) out[n++] = " \t\n"[below(3)];
  if (below(3) == 0) out[n++] = "+-"[below(2)];
  switch (below(6)) {
    case 0:
      n += (size_t)snprintf(out + n, size - n, "%s", words[below(sizeof words / sizeof *words)]);
      break;
    case 1: { /* hexadecimal, any length, exponents to the subnormals and beyond */
      n += (size_t)snprintf(out + n, size - n, "0%c", below(2) ? 'x' : 'X');
      int digits = 1 + (int)below(below(4) ? 14 : 30), point = below(2) ? (int)below((unsigned)digits + 1) : -1;
      for (int k = 0; k < digits && n < size - 16; k++) {
        if (k == point) out[n++] = '.';
        out[n++] = "0123456789abcdefABCDEF"[k == 0 ? 1 + below(21) : below(22)];
      }
      if (below(4)) n += (size_t)snprintf(out + n, size - n, "p%d", (int)below(2300) - 1200);
      break;
    }
    case 2: /* a double written with a random number of digits */
      n += (size_t)snprintf(out + n, size - n, "%.*g", 1 + (int)below(25), fabs(some_double()));
      break;
    case 3: { /* long digit strings, a point anywhere, an exponent */
      int digits = 1 + (int)below(below(4) ? 30 : 400), point = (int)below((unsigned)digits + 1);
      for (int k = 0; k < digits && n < size - 16; k++) {
        if (k == point) out[n++] = '.';
        out[n++] = (char)('0' + below(10));
      }
      if (below(2)) n += (size_t)snprintf(out + n, size - n, "%c%d", below(2) ? 'e' : 'E', (int)below(700) - 350);
      break;
    }
    case 4: /* halfway between two doubles, as exact decimal text */
      n += (size_t)snprintf(out + n, size - n, "%.60e", some_double());
      break;
    default: /* an integer, the fast path's territory */
      n += (size_t)snprintf(out + n, size - n, "%llu", (unsigned long long)(next() >> below(64)));
      break;
  }
  if (below(2)) n += (size_t)snprintf(out + n, size - n, "%s", (const char *[]){"", "x", ".", "e", "e+", "p1", ")", "5"}[below(8)]);
  out[n < size ? n : size - 1] = '\0';
}

static int check_strtod(int verbose) {
  char text[1024];
  some_number_text(text, sizeof text);
  char *end_mine, *end_theirs;
  double mine = __wrap_strtod(text, &end_mine);
  double theirs = strtod(text, &end_theirs);
  uint64_t x, y;
  memcpy(&x, &mine, sizeof x);
  memcpy(&y, &theirs, sizeof y);
  if (end_mine == end_theirs && (x == y || (isnan(mine) && isnan(theirs) && !signbit(mine) == !signbit(theirs)))) return 0;
  if (verbose) {
    printf("strtod \"%s\":\n  callcore %a, %td characters\n  musl     %a, %td characters\n", text, mine,
           end_mine - text, theirs, end_theirs - text);
  }
  return 1;
}

static int check_strstr(int verbose) {
  char haystack[40], needle[6];
  size_t h = below(sizeof haystack), n = below(sizeof needle);
  for (size_t i = 0; i < h; i++) haystack[i] = "ab:/"[below(4)];
  for (size_t i = 0; i < n; i++) needle[i] = "ab:/"[below(4)];
  haystack[h] = needle[n] = '\0';
  if (__wrap_strstr(haystack, needle) == strstr(haystack, needle)) return 0;
  if (verbose) printf("strstr \"%s\" \"%s\"\n", haystack, needle);
  return 1;
}

static int compare_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* equal ints cannot be told apart, so both orders must be the same array */
static int check_qsort(int verbose) {
  int mine[64], theirs[64];
  size_t n = below(65);
  unsigned range = 1 + below(below(2) ? 8 : 1000);
  for (size_t i = 0; i < n; i++) mine[i] = theirs[i] = (int)below(range) - (int)(range / 2);
  __wrap_qsort(mine, n, sizeof *mine, compare_int);
  qsort(theirs, n, sizeof *theirs, compare_int);
  if (!memcmp(mine, theirs, n * sizeof *mine)) return 0;
  if (verbose) printf("qsort of %zu ints differs\n", n);
  return 1;
}

int numbers_check(unsigned seed, int count) {
  state = 0x9E3779B97F4A7C15u ^ seed;
  int differences = 0;
  for (int k = 0; k < count; k++) {
    differences += check_format(differences < 20);
    differences += check_strtod(differences < 20);
    differences += check_strstr(differences < 20);
    differences += check_qsort(differences < 20);
  }
  return differences;
}
