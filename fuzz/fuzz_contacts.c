/* The contacts parser on arbitrary text: every contact it returns has a
 * name or a phone or an email, and the strings hold no line break. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "contacts.h"
#include "fuzz.h"

static void check_field(const char *s)
{
	if (s && strpbrk(s, "\n"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct contact *v = NULL;
	size_t n = 0;
	size_t found = contacts_parse(text, &v, &n);
	if (found != n)
		abort();
	for (size_t i = 0; i < n; i++) {
		check_field(v[i].name);
		check_field(v[i].title);
		check_field(v[i].org);
		check_field(v[i].phone);
		check_field(v[i].email);
	}
	contacts_free(v, n);
	contacts_is_phone(text);
	free(text);
	return 0;
}
