/* qsort for the WebAssembly build only (linked with -Wl,--wrap=qsort), in place of musl's
 * smoothsort (1.2 KB of code): a heapsort, n log n at worst as the core needs (it sorts the
 * keys of an object of more than 16 members to find a duplicate, and a hostile object must not
 * cost n^2). Like any qsort it is not stable; the core only compares neighbours after sorting,
 * so which of two equal keys comes first does not change what it finds. */
#include <stddef.h>

static void swap(unsigned char *a, unsigned char *b, size_t size) {
  for (size_t i = 0; i < size; i++) {
    unsigned char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

/* moves element `root` down the heap of `n` elements */
static void sift(unsigned char *base, size_t root, size_t n, size_t size, int (*compare)(const void *, const void *)) {
  for (size_t child; (child = 2 * root + 1) < n; root = child) {
    if (child + 1 < n && compare(base + child * size, base + (child + 1) * size) < 0) child++;
    if (compare(base + root * size, base + child * size) >= 0) return;
    swap(base + root * size, base + child * size, size);
  }
}

void __wrap_qsort(void *items, size_t n, size_t size, int (*compare)(const void *, const void *)) {
  unsigned char *base = items;
  if (n < 2 || !size) return;
  for (size_t i = n / 2; i-- > 0;) sift(base, i, n, size, compare);
  for (size_t end = n - 1; end > 0; end--) {
    swap(base, base + end * size, size);
    sift(base, 0, end, size, compare);
  }
}
