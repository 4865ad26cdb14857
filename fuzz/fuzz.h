/*
 * Shared helpers of the libFuzzer targets in fuzz/ (built by `make fuzz`).
 *
 * Each target defines LLVMFuzzerTestOneInput and feeds one parser the bytes
 * libFuzzer gives it, directly or through a file, and checks what the
 * parser promises beyond "no crash" where that is cheap to say.
 */
#ifndef EMBARGO_FUZZ_H
#define EMBARGO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data[0..size) (malloc'd). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A private directory for this process, created on first use and kept for
 * the whole run (the same path every call). */
const char *fuzz_dir(void);

/* Write data[0..size) to fuzz_dir()/name, replacing it; returns the path
 * (static buffer, valid until the next call) or aborts. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* Split data at the first NUL byte: *a (size *alen) before it, the rest
 * after it (NULL/0 when there is none). */
void fuzz_split(const uint8_t *data, size_t size, const uint8_t **rest, size_t *restlen,
                size_t *alen);

#endif
