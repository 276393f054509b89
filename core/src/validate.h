/* Payload checks against the catalogue: shared by a session's receive and
 * send, by callcore_validate_envelope and by REST (through schema.h). */
#ifndef CC_VALIDATE_H
#define CC_VALIDATE_H

#include "report.h"
#include "view.h"

/* The schema of the view's type over its payload. Data that is present must
 * be an object when the type has a schema; undefined data only fails the
 * required fields. May rewrite values (see schema.h). */
void cc_check_payload(const cc_view *view, cc_report *report);

#endif
