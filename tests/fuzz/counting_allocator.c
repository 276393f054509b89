/* The byte count of fuzz_support.h: what the core and cJSON hold, allocated
 * minus freed while counting is on.
 *
 * Two builds, one count. Under ASan (the smoke run, and campaigns with
 * FUZZ_ASAN=1) ASan's malloc/free hooks see every block at the size asked for.
 * The campaign build has no ASan, so it has no hooks: its fuzz targets are
 * linked with --wrap for malloc, calloc, realloc and free (every call the core
 * and the harness make) and cJSON, a shared library, is given the same two
 * through cJSON_InitHooks. It counts malloc_usable_size, a few bytes more per
 * block than asked for, on both sides, so the balance is exact and the growth
 * bound is held a little more strictly.
 *
 * The hooks run in every thread, and libFuzzer has its own threads (the RSS
 * watcher allocates and frees while the first inputs run): only the thread
 * that counts is counted, or a script's balance came out a few bytes off now
 * and then ("freeing the session left -184 bytes"). */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>

#include "fuzz_support.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if __has_feature(address_sanitizer) || defined(__SANITIZE_ADDRESS__)
#define COUNT_WITH_ASAN 1
#else
#define COUNT_WITH_ASAN 0
#endif

static _Thread_local int counting;
static long long counted;
static int installed;

#if COUNT_WITH_ASAN

#include <sanitizer/allocator_interface.h>

/* The free hook runs before the block is released, so its size still answers. */
static void on_malloc(const volatile void *ptr, size_t size) {
  if (counting && ptr) counted += (long long)size;
}

static void on_free(const volatile void *ptr) {
  if (counting && ptr && __sanitizer_get_ownership((const void *)ptr))
    counted -= (long long)__sanitizer_get_allocated_size((const void *)ptr);
}

static void install(void) {
  if (!__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free))
    fuzz_fail("could not install ASan's malloc/free hooks");
}

#else

#include <malloc.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);

static void add(const void *ptr, int sign) {
  if (counting && ptr) counted += sign * (long long)malloc_usable_size((void *)ptr);
}

void *__wrap_malloc(size_t size) {
  void *ptr = __real_malloc(size);
  add(ptr, 1);
  return ptr;
}

void *__wrap_calloc(size_t count, size_t size) {
  void *ptr = __real_calloc(count, size);
  add(ptr, 1);
  return ptr;
}

/* Counted as a free of the old block and an allocation of the new one; a
 * failed realloc keeps the old block, and its count. */
void *__wrap_realloc(void *ptr, size_t size) {
  long long before = counting && ptr ? (long long)malloc_usable_size(ptr) : 0;
  void *grown = __real_realloc(ptr, size);
  if (!grown && size) return NULL;
  if (counting) counted -= before;
  add(grown, 1);
  return grown;
}

void __wrap_free(void *ptr) {
  add(ptr, -1);
  __real_free(ptr);
}

static void install(void) {
  cJSON_Hooks hooks = {__wrap_malloc, __wrap_free};
  cJSON_InitHooks(&hooks);
  /* A build without the --wrap link options would count nothing and pass every balance. */
  counting = 1;
  counted = 0;
  /* Called through volatile pointers: the compiler knows what malloc does, and
   * would otherwise conclude that it cannot change `counted`. */
  void *(*volatile allocate)(size_t) = malloc;
  void (*volatile release)(void *) = free;
  void *probe = allocate(1);
  int seen = counted > 0;
  release(probe);
  counting = 0;
  if (!seen) fuzz_fail("the counting allocator sees no malloc: link the fuzz targets with --wrap (CMakeLists.txt)");
}

#endif

void fuzz_count_start(void) {
  if (!installed) {
    install();
    installed = 1;
  }
  counted = 0;
  counting = 1;
}
void fuzz_count_pause(void) { counting = 0; }
void fuzz_count_resume(void) { counting = 1; }
long long fuzz_counted_bytes(void) { return counted; }
