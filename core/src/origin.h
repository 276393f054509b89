/* Origins: the only thing postMessage security rests on, so parsed strictly. */
#ifndef CC_ORIGIN_H
#define CC_ORIGIN_H

#include <stddef.h>

#define CC_ORIGIN_MAX 256

/* Reduces an http(s) URL or origin to "scheme://host[:port]" (lower case,
 * default port dropped), as browsers report event.origin. Returns 0 and
 * writes a reason for "*", relative or non-http(s) URLs, user info, or an
 * empty host. */
int cc_origin_normalize(const char *url, char out[CC_ORIGIN_MAX], char *why, size_t why_len);

/* Whether `origin` (already normalised) matches `pattern`: an exact origin,
 * "*" for any, or one "*" inside the host standing for one or more letters,
 * digits or hyphens ("https://app-*.hubspot.com"). */
int cc_origin_matches(const char *pattern, const char *origin);

/* http on localhost / 127.0.0.1 / [::1], for development hosts. */
int cc_origin_is_loopback_http(const char *origin);
/* http or https on localhost / 127.0.0.1 / [::1], any port. */
int cc_origin_is_loopback(const char *origin);
/* The widget's default allow-list beyond HubSpot's origins: whether a widget
 * served from `own_origin` also takes a SYNC from `host_origin` (both already
 * normalised; own_origin may be ""). Only a loopback widget, a development
 * build, takes a loopback host. */
int cc_origin_loopback_dev_host(const char *own_origin, const char *host_origin);
int cc_origin_is_https(const char *origin);

/* HubSpot's app origins, the widget's default allow-list. NULL-terminated. */
extern const char *const CC_HUBSPOT_ORIGINS[];

#endif
