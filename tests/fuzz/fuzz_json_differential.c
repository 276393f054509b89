/* libFuzzer target: the core's reading of a JSON text against a second,
 * independent parser, Debian's jansson (libjansson-dev), made strict:
 * JSON_REJECT_DUPLICATES, JSON_DECODE_ANY (any value at the top),
 * JSON_DECODE_INT_AS_REAL (every number a double, as JavaScript reads it)
 * and JSON_ALLOW_NUL (so that U+0000 is the core's rule, checked below, not
 * jansson's).
 *
 * The text is the input up to its first NUL byte: every entry of the core
 * takes a C string, so bytes after one are never seen; jansson gets the same
 * bytes. Each text is read twice by the core, with the default limits and
 * with small ones (so that every limit is reached within a 4 KB input), and
 * checked each time:
 *
 *  Accepted: cc_parse_bounded_canonical accepts iff jansson accepts, except
 *  for the rules the core adds on purpose, each accounted for from jansson's
 *  tree and required to be the very reason the core gives (the first that
 *  applies, in the core's order):
 *    D1 size      more than max_envelope_bytes               TOO_LARGE
 *    D2 depth     containers nested deeper than max_depth    TOO_DEEP
 *    D3 U+0000    a string value holding U+0000              MALFORMED, "NUL"
 *    D4 length    a string or key longer than
 *                 max_string_length bytes                    STRING_TOO_LONG
 *  and one rule of jansson's that JSON does not have:
 *    J1 overflow  jansson refuses a number beyond the largest double ("1e309");
 *                 JSON has no such limit (JavaScript reads Infinity, and so
 *                 does the core, which prints it as null). Each such number
 *                 is replaced, for jansson only, by 0 (or -0) padded with
 *                 spaces to the same length, and the core's value there must
 *                 be an infinity of the same sign.
 *  Agreements that are no exception: a duplicate key (both refuse), a lone
 *  surrogate escape "\ud800" (both refuse: jansson never accepts one), U+0000
 *  in a key (jansson refuses it even with JSON_ALLOW_NUL; the core by D3).
 *  Anything else the two disagree on fails, naming the class of lax reading
 *  it matches when it is one already known (OPEN_* below).
 *
 *  Same value: when both accept, the two trees are walked together: the same
 *  types, objects member by member in order (keys byte for byte), strings
 *  byte for byte, numbers as doubles bit for bit (-0 is not 0).
 *
 *  Beyond the parse:
 *  - what the core's writer prints of the tree (cc_json_text) is read by
 *    jansson as the same tree (numbers print with the fewest digits that read
 *    back exactly), unless the tree holds an infinity (printed as null by
 *    design); and when the core calls the text canonical, it prints as the
 *    very same bytes;
 *  - REST's pre-scan, cc_json_strings_check, reports exactly the strings
 *    that hold U+0000 or a lone surrogate escape, and only in a text that is
 *    JSON otherwise: the text with each such escape replaced by \u0041 must
 *    then be read by jansson (a byte order mark, which the scan skips as the
 *    core does, aside, and bytes that are no UTF-8 read as '?': the scan
 *    reads bytes).
 *
 * CALLCORE_DIFF_OPEN=1 in the environment tolerates the open findings (the
 * core reads texts that are not JSON; OPEN_* below) so that a campaign
 * can look past them: such a text is rewritten to the JSON it was read as,
 * and that must then agree in full; a text whose lax part cannot be
 * rewritten (a bad \u escape, invalid UTF-8) is counted and skipped. The
 * counts are printed at exit. Without it, the first one fails. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "json_strings.h"
#include "json_util.h"
#include "json_writer.h"

static const size_t JANSSON_FLAGS = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL;

/* Small enough that a 4 KB input reaches each; max_calls and max_queued play no part in a parse. */
static const cc_limits SMALL_LIMITS = {
    .max_envelope_bytes = 512, .max_depth = 6, .max_string_length = 24, .max_calls = 1, .max_queued = 1};

/* ---- jansson's reading, with J1 ---- */

#define MAX_OVERFLOWS 1024

typedef struct reading {
  json_t *root; /* NULL: refused */
  json_error_t error;
  size_t overflows; /* numbers J1 replaced */
  struct {
    size_t ordinal; /* the how-manieth number of the text, from 0 */
    int negative;
  } overflow[MAX_OVERFLOWS];
} reading;

static int is_number_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* How many number tokens start before `end` in `text`, a stretch jansson has
 * read as tokens: outside strings, a run of number bytes not inside a word. */
static size_t numbers_before(const char *text, size_t end) {
  size_t count = 0;
  int in_string = 0;
  for (size_t i = 0; i < end; i++) {
    unsigned char c = (unsigned char)text[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = 0;
      continue;
    }
    if (c == '"') {
      in_string = 1;
      continue;
    }
    unsigned char before = i ? (unsigned char)text[i - 1] : ' ';
    if ((c == '-' || (c >= '0' && c <= '9')) && !is_number_byte(before) && !(before >= 'a' && before <= 'z'))
      count++;
  }
  return count;
}

/* The length of the JSON number -?(0|[1-9]D*)(.D+)?([eE][+-]?D+)? at the start of the n bytes at p, or 0. */
static size_t json_number_length(const char *p, size_t n) {
  size_t i = 0;
#define DIGIT(k) ((k) < n && p[k] >= '0' && p[k] <= '9')
  if (i < n && p[i] == '-') i++;
  if (!DIGIT(i)) return 0;
  if (p[i] == '0') i++;
  else
    while (DIGIT(i)) i++;
  if (i < n && p[i] == '.') {
    if (!DIGIT(i + 1)) return 0;
    for (i++; DIGIT(i);) i++;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    if (!DIGIT(i)) return 0;
    while (DIGIT(i)) i++;
  }
#undef DIGIT
  return i;
}

/* Reads `text` (size bytes; the buffer is rewritten in place by J1). */
static void jansson_read_flags(char *text, size_t size, size_t flags, reading *out) {
  out->overflows = 0;
  for (;;) {
    out->root = json_loadb(text, size, flags, &out->error);
    if (out->root || json_error_code(&out->error) != json_error_numeric_overflow) return;
    /* The position is the byte after the number jansson could not hold. */
    size_t end = (size_t)out->error.position, start = end;
    FUZZ_CHECK(end <= size && end > 0, "jansson reported an overflow at %zu of %zu bytes", end, size);
    while (start > 0 && is_number_byte((unsigned char)text[start - 1])) start--;
    /* Number bytes right after it ("1e30157e308") or before it ("-2.5-1e309", "true1e309"): jansson's lexer
     * stopped at the overflow before its parser saw that the text is not JSON anyway. A refusal. */
    if ((end < size && is_number_byte((unsigned char)text[end])) ||
        json_number_length(text + start, end - start) != end - start)
      return;
    FUZZ_CHECK(end - start >= 2 && out->overflows < MAX_OVERFLOWS, "jansson's overflow at %zu is not a number: %.*s",
               end, (int)(end - start), text + start);
    int negative = text[start] == '-';
    out->overflow[out->overflows].ordinal = numbers_before(text, start);
    out->overflow[out->overflows].negative = negative;
    out->overflows++;
    memset(text + start, ' ', end - start);
    memcpy(text + start, negative ? "-0" : "0", negative ? 2 : 1);
  }
}

static void jansson_read(char *text, size_t size, reading *out) { jansson_read_flags(text, size, JANSSON_FLAGS, out); }

/* ---- facts of jansson's tree the core's own rules are about ---- */

typedef struct facts {
  size_t depth;       /* containers nested: 0 for a scalar */
  size_t longest;     /* bytes of the longest string or key */
  size_t nul_strings; /* string values holding U+0000 */
} facts;

static void gather(json_t *value, size_t depth, facts *f) {
  if (json_is_string(value)) {
    size_t n = json_string_length(value);
    if (n > f->longest) f->longest = n;
    if (memchr(json_string_value(value), '\0', n)) f->nul_strings++;
    return;
  }
  if (!json_is_object(value) && !json_is_array(value)) return;
  if (depth + 1 > f->depth) f->depth = depth + 1;
  if (json_is_array(value)) {
    for (size_t i = 0; i < json_array_size(value); i++) gather(json_array_get(value, i), depth + 1, f);
    return;
  }
  const char *key;
  size_t key_len;
  json_t *member;
  json_object_keylen_foreach(value, key, key_len, member) {
    if (key_len > f->longest) f->longest = key_len;
    gather(member, depth + 1, f);
  }
}

/* ---- the two trees, walked together ---- */

typedef struct walk {
  const reading *j;
  size_t numbers; /* numbers passed so far, in document order */
  const char *label;
  const char *text;
} walk;

static const char *kind_of(const cJSON *c) {
  switch (c->type & 0xFF) {
    case cJSON_False: return "false";
    case cJSON_True: return "true";
    case cJSON_NULL: return "null";
    case cJSON_Number: return "number";
    case cJSON_String: return "string";
    case cJSON_Array: return "array";
    case cJSON_Object: return "object";
    default: return "(not a JSON value)";
  }
}

static const char *jkind_of(const json_t *j) {
  switch (json_typeof(j)) {
    case JSON_FALSE: return "false";
    case JSON_TRUE: return "true";
    case JSON_NULL: return "null";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
  }
  return "?";
}

#define WALK_FAIL(w, path, ...)                                                                                    \
  fuzz_fail("%s: the core and jansson read different values at %s: %s\ntext: %.400s", (w)->label,                \
            (path)[0] ? (path) : "the top", fuzz_format(__VA_ARGS__), (w)->text)

/* A sentence for WALK_FAIL (a static buffer: it is printed at once). */
static const char *fuzz_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fuzz_format(const char *fmt, ...) {
  static char out[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(out, sizeof out, fmt, args);
  va_end(args);
  return out;
}

static void child_path(char *out, size_t out_len, const char *path, const char *key, size_t key_len, size_t index) {
  if (key) snprintf(out, out_len, "%s.%.*s", path, (int)(key_len > 40 ? 40 : key_len), key);
  else snprintf(out, out_len, "%s[%zu]", path, index);
}

static int overflowed(const walk *w, size_t ordinal, int *negative) {
  for (size_t i = 0; i < w->j->overflows; i++)
    if (w->j->overflow[i].ordinal == ordinal) {
      *negative = w->j->overflow[i].negative;
      return 1;
    }
  return 0;
}

static void compare(walk *w, const cJSON *c, json_t *j, const char *path) {
  const char *ck = kind_of(c), *jk = jkind_of(j);
  if (strcmp(ck, jk) != 0) WALK_FAIL(w, path, "the core read %s, jansson %s", ck, jk);
  switch (c->type & 0xFF) {
    case cJSON_Number: {
      double core = c->valuedouble, other = json_real_value(j);
      int negative;
      if (overflowed(w, w->numbers++, &negative)) {
        if (!(isinf(core) && (core < 0) == negative))
          WALK_FAIL(w, path, "a number beyond the largest double read as %.17g, not %sinfinity", core,
                    negative ? "-" : "");
        return;
      }
      if (memcmp(&core, &other, sizeof core) != 0)
        WALK_FAIL(w, path, "the core read the number %.17g, jansson %.17g (not the same bits)", core, other);
      return;
    }
    case cJSON_String: {
      size_t n = strlen(c->valuestring), m = json_string_length(j);
      if (n != m || memcmp(c->valuestring, json_string_value(j), n) != 0)
        WALK_FAIL(w, path, "the core read a string of %zu bytes \"%.80s\", jansson %zu bytes \"%.80s\"", n,
                  c->valuestring, m, json_string_value(j));
      return;
    }
    case cJSON_Array: {
      size_t index = 0;
      const cJSON *item = c->child;
      for (; item; item = item->next, index++) {
        if (index >= json_array_size(j))
          WALK_FAIL(w, path, "the core read more than jansson's %zu items", json_array_size(j));
        char inner[256];
        child_path(inner, sizeof inner, path, NULL, 0, index);
        compare(w, item, json_array_get(j, index), inner);
      }
      if (index != json_array_size(j))
        WALK_FAIL(w, path, "the core read %zu items, jansson %zu", index, json_array_size(j));
      return;
    }
    case cJSON_Object: {
      const cJSON *member = c->child;
      void *iter = json_object_iter(j);
      size_t index = 0;
      for (; member && iter; member = member->next, iter = json_object_iter_next(j, iter), index++) {
        const char *key = json_object_iter_key(iter);
        size_t key_len = json_object_iter_key_len(iter);
        if (!member->string || strlen(member->string) != key_len || memcmp(member->string, key, key_len) != 0)
          WALK_FAIL(w, path, "member %zu: the core read the key \"%.80s\", jansson \"%.80s\" (%zu bytes)", index,
                    member->string ? member->string : "(none)", key, key_len);
        char inner[256];
        child_path(inner, sizeof inner, path, key, key_len, 0);
        compare(w, member, json_object_iter_value(iter), inner);
      }
      if (member || iter)
        WALK_FAIL(w, path, "the core read %s members than jansson's %zu", member ? "more" : "fewer",
                  json_object_size(j));
      return;
    }
    default: return; /* true, false, null: the kinds matched */
  }
}

static void compare_trees(const char *label, const char *text, const cJSON *core, const reading *j) {
  walk w = {.j = j, .numbers = 0, .label = label, .text = text};
  compare(&w, core, j->root, "");
}

/* ---- what the core adds: which rule refuses this text ---- */

typedef enum rule { RULE_NONE, RULE_SIZE, RULE_DEPTH, RULE_NUL, RULE_LENGTH } rule;
static const char *const RULE_NAMES[] = {"none", "D1 size", "D2 depth", "D3 U+0000", "D4 string length"};

/* The first of the core's own rules, in the core's order, that jansson's tree breaks. */
static rule first_rule(size_t size, const facts *f, const cc_limits *limits) {
  if (size > limits->max_envelope_bytes) return RULE_SIZE;
  if (f->depth > limits->max_depth) return RULE_DEPTH;
  if (f->nul_strings) return RULE_NUL;
  if (f->longest > limits->max_string_length) return RULE_LENGTH;
  return RULE_NONE;
}

static int gives_rule(const cc_parse_error *e, rule r) {
  switch (r) {
    case RULE_SIZE: return e->failure == CC_PARSE_TOO_LARGE && e->err == CALLCORE_E_TOO_LARGE;
    case RULE_DEPTH: return e->failure == CC_PARSE_TOO_DEEP && e->err == CALLCORE_E_TOO_DEEP;
    case RULE_NUL: return e->failure == CC_PARSE_MALFORMED && e->err == CALLCORE_E_JSON && strstr(e->why, "NUL");
    case RULE_LENGTH: return e->failure == CC_PARSE_STRING_TOO_LONG && e->err == CALLCORE_E_TOO_LARGE;
    default: return 0;
  }
}

static int has_infinity(const cJSON *item) { return fuzz_has_non_finite(item); }

/* ---- open findings: texts the core reads that are not JSON ----
 * Each class is a way cJSON (and so cc_parse_bounded) is laxer than RFC 8259.
 * lax_rewrite() finds them and writes the JSON text the core read instead. */
enum {
  OPEN_BOM = 1 << 0,          /* a UTF-8 byte order mark before the value is skipped */
  OPEN_CONTROL_SPACE = 1 << 1, /* bytes 0x01-0x1F other than tab, LF, CR taken as white space */
  OPEN_RAW_CONTROL = 1 << 2,  /* bytes 0x01-0x1F unescaped inside a string */
  OPEN_LAX_NUMBER = 1 << 3,   /* numbers such as 01, -01, 1., 1.e5, -.5 */
  OPEN_BAD_ESCAPE = 1 << 4,   /* \u followed by other than four hex digits: read as U+0000, cutting the string */
  OPEN_BAD_UTF8 = 1 << 5,     /* bytes that are not UTF-8 (overlong forms, encoded surrogates, 0xFF...) */
  OPEN_CLASSES = 6
};
static const char *const OPEN_NAMES[OPEN_CLASSES] = {
    "byte order mark skipped",  "control byte as white space",   "raw control byte in a string",
    "lax number (01, 1., -.5)", "bad \\u escape read as U+0000", "invalid UTF-8 kept"};
static unsigned long long open_counts[OPEN_CLASSES];

static int is_hex(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The length of a well-formed UTF-8 sequence at p (RFC 3629: no overlong form, no surrogate, at most
 * U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *p) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/* A run of number bytes that strtod reads whole, as cJSON hands it over:
 * -?(D+(.D*)?|.D+)([eE][+-]?D+)? with `-` only first. Writes the strict
 * spelling of the same number into out (leading zeros dropped, "1." as
 * "1.0", "-.5" as "-0.5"); returns its length, or 0 if the run is not one. */
static size_t strict_number(const char *run, size_t n, char *out) {
  size_t i = 0, o = 0;
  if (i < n && run[i] == '-') out[o++] = run[i++];
  size_t int_start = i;
  while (i < n && run[i] >= '0' && run[i] <= '9') i++;
  size_t int_len = i - int_start;
  int point = i < n && run[i] == '.';
  size_t frac_start = i + point, frac_len = 0;
  if (point) {
    i++;
    while (i < n && run[i] >= '0' && run[i] <= '9') i++;
    frac_len = i - frac_start;
  }
  if (int_len + frac_len == 0) return 0;
  size_t exp_start = i;
  if (i < n && (run[i] == 'e' || run[i] == 'E')) {
    i++;
    if (i < n && (run[i] == '+' || run[i] == '-')) i++;
    size_t digits = i;
    while (i < n && run[i] >= '0' && run[i] <= '9') i++;
    if (i == digits) return 0;
  }
  if (i != n) return 0;
  size_t skip = 0;
  while (skip + 1 < int_len && run[int_start + skip] == '0') skip++;
  if (int_len == 0) out[o++] = '0';
  else memcpy(out + o, run + int_start + skip, int_len - skip), o += int_len - skip;
  if (point) {
    out[o++] = '.';
    if (frac_len == 0) out[o++] = '0';
    else memcpy(out + o, run + frac_start, frac_len), o += frac_len;
  }
  memcpy(out + o, run + exp_start, n - exp_start);
  return o + n - exp_start;
}

/* The text with each lax part written as the JSON the core read it as; returns the classes found (the
 * rewrite of BAD_ESCAPE and BAD_UTF8 is not JSON: those texts cannot be compared). *out is malloc'd. */
static unsigned lax_rewrite(const char *text, size_t size, char **out, size_t *out_size) {
  char *o = malloc(size * 6 + 8);
  FUZZ_CHECK(o, "out of memory");
  size_t n = 0, i = 0;
  unsigned classes = 0;
  const unsigned char *t = (const unsigned char *)text;
  if (size >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF) {
    classes |= OPEN_BOM;
    i = 3;
  }
  while (i < size) {
    unsigned char c = t[i];
    if (c == '"') {
      o[n++] = (char)t[i++];
      while (i < size && t[i] != '"') {
        c = t[i];
        if (c == '\\' && i + 1 < size) {
          if (t[i + 1] == 'u' && !(i + 5 < size && is_hex(t[i + 2]) && is_hex(t[i + 3]) && is_hex(t[i + 4]) &&
                                   is_hex(t[i + 5])))
            classes |= OPEN_BAD_ESCAPE;
          o[n++] = (char)t[i++];
          o[n++] = (char)t[i++];
        } else if (c < 0x20) {
          classes |= OPEN_RAW_CONTROL;
          n += (size_t)sprintf(o + n, "\\u%04x", c);
          i++;
        } else if (c >= 0x80) {
          size_t len = utf8_sequence(t + i); /* reads no further than the NUL after the text */
          if (!len) {
            classes |= OPEN_BAD_UTF8;
            len = 1;
          }
          memcpy(o + n, t + i, len);
          n += len;
          i += len;
        } else {
          o[n++] = (char)t[i++];
        }
      }
      if (i < size) o[n++] = (char)t[i++];
    } else if (c >= 0x01 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      classes |= OPEN_CONTROL_SPACE;
      o[n++] = ' ';
      i++;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      while (i < size && is_number_byte(t[i])) i++;
      char strict[8192];
      size_t len = i - start < 4096 ? strict_number(text + start, i - start, strict) : 0;
      if (len && (len != i - start || memcmp(strict, text + start, len) != 0)) {
        classes |= OPEN_LAX_NUMBER;
        memcpy(o + n, strict, len);
        n += len;
      } else {
        memcpy(o + n, text + start, i - start);
        n += i - start;
      }
    } else {
      o[n++] = (char)t[i++];
    }
  }
  o[n] = '\0';
  *out = o;
  *out_size = n;
  return classes;
}

static const char *class_names(unsigned classes) {
  static char out[256];
  out[0] = '\0';
  for (int k = 0; k < OPEN_CLASSES; k++)
    if (classes & (1u << k)) {
      strcat(out, out[0] ? "; " : "");
      strcat(out, OPEN_NAMES[k]);
    }
  return out[0] ? out : "none of the known lax readings";
}

static int tolerate_open(void) {
  static int known = -1;
  if (known < 0) {
    const char *v = getenv("CALLCORE_DIFF_OPEN");
    known = v && v[0] == '1';
  }
  return known;
}

static void print_open_counts(void) {
  fprintf(stderr, "callcore fuzz: open findings tolerated (CALLCORE_DIFF_OPEN=1):");
  for (int k = 0; k < OPEN_CLASSES; k++) fprintf(stderr, "%s %s %llu", k ? ";" : "", OPEN_NAMES[k], open_counts[k]);
  fputc('\n', stderr);
}

/* ---- one reading by the core, checked ---- */

/* After both accepted (or the core accepted and jansson read the rewrite): the same value, and what the
 * writer prints reads back as it. */
static void check_accepted(const char *label, const char *text, const cJSON *core, const reading *j, int canonical) {
  compare_trees(label, text, core, j);
  if (has_infinity(core)) return; /* printed as null, by design */
  char *printed = cc_json_text(core);
  FUZZ_CHECK(printed, "%s: the writer failed", label);
  if (canonical)
    FUZZ_CHECK(strcmp(printed, text) == 0, "%s: the core called the text canonical but prints it otherwise:\n%s\n%s",
               label, text, printed);
  reading *again = malloc(sizeof *again);
  FUZZ_CHECK(again, "out of memory");
  jansson_read(printed, strlen(printed), again);
  FUZZ_CHECK(again->root, "%s: jansson cannot read what the core's writer printed (%s): %.400s", label,
             again->error.text, printed);
  FUZZ_CHECK(again->overflows == 0, "%s: the writer printed a number beyond the largest double: %.400s", label,
             printed);
  compare_trees("what the writer printed", printed, core, again);
  json_decref(again->root);
  free(again);
  free(printed);
}

static void check_core(const char *label, const char *text, size_t size, const cc_limits *limits,
                       const reading *j, const facts *f) {
  cc_parse_error e;
  int canonical = 0;
  cJSON *core = cc_parse_bounded_canonical(text, limits, &e, &canonical);
  FUZZ_CHECK(core || e.err != CALLCORE_OK, "%s: refused without a code", label);

  if (j->root) {
    rule expected = first_rule(size, f, limits);
    if (expected == RULE_NONE) {
      FUZZ_CHECK(core, "%s: the core refuses JSON that jansson reads (%s; %s): %.400s", label,
                 callcore_errno_name(e.err), e.why, text);
      check_accepted(label, text, core, j, canonical);
    } else {
      FUZZ_CHECK(!core, "%s: the core reads a text its rule %s refuses: %.400s", label, RULE_NAMES[expected], text);
      FUZZ_CHECK(gives_rule(&e, expected), "%s: refused for \"%s\" (%s), but the first rule broken is %s: %.400s",
                 label, e.why, callcore_errno_name(e.err), RULE_NAMES[expected], text);
    }
    cJSON_Delete(core);
    return;
  }
  if (!core) return; /* both refuse */

  /* The core reads a text jansson refuses: only an open finding may explain it. */
  char *rewritten;
  size_t rewritten_size;
  unsigned classes = lax_rewrite(text, size, &rewritten, &rewritten_size);
  FUZZ_CHECK(classes && tolerate_open(),
             "%s: the core reads a text that is not JSON (jansson: %s, at byte %d); lax reading: %s\ntext: %.400s",
             label, j->error.text, j->error.position, class_names(classes), text);
  for (int k = 0; k < OPEN_CLASSES; k++)
    if (classes & (1u << k)) open_counts[k]++;
  if (!(classes & (OPEN_BAD_ESCAPE | OPEN_BAD_UTF8))) {
    reading *strict = malloc(sizeof *strict);
    FUZZ_CHECK(strict, "out of memory");
    jansson_read(rewritten, rewritten_size, strict);
    FUZZ_CHECK(strict->root, "%s: the core reads a text jansson refuses (%s), and its rewrite (%s) too (%s):\n%.400s",
               label, j->error.text, class_names(classes), strict->error.text, text);
    facts g = {0};
    gather(strict->root, 0, &g);
    FUZZ_CHECK(first_rule(size, &g, limits) == RULE_NONE, "%s: the core reads a text its rule %s refuses: %.400s",
               label, RULE_NAMES[first_rule(size, &g, limits)], text);
    check_accepted(label, text, core, strict, canonical);
    json_decref(strict->root);
    free(strict);
  }
  free(rewritten);
  cJSON_Delete(core);
}

/* ---- REST's pre-scan ---- */

static int is_high(unsigned u) { return u >= 0xD800 && u <= 0xDBFF; }
static int is_low(unsigned u) { return u >= 0xDC00 && u <= 0xDFFF; }
static unsigned hex4(const unsigned char *p) {
  unsigned v = 0;
  for (int k = 0; k < 4; k++) v = v << 4 | (unsigned)(p[k] <= '9' ? p[k] - '0' : (p[k] | 0x20) - 'a' + 10);
  return v;
}

/* The text with every \u0000 and lone surrogate escape as \u0041 (the same length); returns how many
 * strings held one. Strings are found as JSON writes them; in a text that is not JSON the count is moot. */
static size_t mend_strings(char *text, size_t size) {
  unsigned char *t = (unsigned char *)text;
  size_t found = 0;
  for (size_t i = 0; i < size; i++) {
    if (t[i] != '"') continue;
    int bad = 0;
    for (i++; i < size && t[i] != '"'; i++) {
      if (t[i] != '\\') continue;
      if (i + 1 >= size) break;
      if (t[i + 1] != 'u' || !(i + 5 < size && is_hex(t[i + 2]) && is_hex(t[i + 3]) && is_hex(t[i + 4]) &&
                               is_hex(t[i + 5]))) {
        i++;
        continue;
      }
      unsigned unit = hex4(t + i + 2);
      int paired = is_high(unit) && i + 11 < size && t[i + 6] == '\\' && t[i + 7] == 'u' && is_hex(t[i + 8]) &&
                   is_hex(t[i + 9]) && is_hex(t[i + 10]) && is_hex(t[i + 11]) && is_low(hex4(t + i + 8));
      if (paired) {
        i += 11;
        continue;
      }
      if (unit == 0 || is_high(unit) || is_low(unit)) {
        memcpy(t + i, "\\u0041", 6);
        bad = 1;
      }
      i += 5;
    }
    found += (size_t)bad;
  }
  return found;
}

static void check_strings_scan(const char *text, size_t size) {
  size_t reported = cc_json_strings_check(text, &CC_DEFAULT_LIMITS, NULL);
  const unsigned char *t = (const unsigned char *)text;
  size_t skip = size >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF ? 3 : 0; /* the scan skips it */
  char *mended = malloc(size + 1);
  FUZZ_CHECK(mended, "out of memory");
  memcpy(mended, text + skip, size - skip + 1);
  size_t expected = mend_strings(mended, size - skip);
  /* The scan reads bytes, not UTF-8 (that the core keeps invalid UTF-8 is the parse check's business, an
   * open finding): a byte that is no UTF-8 becomes '?' for jansson, outside a string as wrong as before. */
  for (size_t i = 0; i < size - skip;) {
    size_t len = utf8_sequence((const unsigned char *)mended + i);
    if (!len) mended[i] = '?', len = 1;
    i += len;
  }
  /* The scan's JSON is RFC 8259's: a key written twice is the parser's business. */
  reading *r = malloc(sizeof *r);
  FUZZ_CHECK(r, "out of memory");
  jansson_read_flags(mended, size - skip, JANSSON_FLAGS & ~(size_t)JSON_REJECT_DUPLICATES, r);
  int json = r->root != NULL;
  if (json) {
    facts f = {0};
    gather(r->root, 0, &f);
    json = f.depth <= CC_DEFAULT_LIMITS.max_depth;
  }
  json_decref(r->root);
  free(r);
  if (!json) expected = 0;
  FUZZ_CHECK(reported == expected,
             "cc_json_strings_check reported %zu strings holding U+0000 or a lone surrogate, not %zu%s: %.400s",
             reported, expected, json ? "" : " (the text is not JSON)", text);
  free(mended);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int registered;
  if (!registered) {
    registered = 1;
    if (tolerate_open()) atexit(print_open_counts);
  }
  /* What a C string carries: up to the first NUL. */
  const uint8_t *nul = memchr(data, 0, size);
  size_t n = nul ? (size_t)(nul - data) : size;
  char *text = malloc(n + 1), *scratch = malloc(n + 1);
  FUZZ_CHECK(text && scratch, "out of memory");
  memcpy(text, data, n);
  text[n] = '\0';
  memcpy(scratch, text, n + 1);

  reading *j = malloc(sizeof *j);
  FUZZ_CHECK(j, "out of memory");
  jansson_read(scratch, n, j);
  facts f = {0};
  if (j->root) gather(j->root, 0, &f);
  check_core("default limits", text, n, &CC_DEFAULT_LIMITS, j, &f);
  check_core("small limits", text, n, &SMALL_LIMITS, j, &f);
  check_strings_scan(text, n);

  json_decref(j->root);
  free(j);
  free(scratch);
  free(text);
  return 0;
}
