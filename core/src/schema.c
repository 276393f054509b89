#include "schema.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "json_util.h"
#include "origin.h"

int cc_is_e164(const char *text) {
  if (!text || text[0] != '+' || text[1] < '1' || text[1] > '9') return 0;
  size_t digits = 0;
  for (const char *p = text + 1; *p; p++, digits++)
    if (!isdigit((unsigned char)*p)) return 0;
  return digits >= 2 && digits <= 15;
}

static int digits_at(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)p[i])) return 0;
  return 1;
}

/* YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) */
int cc_is_datetime(const char *t) {
  if (!t || strlen(t) < 20) return 0;
  if (!digits_at(t, 4) || t[4] != '-' || !digits_at(t + 5, 2) || t[7] != '-' || !digits_at(t + 8, 2) ||
      (t[10] != 'T' && t[10] != 't') || !digits_at(t + 11, 2) || t[13] != ':' || !digits_at(t + 14, 2) ||
      t[16] != ':' || !digits_at(t + 17, 2))
    return 0;
  int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
  int hour = (t[11] - '0') * 10 + (t[12] - '0'), minute = (t[14] - '0') * 10 + (t[15] - '0');
  int second = (t[17] - '0') * 10 + (t[18] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return 0;
  const char *p = t + 19;
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
  }
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0') return 1;
  return (*p == '+' || *p == '-') && digits_at(p + 1, 2) && p[3] == ':' && digits_at(p + 4, 2) && p[6] == '\0';
}

static void type_names(unsigned types, char *out, size_t out_len) {
  static const struct { unsigned bit; const char *name; } names[] = {
      {CC_T_STRING, "a string"}, {CC_T_NUMBER, "a number"}, {CC_T_BOOL, "a boolean"},
      {CC_T_OBJECT, "an object"}, {CC_T_ARRAY, "an array"},  {CC_T_NULL, "null"},
  };
  out[0] = '\0';
  size_t used = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    if (!(types & names[i].bit)) continue;
    int n = snprintf(out + used, out_len - used, "%s%s", used ? " or " : "", names[i].name);
    if (n < 0 || (size_t)n >= out_len - used) return;
    used += (size_t)n;
  }
}

static unsigned type_of(const cJSON *item) {
  if (cJSON_IsString(item)) return CC_T_STRING;
  if (cJSON_IsNumber(item)) return CC_T_NUMBER;
  if (cJSON_IsBool(item)) return CC_T_BOOL;
  if (cJSON_IsObject(item)) return CC_T_OBJECT;
  if (cJSON_IsArray(item)) return CC_T_ARRAY;
  return CC_T_NULL;
}

static void join_allowed(const char *const *allowed, char *out, size_t out_len) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; allowed[i]; i++) {
    int n = snprintf(out + used, out_len - used, "%s%s", i ? ", " : "", allowed[i]);
    if (n < 0 || (size_t)n >= out_len - used) return;
    used += (size_t)n;
  }
}

static int is_allowed(const char *const *allowed, const char *value) {
  for (size_t i = 0; allowed[i]; i++)
    if (strcmp(allowed[i], value) == 0) return 1;
  return 0;
}

static cc_severity rule_severity(unsigned flags) { return (flags & CC_F_SOFT) ? CC_WARNING : CC_ERROR; }

/* A value quoted for a sentence; called only when there is something to say,
 * because the checks run for every field of every message. */
static const char *quoted(const cJSON *item, char buf[80]) {
  cc_describe_value(item, buf, 80);
  return buf;
}

/* Bytes of the longest prefix of `s` within `max_units` UTF-16 code units
 * (the characters JavaScript and HubSpot's servers count), never cutting a
 * character in two; *units gets the length of all of `s` in those units.
 * Counting bytes instead cut accented names that fit, mid-character. */
static size_t utf16_prefix(const char *s, size_t max_units, size_t *units) {
  size_t count = 0, keep = 0, i = 0;
  while (s[i]) {
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t k = 1; k < len; k++)
      if (!s[i + k]) len = k; /* a sequence cut short by the end of the string */
    count += len == 4 ? 2 : 1; /* beyond the BMP: a surrogate pair */
    i += len;
    if (count <= max_units) keep = i;
  }
  *units = count;
  return keep;
}

/* The one place a check changes a value: the tree then no longer matches the
 * text it was parsed from, and the report says so (see report.h). A failed
 * allocation keeps the old value, which is still marked: printing it again
 * is always right. */
static void rewrite_string(cJSON *item, const char *text, cc_report *r) {
  cJSON_SetValuestring(item, text);
  r->rewrote = 1;
}

static void check_string(const cc_field *f, unsigned flags, cJSON *item, const char *path, cc_report *r) {
  const char *s = item->valuestring;
  char shown[80];
  if ((flags & CC_F_NONEMPTY) && s[0] == '\0') {
    cc_report_add(r, CC_V_FIELD_EMPTY, path, "%s must not be empty", path);
    return;
  }
  if (f->allowed && !is_allowed(f->allowed, s)) {
    char list[256];
    join_allowed(f->allowed, list, sizeof list);
    if ((flags & CC_F_STRIP_INTERNAL) && strncmp(s, "INTERNAL_", 9) == 0 && is_allowed(f->allowed, s + 9)) {
      char bare[64];
      snprintf(bare, sizeof bare, "%s", s + 9);
      cc_report_add(r, CC_V_STATUS_PREFIXED, path, "%s %s is a constant name; the wire value \"%s\" was sent",
                    path, quoted(item, shown), bare);
      rewrite_string(item, bare, r);
      s = item->valuestring;
    } else {
      cc_report_add_severity(r, CC_V_FIELD_ENUM, rule_severity(flags), path, "%s %s is not one of %s", path,
                             quoted(item, shown), list);
    }
  }
  if ((flags & CC_F_E164) && !cc_is_e164(s))
    cc_report_add_severity(r, CC_V_FIELD_FORMAT, rule_severity(flags), path,
                           "%s %s is not an E.164 number (\"+\" and 2 to 15 digits, e.g. +18884827768)", path,
                           quoted(item, shown));
  if (flags & (CC_F_HTTPS_URL | CC_F_HTTP_URL)) {
    char origin[CC_ORIGIN_MAX], why[96];
    if (!cc_origin_normalize(s, origin, why, sizeof why))
      cc_report_add_severity(r, CC_V_FIELD_FORMAT, rule_severity(flags), path, "%s %s %s", path, quoted(item, shown), why);
    else if ((flags & CC_F_HTTPS_URL) && !cc_origin_is_https(origin))
      cc_report_add_severity(r, CC_V_FIELD_FORMAT, rule_severity(flags), path, "%s %s must be an https URL",
                             path, quoted(item, shown));
  }
  if ((flags & CC_F_DIGITS) && (s[0] == '\0' || !digits_at(s, strlen(s))))
    cc_report_add_severity(r, CC_V_FIELD_FORMAT, rule_severity(flags), path,
                           "%s %s must be a string of digits", path, quoted(item, shown));
  if ((flags & CC_F_DATETIME) && !cc_is_datetime(s))
    cc_report_add_severity(r, CC_V_FIELD_FORMAT, rule_severity(flags), path,
                           "%s %s is not an ISO-8601 date-time such as 2024-08-23T10:15:00Z", path, quoted(item, shown));
  size_t units = 0, keep = 0;
  if ((flags & CC_F_TRUNCATE) && f->max_length) keep = utf16_prefix(s, f->max_length, &units);
  if (units > f->max_length) {
    char cut[256];
    snprintf(cut, sizeof cut, "%.*s", (int)keep, s);
    cc_report_add(r, CC_V_VALUE_TRUNCATED, path, "%s %s is longer than %zu characters and was cut to \"%s\"",
                  path, quoted(item, shown), f->max_length, cut);
    rewrite_string(item, cut, r);
  }
  if ((flags & CC_F_NOT_SELECTABLE_IF_SET) && s[0] != '\0')
    cc_report_add(r, CC_V_NOT_SELECTABLE, path, "%s %s is set, so this number cannot be selected", path, quoted(item, shown));
}

static void check_number(unsigned flags, const cJSON *item, const char *path, cc_report *r) {
  double d = item->valuedouble;
  /* A number past the largest double reads as infinity, as in JavaScript, and JSON
   * cannot carry it on: written back it would be null, a value of another type. */
  if (!isfinite(d)) {
    cc_report_add(r, CC_V_FIELD_RANGE, path, "%s is beyond the range of a number: it reads as %sInfinity, which JSON writes as null",
                  path, d < 0 ? "-" : "");
    return;
  }
  if ((flags & CC_F_INT32) && (d != floor(d) || d < -2147483648.0 || d > 2147483647.0))
    cc_report_add(r, CC_V_FIELD_RANGE, path, "%s %.15g is not a 32-bit whole number", path, d);
  if ((flags & CC_F_ID) && (d != floor(d) || d < 0 || d > 9007199254740991.0))
    cc_report_add(r, CC_V_FIELD_RANGE, path, "%s %.15g is not a whole, non-negative id", path, d);
  if ((flags & CC_F_POSITIVE) && !(d > 0))
    cc_report_add(r, CC_V_FIELD_RANGE, path, "%s %.15g must be greater than 0", path, d);
  if ((flags & CC_F_NONNEGATIVE) && !(d >= 0))
    cc_report_add(r, CC_V_FIELD_RANGE, path, "%s %.15g must not be negative", path, d);
}

static void check_value(const cc_field *f, unsigned types, unsigned flags, cJSON *item, const char *path,
                        cc_report *r);

static void check_array(const cc_field *f, cJSON *array, const char *path, cc_report *r) {
  size_t index = 0;
  cJSON *item;
  cJSON_ArrayForEach(item, array) {
    char item_path[CC_FIELD_MAX];
    snprintf(item_path, sizeof item_path, "%s[%zu]", path, index++);
    if (f->child)
      check_value(f, CC_T_OBJECT, 0, item, item_path, r);
    else if (f->item_types)
      check_value(f, f->item_types, f->item_flags, item, item_path, r);
  }
}

static void check_value(const cc_field *f, unsigned types, unsigned flags, cJSON *item, const char *path,
                        cc_report *r) {
  unsigned actual = type_of(item);
  if (!(types & actual)) {
    char want[96], shown[80];
    type_names(types, want, sizeof want);
    cc_describe_value(item, shown, sizeof shown);
    cc_report_add(r, CC_V_FIELD_TYPE, path, "%s must be %s, not %s", path, want, shown);
    return;
  }
  if (actual == CC_T_STRING) check_string(f, flags, item, path, r);
  else if (actual == CC_T_NUMBER) check_number(flags, item, path, r);
  else if (actual == CC_T_OBJECT && f->child) cc_validate_object(f->child, item, path, r);
  else if (actual == CC_T_ARRAY) check_array(f, item, path, r);
}

/* "<path>.<name>" (or "<name>" at the top), cut to fit, in two steps: the
 * prefix "<path>." once per object, then each name after it. memcpy, not
 * snprintf: it runs for every present field of every message. Returns the
 * prefix's length. */
static size_t path_prefix(char out[CC_FIELD_MAX], const char *path) {
  size_t used = strlen(path);
  if (used > CC_FIELD_MAX - 2) used = CC_FIELD_MAX - 2;
  memcpy(out, path, used);
  if (used) out[used++] = '.';
  return used;
}

static void path_name(char out[CC_FIELD_MAX], size_t used, const char *name) {
  size_t n = strlen(name);
  if (n > CC_FIELD_MAX - 1 - used) n = CC_FIELD_MAX - 1 - used;
  memcpy(out + used, name, n);
  out[used + n] = '\0';
}

static void join_path(char out[CC_FIELD_MAX], const char *path, const char *name) {
  path_name(out, path_prefix(out, path), name);
}

static const cc_field *find_field(const cc_schema *schema, const char *name, int ignore_case) {
  for (size_t i = 0; i < schema->count; i++) {
    const char *known = schema->fields[i].name;
    if (ignore_case ? strcasecmp(known, name) == 0 : strcmp(known, name) == 0) return &schema->fields[i];
  }
  return NULL;
}

/* Larger schemas (none yet) look each field up with cc_get instead. */
#define MATCH_MAX_FIELDS 32

/* match[i]: the member cc_get(object, field i) would return, found in one
 * pass over the members instead of one per field (the engagement properties
 * have 16 fields, 14 starting with "hs_"). Returns how many fields matched. */
static size_t match_members(const cc_schema *schema, const cJSON *object, cJSON *match[MATCH_MAX_FIELDS]) {
  size_t found = 0;
  memset(match, 0, schema->count * sizeof *match);
  /* cc_get's rule: the first member of a name; the search ends at a member without one. */
  for (cJSON *m = object->child; m && m->string && found < schema->count; m = m->next) {
    for (size_t i = 0; i < schema->count; i++) {
      const char *name = schema->fields[i].name;
      if (name[0] != m->string[0] || strcmp(name, m->string) != 0) continue;
      if (!match[i]) {
        match[i] = m;
        found++;
      }
      break; /* field names are distinct */
    }
  }
  return found;
}

void cc_validate_object(const cc_schema *schema, cJSON *object, const char *path, cc_report *r) {
  int usable = cJSON_IsObject(object);
  int matched = usable && schema->count <= MATCH_MAX_FIELDS;
  cJSON *match[MATCH_MAX_FIELDS];
  size_t found = matched ? match_members(schema, object, match) : 0; /* members named exactly as a field */
  /* Only the name after the prefix changes from field to field; check_value
   * copies the path where it keeps it, never writes into it. */
  char field_path[CC_FIELD_MAX];
  size_t prefix = schema->count ? path_prefix(field_path, path) : 0;
  for (size_t i = 0; i < schema->count; i++) {
    const cc_field *f = &schema->fields[i];
    cJSON *item = matched ? match[i] : usable ? cc_get(object, f->name) : NULL;
    if (item && !matched) found++;
    int absent = !item || cc_is_undefined(item) || (schema->null_is_absent && cJSON_IsNull(item));
    if (absent && !(f->flags & CC_F_REQUIRED)) continue; /* the common case: no path to build */
    path_name(field_path, prefix, f->name);
    if (absent) cc_report_add(r, CC_V_FIELD_REQUIRED, field_path, "%s is required", field_path);
    else check_value(f, f->types, f->flags, item, field_path, r);
  }
  if (!usable) return;
  /* Every member matched a field exactly: no key can be a misspelling, and
   * the search below (each key against each field) is skipped. */
  size_t members = 0;
  for (const cJSON *m = object->child; m; m = m->next) members++;
  if (found == members) return;
  /* Keys that differ from a known one only by case are silently lost by the
   * peer (the guide itself spells externalCallID): say so. */
  const cJSON *member;
  cJSON_ArrayForEach(member, object) {
    if (find_field(schema, member->string, 0)) continue;
    const cc_field *near = find_field(schema, member->string, 1);
    if (!near) continue;
    join_path(field_path, path, member->string);
    cc_report_add(r, CC_V_FIELD_MISSPELLED, field_path, "%s is not a known key; did you mean %s?", field_path,
                  near->name);
  }
}

cJSON *cc_types_to_json(unsigned types) {
  static const struct { unsigned bit; const char *name; } names[] = {
      {CC_T_STRING, "string"}, {CC_T_NUMBER, "number"}, {CC_T_BOOL, "boolean"},
      {CC_T_OBJECT, "object"}, {CC_T_ARRAY, "array"},   {CC_T_NULL, "null"},
  };
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < sizeof names / sizeof *names; i++)
    if (types & names[i].bit) cJSON_AddItemToArray(list, cJSON_CreateString(names[i].name));
  return list;
}

static cJSON *rules_to_json(unsigned flags) {
  static const struct { unsigned bit; const char *name; } names[] = {
      {CC_F_INT32, "int32"},         {CC_F_ID, "id"},           {CC_F_POSITIVE, "positive"},
      {CC_F_NONEMPTY, "nonEmpty"},   {CC_F_E164, "e164"},       {CC_F_HTTPS_URL, "httpsUrl"},
      {CC_F_HTTP_URL, "url"},        {CC_F_DIGITS, "digits"},   {CC_F_DATETIME, "dateTime"},
      {CC_F_STRIP_INTERNAL, "stripsInternalPrefix"}, {CC_F_SOFT, "warnOnly"}, {CC_F_TRUNCATE, "truncates"},
      {CC_F_NOT_SELECTABLE_IF_SET, "notSelectableIfSet"}, {CC_F_NONNEGATIVE, "nonNegative"},
  };
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; list && i < sizeof names / sizeof *names; i++)
    if (flags & names[i].bit) cJSON_AddItemToArray(list, cJSON_CreateString(names[i].name));
  return list;
}

cJSON *cc_schema_to_json(const cc_schema *schema) {
  cJSON *out = cJSON_CreateObject();
  cJSON *fields = cJSON_AddArrayToObject(out, "fields");
  for (size_t i = 0; fields && i < schema->count; i++) {
    const cc_field *f = &schema->fields[i];
    cJSON *field = cJSON_CreateObject();
    if (!field) break;
    cJSON_AddItemToArray(fields, field);
    cJSON_AddStringToObject(field, "name", f->name);
    int nullable = schema->null_is_absent && !(f->flags & CC_F_REQUIRED);
    cJSON_AddItemToObject(field, "types", cc_types_to_json(f->types | (nullable ? CC_T_NULL : 0u)));
    cJSON_AddBoolToObject(field, "required", (f->flags & CC_F_REQUIRED) != 0);
    cJSON_AddItemToObject(field, "rules", rules_to_json(f->flags));
    if (f->allowed) {
      cJSON *values = cJSON_AddArrayToObject(field, "enum");
      for (size_t k = 0; values && f->allowed[k]; k++) cJSON_AddItemToArray(values, cJSON_CreateString(f->allowed[k]));
    }
    if (f->max_length) cJSON_AddNumberToObject(field, "maxLength", (double)f->max_length);
    if (f->child) cJSON_AddItemToObject(field, (f->types & CC_T_ARRAY) ? "items" : "schema", cc_schema_to_json(f->child));
    if (f->item_types) {
      cJSON *items = cJSON_AddObjectToObject(field, "items");
      if (items) {
        cJSON_AddItemToObject(items, "types", cc_types_to_json(f->item_types));
        cJSON_AddItemToObject(items, "rules", rules_to_json(f->item_flags));
      }
    }
    if (f->doc) cJSON_AddStringToObject(field, "doc", f->doc);
  }
  return out;
}
