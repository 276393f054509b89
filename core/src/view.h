/* An envelope read once: the fields every stage of the engine needs, taken
 * out of the cJSON tree a single time so that the stages (filters, schema,
 * lifecycle, actions) never go back into it for them. */
#ifndef CC_VIEW_H
#define CC_VIEW_H

#include <cjson/cJSON.h>

#include "catalog.h"

typedef struct cc_view {
  cJSON *envelope;              /* the tree itself (checks may rewrite values in it) */
  const char *origin;           /* event.origin for a received message; NULL for one sent */
  const char *type;             /* envelope.type when a string, else NULL */
  const cJSON *type_item;       /* envelope.type as it came (any JSON value), or NULL */
  const cc_message *def;        /* the catalogue's row of `type`, or NULL */
  const cJSON *message_id;      /* envelope.messageId as it came, or NULL */
  cJSON *payload;               /* what the schema describes: data, the envelope (top-level
                                   payloads, the legacy SET_WIDGET_URL), or NULL */
  const char *call_id;          /* payload.externalCallId when a string, else NULL */
  const cJSON *engagement_item; /* payload.engagementId as it came, or NULL */
  int has_engagement;           /* engagementId read as a number (a digit string counts) */
  double engagement_id;
} cc_view;

/* Reads `envelope` (any JSON value) into `view`. */
void cc_view_read(cc_view *view, cJSON *envelope, const char *origin);

/* engagementId as a number, whether it came as one or as a digit string. */
int cc_engagement_value(const cJSON *item, double *out);

#endif
