/* libFuzzer target: a script of events into one host session, with the
 * session's invariants checked after every event (session_script.h). */
#include <stddef.h>
#include <stdint.h>

#include "session_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_run_script(/*host_role=*/1, data, size);
  return 0;
}
