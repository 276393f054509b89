/* A small declarative schema for payloads: one table per message, one engine. */
#ifndef CC_SCHEMA_H
#define CC_SCHEMA_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "report.h"

/* JSON types a field accepts. */
enum {
  CC_T_STRING = 1 << 0,
  CC_T_NUMBER = 1 << 1,
  CC_T_BOOL = 1 << 2,
  CC_T_OBJECT = 1 << 3,
  CC_T_ARRAY = 1 << 4,
  CC_T_NULL = 1 << 5,
};

/* Rules on top of the type. */
enum {
  CC_F_REQUIRED = 1 << 0,
  CC_F_INT32 = 1 << 1,          /* a whole number in [-2^31, 2^31) */
  CC_F_ID = 1 << 2,             /* a whole, non-negative number (HubSpot ids, up to 2^53) */
  CC_F_POSITIVE = 1 << 3,       /* a number greater than zero */
  CC_F_NONEMPTY = 1 << 4,       /* a string with at least one character */
  CC_F_E164 = 1 << 5,           /* "+" then 2 to 15 digits, the first not 0 */
  CC_F_HTTPS_URL = 1 << 6,      /* an absolute https URL */
  CC_F_HTTP_URL = 1 << 7,       /* an absolute http(s) URL */
  CC_F_DIGITS = 1 << 8,         /* a string of decimal digits */
  CC_F_DATETIME = 1 << 9,       /* ISO-8601 date-time, "2024-08-23T10:15:00Z" */
  CC_F_STRIP_INTERNAL = 1 << 10, /* "INTERNAL_X" is rewritten to "X" with a warning */
  CC_F_SOFT = 1 << 11,          /* format and enum findings are warnings, not errors */
  CC_F_TRUNCATE = 1 << 12,      /* strings over max_length are cut, with a warning */
  CC_F_NOT_SELECTABLE_IF_SET = 1 << 13, /* webhook extensions: present means unusable */
  CC_F_NONNEGATIVE = 1 << 14,   /* a number not below zero (durations) */
};

typedef struct cc_schema cc_schema;

typedef struct cc_field {
  const char *name;
  unsigned types;
  unsigned flags;
  const char *const *allowed; /* NULL-terminated enumeration, or NULL */
  const cc_schema *child;     /* members of an object, or of each array item */
  unsigned item_types;        /* each item of an array of scalars */
  unsigned item_flags;
  size_t max_length;          /* with CC_F_TRUNCATE */
  const char *doc;            /* one line, exported in the catalogue */
} cc_field;

struct cc_schema {
  const char *name;
  const cc_field *fields;
  size_t count;
  int null_is_absent; /* a member set to null means "no value": checked as if absent */
};

/* Defines the schema `id` (external linkage, declared in payloads.h). Field
 * names within one schema are distinct: cc_validate_object counts the members
 * it found by name to skip its misspelling search. */
#define CC_SCHEMA(id, ...)                                                                        \
  static const cc_field id##_fields[] = {__VA_ARGS__};                                            \
  const cc_schema id = {#id, id##_fields, sizeof id##_fields / sizeof id##_fields[0], 0}

/* A schema whose members may be null to mean "no value": a null member is
 * treated as absent (fine when optional, FIELD_REQUIRED when required) and
 * the catalogue lists "null" among the types of its optional fields. */
#define CC_SCHEMA_NULL_IS_ABSENT(id, ...)                                                         \
  static const cc_field id##_fields[] = {__VA_ARGS__};                                            \
  const cc_schema id = {#id, id##_fields, sizeof id##_fields / sizeof id##_fields[0], 1}

/* Checks `object` (may be NULL or undefined: then only requiredness is
 * checked) against `schema`, naming fields "<path>.<name>". Rewrites values
 * only where the schema says so (CC_F_STRIP_INTERNAL, CC_F_TRUNCATE). */
void cc_validate_object(const cc_schema *schema, cJSON *object, const char *path, cc_report *report);

/* The JSON type names of a CC_T_* set: ["string","null"]. */
cJSON *cc_types_to_json(unsigned types);

/* Exports a schema as {"fields":[{name,types,required,enum,format...}]}. */
cJSON *cc_schema_to_json(const cc_schema *schema);

int cc_is_e164(const char *text);
int cc_is_datetime(const char *text);

#endif
