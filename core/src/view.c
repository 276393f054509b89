/* An envelope read once into a cc_view. */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "json_util.h"

int cc_engagement_value(const cJSON *item, double *out) {
  if (cJSON_IsNumber(item)) {
    *out = item->valuedouble;
    return 1;
  }
  if (cJSON_IsString(item) && item->valuestring[0] && !cc_is_undefined(item)) {
    char *end = NULL;
    *out = strtod(item->valuestring, &end);
    return end && *end == '\0';
  }
  return 0;
}

/* cJSON's type tests are calls into the library; these run for every message. */
#define IS_OBJECT(item) ((item) && ((item)->type & 0xFF) == cJSON_Object)
#define IS_STRING(item) ((item) && ((item)->type & 0xFF) == cJSON_String)

void cc_view_read(cc_view *v, cJSON *envelope, const char *origin) {
  v->envelope = envelope;
  v->origin = origin;
  v->type_item = NULL;
  v->message_id = NULL;
  cJSON *data = NULL;
  /* One pass over the top-level members: an envelope holds a handful. */
  if (IS_OBJECT(envelope)) {
    for (cJSON *member = envelope->child; member; member = member->next) {
      const char *key = member->string;
      if (!key) continue;
      if (!v->type_item && key[0] == 't' && !strcmp(key, "type")) v->type_item = member;
      else if (!v->message_id && key[0] == 'm' && !strcmp(key, "messageId")) v->message_id = member;
      else if (!data && key[0] == 'd' && !strcmp(key, "data")) data = member;
    }
  }
  v->type = IS_STRING(v->type_item) && !cc_is_undefined(v->type_item) ? v->type_item->valuestring : NULL;
  v->def = cc_catalog_find(v->type);
  /* The payload the schema describes. An old sender of a message with a
   * legacy key puts that key at the top level and sends no data at all. */
  v->payload = data;
  if (v->def && (v->def->payload == CC_PAYLOAD_TOPLEVEL ||
                 (!data && v->def->legacy_payload_key && cc_get(envelope, v->def->legacy_payload_key))))
    v->payload = envelope;
  int object = IS_OBJECT(v->payload);
  v->call_id = object ? cc_get_string(v->payload, "externalCallId") : NULL;
  v->engagement_item = object ? cc_get(v->payload, "engagementId") : NULL;
  v->has_engagement = cc_engagement_value(v->engagement_item, &v->engagement_id);
  if (!v->has_engagement) v->engagement_id = 0;
}
