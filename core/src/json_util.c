#include "json_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cc_limits CC_DEFAULT_LIMITS = {
    .max_envelope_bytes = 1024 * 1024,
    .max_depth = 32,
    .max_string_length = 65536,
    .max_calls = 64,
    .max_queued = 64,
};

const cc_limits CC_MAX_LIMITS = {
    .max_envelope_bytes = 16 * 1024 * 1024,
    .max_depth = CC_MAX_DEPTH_BOUND,
    .max_string_length = 4 * 1024 * 1024,
    .max_calls = 4096,
    .max_queued = 1024,
};

/* What the bounds need to know of the text before cJSON sees it, in one pass
 * (this runs for every message): the deepest bracket nesting outside strings,
 * whether a string holds the escape \u0000, the longest string as written,
 * and whether the text is canonical.
 *
 * \u0000: cJSON decodes it into a C string, which ends there:
 * "DIAL_NUMBER\u0000x" would be read as DIAL_NUMBER and "+1555\u00009" as
 * "+1555". No message of the protocol carries a NUL.
 *
 * The longest string as written (escapes included, keys too) is never shorter
 * than once decoded, so only a text with a long one needs the exact walk of
 * the parsed tree (longest_string).
 *
 * Canonical: if the text parses, json_writer.c prints its tree back as these
 * very bytes, so the actions can copy the text instead of printing the tree
 * (see cc_parse_bounded_canonical). Deliberately narrow: no whitespace, no
 * escape and no control byte in strings, numbers only as whole numbers of at
 * most 15 digits without a leading zero ("0" and "-5" but not "-0", "05",
 * "1.0" or "1e3"). Anything else is simply printed, as before. */
typedef struct text_scan {
  size_t deepest;     /* stops growing once past the limit: a hostile input costs no more than its bytes */
  size_t longest_raw; /* bytes between the quotes of the longest string */
  int nul_escape;
  int canonical;
  /* The first byte JSON (RFC 8259) does not allow where cJSON is lenient: a
   * number such as 01, 1. or -.5, whitespace other than space, tab, CR and
   * LF (a byte order mark, a form feed), a raw control byte in a string.
   * JSON.parse refuses these; two readers must not disagree. NULL: none. */
  const char *not_json;
  const char *not_json_why;
} text_scan;

/* Bytes that end the plain run of a string: NUL, control bytes, quote,
 * backslash, and the first byte of a multi-byte UTF-8 sequence (checked). */
#define HIGH16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char string_stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
    [0x80] = HIGH16(1), HIGH16(1), HIGH16(1), HIGH16(1), HIGH16(1), HIGH16(1), HIGH16(1), HIGH16(1),
};
#undef HIGH16

/* The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no
 * overlong form, no surrogate, nothing past U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *p) {
  unsigned char c = p[0];
  unsigned char low = 0x80, high = 0xBF;
  size_t n;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return n;
}

static int is_hex(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/* Bytes outside strings. Letters only ever spell true, false and null in a
 * text cJSON accepts, so they pass; anything unlisted (whitespace, a byte
 * order mark, '.', '+', 'E') makes the text not canonical. */
enum { OUT_OTHER, OUT_PLAIN, OUT_QUOTE, OUT_OPEN, OUT_CLOSE, OUT_NUMBER, OUT_END };
#define LETTERS(x)                                                                                                  \
  ['a'] = x, ['b'] = x, ['c'] = x, ['d'] = x, ['e'] = x, ['f'] = x, ['g'] = x, ['h'] = x, ['i'] = x, ['j'] = x,     \
  ['k'] = x, ['l'] = x, ['m'] = x, ['n'] = x, ['o'] = x, ['p'] = x, ['q'] = x, ['r'] = x, ['s'] = x, ['t'] = x,     \
  ['u'] = x, ['v'] = x, ['w'] = x, ['x'] = x, ['y'] = x, ['z'] = x
static const unsigned char outside_class[256] = {
    [0] = OUT_END, ['"'] = OUT_QUOTE, ['{'] = OUT_OPEN, ['['] = OUT_OPEN, ['}'] = OUT_CLOSE, [']'] = OUT_CLOSE,
    [','] = OUT_PLAIN, [':'] = OUT_PLAIN, LETTERS(OUT_PLAIN), ['-'] = OUT_NUMBER, ['0'] = OUT_NUMBER,
    ['1'] = OUT_NUMBER, ['2'] = OUT_NUMBER, ['3'] = OUT_NUMBER, ['4'] = OUT_NUMBER, ['5'] = OUT_NUMBER,
    ['6'] = OUT_NUMBER, ['7'] = OUT_NUMBER, ['8'] = OUT_NUMBER, ['9'] = OUT_NUMBER,
};
#undef LETTERS

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static void not_json(text_scan *out, const unsigned char *at, const char *why) {
  if (!out->not_json) {
    out->not_json = (const char *)at;
    out->not_json_why = why;
  }
}

/* A number token at `p`, read by JSON's grammar (-?(0|[1-9][0-9]*)(.[0-9]+)?
 * ([eE][+-]?[0-9]+)?): returns its end; clears out->canonical unless it is a
 * whole number the writer prints with the same digits (cc_buf_number). */
static const unsigned char *scan_number(const unsigned char *p, text_scan *out) {
  const unsigned char *digits = p + (*p == '-');
  const unsigned char *q = digits;
  while (is_digit(*q)) q++;
  size_t n = (size_t)(q - digits);
  int whole = n >= 1 && n <= 15 && !(digits[0] == '0' && n > 1) && !(*p == '-' && n == 1 && digits[0] == '0');
  if (n == 0 || (digits[0] == '0' && n > 1)) not_json(out, p, "a number needs digits, and no leading zero");
  if (*q == '.' || *q == 'e' || *q == 'E') whole = 0; /* printed back in other digits */
  if (*q == '.') {
    const unsigned char *fraction = ++q;
    while (is_digit(*q)) q++;
    if (q == fraction) not_json(out, p, "a number's decimal point needs digits after it");
  }
  if (*q == 'e' || *q == 'E') {
    q += q[1] == '+' || q[1] == '-' ? 2 : 1;
    const unsigned char *exponent = q;
    while (is_digit(*q)) q++;
    if (q == exponent) not_json(out, p, "a number's exponent needs digits");
  }
  /* What follows a number in canonical text: a comma, a closing bracket or the end. */
  if (!whole || !(*q == ',' || *q == '}' || *q == ']' || *q == '\0')) out->canonical = 0;
  return q;
}

static text_scan scan_text(const char *text, size_t depth_limit) {
  text_scan out = {0, 0, 0, 1, NULL, NULL};
  size_t depth = 0;
  const unsigned char *p = (const unsigned char *)text;
  for (;;) {
    switch (outside_class[*p]) {
      case OUT_END: return out;
      case OUT_PLAIN: p++; continue;
      case OUT_NUMBER: p = scan_number(p, &out); continue;
      case OUT_OPEN:
        if (++depth > out.deepest) out.deepest = depth;
        if (out.deepest > depth_limit) return out;
        p++;
        continue;
      case OUT_CLOSE:
        if (depth > 0) depth--;
        p++;
        continue;
      case OUT_OTHER:
        out.canonical = 0;
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          not_json(&out, p, *p >= 0x80 ? "a byte outside strings that JSON does not allow (a byte order mark?)"
                                       : "a character outside strings that JSON does not allow");
        p++;
        continue;
      default: break; /* OUT_QUOTE */
    }
    const unsigned char *start = ++p;
    for (;;) {
      /* Four bytes a step (most of every message is inside strings): each is
       * read only once the one before it was found plain, so never past the
       * NUL, which is a stop byte; the byte loop then finds the stop. */
      while (!string_stop[p[0]] && !string_stop[p[1]] && !string_stop[p[2]] && !string_stop[p[3]]) p += 4;
      while (!string_stop[*p]) p++;
      unsigned char c = *p;
      if (c == '"' || c == '\0') break;
      if (c >= 0x80) { /* UTF-8, printed back as it is */
        size_t n = utf8_sequence(p);
        if (!n) {
          not_json(&out, p, "a string that is not UTF-8");
          n = 1;
        }
        p += n;
        continue;
      }
      out.canonical = 0; /* an escape or a control byte: the writer's text may differ */
      if (c < 0x20) not_json(&out, p, "a raw control character in a string (JSON needs it escaped)");
      if (c == '\\' && p[1]) {
        /* cJSON reads a \u with bad hex digits as U+0000, which cuts the string there. */
        if (p[1] == 'u' ? !(is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]))
                        : !strchr("\"\\/bfnrt", p[1]))
          not_json(&out, p, "an escape JSON does not have (\\u needs four hex digits)");
        if (p[1] == 'u' && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0') out.nul_escape = 1;
        p++;
      }
      p++;
    }
    if (*p == '\0') return out; /* unterminated: cJSON will refuse it */
    if ((size_t)(p - start) > out.longest_raw) out.longest_raw = (size_t)(p - start);
    p++;
  }
}

/* Longest string (keys included), walking the parsed tree. */
static size_t longest_string(const cJSON *item) {
  size_t longest = 0;
  for (; item; item = item->next) {
    if (item->string) {
      size_t n = strlen(item->string);
      if (n > longest) longest = n;
    }
    if (cJSON_IsString(item)) {
      size_t n = strlen(item->valuestring);
      if (n > longest) longest = n;
    }
    if (item->child) {
      size_t n = longest_string(item->child);
      if (n > longest) longest = n;
    }
  }
  return longest;
}

static int same_key(const void *a, const void *b) {
  return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* The first key written twice in one object, or NULL. Two readers of one
 * text disagree on such a key (cJSON keeps the first, JSON.parse the last),
 * so no input may carry one. Small objects compare pairwise; a large one is
 * sorted, so a hostile object costs n log n. */
static const cJSON *duplicate_in(const cJSON *object, size_t count) {
  if (count <= 16) {
    for (const cJSON *a = object->child; a; a = a->next)
      for (const cJSON *b = a->next; b; b = b->next)
        if (a->string[0] == b->string[0] && strcmp(a->string, b->string) == 0) return a;
    return NULL;
  }
  const cJSON **keys = malloc(count * sizeof *keys);
  if (!keys) return NULL; /* the walk is a check, not a need: out of memory lets the object pass */
  size_t n = 0;
  for (const cJSON *m = object->child; m; m = m->next) keys[n++] = m;
  qsort(keys, n, sizeof *keys, same_key);
  const cJSON *found = NULL;
  for (size_t i = 1; i < n && !found; i++)
    if (strcmp(keys[i - 1]->string, keys[i]->string) == 0) found = keys[i];
  free(keys);
  return found;
}

/* Depth-first; chain[0..depth) holds the containers above `item` (each a
 * member of the one before), so the path is written only for a finding. */
static const cJSON *find_duplicate_key(const cJSON *item, const cJSON **chain, size_t depth, size_t *found_depth) {
  size_t count = 0;
  for (const cJSON *m = item->child; m; m = m->next) count++;
  if ((item->type & 0xFF) == cJSON_Object && count > 1) {
    const cJSON *dup = duplicate_in(item, count);
    if (dup) {
      *found_depth = depth;
      return dup;
    }
  }
  for (const cJSON *m = item->child; m; m = m->next) {
    if (!m->child) continue; /* a scalar, or an empty container */
    chain[depth] = m;
    const cJSON *dup = find_duplicate_key(m, chain, depth + 1, found_depth);
    if (dup) return dup;
  }
  return NULL;
}

/* "a.b[2].c": the chain of containers, then the member. */
static void write_path(char *out, size_t out_len, const cJSON *root, const cJSON **chain, size_t depth,
                       const cJSON *member) {
  size_t n = 0;
  const cJSON *parent = root;
  out[0] = '\0';
  for (size_t i = 0; i <= depth && n < out_len; i++) {
    const cJSON *m = i < depth ? chain[i] : member;
    int written;
    if (m->string) {
      written = snprintf(out + n, out_len - n, "%s%.60s", n ? "." : "", m->string);
    } else {
      size_t index = 0;
      for (const cJSON *c = parent->child; c && c != m; c = c->next) index++;
      written = snprintf(out + n, out_len - n, "[%zu]", index);
    }
    if (written < 0) break;
    n += (size_t)written;
    parent = m;
  }
}

static cJSON *fail(cc_parse_error *e, callcore_errno err, cc_parse_failure failure, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static cJSON *fail(cc_parse_error *e, callcore_errno err, cc_parse_failure failure, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(e->why, sizeof e->why, fmt, args);
  va_end(args);
  e->err = err;
  e->failure = failure;
  return NULL;
}

cJSON *cc_parse_bounded(const char *text, const cc_limits *limits, cc_parse_error *e) {
  return cc_parse_bounded_canonical(text, limits, e, NULL);
}

cJSON *cc_parse_bounded_canonical(const char *text, const cc_limits *limits, cc_parse_error *e, int *canonical) {
  if (canonical) *canonical = 0;
  e->err = CALLCORE_OK;
  e->failure = CC_PARSE_MALFORMED;
  e->why[0] = e->field[0] = '\0';
  if (!text) return fail(e, CALLCORE_E_ARGUMENT, CC_PARSE_MALFORMED, "no JSON text was given");
  size_t size = strlen(text);
  if (size > limits->max_envelope_bytes)
    return fail(e, CALLCORE_E_TOO_LARGE, CC_PARSE_TOO_LARGE, "%zu bytes is over the limit of %zu", size,
                limits->max_envelope_bytes);
  text_scan scan = scan_text(text, limits->max_depth);
  if (scan.deepest > limits->max_depth)
    return fail(e, CALLCORE_E_TOO_DEEP, CC_PARSE_TOO_DEEP, "nesting deeper than the limit of %zu levels",
                limits->max_depth);
  if (scan.nul_escape)
    return fail(e, CALLCORE_E_JSON, CC_PARSE_MALFORMED,
                "a string holds the NUL character (\\u0000), which no message may carry");
  if (scan.not_json)
    return fail(e, CALLCORE_E_JSON, CC_PARSE_MALFORMED, "not valid JSON (at byte %zu): %s",
                (size_t)(scan.not_json - text), scan.not_json_why);
  const char *end = NULL;
  /* The length is known: cJSON_ParseWithOpts would only measure it again. */
  cJSON *root = cJSON_ParseWithLengthOpts(text, size + 1, &end, 1);
  if (!root) return fail(e, CALLCORE_E_JSON, CC_PARSE_MALFORMED, "not valid JSON (at byte %zu)",
                         end ? (size_t)(end - text) : 0);
  if (scan.longest_raw > limits->max_string_length) {
    size_t longest = longest_string(root);
    if (longest > limits->max_string_length) {
      cJSON_Delete(root);
      return fail(e, CALLCORE_E_TOO_LARGE, CC_PARSE_STRING_TOO_LONG, "a string of %zu bytes is over the limit of %zu",
                  longest, limits->max_string_length);
    }
  }
  const cJSON *chain[CC_MAX_DEPTH_BOUND + 1];
  size_t found_depth = 0;
  const cJSON *dup = root->child ? find_duplicate_key(root, chain, 0, &found_depth) : NULL;
  if (dup) {
    write_path(e->field, sizeof e->field, root, chain, found_depth, dup);
    fail(e, CALLCORE_E_JSON, CC_PARSE_DUPLICATE_KEY,
         "the key \"%.60s\" is written twice in one object (at %s); readers disagree on which value counts",
         dup->string, e->field);
    cJSON_Delete(root);
    return NULL;
  }
  if (canonical) *canonical = scan.canonical;
  return root;
}

/* Asked of most strings of every message: the type test inline (cJSON_IsString
 * is a call into the library) and the marker's first byte, ESC, which no
 * ordinary string starts with, before strcmp. */
int cc_is_undefined(const cJSON *item) {
  return item && (item->type & 0xFF) == cJSON_String && item->valuestring &&
         item->valuestring[0] == CALLCORE_UNDEFINED[0] && strcmp(item->valuestring, CALLCORE_UNDEFINED) == 0;
}

cJSON *cc_create_undefined(void) { return cJSON_CreateString(CALLCORE_UNDEFINED); }

/* cJSON_GetObjectItemCaseSensitive's rule (the first member of that name; the
 * search ends at a member without one), with the first byte compared before
 * strcmp: about fifteen lookups per message, most of them past other keys. */
cJSON *cc_get(const cJSON *object, const char *key) {
  if (!object || (object->type & 0xFF) != cJSON_Object || !key) return NULL; /* cJSON_IsObject, inline */
  for (cJSON *member = object->child; member && member->string; member = member->next)
    if (member->string[0] == key[0] && strcmp(member->string, key) == 0) return member;
  return NULL;
}

const char *cc_get_string(const cJSON *object, const char *key) {
  cJSON *item = cc_get(object, key);
  return (item && (item->type & 0xFF) == cJSON_String && !cc_is_undefined(item)) ? item->valuestring : NULL;
}

int cc_truthy(const cJSON *item) {
  if (!item || cc_is_undefined(item) || cJSON_IsNull(item) || cJSON_IsFalse(item)) return 0;
  if (cJSON_IsNumber(item)) return item->valuedouble != 0 && item->valuedouble == item->valuedouble;
  if (cJSON_IsString(item)) return item->valuestring[0] != '\0';
  return 1;
}

int cc_set(cJSON *object, const char *key, cJSON *value) {
  if (!value) return 0;
  if (cJSON_GetObjectItemCaseSensitive(object, key))
    return cJSON_ReplaceItemInObjectCaseSensitive(object, key, value) ? 1 : (cJSON_Delete(value), 0);
  if (!cJSON_AddItemToObject(object, key, value)) {
    cJSON_Delete(value);
    return 0;
  }
  return 1;
}

char *cc_strdup(const char *text) {
  size_t n = strlen(text) + 1;
  char *copy = malloc(n);
  if (copy) memcpy(copy, text, n);
  return copy;
}
