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

/* Where a message sits in the session's lifecycle, for the legality checks
 * (docs/protocol.md 4.5) and the state it changes. */
typedef enum cc_lifecycle {
  CC_LC_NONE,           /* always fine once synchronised */
  CC_LC_HANDSHAKE,      /* SYNC, SYNC_ACK: handshake.c's, not the lifecycle's */
  CC_LC_INITIALIZED,
  CC_LC_LOGGED_IN,
  CC_LC_LOGGED_OUT,
  CC_LC_AVAILABLE,
  CC_LC_UNAVAILABLE,
  CC_LC_DIAL,
  CC_LC_CALL_START,     /* a call begins: see cc_call_effect for which way */
  CC_LC_CALL_EVENT,     /* a known call moves on: see cc_call_effect */
  CC_LC_ENGAGEMENT_REPLY,
  CC_LC_UPDATE_REPLY,
  CC_LC_FINALIZE_REPLY, /* FINALIZE_ENGAGEMENT_*, PUBLISH_TO_CHANNEL_*: clear finalizePending */
  CC_LC_CALLER_ID_REPLY,
  CC_LC_END_CALL,
  CC_LC_NAVIGATE
} cc_lifecycle;

/* What a message does to the call it names (calls.c). */
typedef enum cc_call_effect {
  CC_EFFECT_NONE,
  CC_EFFECT_START,    /* an outbound call is dialling */
  CC_EFFECT_RING,     /* an inbound call is ringing */
  CC_EFFECT_ANSWER,
  CC_EFFECT_TRANSFER,
  CC_EFFECT_END,
  CC_EFFECT_COMPLETE,
  CC_EFFECT_FINALIZE  /* the engagement is finalized (or published): a reply follows */
} cc_call_effect;

/* The messages the protocol's own machinery sends or raises (handshake,
 * errors, redirects); the code finds them by this column, never by name. */
typedef enum cc_mechanism {
  CC_MECH_NONE,
  CC_MECH_SYNC,
  CC_MECH_SYNC_ACK,
  CC_MECH_SYNC_ACK_FAILED,
  CC_MECH_READY,
  CC_MECH_ERROR,            /* also the UNKNOWN_MESSAGE_TYPE reply */
  CC_MECH_REDIRECT,         /* SET_WIDGET_URL */
  CC_MECH_REDIRECT_FAILED,
  CC_MECH_CATCH_ALL,        /* FAILED: the key the SDK's *_FAILED catch-all reads; its handler, the intent */
  CC_MECH_COUNT
} cc_mechanism;

/* One row per wire type. Rows are written with designated initialisers: a
 * column left out is NULL, 0 or the first enumerator (CC_W2H, CC_LC_NONE...). */
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
  const char *summary;

  /* behaviour: the engine reads these columns, never the type's name */
  cc_lifecycle lifecycle;
  const char *legality;       /* the 8 columns of docs/protocol.md 4.5, see calls.c */
  cc_call_effect effect;
  int binds_engagement;       /* its data.engagementId is the call's engagement */
  int failure;                /* a failure reply: the *_FAILED catch-all fires */
  const char *resize_field;   /* host: the iframe size is in data ("") or in data.<this> */
  cc_mechanism mechanism;
  const char *legacy_payload_key; /* an old sender puts this key at the top level instead of in data */
} cc_message;

const cc_message *cc_catalog_find(const char *type);
const cc_message *cc_catalog_at(size_t index);
size_t cc_catalog_count(void);
/* The message an SDK method sends ("callEnded" → CALL_ENDED); sendMessage,
 * which sends whatever it is given, is not in the catalogue. */
const cc_message *cc_catalog_find_method(const char *method);
const char *cc_direction_name(cc_direction direction);
/* The row of a mechanism (every mechanism has exactly one). */
const cc_message *cc_catalog_mechanism(cc_mechanism mechanism);
/* The current (not deprecated) row with this call effect, NULL if none. */
const cc_message *cc_catalog_effect(cc_call_effect effect);
/* Whether the SDK's *_FAILED catch-all fires for `type`: a failure row, or,
 * for a type the catalogue lacks, the SDK's own test on the name. */
int cc_catalog_is_failure(const char *type, const cc_message *def);

/* JavaScript names every object inherits; the reference SDK's `in` check
 * treats them as known message types. */
int cc_is_inherited_name(const char *type);

/* Handler names the SDK calls besides the per-type ones. */
int cc_is_known_handler(const char *name, int host_role);

/* "0.9.4" < "0.9.6"; unparsable parts compare as 0. */
int cc_version_compare(const char *a, const char *b);


cJSON *cc_catalog_to_json(void);

#endif
