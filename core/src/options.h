/* Session options: one table row per option drives both the parser and the
 * catalogue's "options" export (see options.c). */
#ifndef CC_OPTIONS_H
#define CC_OPTIONS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "callcore.h"
#include "json_util.h"
#include "report.h"

/* The words of options.role and options.policy, indexed by cc_role and cc_policy. */
extern const char *const CC_ROLE_NAMES[];
extern const char *const CC_POLICY_NAMES[];

/* Why a session could not be made: the code and a sentence naming the option. */
typedef struct cc_option_error {
  callcore_errno code;
  char reason[256];
} cc_option_error;

/* Fills *e and returns 0, so that a failing reader can `return cc_option_fail(...)`. */
int cc_option_fail(cc_option_error *e, callcore_errno code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Parses `options_json` (bounded by the default limits) and sets every
 * option of `s` that its role has: the value given, else the row's default.
 * Reports unknown handler names as UNKNOWN_HANDLER in `report` (the caller
 * emits it). Returns 1, or 0 with *e saying why. */
int cc_options_read(callcore_session *s, const char *options_json, cc_option_error *e, cc_report *report);

/* The table as the catalogue's "options" array (see callcore.h). */
cJSON *cc_options_to_json(void);

/* {"maxEnvelopeBytes":N,...}: the members of the limits option, with these values. */
cJSON *cc_limits_to_json(const cc_limits *limits);

#endif
