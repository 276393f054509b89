/* The answer of the session-less checks (validate_envelope, validate_rest):
 * {"ok","errors","warnings","value"}. */
#ifndef CC_VERDICT_H
#define CC_VERDICT_H

#include <cjson/cJSON.h>

#include "report.h"

/* Parses `json` with the default limits; a failure is added to `report` (the verdict then says why). */
cJSON *cc_verdict_parse(const char *json, cc_report *report);

/* The verdict's JSON text; takes `value` (the tree as checked, NULL: none). NULL when out of memory. */
char *cc_verdict(const cc_report *report, cJSON *value);

#endif
