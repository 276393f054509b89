#include "origin.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const CC_HUBSPOT_ORIGINS[] = {
    "https://app.hubspot.com",   "https://app-*.hubspot.com",
    "https://app.hubspotqa.com", "https://app-*.hubspotqa.com",
    NULL,
};

static int fail(char *why, size_t why_len, const char *reason) {
  if (why && why_len) snprintf(why, why_len, "%s", reason);
  return 0;
}

/* Schemes are case-insensitive (RFC 3986 3.1): browsers read "HTTPS://x" as https. */
static int has_scheme(const char *url, const char *prefix) {
  for (; *prefix; url++, prefix++)
    if (tolower((unsigned char)*url) != *prefix) return 0;
  return 1;
}

int cc_origin_normalize(const char *url, char out[CC_ORIGIN_MAX], char *why, size_t why_len) {
  if (!url || !*url) return fail(why, why_len, "is empty");
  if (strcmp(url, "*") == 0) return fail(why, why_len, "is \"*\", which would send to any page");
  const char *scheme;
  size_t default_port;
  if (has_scheme(url, "https://")) {
    scheme = "https";
    default_port = 443;
  } else if (has_scheme(url, "http://")) {
    scheme = "http";
    default_port = 80;
  } else {
    return fail(why, why_len, "is not an absolute http(s) URL");
  }
  const char *authority = url + strlen(scheme) + 3;
  size_t len = strcspn(authority, "/?#");
  if (len == 0) return fail(why, why_len, "has no host");
  if (memchr(authority, '@', len)) return fail(why, why_len, "carries user information");

  /* Split host and port; an IPv6 host keeps its brackets. */
  const char *host = authority;
  size_t host_len = len;
  const char *port = NULL;
  if (*host == '[') {
    const char *close = memchr(host, ']', len);
    if (!close) return fail(why, why_len, "has an unclosed IPv6 bracket");
    host_len = (size_t)(close - host) + 1;
    if (host_len < len) {
      if (host[host_len] != ':') return fail(why, why_len, "has junk after the IPv6 host");
      port = host + host_len + 1;
    }
  } else {
    const char *colon = memchr(host, ':', len);
    if (colon) {
      host_len = (size_t)(colon - host);
      port = colon + 1;
    }
  }
  if (host_len == 0) return fail(why, why_len, "has no host");
  for (size_t i = 0; i < host_len; i++) {
    unsigned char c = (unsigned char)host[i];
    if (!(isalnum(c) || c == '-' || c == '.' || c == '[' || c == ']' || c == ':' || c == '_'))
      return fail(why, why_len, "has a character not allowed in a host name");
  }
  size_t port_value = default_port;
  if (port) {
    size_t port_len = len - (size_t)(port - authority);
    if (port_len == 0 || port_len > 5) return fail(why, why_len, "has an invalid port");
    port_value = 0;
    for (size_t i = 0; i < port_len; i++) {
      if (!isdigit((unsigned char)port[i])) return fail(why, why_len, "has an invalid port");
      port_value = port_value * 10 + (size_t)(port[i] - '0');
    }
    if (port_value > 65535) return fail(why, why_len, "has a port over 65535");
  }
  char lower[CC_ORIGIN_MAX];
  if (host_len >= sizeof lower) return fail(why, why_len, "has a host name that is too long");
  for (size_t i = 0; i < host_len; i++) lower[i] = (char)tolower((unsigned char)host[i]);
  lower[host_len] = '\0';
  int n = port_value == default_port ? snprintf(out, CC_ORIGIN_MAX, "%s://%s", scheme, lower)
                                     : snprintf(out, CC_ORIGIN_MAX, "%s://%s:%zu", scheme, lower, port_value);
  if (n < 0 || n >= CC_ORIGIN_MAX) return fail(why, why_len, "is too long");
  return 1;
}

static int is_label_char(char c) { return isalnum((unsigned char)c) || c == '-'; }

int cc_origin_matches(const char *pattern, const char *origin) {
  if (!pattern || !origin) return 0;
  if (strcmp(pattern, "*") == 0) return 1;
  const char *star = strchr(pattern, '*');
  if (!star) return strcmp(pattern, origin) == 0;
  size_t prefix = (size_t)(star - pattern);
  const char *suffix = star + 1;
  size_t suffix_len = strlen(suffix), origin_len = strlen(origin);
  if (origin_len < prefix + suffix_len + 1) return 0;
  if (strncmp(origin, pattern, prefix) != 0) return 0;
  if (strcmp(origin + origin_len - suffix_len, suffix) != 0) return 0;
  for (const char *p = origin + prefix; p < origin + origin_len - suffix_len; p++)
    if (!is_label_char(*p)) return 0;
  return 1;
}

int cc_origin_is_https(const char *origin) { return strncmp(origin, "https://", 8) == 0; }

/* The loopback hosts exactly as cc_origin_normalize writes them (lower case,
 * IPv6 in brackets). Only these three: a browser serialises the IPv6 loopback
 * as [::1] in event.origin and location.origin, so a longer spelling such as
 * [0:0:0:0:0:0:0:1] (kept as written by the normaliser) can only come from a
 * hand-written option and is not recognised; nor are other 127/8 addresses,
 * names that merely start with one of these (localhost.evil.com,
 * 127.0.0.1.nip.io), or a trailing-dot "localhost.". */
static const char *const LOOPBACK_HOSTS[] = {"localhost", "127.0.0.1", "[::1]"};

/* Whether `origin` is `scheme` "://" one of the loopback hosts, then its end
 * or a port. */
static int is_loopback_with(const char *origin, const char *scheme) {
  size_t scheme_len = strlen(scheme);
  if (!origin || strncmp(origin, scheme, scheme_len) != 0) return 0;
  const char *host = origin + scheme_len;
  for (size_t i = 0; i < sizeof LOOPBACK_HOSTS / sizeof *LOOPBACK_HOSTS; i++) {
    size_t n = strlen(LOOPBACK_HOSTS[i]);
    if (strncmp(host, LOOPBACK_HOSTS[i], n) == 0 && (host[n] == '\0' || host[n] == ':')) return 1;
  }
  return 0;
}

int cc_origin_is_loopback_http(const char *origin) { return is_loopback_with(origin, "http://"); }

int cc_origin_is_loopback(const char *origin) {
  return is_loopback_with(origin, "http://") || is_loopback_with(origin, "https://");
}

/* A widget served from loopback is a development build, typically framed by a
 * local stand-in for HubSpot (callcore's emulator, a test page) on another
 * loopback port: with no allowedHostOrigins it takes those too, so it works
 * without the option. A widget on a public origin gains nothing: any program
 * on the user's machine can serve a page on loopback and frame a production
 * widget from there. A widget whose own origin is unknown ("") is treated as
 * public. */
int cc_origin_loopback_dev_host(const char *own_origin, const char *host_origin) {
  return cc_origin_is_loopback(own_origin) && cc_origin_is_loopback(host_origin);
}
