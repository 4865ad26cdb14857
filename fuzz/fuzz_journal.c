/* Journal replay: the journal parses lines it wrote itself, but a file in
 * the spool can hold any bytes; it must be read or refused, never crash.
 * An input that starts with "S\n" has its lines signed by the harness (the
 * checksum the journal writes is appended to each), so that the fuzzer
 * reaches what lies past the checksum test. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "journal.h"
#include "util.h"

/* The journal's line checksum (FNV-1a over the line before "\t#"). */
static uint32_t sum(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void sign(const uint8_t *data, size_t size, struct strbuf *out)
{
	while (size > 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) : size;
		strbuf_add(out, data, n);
		strbuf_addf(out, "\t#%08" PRIx32 "%s", sum((const char *)data, n), nl ? "\n" : "");
		data += nl ? n + 1 : n;
		size -= nl ? n + 1 : n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[300];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "%s/release", fuzz_dir());
		mkdir(dir, 0700);
	}
	if (size >= 2 && data[0] == 'S' && data[1] == '\n') {
		struct strbuf sb;
		strbuf_init(&sb);
		sign(data + 2, size - 2, &sb);
		fuzz_write("release/journal", (const uint8_t *)sb.buf, sb.len);
		strbuf_release(&sb);
	} else {
		fuzz_write("release/journal", data, size);
	}
	struct journal j;
	struct diags d;
	diags_init(&d);
	enum journal_mode mode = (size & 1) ? JOURNAL_READ_LIVE : JOURNAL_READ;
	if (journal_open(&j, dir, mode, &d) == 0) {
		for (size_t i = 0; i < j.n; i++) {
			if (journal_get(&j, j.v[i]->addr) != j.v[i] || j.v[i]->state >= RS_NSTATES)
				abort();
			journal_state_name(j.v[i]->state);
		}
		journal_has_note(&j, "started");
	} else if (diags_errors(&d) == 0) {
		abort();
	}
	journal_close(&j); /* also after a failed open, as the commands do */
	diags_free(&d);
	return 0;
}
