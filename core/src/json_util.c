#include "json_util.h"

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
    .max_depth = 128,
    .max_string_length = 4 * 1024 * 1024,
    .max_calls = 4096,
    .max_queued = 1024,
};

/* Deepest bracket nesting, scanning outside strings; stops early past `limit`
 * so a hostile input costs no more than the bytes it has. */
static size_t nesting_depth(const char *text, size_t limit) {
  size_t depth = 0, deepest = 0;
  int in_string = 0;
  for (const char *p = text; *p; p++) {
    char c = *p;
    if (in_string) {
      if (c == '\\' && p[1]) p++;
      else if (c == '"') in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == '}' || c == ']') && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/* Whether a string in `text` holds the escape \u0000. cJSON decodes it into a
 * C string, which ends there: "DIAL_NUMBER\u0000x" would be read as DIAL_NUMBER
 * and "+1555\u00009" as "+1555". No message of the protocol carries a NUL. */
static int has_nul_escape(const char *text) {
  if (!strstr(text, "\\u0000")) return 0; /* the common case, at library speed */
  int in_string = 0; /* then the exact test: "\\u0000" is a backslash, then text */
  for (const char *p = text; *p; p++) {
    if (!in_string) {
      in_string = *p == '"';
    } else if (*p == '\\' && p[1]) {
      if (p[1] == 'u' && strncmp(p + 2, "0000", 4) == 0) return 1;
      p++;
    } else if (*p == '"') {
      in_string = 0;
    }
  }
  return 0;
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

cJSON *cc_parse_bounded(const char *text, const cc_limits *limits, callcore_errno *err, cc_code *code, char *why,
                        size_t why_len) {
  cc_code ignored;
  if (!code) code = &ignored;
  *code = CC_V_MALFORMED_JSON;
  if (!text) {
    *err = CALLCORE_E_ARGUMENT;
    snprintf(why, why_len, "no JSON text was given");
    return NULL;
  }
  size_t size = strlen(text);
  if (size > limits->max_envelope_bytes) {
    *err = CALLCORE_E_TOO_LARGE;
    *code = CC_V_TOO_LARGE;
    snprintf(why, why_len, "%zu bytes is over the limit of %zu", size, limits->max_envelope_bytes);
    return NULL;
  }
  size_t depth = nesting_depth(text, limits->max_depth);
  if (depth > limits->max_depth) {
    *err = CALLCORE_E_TOO_DEEP;
    *code = CC_V_TOO_DEEP;
    snprintf(why, why_len, "nesting deeper than the limit of %zu levels", limits->max_depth);
    return NULL;
  }
  if (has_nul_escape(text)) {
    *err = CALLCORE_E_JSON;
    snprintf(why, why_len, "a string holds the NUL character (\\u0000), which no message may carry");
    return NULL;
  }
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
  if (!root) {
    *err = CALLCORE_E_JSON;
    size_t at = end ? (size_t)(end - text) : 0;
    snprintf(why, why_len, "not valid JSON (at byte %zu)", at);
    return NULL;
  }
  size_t longest = longest_string(root);
  if (longest > limits->max_string_length) {
    cJSON_Delete(root);
    *err = CALLCORE_E_TOO_LARGE;
    *code = CC_V_STRING_TOO_LONG;
    snprintf(why, why_len, "a string of %zu bytes is over the limit of %zu", longest,
             limits->max_string_length);
    return NULL;
  }
  *err = CALLCORE_OK;
  return root;
}

int cc_is_undefined(const cJSON *item) {
  return item && cJSON_IsString(item) && strcmp(item->valuestring, CALLCORE_UNDEFINED) == 0;
}

cJSON *cc_create_undefined(void) { return cJSON_CreateString(CALLCORE_UNDEFINED); }

cJSON *cc_get(const cJSON *object, const char *key) {
  return cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
}

const char *cc_get_string(const cJSON *object, const char *key) {
  cJSON *item = cc_get(object, key);
  return (cJSON_IsString(item) && !cc_is_undefined(item)) ? item->valuestring : NULL;
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

char *cc_print(const cJSON *item) { return cJSON_PrintUnformatted(item); }

char *cc_strdup(const char *text) {
  size_t n = strlen(text) + 1;
  char *copy = malloc(n);
  if (copy) memcpy(copy, text, n);
  return copy;
}
