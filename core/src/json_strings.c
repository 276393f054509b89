/* Strings no C string or UTF-8 text can carry, found in the JSON text itself
 * (json_strings.h). The scan is a small RFC 8259 recogniser: it reports only
 * in a text that is JSON throughout, so a malformed one is still refused by
 * the parser as malformed, and it keeps, per level of nesting, only where the
 * current member's key is written or the current item's index, from which a
 * finding's path is spelt. */
#include "json_strings.h"

#include <stdio.h>
#include <string.h>

typedef struct frame {
  const unsigned char *key; /* object: the current member's key as written, between its quotes */
  size_t key_len;
  size_t index; /* array: the current item's index */
  int object;
} frame;

typedef struct scanner {
  frame frames[CC_JSON_STRINGS_MAX_DEPTH];
  size_t depth;
  size_t max_depth;
  cc_report *r; /* NULL: count only */
  size_t found;
} scanner;

typedef enum problem_kind { NO_PROBLEM, NUL_CHARACTER, LONE_SURROGATE } problem_kind;

/* The first problem of one string. */
typedef struct problem {
  problem_kind kind;
  unsigned unit; /* the lone surrogate */
} problem;

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_high(unsigned unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
static int is_low(unsigned unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

/* Four hex digits at `p`. Each byte is read only once the one before it was a
 * digit, so never past the end of the text. */
static int hex4(const unsigned char *p, unsigned *out) {
  unsigned value = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = p[i];
    unsigned digit;
    if (c >= '0' && c <= '9') digit = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') digit = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') digit = (unsigned)(c - 'A' + 10);
    else return 0;
    value = value << 4 | digit;
  }
  *out = value;
  return 1;
}

/* `p` at a \u escape whose four digits are known good: a high surrogate with
 * its low one, as the twelve bytes "\uD83D\uDE00"? */
static int is_pair(const unsigned char *p, unsigned high) {
  unsigned low;
  return is_high(high) && p[6] == '\\' && p[7] == 'u' && hex4(p + 8, &low) && is_low(low);
}

static void note(problem *found, problem_kind kind, unsigned unit) {
  if (found->kind != NO_PROBLEM) return;
  found->kind = kind;
  found->unit = unit;
}

/* `p` at an opening quote: returns the byte after the closing one, or NULL if
 * the string is not JSON (unterminated, a raw control byte, a bad escape). */
static const unsigned char *scan_string(const unsigned char *p, problem *found) {
  found->kind = NO_PROBLEM;
  for (p++;;) {
    unsigned char c = *p;
    if (c == '"') return p + 1;
    if (c < 0x20) return NULL; /* the end of the text, or a control byte JSON has escaped */
    if (c != '\\') {
      p++;
      continue;
    }
    switch (p[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        p += 2;
        continue;
      case 'u':
        break;
      default:
        return NULL;
    }
    unsigned unit;
    if (!hex4(p + 2, &unit)) return NULL;
    if (is_pair(p, unit)) {
      p += 12;
      continue;
    }
    if (unit == 0) note(found, NUL_CHARACTER, 0);
    else if (is_high(unit) || is_low(unit)) note(found, LONE_SURROGATE, unit);
    p += 6;
  }
}

static const unsigned char *skip_space(const unsigned char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  return p;
}

static const unsigned char *scan_digits(const unsigned char *p) {
  if (!is_digit(*p)) return NULL;
  while (is_digit(*p)) p++;
  return p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static const unsigned char *scan_number(const unsigned char *p) {
  if (*p == '-') p++;
  if (*p == '0') p++;
  else if (!(p = scan_digits(p))) return NULL;
  if (*p == '.' && !(p = scan_digits(p + 1))) return NULL;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!(p = scan_digits(p))) return NULL;
  }
  return p;
}

/* strncmp stops at the end of the text, where memcmp could read past it. */
static const unsigned char *scan_literal(const unsigned char *p, const char *word) {
  size_t n = strlen(word);
  return strncmp((const char *)p, word, n) == 0 ? p + n : NULL;
}

/* ---- the finding's path ---- */

/* Appends n bytes if they fit (with the terminator), else nothing: a path is
 * cut between two characters, never inside one or inside an escape. */
static int put(char out[CC_FIELD_MAX], size_t *used, const void *bytes, size_t n) {
  if (n > CC_FIELD_MAX - 1 - *used) return 0;
  memcpy(out + *used, bytes, n);
  *used += n;
  out[*used] = '\0';
  return 1;
}

static size_t utf8_encode(unsigned code_point, unsigned char out[4]) {
  if (code_point < 0x80) {
    out[0] = (unsigned char)code_point;
    return 1;
  }
  if (code_point < 0x800) {
    out[0] = (unsigned char)(0xC0 | code_point >> 6);
    out[1] = (unsigned char)(0x80 | (code_point & 0x3F));
    return 2;
  }
  if (code_point < 0x10000) {
    out[0] = (unsigned char)(0xE0 | code_point >> 12);
    out[1] = (unsigned char)(0x80 | (code_point >> 6 & 0x3F));
    out[2] = (unsigned char)(0x80 | (code_point & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | code_point >> 18);
  out[1] = (unsigned char)(0x80 | (code_point >> 12 & 0x3F));
  out[2] = (unsigned char)(0x80 | (code_point >> 6 & 0x3F));
  out[3] = (unsigned char)(0x80 | (code_point & 0x3F));
  return 4;
}

/* Bytes of the UTF-8 sequence a lead byte starts (1 for anything else). */
static size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

/* A key (already scanned, so its escapes are well formed) as the schema
 * findings name it, decoded; an escape of what is not printable text (a
 * control character, a lone surrogate, U+0000) stays as written, so the path
 * of a key holding one is still readable. */
static int put_key(char out[CC_FIELD_MAX], size_t *used, const unsigned char *key, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (key[i] != '\\') {
      size_t len = sequence_length(key[i]);
      if (len > n - i) len = n - i;
      if (!put(out, used, key + i, len)) return 0;
      i += len;
      continue;
    }
    unsigned char c = key[i + 1];
    if (c == '"' || c == '\\' || c == '/') {
      if (!put(out, used, &c, 1)) return 0;
      i += 2;
      continue;
    }
    unsigned unit;
    if (c != 'u' || !hex4(key + i + 2, &unit) || unit < 0x20 || is_low(unit) ||
        (is_high(unit) && !is_pair(key + i, unit))) {
      size_t written = c == 'u' ? 6 : 2; /* \n, \t...; \u0000, \uD800... */
      if (!put(out, used, key + i, written)) return 0;
      i += written;
      continue;
    }
    unsigned code_point = unit;
    size_t written = 6;
    if (is_high(unit)) {
      unsigned low = 0;
      hex4(key + i + 8, &low);
      code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      written = 12;
    }
    unsigned char bytes[4];
    if (!put(out, used, bytes, utf8_encode(code_point, bytes))) return 0;
    i += written;
  }
  return 1;
}

/* "a.b[0].c": each object level's current key, each array level's index. */
static void spell_path(const scanner *s, char out[CC_FIELD_MAX]) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < s->depth; i++) {
    const frame *f = &s->frames[i];
    if (f->object) {
      if ((used && !put(out, &used, ".", 1)) || !put_key(out, &used, f->key, f->key_len)) return;
    } else {
      char index[32];
      int n = snprintf(index, sizeof index, "[%zu]", f->index);
      if (n < 0 || !put(out, &used, index, (size_t)n)) return;
    }
  }
}

/* One finding for the string just scanned: a key (the top frame's, just set)
 * or the value at the current place. */
static void report(scanner *s, const problem *found, int key) {
  s->found++;
  cc_report *r = s->r;
  if (!r) return;
  if (r->count == CC_REPORT_CAPACITY) { /* only counted: no need to spell it */
    cc_report_add(r, CC_V_FIELD_FORMAT, NULL, "%s", "");
    return;
  }
  char path[CC_FIELD_MAX];
  spell_path(s, path);
  const char *what = key ? "the key " : "";
  const char *where = path[0] ? path : "the body";
  if (found->kind == NUL_CHARACTER)
    cc_report_add(r, CC_V_FIELD_FORMAT, path, "%s%s contains U+0000, which is not allowed in text", what, where);
  else
    cc_report_add(r, CC_V_FIELD_FORMAT, path,
                  "%s%s contains a lone UTF-16 surrogate (\\u%04X), which is not valid Unicode", what, where,
                  found->unit);
}

/* ---- the walk ---- */

enum want { WANT_VALUE, WANT_VALUE_OR_CLOSE, WANT_KEY, WANT_KEY_OR_CLOSE, WANT_COLON, WANT_COMMA_OR_CLOSE };

/* A string, number or literal at `p`: the byte after it, or NULL. */
static const unsigned char *scan_scalar(scanner *s, const unsigned char *p) {
  switch (*p) {
    case '"': {
      problem found;
      const unsigned char *end = scan_string(p, &found);
      if (end && found.kind != NO_PROBLEM) report(s, &found, 0);
      return end;
    }
    case 't': return scan_literal(p, "true");
    case 'f': return scan_literal(p, "false");
    case 'n': return scan_literal(p, "null");
    default: return scan_number(p);
  }
}

/* Whether the whole text is one JSON value within the depth limit. */
static int scan(scanner *s, const unsigned char *p) {
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3; /* a byte order mark, which cJSON skips */
  enum want want = WANT_VALUE;
  for (;;) {
    p = skip_space(p);
    unsigned char c = *p;
    frame *top = s->depth ? &s->frames[s->depth - 1] : NULL;
    int closes = 0;
    if (want == WANT_COLON) {
      if (c != ':') return 0;
      p++;
      want = WANT_VALUE;
      continue;
    }
    if (want == WANT_KEY || want == WANT_KEY_OR_CLOSE) {
      if (want == WANT_KEY_OR_CLOSE && c == '}') {
        closes = 1;
      } else {
        if (c != '"') return 0;
        problem found;
        const unsigned char *end = scan_string(p, &found);
        if (!end) return 0;
        top->key = p + 1;
        top->key_len = (size_t)(end - 1 - top->key);
        if (found.kind != NO_PROBLEM) report(s, &found, 1);
        p = end;
        want = WANT_COLON;
        continue;
      }
    } else if (want == WANT_COMMA_OR_CLOSE) {
      if (c == ',') {
        p++;
        if (top->object) {
          want = WANT_KEY;
        } else {
          top->index++;
          want = WANT_VALUE;
        }
        continue;
      }
      if (c != (top->object ? '}' : ']')) return 0;
      closes = 1;
    } else if (want == WANT_VALUE_OR_CLOSE && c == ']') {
      closes = 1;
    }

    if (closes) {
      p++;
      s->depth--;
    } else if (c == '{' || c == '[') {
      if (s->depth == s->max_depth) return 0; /* too deep: the parser says so */
      frame *f = &s->frames[s->depth++];
      f->object = c == '{';
      f->key = NULL;
      f->key_len = 0;
      f->index = 0;
      p++;
      want = c == '{' ? WANT_KEY_OR_CLOSE : WANT_VALUE_OR_CLOSE;
      continue;
    } else if (!(p = scan_scalar(s, p))) {
      return 0;
    }
    /* a value ended at p */
    if (s->depth == 0) return *skip_space(p) == '\0';
    want = WANT_COMMA_OR_CLOSE;
  }
}

size_t cc_json_strings_check(const char *text, const cc_limits *limits, cc_report *r) {
  if (!text || !limits || strlen(text) > limits->max_envelope_bytes) return 0;
  scanner s;
  s.depth = 0;
  s.max_depth = limits->max_depth < CC_JSON_STRINGS_MAX_DEPTH ? limits->max_depth : CC_JSON_STRINGS_MAX_DEPTH;
  s.r = NULL;
  s.found = 0;
  /* Counted first, so that nothing is reported in a text that turns out not to be JSON further on. */
  if (!scan(&s, (const unsigned char *)text) || s.found == 0) return 0;
  s.depth = 0;
  s.r = r;
  s.found = 0;
  scan(&s, (const unsigned char *)text);
  return s.found;
}
