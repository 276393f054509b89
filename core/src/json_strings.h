/* Strings that cannot arrive intact, found in JSON text before it is parsed. */
#ifndef CC_JSON_STRINGS_H
#define CC_JSON_STRINGS_H

#include <stddef.h>

#include "json_util.h"
#include "report.h"

/* The deepest nesting the scan follows; a text nested deeper is not scanned
 * (cc_parse_bounded refuses it anyway: CC_MAX_LIMITS.max_depth is 128). */
#define CC_JSON_STRINGS_MAX_DEPTH 128

/*
 * Scans `text`, a JSON text, for strings (keys and values) holding the escape
 * \u0000 or a lone UTF-16 surrogate escape (\uD800-\uDBFF not followed by
 * \uDC00-\uDFFF, or \uDC00-\uDFFF alone). cJSON would cut the first at the NUL,
 * so that "+1555\u00009" reads as "+1555", and refuses the second without
 * saying where; neither has a UTF-8 encoding a store could keep.
 *
 * Each such string gets one FIELD_FORMAT finding in `r`, its field the path in
 * the schema findings' style ("engagementProperties.hs_call_body",
 * "phoneNumbers[0].friendlyName"; "" for the top value; a key holding an
 * escape that is not printable text keeps it as written: "k\u0000ey").
 * Returns how many strings were reported.
 *
 * Returns 0 and adds nothing when the text is longer than
 * limits->max_envelope_bytes, nested deeper than limits->max_depth, or not
 * JSON (RFC 8259): cc_parse_bounded then reports the rule it breaks. One pass
 * over the text (a second only when something is reported), and memory
 * bounded by the depth limit.
 */
size_t cc_json_strings_check(const char *text, const cc_limits *limits, cc_report *r);

#endif
