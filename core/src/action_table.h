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

typedef struct cc_event_info {
  const char *name;
  const char *doc;
} cc_event_info;

/* The index-th local event ("event" action), NULL past the last. */
const cc_event_info *cc_event_at(size_t index);

#endif
