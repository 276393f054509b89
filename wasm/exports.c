/* The WASM module exports the public C API unchanged (see CMakeLists.txt);
 * this file only gives the link step an object of its own. */
#include "callcore.h"
