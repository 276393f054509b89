/* Compact JSON text written straight into a growing buffer: the actions a
 * session queues, without building (and later freeing) a cJSON tree for them. */
#ifndef CC_JSON_WRITER_H
#define CC_JSON_WRITER_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct cc_buf {
  char *data;
  size_t len, cap;
  int failed; /* an append ran out of memory; the text since the last mark is unusable */
} cc_buf;

void cc_buf_raw(cc_buf *b, const char *text, size_t n);
#define CC_BUF_LITERAL(b, text) cc_buf_raw((b), (text), sizeof(text) - 1)
/* A JSON string literal, escaped as cJSON escapes it. */
void cc_buf_string(cc_buf *b, const char *text);
/* An object member's key and its colon: "key": */
void cc_buf_key(cc_buf *b, const char *key);
/* The decimal digits of a whole number, as "%.0f" prints it, without printf
 * (every number of every message comes here); `out` needs 21 bytes. The count
 * written, no NUL. */
size_t cc_format_whole(unsigned long long value, char *out);
/* A JSON number, in the text cJSON_PrintUnformatted gives it. */
void cc_buf_number(cc_buf *b, double value);
/* Any cJSON value, byte for byte as cJSON_PrintUnformatted prints it. */
void cc_buf_json(cc_buf *b, const cJSON *item);
/* The same as a string of its own (callcore_free it); NULL when out of memory.
 * Every text the core hands out is printed here, so cJSON's printer is not
 * linked into the WebAssembly at all. */
char *cc_json_text(const cJSON *item);

#endif
