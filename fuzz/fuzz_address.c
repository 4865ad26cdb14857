/* The address parser: whatever it accepts holds no control character,
 * parses again to itself and has a domain; and it is safe for the SMTP
 * envelope (smtp_envelope_ok) unless its local part is a quoted string,
 * which RFC 5321 allows to hold spaces and angle brackets and which the
 * envelope guard refuses (such a recipient fails with "local: ..."). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "fuzz.h"
#include "smtp.h"

static void check_ascii(const char *ascii)
{
	for (const unsigned char *p = (const unsigned char *)ascii; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	if ((ascii[0] != '"' && !smtp_envelope_ok(ascii)) || !address_domain(ascii))
		abort();
	char *again = NULL, *why = NULL;
	if (address_parse(ascii, &again, &why) != 0 || strcmp(again, ascii) != 0)
		abort();
	free(again);
	char *key = address_key(ascii);
	free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *ascii = NULL, *why = NULL, *name = NULL;
	if (address_parse(text, &ascii, &why) == 0)
		check_ascii(ascii);
	else if (!why)
		abort();
	free(ascii);
	free(why);
	ascii = why = NULL;
	if (address_parse_mailbox(text, &name, &ascii, &why) == 0) {
		check_ascii(ascii);
		if (name && strpbrk(name, "\r\n"))
			abort();
	} else if (!why) {
		abort();
	}
	free(name);
	free(ascii);
	free(why);
	free(text);
	return 0;
}
