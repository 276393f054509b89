/* The REST bodies callcore_validate_rest checks (rest.c), for the catalogue's "rest". */
#ifndef CC_REST_H
#define CC_REST_H

#include <stddef.h>

#include "schema.h"

/* The index-th kind callcore_validate_rest accepts ("settings.create", ...)
 * and, in *schema, its body's schema; NULL past the last. */
const char *cc_rest_kind_at(size_t index, const cc_schema **schema);

#endif
