/* Payload schemas of the wire messages, by name, for the catalogue and REST. */
#ifndef CC_PAYLOADS_H
#define CC_PAYLOADS_H

#include "schema.h"

extern const char *const CC_CALL_END_STATUSES[];
extern const char *const CC_CALL_STATUSES[];
extern const char *const CC_HS_CALL_STATUSES[];
extern const char *const CC_CALL_RINGING_STATUSES[];
extern const char *const CC_CALL_IN_PROGRESS_STATUSES[];
extern const char *const CC_CALL_ENDING_STATUSES[];
extern const char *const CC_CALL_END_STATUS_CONSTANTS[];
/* ERROR's data.type when a receiver did not know the message it answers. */
extern const char CC_UNKNOWN_MESSAGE_TYPE[];
extern const char *const CC_ERROR_TYPES[];
extern const char *const CC_FINAL_CALL_STATUSES[];
extern const char *const CC_CALLER_ID_TYPES[];
extern const char *const CC_IFRAME_LOCATIONS[];
extern const char *const CC_OBJECT_TYPE_IDS[];
extern const char *const CC_OPEN_IN[];

extern const cc_schema cc_sync_schema;
extern const cc_schema cc_sync_ack_schema;
extern const cc_schema cc_size_schema;
extern const cc_schema cc_initialized_schema;
extern const cc_schema cc_callee_schema;
extern const cc_schema cc_dial_number_schema;
extern const cc_schema cc_outgoing_call_schema;
extern const cc_schema cc_incoming_call_schema;
extern const cc_schema cc_call_id_schema;
extern const cc_schema cc_call_ended_schema;
extern const cc_schema cc_engagement_properties_schema;
extern const cc_schema cc_call_completed_schema;
extern const cc_schema cc_finalize_schema;
extern const cc_schema cc_coordinates_schema;
extern const cc_schema cc_navigate_schema;
extern const cc_schema cc_navigate_failed_schema;
extern const cc_schema cc_error_schema;
extern const cc_schema cc_resize_schema;
extern const cc_schema cc_widget_url_schema;
extern const cc_schema cc_engagement_id_schema;
extern const cc_schema cc_error_message_schema;
extern const cc_schema cc_failure_schema;
extern const cc_schema cc_caller_id_match_schema;
extern const cc_schema cc_caller_id_schema;
extern const cc_schema cc_publish_result_schema;
extern const cc_schema cc_visibility_schema;

#endif
