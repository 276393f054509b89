/* The action vocabulary of callcore_drain (see callcore.h): each action's
 * name and keys, and the local events; exported in the catalogue. */
#ifndef CC_ACTION_TABLE_H
#define CC_ACTION_TABLE_H

#include <stddef.h>

#include "schema.h"

typedef struct cc_action_key {
  const char *name;
  unsigned types;             /* CC_T_* */
  int required;
  const char *const *values;  /* the strings it takes, NULL-terminated; or NULL */
  const char *values_from;    /* or: the catalogue list its values come from ("severities") */
  const char *doc;
} cc_action_key;

typedef struct cc_action_kind {
  const char *name;           /* the value of its "action" key */
  const cc_action_key *keys;  /* after "action", in the order they are written */
  size_t key_count;
  const char *doc;
} cc_action_kind;

/* The index-th action kind, NULL past the last. */
const cc_action_kind *cc_action_kind_at(size_t index);

/* The local events ("event" action). */
typedef enum cc_event {
  CC_EVENT_READY,
  CC_EVENT_DESTINATION_CHANGED,
  CC_EVENT_SYNC_ACK_FAILED,
  CC_EVENT_INSTANCES_CHANGED,
  CC_EVENT_COUNT
} cc_event;

const char *cc_event_name(cc_event event);
const char *cc_event_doc(cc_event event);

#endif
