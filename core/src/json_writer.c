#include "json_writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(cc_buf *b, size_t n) {
  if (b->failed) return 0;
  if (b->len + n + 1 <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 512;
  while (cap < b->len + n + 1) cap *= 2;
  char *grown = realloc(b->data, cap);
  if (!grown) {
    b->failed = 1;
    return 0;
  }
  b->data = grown;
  b->cap = cap;
  return 1;
}

void cc_buf_raw(cc_buf *b, const char *text, size_t n) {
  if (!reserve(b, n)) return;
  memcpy(b->data + b->len, text, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void put_char(cc_buf *b, char c) {
  if (!reserve(b, 1)) return;
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

/* Extra bytes each byte takes once escaped as cJSON escapes it: one for the
 * two-character escapes, five for \u00xx (other control bytes), none for the
 * rest (UTF-8 included). NUL is marked too, so the scan below stops there
 * without a second test per byte. */
#define ESC5(c) [c] = 5
static const unsigned char escape_extra[256] = {
    [0] = 0xFF, ESC5(1), ESC5(2), ESC5(3), ESC5(4), ESC5(5), ESC5(6), ESC5(7),
    ['\b'] = 1, ['\t'] = 1, ['\n'] = 1, ESC5(11), ['\f'] = 1, ['\r'] = 1, ESC5(14), ESC5(15),
    ESC5(16), ESC5(17), ESC5(18), ESC5(19), ESC5(20), ESC5(21), ESC5(22), ESC5(23),
    ESC5(24), ESC5(25), ESC5(26), ESC5(27), ESC5(28), ESC5(29), ESC5(30), ESC5(31),
    ['"'] = 1, ['\\'] = 1,
};
#undef ESC5

/* Most strings need no escape at all: one scan to their end, one memcpy. */
void cc_buf_string(cc_buf *b, const char *text) {
  if (!text) text = "";
  const unsigned char *p = (const unsigned char *)text;
  /* Four bytes a step over the plain run; each is read only once the one
   * before it was found plain, so never past the NUL (escape_extra[0] != 0). */
  while (!escape_extra[p[0]] && !escape_extra[p[1]] && !escape_extra[p[2]] && !escape_extra[p[3]]) p += 4;
  while (!escape_extra[*p]) p++;
  size_t plain = (size_t)(p - (const unsigned char *)text), n = plain, extra = 0;
  for (; *p; p++, n++) extra += escape_extra[*p];
  if (!reserve(b, n + extra + 2)) return;
  char *out = b->data + b->len;
  *out++ = '"';
  memcpy(out, text, plain);
  out += plain;
  if (extra || n > plain) {
    static const char hex[] = "0123456789abcdef";
    for (p = (const unsigned char *)text + plain; *p; p++) {
      unsigned char c = *p;
      if (!escape_extra[c]) {
        *out++ = (char)c;
        continue;
      }
      *out++ = '\\';
      switch (c) {
        case '\\': *out++ = '\\'; break;
        case '"': *out++ = '"'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        default:
          *out++ = 'u';
          *out++ = '0';
          *out++ = '0';
          *out++ = hex[c >> 4];
          *out++ = hex[c & 15];
      }
    }
  }
  *out++ = '"';
  b->len = (size_t)(out - b->data);
  b->data[b->len] = '\0';
}

void cc_buf_key(cc_buf *b, const char *key) {
  cc_buf_string(b, key);
  put_char(b, ':');
}

size_t cc_format_whole(unsigned long long value, char *out) {
  char digits[20];
  size_t k = 0, n = 0;
  do {
    digits[k++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  while (k) out[n++] = digits[--k];
  return n;
}

/* Whole numbers below 10^15 are what the protocol carries (ids, sizes, times):
 * their digits are exactly what "%1.15g" prints, without printf. The rest get
 * the fewest of 15, 16 or 17 significant digits that read back as exactly the
 * same double. (cJSON's printer accepts 15 digits within an epsilon, which
 * turned 2^53 - 1 into ...990 and the largest double into a text that reads
 * back as infinity: a receiver must get the value that was sent.) */
void cc_buf_number(cc_buf *b, double d) {
  char text[32];
  size_t n;
  if (isnan(d) || isinf(d)) {
    CC_BUF_LITERAL(b, "null");
    return;
  }
  if (d == floor(d) && fabs(d) < 1e15 && !(d == 0 && signbit(d))) {
    n = 0;
    if (d < 0) text[n++] = '-';
    n += cc_format_whole((unsigned long long)fabs(d), text + n);
    cc_buf_raw(b, text, n);
    return;
  }
  int len = 0;
  for (int digits = 15; digits <= 17; digits++) {
    len = snprintf(text, sizeof text, "%1.*g", digits, d);
    if (len <= 0 || (size_t)len >= sizeof text || strtod(text, NULL) == d) break;
  }
  if (len > 0 && (size_t)len < sizeof text) cc_buf_raw(b, text, (size_t)len);
  else b->failed = 1;
}

void cc_buf_json(cc_buf *b, const cJSON *item) {
  if (!item) {
    b->failed = 1;
    return;
  }
  switch (item->type & 0xFF) {
    case cJSON_NULL: CC_BUF_LITERAL(b, "null"); return;
    case cJSON_False: CC_BUF_LITERAL(b, "false"); return;
    case cJSON_True: CC_BUF_LITERAL(b, "true"); return;
    case cJSON_Number: cc_buf_number(b, item->valuedouble); return;
    case cJSON_String: cc_buf_string(b, item->valuestring); return;
    case cJSON_Raw:
      if (item->valuestring) cc_buf_raw(b, item->valuestring, strlen(item->valuestring));
      else b->failed = 1;
      return;
    case cJSON_Array:
    case cJSON_Object: {
      int object = (item->type & 0xFF) == cJSON_Object;
      put_char(b, object ? '{' : '[');
      for (const cJSON *child = item->child; child; child = child->next) {
        if (object) cc_buf_key(b, child->string);
        cc_buf_json(b, child);
        if (child->next) put_char(b, ',');
      }
      put_char(b, object ? '}' : ']');
      return;
    }
    default: b->failed = 1; return;
  }
}

char *cc_json_text(const cJSON *item) {
  cc_buf b = {0};
  cc_buf_json(&b, item);
  if (b.failed || !b.data) {
    free(b.data);
    return NULL;
  }
  return b.data;
}
