/* strstr for the WebAssembly build only (linked with -Wl,--wrap=strstr), in place of musl's
 * two-way search (1.5 KB of code): the core looks for short needles ("://", an option's
 * placeholder) in option strings when a session is created, never in a message, so the
 * plain search is enough. The same result: the first occurrence, or NULL; an empty needle
 * matches at the start. */
#include <string.h>

char *__wrap_strstr(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  for (; *haystack; haystack++) {
    if (!strncmp(haystack, needle, n)) return (char *)haystack;
  }
  return n ? NULL : (char *)haystack;
}
