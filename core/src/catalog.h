/* The message catalogue: every wire type, once. Everything else reads it. */
#ifndef CC_CATALOG_H
#define CC_CATALOG_H

#include <cjson/cJSON.h>

#include "payloads.h"
#include "schema.h"

typedef enum cc_direction {
  CC_W2H,   /* widget to host */
  CC_H2W,   /* host to widget */
  CC_EITHER, /* ERROR: app errors W→H, UNKNOWN_MESSAGE_TYPE replies both ways */
  CC_LOCAL, /* raised inside an SDK instance, never meant for the wire */
  CC_UNUSED /* a constant the SDK defines but never sends */
} cc_direction;

typedef enum cc_payload {
  CC_PAYLOAD_NONE,     /* no `data` key at all (userLoggedIn() and friends) */
  CC_PAYLOAD_DATA,     /* `data` always present, undefined when omitted */
  CC_PAYLOAD_TOPLEVEL  /* fields at the top level (SYNC, SYNC_ACK) */
} cc_payload;

/* Where a message sits in the call lifecycle, for the legality checks. */
typedef enum cc_lifecycle {
  CC_LC_NONE,           /* always fine once synchronised */
  CC_LC_HANDSHAKE,      /* SYNC, SYNC_ACK */
  CC_LC_INITIALIZED,
  CC_LC_LOGGED_IN,
  CC_LC_LOGGED_OUT,
  CC_LC_AVAILABILITY,
  CC_LC_DIAL,
  CC_LC_CALL_START,     /* OUTGOING_CALL_STARTED, INCOMING_CALL */
  CC_LC_CALL_EVENT,     /* answered, transferred, ended, completed, finalize... */
  CC_LC_ENGAGEMENT_REPLY,
  CC_LC_UPDATE_REPLY,
  CC_LC_FINALIZE_REPLY, /* FINALIZE_ENGAGEMENT_*, PUBLISH_TO_CHANNEL_*: clear finalizePending */
  CC_LC_CALLER_ID_REPLY,
  CC_LC_END_CALL,
  CC_LC_NAVIGATE
} cc_lifecycle;

typedef struct cc_message {
  const char *type;
  cc_direction direction;
  const char *method;         /* the SDK method that sends it, or NULL */
  cc_payload payload;
  const char *widget_handler; /* key in the reference SDK's receive table, or NULL */
  const char *host_handler;   /* callcore host role's handler, or NULL */
  const cc_schema *schema;    /* of `data` (or of the top level), NULL: opaque */
  const char *since;          /* first SDK release that knows it */
  const char *removed;        /* release that dropped it, or NULL */
  const char *replaced_by;    /* deprecation successor, or NULL */
  cc_lifecycle lifecycle;
  const char *legality;       /* 8 columns of PROTOCOL.md 4.5, see calls.c */
  const char *summary;
} cc_message;

const cc_message *cc_catalog_find(const char *type);
const cc_message *cc_catalog_at(size_t index);
size_t cc_catalog_count(void);
/* The message an SDK method sends ("callEnded" → CALL_ENDED); sendMessage,
 * which sends whatever it is given, is not in the catalogue. */
const cc_message *cc_catalog_find_method(const char *method);
const char *cc_direction_name(cc_direction direction);

/* JavaScript names every object inherits; the reference SDK's `in` check
 * treats them as known message types. */
int cc_is_inherited_name(const char *type);

/* Handler names the SDK calls besides the per-type ones. */
int cc_is_known_handler(const char *name, int host_role);

/* "0.9.4" < "0.9.6"; unparsable parts compare as 0. */
int cc_version_compare(const char *a, const char *b);


cJSON *cc_catalog_to_json(void);

#endif
