/*
 * callcore from plain C, built with pkg-config alone: the core's verdict on one envelope.
 *
 *   cc check_envelope.c $(pkg-config --cflags --libs callcore) -o check_envelope
 *   ./check_envelope '{"type":"CALL_ENDED","data":{"externalCallId":"c-1","callEndStatus":"DONE"}}'
 *   {"errors":[{"code":"FIELD_ENUM","field":"data.callEndStatus","message":"CALL_ENDED: ..."}],...,"ok":false,...}
 *
 * Nothing here names cJSON: pkg-config adds what libcallcore needs.
 */
#include <callcore.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s ENVELOPE_JSON\n", argv[0]);
    return 2;
  }
  char *verdict = callcore_validate_envelope(argv[1]);
  if (!verdict) return 1; /* out of memory, the only reason for NULL */
  puts(verdict);
  callcore_free(verdict);
  return 0;
}
